// local_zones.cc — see local_zones.h.
#include "daemon/local_zones.h"

#include <algorithm>
#include <cctype>

namespace dns4eu::daemon {
namespace {

using dns::Name;
using dns::RRType;

constexpr uint32_t kLocalTtl = 10800;

Name N(const char* s) { return Name::from_text(s).value(); }

// RFC 6761/6762/7686/8375 names and RFC 6303 reverse zones answered NXDOMAIN.
const char* const kNxdomainZones[] = {
    "invalid.", "test.", "onion.", "local.", "home.arpa.",
    "0.in-addr.arpa.", "10.in-addr.arpa.", "254.169.in-addr.arpa.", "168.192.in-addr.arpa.",
    "16.172.in-addr.arpa.", "17.172.in-addr.arpa.", "18.172.in-addr.arpa.", "19.172.in-addr.arpa.",
    "20.172.in-addr.arpa.", "21.172.in-addr.arpa.", "22.172.in-addr.arpa.", "23.172.in-addr.arpa.",
    "24.172.in-addr.arpa.", "25.172.in-addr.arpa.", "26.172.in-addr.arpa.", "27.172.in-addr.arpa.",
    "28.172.in-addr.arpa.", "29.172.in-addr.arpa.", "30.172.in-addr.arpa.", "31.172.in-addr.arpa.",
    "2.0.192.in-addr.arpa.", "100.51.198.in-addr.arpa.", "113.0.203.in-addr.arpa.",
    "255.255.255.255.in-addr.arpa.", "d.f.ip6.arpa.", "8.e.f.ip6.arpa.", "9.e.f.ip6.arpa.",
    "a.e.f.ip6.arpa.", "b.e.f.ip6.arpa.", "8.b.d.0.1.0.0.2.ip6.arpa.",
    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.",
};

std::string lower_last_label(const Name& n) {
  int count = n.label_count();
  if (count == 0) return ".";
  std::string s(n.label(count - 1));
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The last label of `n` (the TLD), "." for the root; no copy.
std::string_view last_label(const Name& n) {
  int count = n.label_count();
  return count == 0 ? std::string_view(".") : n.label(count - 1);
}

bool iequal(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (dns::ascii_lower(static_cast<uint8_t>(a[i])) != static_cast<uint8_t>(lower[i])) return false;
  return true;
}

dns::RRset local_soa(const Name& apex) {
  // "<apex> SOA localhost. nobody.invalid. 1 3600 1200 604800 10800"
  dns::RRset soa{apex, RRType::kSOA, dns::RRClass::kIN, kLocalTtl, {}, {}};
  std::vector<uint8_t> rd;
  for (const Name& n : {N("localhost."), N("nobody.invalid.")}) rd.insert(rd.end(), n.wire().begin(), n.wire().end());
  for (uint32_t v : {1u, 3600u, 1200u, 604800u, kLocalTtl})
    for (int shift = 24; shift >= 0; shift -= 8) rd.push_back(static_cast<uint8_t>(v >> shift));
  soa.rdatas.push_back(std::move(rd));
  return soa;
}

dns::RRset one_record(const Name& owner, RRType type, std::vector<uint8_t> rdata) {
  dns::RRset s{owner, type, dns::RRClass::kIN, kLocalTtl, {}, {}};
  s.rdatas.push_back(std::move(rdata));
  return s;
}

}  // namespace

LocalZones::LocalZones(const std::vector<LocalZone>& overrides) {
  for (const char* z : kNxdomainZones) zones_[N(z)] = Zone{};
  zones_[N("localhost.")] = Zone{LocalZoneAction::kStatic, true, {}};
  zones_[N("127.in-addr.arpa.")] = Zone{LocalZoneAction::kStatic, false, {{N("1.0.0.127.in-addr.arpa."), "localhost."}}};
  const char* v6_loop = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.";
  zones_[N(v6_loop)] = Zone{LocalZoneAction::kStatic, false, {{N(v6_loop), "localhost."}}};
  for (const auto& o : overrides) {
    if (o.action == LocalZoneAction::kTransparent) {
      zones_.erase(o.name);
      continue;
    }
    auto it = zones_.find(o.name);
    Zone z = it != zones_.end() ? it->second : Zone{};
    z.action = o.action;
    zones_[o.name] = std::move(z);
  }
  for (const auto& [name, zone] : zones_) {
    std::string tld = lower_last_label(name);
    if (std::find(last_labels_.begin(), last_labels_.end(), tld) == last_labels_.end()) last_labels_.push_back(tld);
  }
}

const LocalZones::Zone* LocalZones::find(const Name& qname, Name& apex) const {
  std::string_view tld = last_label(qname);
  if (std::none_of(last_labels_.begin(), last_labels_.end(), [&](const std::string& l) { return iequal(tld, l); }))
    return nullptr;
  for (Name n = qname;; n = n.parent()) {
    if (auto it = zones_.find(n); it != zones_.end()) {
      apex = n;
      return &it->second;
    }
    if (n.is_root()) return nullptr;
  }
}

std::optional<resolver::Resolution> LocalZones::lookup(const Name& qname, RRType qtype) const {
  Name apex;
  const Zone* z = find(qname, apex);
  if (z == nullptr) return std::nullopt;
  return answer(*z, apex, qname, qtype);
}

resolver::Resolution LocalZones::answer(const Zone& zone, const Name& apex, const Name& qname, RRType qtype) const {
  resolver::Resolution r;
  r.rcode = dns::Rcode::kNoError;
  if (zone.action == LocalZoneAction::kRefuse) {
    r.rcode = dns::Rcode::kRefused;
    return r;
  }
  if (zone.action == LocalZoneAction::kStatic) {
    if (zone.localhost_data && (qtype == RRType::kA || qtype == RRType::kAAAA)) {
      std::vector<uint8_t> rd = qtype == RRType::kA ? std::vector<uint8_t>{127, 0, 0, 1} : std::vector<uint8_t>(16, 0);
      if (qtype == RRType::kAAAA) rd[15] = 1;
      r.answer.push_back(one_record(qname, qtype, std::move(rd)));
      return r;
    }
    for (const auto& [name, target] : zone.ptr) {
      if (!(name == qname)) continue;
      if (qtype == RRType::kPTR) {
        auto t = N(target.c_str());
        r.answer.push_back(one_record(qname, RRType::kPTR, {t.wire().begin(), t.wire().end()}));
      } else {
        r.authority.push_back(local_soa(apex));
      }
      return r;
    }
    bool exists = qname == apex || zone.localhost_data;
    if (exists) {
      if (qtype == RRType::kSOA && qname == apex) r.answer.push_back(local_soa(apex));
      else r.authority.push_back(local_soa(apex));
      return r;
    }
  }
  if (qname == apex && qtype == RRType::kSOA) {
    r.answer.push_back(local_soa(apex));
    return r;
  }
  r.rcode = qname == apex ? dns::Rcode::kNoError : dns::Rcode::kNXDomain;
  r.authority.push_back(local_soa(apex));
  return r;
}

}  // namespace dns4eu::daemon
