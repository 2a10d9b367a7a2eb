// discovery_test.cc — RFC 9462 SVCB answers: one record per encrypted
// transport/port of the asking listener's flavour, hints, dohpath.
#include "daemon/discovery.h"

#include <gtest/gtest.h>

#include "dns/rdata.h"

namespace dns4eu::daemon {
namespace {

Listener listener(const char* addr, Transport t, uint16_t port, const char* flavour = "plain") {
  Listener l;
  l.address = *IpAddress::parse(addr);
  l.transport = t;
  l.port = port;
  l.flavour = flavour;
  if (t == Transport::kDoh) l.doh_paths = {DohPath{"/dns-query", ""}, DohPath{"/family", "family"}};
  return l;
}

std::vector<std::string> texts(const resolver::Resolution& r) {
  std::vector<std::string> out;
  for (const auto& set : r.answer)
    for (const auto& rd : set.rdatas) out.push_back(dns::rdata_to_text(dns::RRType::kSVCB, rd));
  return out;
}

Config config() {
  Config c;
  c.listeners = {listener("192.0.2.53", Transport::kUdp, 53), listener("192.0.2.53", Transport::kDot, 853),
                 listener("2001:db8::53", Transport::kDot, 853), listener("0.0.0.0", Transport::kDoh, 443),
                 listener("192.0.2.53", Transport::kDoq, 853), listener("192.0.2.54", Transport::kDot, 853, "kids")};
  c.discovery = DiscoveryConfig{*dns::Name::from_text("dns.example.eu."), std::chrono::seconds(300)};
  return c;
}

TEST(Discovery, OffWithoutConfig) {
  Config c = config();
  c.discovery.reset();
  EXPECT_FALSE(discovery_answer(c, "plain"));
}

TEST(Discovery, OneRecordPerTransportAndPortOfTheFlavour) {
  auto r = discovery_answer(config(), "plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, dns::Rcode::kNoError);
  ASSERT_EQ(r->answer.size(), 1u);
  EXPECT_EQ(r->answer[0].owner, designated_resolver_name());
  EXPECT_EQ(r->answer[0].ttl, 300u);
  auto t = texts(*r);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], "1 dns.example.eu. alpn=dot port=853 ipv4hint=192.0.2.53 ipv6hint=2001:db8::53");
  EXPECT_EQ(t[1], "2 dns.example.eu. alpn=h2,http/1.1 port=443 dohpath=/dns-query{?dns}");
  EXPECT_EQ(t[2], "3 dns.example.eu. alpn=doq port=853 ipv4hint=192.0.2.53");
}

TEST(Discovery, OtherFlavourSeesOnlyItsListeners) {
  auto t = texts(*discovery_answer(config(), "kids"));
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0], "1 dns.example.eu. alpn=dot port=853 ipv4hint=192.0.2.54");
  EXPECT_TRUE(discovery_answer(config(), "nobody")->answer.empty());
}

}  // namespace
}  // namespace dns4eu::daemon
