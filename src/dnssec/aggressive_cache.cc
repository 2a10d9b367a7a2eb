// aggressive_cache.cc — see aggressive_cache.h.
#include "dnssec/aggressive_cache.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>

#include <absl/container/flat_hash_map.h>

#include "dnssec/denial.h"
#include "dnssec/nsec3_hash.h"

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRset;
using dns::RRType;
using Hash = std::array<uint8_t, 20>;

struct Stored {
  RRset rrset;
  uint32_t expire = 0;
};

struct Zone {
  RRset soa;
  uint32_t soa_expire = 0;
  std::map<Name, Stored> nsec;   // canonical order (Name::operator<)
  std::map<Hash, Stored> nsec3;  // by hashed owner
  std::size_t size() const { return nsec.size() + nsec3.size(); }
};

std::string zone_key(const Name& zone) {
  const Name lower = zone.lowercased();
  auto w = lower.wire();
  return std::string(w.begin(), w.end());
}

std::optional<Hash> owner_hash(const Name& owner) {
  auto h = dns::base32hex_decode(owner.label(0));
  if (!h || h->size() != 20) return std::nullopt;
  Hash out{};
  std::memcpy(out.data(), h->data(), 20);
  return out;
}

// The entry at `key`, else the one before it (wrapping to the last: the
// chain is a ring) — the record that matches or covers `key`.
template <typename Map, typename Key>
void neighbours(const Map& m, const Key& key, uint32_t now, std::vector<const Stored*>& out) {
  if (m.empty()) return;
  auto it = m.upper_bound(key);  // first > key
  const Stored* s = &(it == m.begin() ? std::prev(m.end()) : std::prev(it))->second;
  if (s->expire > now && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
}

}  // namespace

struct AggressiveCache::Impl {
  mutable std::shared_mutex mu;
  absl::flat_hash_map<std::string, Zone> zones;
  std::size_t records = 0;
  std::size_t max_records;
};

AggressiveCache::AggressiveCache(std::size_t max_records) : impl_(std::make_unique<Impl>()) {
  impl_->max_records = max_records;
}

AggressiveCache::~AggressiveCache() = default;

void AggressiveCache::insert(const Name& zone, const RRset& soa, std::span<const RRset> proofs, uint32_t now) {
  std::unique_lock lock(impl_->mu);
  if (impl_->records >= impl_->max_records) {  // crude but bounded: start over
    impl_->zones.clear();
    impl_->records = 0;
  }
  Zone& z = impl_->zones[zone_key(zone)];
  z.soa = soa;
  z.soa.owner = zone;
  z.soa_expire = now + soa.ttl;
  for (const auto& p : proofs) {
    if (!p.owner.is_subdomain_of(zone)) continue;
    Stored s{p, now + p.ttl};
    std::size_t before = z.size();
    if (p.type == RRType::kNSEC) {
      z.nsec[p.owner.lowercased()] = std::move(s);
    } else if (p.type == RRType::kNSEC3) {
      if (auto h = owner_hash(p.owner)) z.nsec3[*h] = std::move(s);
    }
    impl_->records += z.size() - before;
  }
}

std::optional<AggressiveCache::Synthesis> AggressiveCache::lookup(const Name& qname, RRType qtype, uint32_t now,
                                                                  const ValidationLimits& limits) const {
  std::shared_lock lock(impl_->mu);
  if (impl_->zones.empty()) return std::nullopt;
  // The deepest zone we hold a chain for.
  const Zone* zone = nullptr;
  Name zone_name;
  for (Name n = qname;; n = n.parent()) {
    if (auto it = impl_->zones.find(zone_key(n)); it != impl_->zones.end()) {
      zone = &it->second;
      zone_name = n;
      break;
    }
    if (n.is_root()) break;
  }
  if (!zone || zone->soa_expire <= now) return std::nullopt;

  std::vector<const Stored*> used;
  if (!zone->nsec.empty()) {
    for (int labels = qname.label_count(); labels >= zone_name.label_count(); --labels) {
      Name a = qname.suffix(labels);
      neighbours(zone->nsec, a.lowercased(), now, used);
      if (auto wc = Name::from_text("*", &a)) neighbours(zone->nsec, wc->lowercased(), now, used);
    }
  } else if (!zone->nsec3.empty()) {
    const auto& first = zone->nsec3.begin()->second.rrset;
    auto v = first.rdatas.empty() ? tl::unexpected(Error{}) : dns::Nsec3View::parse(first.rdatas.front());
    if (!v || v->iterations > limits.max_nsec3_iterations) return std::nullopt;
    int hashes = 0;
    for (int labels = qname.label_count(); labels >= zone_name.label_count(); --labels) {
      Name a = qname.suffix(labels);
      auto wc = Name::from_text("*", &a);
      for (const Name* n : {&a, wc ? &*wc : nullptr}) {
        if (!n || ++hashes > limits.max_nsec3_hashes) continue;
        auto h = nsec3_hash(*n, v->salt, v->iterations, v->hash_algorithm, limits.max_nsec3_iterations);
        if (!h || h->size() != 20) continue;
        Hash key{};
        std::memcpy(key.data(), h->data(), 20);
        neighbours(zone->nsec3, key, now, used);  // the match, or the record covering it
      }
    }
  }
  if (used.empty()) return std::nullopt;
  std::vector<RRset> records;
  for (const Stored* s : used) records.push_back(s->rrset);

  Synthesis out;
  if (prove_nxdomain(records, qname, zone_name, limits).result == Denial::kProven) {
    out.rcode = dns::Rcode::kNXDomain;
  } else if (prove_nodata(records, qname, qtype, zone_name, limits).result == Denial::kProven) {
    out.rcode = dns::Rcode::kNoError;
  } else {
    return std::nullopt;
  }
  uint32_t expire = zone->soa_expire;
  for (const Stored* s : used) expire = std::min(expire, s->expire);
  out.ttl = expire - now;
  out.soa = zone->soa;
  out.soa.ttl = out.ttl;
  for (auto& r : records) {
    r.ttl = out.ttl;
    out.proofs.push_back(std::move(r));
  }
  return out;
}

void AggressiveCache::flush_all() {
  std::unique_lock lock(impl_->mu);
  impl_->zones.clear();
  impl_->records = 0;
}

std::size_t AggressiveCache::records() const {
  std::shared_lock lock(impl_->mu);
  return impl_->records;
}

}  // namespace dns4eu::dnssec
