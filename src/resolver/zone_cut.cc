// zone_cut.cc — where to ask: the closest enclosing zone cut known to the
// cache, the root from hints (with RFC 8109 priming), zones learnt from
// referrals, and the addresses of their name servers (glue, cache, or a
// budgeted sub-resolution for glueless delegations).
#include <algorithm>

#include "resolver/iterator.h"

namespace dns4eu::resolver {

using dns::Name;
using dns::RRType;

namespace {

std::optional<net::Address> address_from_rdata(RRType type, std::span<const uint8_t> rd) {
  if (type == RRType::kA && rd.size() == 4) return net::Address::v4({rd[0], rd[1], rd[2], rd[3]});
  if (type == RRType::kAAAA && rd.size() == 16) {
    std::array<uint8_t, 16> b{};
    std::copy(rd.begin(), rd.end(), b.begin());
    return net::Address::v6(b);
  }
  return std::nullopt;
}

void add_unique(std::vector<net::Endpoint>& v, net::Endpoint e) {
  if (std::find(v.begin(), v.end(), e) == v.end()) v.push_back(e);
}

bool has_address(const Iterator::ZoneCut& z) {
  return std::any_of(z.servers.begin(), z.servers.end(), [](const auto& s) { return !s.addresses.empty(); });
}

// An NS name outside its own zone can be resolved without glue.
bool has_resolvable_ns(const Iterator::ZoneCut& z) {
  return std::any_of(z.servers.begin(), z.servers.end(),
                     [&](const auto& s) { return !s.name.is_subdomain_of(z.zone); });
}

}  // namespace

void Iterator::add_cached_addresses(NsServer& ns, uint32_t now) {
  for (RRType t : {RRType::kA, RRType::kAAAA}) {
    auto hit = caches_.rrsets.lookup(ns.name, t, dns::RRClass::kIN, now);
    if (!hit) continue;
    for (auto rd : hit->rdatas())
      if (auto a = address_from_rdata(t, rd)) add_unique(ns.addresses, net::Endpoint(*a, 53));
  }
}

std::optional<Iterator::ZoneCut> Iterator::cached_zone_cut(const Name& zone, uint32_t now) {
  auto ns = caches_.rrsets.lookup(zone, RRType::kNS, dns::RRClass::kIN, now);
  if (!ns) return std::nullopt;
  ZoneCut z{zone, {}};
  for (auto rd : ns->rdatas()) {
    auto name = dns::rdata_single_name(rd);
    if (!name) continue;
    NsServer s{*name, {}, false};
    add_cached_addresses(s, now);
    z.servers.push_back(std::move(s));
  }
  if (z.servers.empty()) return std::nullopt;
  return z;
}

Iterator::ZoneCut Iterator::zone_from_hints() const {
  ZoneCut z{Name(), {}};
  for (const auto& rs : config_.root_hints.servers) {
    NsServer s{rs.name, {}, true};
    for (const auto& a : rs.addresses) s.addresses.emplace_back(a, 53);
    z.servers.push_back(std::move(s));
  }
  return z;
}

Iterator::ZoneCut Iterator::zone_from_referral(const ClassifiedResponse& c, uint32_t now) {
  ZoneCut z{c.referral_zone, {}};
  for (const auto& rrset : c.authority) {
    if (rrset.type != RRType::kNS || !(rrset.owner == c.referral_zone)) continue;
    for (const auto& rd : rrset.rdatas) {
      auto name = dns::rdata_single_name(rd);
      if (!name) continue;
      NsServer s{*name, {}, false};
      for (const auto& glue : c.additional) {
        if (!(glue.owner == *name)) continue;
        for (const auto& g : glue.rdatas)
          if (auto a = address_from_rdata(glue.type, g)) add_unique(s.addresses, net::Endpoint(*a, 53));
      }
      add_cached_addresses(s, now);
      z.servers.push_back(std::move(s));
    }
  }
  return z;
}

asio::awaitable<void> Iterator::prime(Budget& budget) {
  ++stats_.primings;
  ZoneCut hints = zone_from_hints();
  auto c = co_await ask_zone(hints, Name(), RRType::kNS, budget);
  if (c && c->kind == ResponseKind::kAnswer) cache_response(*c, RRType::kNS, now_seconds());
}

asio::awaitable<int> Iterator::prime_if_needed() {
  if (auto z = cached_zone_cut(Name(), now_seconds()); z && has_address(*z)) co_return 0;
  Budget budget = new_budget();
  const int before = budget.upstream_queries_left;
  co_await prime(budget);
  co_return before - budget.upstream_queries_left;
}

asio::awaitable<std::optional<Iterator::ZoneCut>> Iterator::find_zone_cut(Name name, Budget& budget) {
  uint32_t now = now_seconds();
  for (Name n = name;; n = n.parent()) {
    if (auto z = cached_zone_cut(n, now); z && (has_address(*z) || (!n.is_root() && has_resolvable_ns(*z))))
      co_return z;
    if (n.is_root()) break;
  }
  co_await prime(budget);
  if (auto z = cached_zone_cut(Name(), now_seconds()); z && has_address(*z)) co_return z;
  co_return zone_from_hints();  // priming failed: the hints themselves
}

asio::awaitable<bool> Iterator::resolve_ns_address(ZoneCut& zone, Budget& budget) {
  for (auto& ns : zone.servers) {
    if (ns.lookup_done || !ns.addresses.empty()) continue;
    ns.lookup_done = true;
    // A name inside the zone needs glue we do not have: asking would loop.
    if (ns.name.is_subdomain_of(zone.zone)) continue;
    if (budget.glueless_left <= 0 || budget.depth >= config_.max_depth) co_return false;
    --budget.glueless_left;
    ++budget.depth;
    for (RRType t : {RRType::kA, RRType::kAAAA}) {
      if ((t == RRType::kA && !config_.use_ipv4) || (t == RRType::kAAAA && !config_.use_ipv6)) continue;
      Resolution r = co_await resolve(ns.name, t, budget);
      for (const auto& rrset : r.answer)
        if (rrset.type == t)
          for (const auto& rd : rrset.rdatas)
            if (auto a = address_from_rdata(t, rd)) add_unique(ns.addresses, net::Endpoint(*a, 53));
      if (!ns.addresses.empty()) break;  // IPv6 only when IPv4 gave nothing
    }
    --budget.depth;
    co_return true;
  }
  co_return false;
}

}  // namespace dns4eu::resolver
