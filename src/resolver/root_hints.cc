// root_hints.cc — see root_hints.h.
#include "resolver/root_hints.h"

#include <array>
#include <map>

#include "dns/zone_reader.h"

namespace dns4eu::resolver {
namespace {

struct BuiltinServer {
  const char* name;
  const char* v4;
  const char* v6;
};

// IANA's root servers (https://www.iana.org/domains/root/servers), as in
// Debian's dns-root-data; a unit test compares this table with that file.
constexpr std::array<BuiltinServer, 13> kRootServers = {{
    {"a.root-servers.net.", "198.41.0.4", "2001:503:ba3e::2:30"},
    {"b.root-servers.net.", "170.247.170.2", "2801:1b8:10::b"},
    {"c.root-servers.net.", "192.33.4.12", "2001:500:2::c"},
    {"d.root-servers.net.", "199.7.91.13", "2001:500:2d::d"},
    {"e.root-servers.net.", "192.203.230.10", "2001:500:a8::e"},
    {"f.root-servers.net.", "192.5.5.241", "2001:500:2f::f"},
    {"g.root-servers.net.", "192.112.36.4", "2001:500:12::d0d"},
    {"h.root-servers.net.", "198.97.190.53", "2001:500:1::53"},
    {"i.root-servers.net.", "192.36.148.17", "2001:7fe::53"},
    {"j.root-servers.net.", "192.58.128.30", "2001:503:c27::2:30"},
    {"k.root-servers.net.", "193.0.14.129", "2001:7fd::1"},
    {"l.root-servers.net.", "199.7.83.42", "2001:500:9f::42"},
    {"m.root-servers.net.", "202.12.27.33", "2001:dc3::35"},
}};

std::optional<net::Address> address_of(const dns::ZoneRecord& r) {
  if (r.type == dns::RRType::kA && r.rdata.size() == 4)
    return net::Address::v4({r.rdata[0], r.rdata[1], r.rdata[2], r.rdata[3]});
  if (r.type == dns::RRType::kAAAA && r.rdata.size() == 16) {
    std::array<uint8_t, 16> b{};
    std::copy(r.rdata.begin(), r.rdata.end(), b.begin());
    return net::Address::v6(b);
  }
  return std::nullopt;
}

}  // namespace

RootHints builtin_root_hints() {
  RootHints hints;
  for (const auto& s : kRootServers) {
    RootServer rs{dns::Name::from_text(s.name).value(), {}};
    rs.addresses.push_back(net::Address::parse(s.v4).value());
    rs.addresses.push_back(net::Address::parse(s.v6).value());
    hints.servers.push_back(std::move(rs));
  }
  return hints;
}

Result<RootHints> load_root_hints(const std::string& path) {
  dns::ZoneReaderOptions opt;
  opt.allow_include = false;
  opt.default_ttl = 3600000;
  auto records = dns::read_zone_file(path, opt);
  if (!records) return tl::unexpected(records.error());
  std::vector<dns::Name> ns_names;
  std::map<std::string, std::vector<net::Address>> addrs;  // key: lower-case text name
  for (const auto& r : *records) {
    if (r.type == dns::RRType::kNS && r.owner.is_root()) {
      if (auto n = dns::rdata_single_name(r.rdata)) ns_names.push_back(*n);
    } else if (auto a = address_of(r)) {
      addrs[r.owner.lowercased().to_text()].push_back(*a);
    }
  }
  RootHints hints;
  for (const auto& n : ns_names) {
    auto it = addrs.find(n.lowercased().to_text());
    if (it == addrs.end()) continue;
    hints.servers.push_back(RootServer{n, it->second});
  }
  if (hints.servers.empty())
    return fail(ErrorCode::kInvalidArgument, path + ": no root server with an address (need NS records for '.' and A/AAAA for their targets)");
  return hints;
}

}  // namespace dns4eu::resolver
