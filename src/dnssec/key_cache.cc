// key_cache.cc — see key_cache.h.
#include "dnssec/key_cache.h"

#include <functional>

#include <absl/container/flat_hash_map.h>

namespace dns4eu::dnssec {

struct KeyCache::Shard {
  struct Slot {
    KeyEntry entry;
    uint32_t expire = 0;
  };
  mutable std::mutex mu;
  absl::flat_hash_map<std::string, Slot> map;
};

namespace {
// Zone keys: 0x00 + lower-cased wire name; bogus reasons: 0x01 + name + type.
std::string key_of(const dns::Name& zone, char kind = 0) {
  const dns::Name lower = zone.lowercased();
  auto w = lower.wire();
  std::string k(1, kind);
  k.append(w.begin(), w.end());
  return k;
}
}  // namespace

KeyCache::KeyCache(std::size_t max_entries) : max_per_shard_(std::max<std::size_t>(1, max_entries / kShards)) {
  for (auto& s : shards_) s = std::make_unique<Shard>();
}

KeyCache::~KeyCache() = default;

KeyCache::Shard& KeyCache::shard_for(const std::string& key) const {
  return *shards_[std::hash<std::string>{}(key) % kShards];
}

std::optional<KeyEntry> KeyCache::get(const dns::Name& zone, uint32_t now) const { return get_key(key_of(zone), now); }

void KeyCache::put(const dns::Name& zone, KeyEntry entry, uint32_t ttl, uint32_t now) {
  put_key(key_of(zone), std::move(entry), ttl, now);
}

void KeyCache::put_bogus_reason(const dns::Name& name, dns::RRType type, dns::ExtendedError why, uint32_t ttl,
                                uint32_t now) {
  std::string key = key_of(name, 1);
  key.push_back(static_cast<char>(static_cast<uint16_t>(type) >> 8));
  key.push_back(static_cast<char>(static_cast<uint16_t>(type) & 0xff));
  put_key(std::move(key), KeyEntry{cache::Security::kBogus, {}, std::move(why)}, ttl, now);
}

std::optional<dns::ExtendedError> KeyCache::bogus_reason(const dns::Name& name, dns::RRType type, uint32_t now) const {
  std::string key = key_of(name, 1);
  key.push_back(static_cast<char>(static_cast<uint16_t>(type) >> 8));
  key.push_back(static_cast<char>(static_cast<uint16_t>(type) & 0xff));
  auto e = get_key(key, now);
  if (!e) return std::nullopt;
  return e->why;
}

std::optional<KeyEntry> KeyCache::get_key(const std::string& key, uint32_t now) const {
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mu);
  auto it = s.map.find(key);
  if (it == s.map.end()) return std::nullopt;
  if (it->second.expire <= now) {
    s.map.erase(it);
    return std::nullopt;
  }
  return it->second.entry;
}

void KeyCache::put_key(std::string key, KeyEntry entry, uint32_t ttl, uint32_t now) {
  if (ttl == 0) return;
  Shard& s = shard_for(key);
  std::lock_guard lock(s.mu);
  if (s.map.size() >= max_per_shard_ && !s.map.contains(key)) {
    for (auto it = s.map.begin(); it != s.map.end();) {  // expired first, else everything
      if (it->second.expire <= now) s.map.erase(it++);
      else ++it;
    }
    if (s.map.size() >= max_per_shard_) s.map.clear();
  }
  s.map[std::move(key)] = Shard::Slot{std::move(entry), now + ttl};
}

void KeyCache::flush_all() {
  for (auto& s : shards_) {
    std::lock_guard lock(s->mu);
    s->map.clear();
  }
}

std::size_t KeyCache::size() const {
  std::size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s->mu);
    n += s->map.size();
  }
  return n;
}

}  // namespace dns4eu::dnssec
