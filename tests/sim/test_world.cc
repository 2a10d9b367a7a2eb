// test_world.cc — see test_world.h.
#include "sim/test_world.h"

#include <string>

namespace dns4eu::sim {
namespace {

const char* kRoot = R"(
. 86400 SOA ns.root. hostmaster.root. 1 1800 900 604800 86400
. 86400 NS ns.root.
ns.root. 86400 A 127.53.0.1
test. 172800 NS ns1.nic.test.
test. 172800 NS ns2.nic.test.
ns1.nic.test. 172800 A 127.53.1.1
ns2.nic.test. 172800 A 127.53.1.2
net. 172800 NS ns.nic.net.
ns.nic.net. 172800 A 127.53.2.1
)";

const char* kNet = R"(
$TTL 3600
@ SOA ns.nic hostmaster 1 1800 900 604800 300
@ NS ns.nic
ns.nic A 127.53.2.1
provider NS ns.provider
ns.provider A 127.53.4.1
victim NS ns.victim
ns.victim A 127.53.5.1
)";

const char* kExample = R"(
$TTL 3600
@ SOA ns1 hostmaster 1 1800 900 604800 300
@ NS ns1
@ NS ns2
ns1 A 127.53.3.1
ns2 A 127.53.3.2
www A 192.0.2.1
www AAAA 2001:db8::1
@ MX 10 mail
mail A 192.0.2.9
mail AAAA 2001:db8::9
out CNAME www.nowhere.net.
www2 A 192.0.2.2
www3 A 192.0.2.6
inzone CNAME www
alias CNAME www.glueless.test.
a.b.c A 192.0.2.3
*.wild A 192.0.2.4
dn DNAME glueless.test.
loop1 CNAME loop2
loop2 CNAME loop1
txtonly TXT "just text"
_imap._tcp SRV 0 1 993 mail
x._dkim.mail TXT "v=DKIM1"
big TXT "0123456789012345678901234567890123456789012345678901234567890123456789"
big TXT "1123456789012345678901234567890123456789012345678901234567890123456789"
big TXT "2123456789012345678901234567890123456789012345678901234567890123456789"
)";

std::string test_zone() {
  std::string z = R"(
$TTL 3600
@ SOA ns1.nic hostmaster 1 1800 900 604800 300
@ NS ns1.nic
@ NS ns2.nic
ns1.nic A 127.53.1.1
ns2.nic A 127.53.1.2
example NS ns1.example
example NS ns2.example
ns1.example A 127.53.3.1
ns2.example A 127.53.3.2
glueless NS ns.provider.net.
lame NS ns.victim.net.
lame NS ns.provider.net.
)";
  for (int i = 1; i <= 50; ++i) z += "nxns NS ns" + std::to_string(i) + ".victim.net.\n";
  return z;
}

std::string chain_zone_lines() {  // chain0 -> chain1 -> ... -> chain20 A
  std::string z;
  for (int i = 0; i < 20; ++i) z += "chain" + std::to_string(i) + " CNAME chain" + std::to_string(i + 1) + "\n";
  return z + "chain20 A 192.0.2.5\n";
}


}  // namespace

void add_test_world(SimInternet& net) {
  auto add = [&](const char* server, const char* origin, std::string text) {
    if (!net.add_zone(ep(server), origin, std::move(text))) __builtin_trap();
  };
  add("127.53.0.1", ".", kRoot);
  for (const char* s : {"127.53.1.1", "127.53.1.2"}) add(s, "test.", test_zone());
  add("127.53.2.1", "net.", kNet);
  for (const char* s : {"127.53.3.1", "127.53.3.2"}) add(s, "example.test.", kExample + chain_zone_lines());
  add("127.53.4.1", "provider.net.", "$TTL 3600\n@ SOA ns h 1 1 1 1 300\n@ NS ns\nns A 127.53.4.1\n");
  add("127.53.4.1", "glueless.test.",
      "$TTL 3600\n@ SOA ns.provider.net. h 1 1 1 1 300\n@ NS ns.provider.net.\nwww A 192.0.2.20\n");
  add("127.53.5.1", "victim.net.", "$TTL 3600\n@ SOA ns h 1 1 1 1 300\n@ NS ns\nns A 127.53.5.1\n");
}

}  // namespace dns4eu::sim
