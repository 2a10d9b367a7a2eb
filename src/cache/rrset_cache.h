// rrset_cache.h — the shared RRset cache: (owner, type, class) → RDATAs,
// RRSIGs, expiry, original TTL, trust rank and DNSSEC security state.
//
// Each RRset is stored as ONE compact allocation (lower-cased owner wire +
// packed RDATAs with 16-bit lengths); see docs/design/cache.md for the layout
// and costs. The owner's case is not kept: answers take the case of the
// question. Lookups return an RRsetRef, a pinned read-only handle: the data
// stays valid while the handle lives even if the entry is evicted or replaced,
// and readers copy nothing under the shard lock.
//
//   RRsetCache cache(CacheConfig{.max_bytes = 256u << 20});
//   cache.insert(rrset, Trust::kAnswerAuth, Security::kUnchecked, now);
//   if (auto r = cache.lookup(name, RRType::kA, RRClass::kIN, now)) use(r->ttl(now), r->rdatas());
//
// Thread-safety: all methods are safe to call concurrently (sharded, one short
// mutex per shard). An RRsetRef may be used by one thread at a time and moved
// between threads; it holds no lock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "cache/cache_types.h"
#include "cache/internal/pinned_blob.h"
#include "cache/packed_rdata.h"
#include "dns/name.h"
#include "dns/rrset.h"
#include "dns/types.h"

namespace dns4eu::cache {

namespace internal {
struct Blob;
class Store;
}  // namespace internal

// A pinned, read-only view of one cached RRset.
class RRsetRef {
 public:

  // Lower-cased owner name in uncompressed wire form.
  std::span<const uint8_t> owner_wire() const;
  dns::Name owner() const;
  dns::RRType type() const;
  dns::RRClass rclass() const;
  uint32_t expire() const { return expire_; }          // absolute, seconds
  uint32_t original_ttl() const;                       // as received (after clamping)
  // Seconds left at `now`; 0 when stale.
  uint32_t ttl(uint32_t now) const { return now < expire_ ? expire_ - now : 0; }
  bool stale() const { return stale_; }                // expired, returned for serve-stale
  Trust trust() const;
  Security security() const;

  PackedRdata rdatas() const;                          // iterable spans of RDATA
  PackedRdata rrsigs() const;                          // RRSIG RDATAs covering this set

  // Materialises a dns::RRset (TTL = ttl(now)); allocates.
  dns::RRset to_rrset(uint32_t now) const;

 private:
  friend class RRsetCache;
  RRsetRef(internal::Blob* blob, uint32_t expire, bool stale)
      : blob_(blob), expire_(expire), stale_(stale) {}
  internal::PinnedBlob blob_;  // one reference, released with the handle
  uint32_t expire_;
  bool stale_;
};

class RRsetCache {
 public:
  explicit RRsetCache(const CacheConfig& config);
  ~RRsetCache();
  RRsetCache(const RRsetCache&) = delete;
  RRsetCache& operator=(const RRsetCache&) = delete;

  // Stores `rrset` (its TTL clamped to [min_ttl, max_ttl]; expiry = now + TTL).
  // Keeps an unexpired existing entry of higher trust (kKeptExisting).
  // An empty rrset or RDATA > 65535 octets is rejected (kUncacheable).
  InsertResult insert(const dns::RRset& rrset, Trust trust, Security security, uint32_t now);

  // The entry for (name, type, class), case-insensitively. Expired entries are
  // returned (flagged stale) only with LookupMode::kAllowStale and only within
  // the stale retention window.
  std::optional<RRsetRef> lookup(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                                 uint32_t now, LookupMode mode = LookupMode::kFresh);

  // Sets the validator's verdict on an existing entry; when `new_ttl` is given
  // the expiry becomes min(current expiry, now + new_ttl) (e.g. RRSIG
  // expiration, RFC 4035 §5.3.3). Returns false when there is no such entry.
  bool set_security(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                    Security security, uint32_t now, std::optional<uint32_t> new_ttl = std::nullopt);

  // Removes one RRset. Returns whether it was present.
  bool erase(const dns::Name& name, dns::RRType type, dns::RRClass rclass);
  // Removes every RRset whose owner is `name` or below it. Returns the count.
  std::size_t flush_below(const dns::Name& name);
  void flush_all();
  // Drops entries past their stale retention (lookups also drop them lazily).
  std::size_t purge_dead(uint32_t now);

  CacheStats stats() const;
  std::size_t bytes() const;
  std::size_t entries() const;
  const CacheConfig& config() const { return config_; }

 private:
  CacheConfig config_;
  std::unique_ptr<internal::Store> store_;
};

}  // namespace dns4eu::cache
