// answer_cache.h — the fast path: complete response packets keyed by
// (qname case-insensitively, qtype, qclass, DO, CD, view id, policy epoch).
//
// A hit costs one hash of the key, one short shard lock and one memcpy of the
// packet into the caller's buffer, where the ID is patched, the question name
// gets the client's case (0x20), and each TTL is aged by the time since
// insertion. Expiry is the smallest TTL of the packet (negative answers:
// capped by max_negative_ttl). Stale hits (LookupMode::kAllowStale, RFC 8767)
// get every TTL set to stale_answer_ttl.
//
//   AnswerCache ac(CacheConfig{.max_bytes = 128u << 20});
//   ac.insert(AnswerKey{qname, RRType::kA, RRClass::kIN}, response, now);
//   if (auto hit = ac.lookup(key, query_id, now, out)) send(out.first(hit->size));
//
// Thread-safety: all methods are safe to call concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "cache/cache_types.h"
#include "dns/name.h"
#include "dns/types.h"

namespace dns4eu::cache {

namespace internal {
class Store;
}  // namespace internal

struct AnswerKey {
  const dns::Name& qname;           // as the client sent it (its case is echoed)
  dns::RRType qtype;
  dns::RRClass qclass = dns::RRClass::kIN;
  bool do_bit = false;              // DNSSEC OK: RRSIGs present or not
  bool cd_bit = false;              // checking disabled: bogus data may be in it
  uint16_t view = 0;                // policy view / profile id
  uint32_t epoch = 0;               // policy snapshot the answer was filtered under (0: none)
};

struct AnswerHit {
  std::size_t size = 0;             // octets written to the caller's buffer
  uint32_t ttl = 0;                 // smallest TTL after aging (0 if stale)
  bool stale = false;
};

struct AnswerCacheConfig {
  CacheConfig base;
  std::size_t max_packet = 65535;   // larger packets are not cached
  uint32_t stale_answer_ttl = 30;   // RFC 8767 §4
};

class AnswerCache {
 public:
  explicit AnswerCache(const CacheConfig& config) : AnswerCache(AnswerCacheConfig{config}) {}
  explicit AnswerCache(const AnswerCacheConfig& config);
  ~AnswerCache();
  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  // Stores a response packet (well-formed: header, one question, records;
  // compressed names fine). The TTL offsets are found here, once. A packet
  // that does not parse, is larger than max_packet, has more than 65535
  // octets, or whose question does not match the key gets kUncacheable.
  InsertResult insert(const AnswerKey& key, std::span<const uint8_t> packet, uint32_t now);

  // Copies the cached packet into `out`, patching ID, question case and TTLs.
  // nullopt on a miss, or when `out` is smaller than the packet (give it
  // max_packet octets; that case still counts as a hit in the stats).
  std::optional<AnswerHit> lookup(const AnswerKey& key, uint16_t id, uint32_t now,
                                  std::span<uint8_t> out, LookupMode mode = LookupMode::kFresh);

  bool erase(const AnswerKey& key);
  std::size_t flush_below(const dns::Name& name);
  void flush_all();
  std::size_t purge_dead(uint32_t now);

  CacheStats stats() const;
  std::size_t bytes() const;
  std::size_t entries() const;
  const AnswerCacheConfig& config() const { return config_; }

 private:
  AnswerCacheConfig config_;
  std::unique_ptr<internal::Store> store_;
};

}  // namespace dns4eu::cache
