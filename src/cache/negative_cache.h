// negative_cache.h — RFC 2308 negative caching: NXDOMAIN per name (covers
// every type of that name) and NODATA per (name, type), each with the SOA to
// put in the authority section, its RRSIGs, and the NSEC/NSEC3 proof records
// (opaque bytes, kept for DNSSEC answers).
//
// TTL = min(SOA TTL, SOA MINIMUM) (RFC 2308 §5), raised to min_ttl and capped
// by max_negative_ttl. Entries are one compact allocation each, like the
// RRset cache; expired entries are kept for the stale retention window.
//
//   NegativeCache neg(CacheConfig{.max_bytes = 16u << 20});
//   neg.insert_nodata(qname, RRType::kAAAA, RRClass::kIN, soa, {}, Security::kUnchecked, now);
//   if (auto n = neg.lookup(qname, RRType::kAAAA, RRClass::kIN, now)) answer_nodata(n->soa_rdata());
//
// Thread-safety: all methods are safe to call concurrently; a NegativeRef is a
// pinned read-only handle like RRsetRef.
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

enum class NegativeKind : uint8_t { kNxDomain = 1, kNoData = 2 };

class NegativeRef {
 public:

  NegativeKind kind() const;
  uint32_t expire() const { return expire_; }
  // Seconds left; also the TTL to give the SOA in the response (RFC 2308 §5).
  uint32_t ttl(uint32_t now) const { return now < expire_ ? expire_ - now : 0; }
  bool stale() const { return stale_; }
  Security security() const;

  dns::Name soa_owner() const;
  std::span<const uint8_t> soa_owner_wire() const;  // lower-cased
  std::span<const uint8_t> soa_rdata() const;
  PackedRdata soa_rrsigs() const;
  // The proof records exactly as given to insert (opaque to the cache).
  std::span<const uint8_t> proof() const;

 private:
  friend class NegativeCache;
  NegativeRef(internal::Blob* blob, uint32_t expire, bool stale)
      : blob_(blob), expire_(expire), stale_(stale) {}
  internal::PinnedBlob blob_;  // one reference, released with the handle
  uint32_t expire_;
  bool stale_;
};

class NegativeCache {
 public:
  explicit NegativeCache(const CacheConfig& config);
  ~NegativeCache();
  NegativeCache(const NegativeCache&) = delete;
  NegativeCache& operator=(const NegativeCache&) = delete;

  // `soa` is the SOA RRset of the authority section: owner, TTL, exactly one
  // RDATA (more are ignored) and its RRSIGs. `proof` is opaque (the resolver's
  // choice; e.g. NSEC/NSEC3 RRs with their RRSIGs as uncompressed wire RRs).
  // kUncacheable when the SOA RDATA is missing or shorter than 22 octets.
  InsertResult insert_nxdomain(const dns::Name& name, dns::RRClass rclass, const dns::RRset& soa,
                               std::span<const uint8_t> proof, Security security, uint32_t now);
  InsertResult insert_nodata(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                             const dns::RRset& soa, std::span<const uint8_t> proof,
                             Security security, uint32_t now);

  // NXDOMAIN for `name` if cached (any type), else NODATA for (name, type).
  std::optional<NegativeRef> lookup(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                                    uint32_t now, LookupMode mode = LookupMode::kFresh);

  bool set_security(const dns::Name& name, dns::RRType type, dns::RRClass rclass,
                    Security security);  // the entry lookup() would return
  std::size_t flush_below(const dns::Name& name);
  void flush_all();
  std::size_t purge_dead(uint32_t now);

  CacheStats stats() const;
  std::size_t bytes() const;
  std::size_t entries() const;
  const CacheConfig& config() const { return config_; }

 private:
  InsertResult insert(NegativeKind kind, const dns::Name& name, dns::RRType type,
                      dns::RRClass rclass, const dns::RRset& soa, std::span<const uint8_t> proof,
                      Security security, uint32_t now);
  CacheConfig config_;
  std::unique_ptr<internal::Store> store_;
};

}  // namespace dns4eu::cache
