// key_cache.h — the validated DNSKEY set (or the verdict "insecure" /
// "bogus") of each zone the validator has met, shared by all workers, so a
// chain of trust is built once per zone and TTL, not once per query.
//
//   KeyCache keys(10000);
//   keys.put(zone, KeyEntry{Security::kSecure, zone_keys, {}}, ttl, now);
//   if (auto e = keys.get(zone, now)) use(e->keys);
//
// Entries expire after their TTL (monotonic seconds, like every cache);
// bogus entries carry the EDE to answer with (RFC 4035 §4.7 "BAD cache").
// When the cache is full the oldest shard content is dropped.
// Thread-safety: all methods are safe to call concurrently (sharded mutexes).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cache/cache_types.h"
#include "dns/edns.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/types.h"

namespace dns4eu::dnssec {

struct KeyEntry {
  cache::Security security = cache::Security::kIndeterminate;
  std::vector<dns::Rdata> keys;           // when secure
  std::optional<dns::ExtendedError> why;  // when bogus (or insecure for an unsupported algorithm)
};

class KeyCache {
 public:
  explicit KeyCache(std::size_t max_entries = 65536);
  ~KeyCache();
  KeyCache(const KeyCache&) = delete;
  KeyCache& operator=(const KeyCache&) = delete;

  std::optional<KeyEntry> get(const dns::Name& zone, uint32_t now) const;
  void put(const dns::Name& zone, KeyEntry entry, uint32_t ttl, uint32_t now);
  // Why (name, type) was found bogus, so answers from the cache say it too.
  void put_bogus_reason(const dns::Name& name, dns::RRType type, dns::ExtendedError why, uint32_t ttl, uint32_t now);
  std::optional<dns::ExtendedError> bogus_reason(const dns::Name& name, dns::RRType type, uint32_t now) const;
  void flush_all();
  std::size_t size() const;

 private:
  struct Shard;
  static constexpr std::size_t kShards = 16;
  Shard& shard_for(const std::string& key) const;
  std::optional<KeyEntry> get_key(const std::string& key, uint32_t now) const;
  void put_key(std::string key, KeyEntry entry, uint32_t ttl, uint32_t now);
  std::size_t max_per_shard_;
  std::array<std::unique_ptr<Shard>, kShards> shards_;
};

}  // namespace dns4eu::dnssec
