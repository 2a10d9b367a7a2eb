// cache_types.h — vocabulary shared by the dns4eu caches: configuration,
// trust ranks (RFC 2181 §5.4.1), DNSSEC security states, lookup modes,
// insert outcomes and statistics.
//
//   CacheConfig cfg{.max_bytes = 64 << 20};
//   RRsetCache cache(cfg);
//   cache.insert(rrset, Trust::kAnswerAuth, Security::kUnchecked, now);
//
// Time: every cache takes `now` from the caller as uint32_t seconds of a
// monotonic clock (never wall time), so tests control it and nothing sleeps.
// Thread-safety: plain value types; CacheStats is a snapshot.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dns4eu::cache {

// How much a piece of data is believed, lowest first (RFC 2181 §5.4.1,
// reduced to what a recursive resolver receives). An insert never replaces an
// unexpired entry of a higher rank; equal or higher replaces.
enum class Trust : uint8_t {
  kAdditional = 0,      // additional section, not glue for the referral being followed
  kGlue = 1,            // address records of a referral's NS targets (non-AA additional)
  kAuthority = 2,       // authority section of a non-AA response (referral NS set)
  kAnswerNonAuth = 3,   // answer section of a non-AA response
  kAuthorityAuth = 4,   // authority section of an AA response (e.g. apex NS)
  kAnswerAuth = 5,      // answer section of an AA response: the best we can have
};

// DNSSEC state of a cached RRset, set by the validator (RFC 4035 §4.3).
enum class Security : uint8_t {
  kUnchecked = 0,       // not (yet) looked at by the validator
  kInsecure = 1,        // provably unsigned (insecure delegation)
  kSecure = 2,          // chain of trust verified
  kBogus = 3,           // validation failed
  kIndeterminate = 4,   // no trust anchor covers it
};

// Whether a lookup may return entries whose TTL has run out but that are
// still within the stale retention window (RFC 8767 serve-stale).
enum class LookupMode : uint8_t { kFresh = 0, kAllowStale = 1 };

enum class InsertResult : uint8_t {
  kInserted,       // new entry
  kReplaced,       // an existing entry was replaced
  kKeptExisting,   // an unexpired entry of higher trust was kept
  kTooLarge,       // the entry alone is bigger than a shard's byte budget
  kUncacheable,    // nothing cacheable (e.g. TTL 0 with min_ttl 0, no TTLs at all)
};

struct CacheConfig {
  // The real ceiling of memory used by the cache: entries, keys, hash-table
  // slots, the eviction ring and an estimate of allocator overhead.
  std::size_t max_bytes = 64u << 20;
  // Number of independently locked shards (rounded down to a power of two;
  // reduced for tiny caches so each shard gets at least 4 KiB).
  std::size_t shards = 64;
  uint32_t min_ttl = 0;                  // seconds; TTLs are raised to this
  uint32_t max_ttl = 86400;              // seconds; TTLs are capped to this
  uint32_t max_negative_ttl = 3600;      // seconds; RFC 2308 §5 suggests 1-3 h
  uint32_t stale_retention = 86400;      // seconds kept after expiry for serve-stale
};

struct CacheStats {
  uint64_t entries = 0;
  uint64_t bytes = 0;        // accounted bytes, ≤ CacheConfig::max_bytes
  uint64_t hits = 0;         // fresh and stale hits
  uint64_t stale_hits = 0;
  uint64_t misses = 0;
  uint64_t inserts = 0;
  uint64_t evictions = 0;    // removed to make room (not expiry, not flush)
};

}  // namespace dns4eu::cache
