// internal/store.cc — shard setup, linking/unlinking, CLOCK eviction and
// byte accounting for the cache store (see store.h).
#include "cache/internal/store.h"

#include <algorithm>
#include <cstring>

namespace dns4eu::cache::internal {

namespace {
constexpr std::size_t kMinShardBytes = 4096;

std::size_t shard_count_for(const CacheConfig& c) {
  std::size_t n = 1;
  while (n * 2 <= std::max<std::size_t>(c.shards, 1)) n *= 2;
  while (n > 1 && c.max_bytes / n < kMinShardBytes) n /= 2;
  return n;
}
}  // namespace

bool RingEq::same(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
}

Store::Store(const CacheConfig& config)
    : nshards_(shard_count_for(config)),
      retention_(config.stale_retention),
      shards_(std::make_unique<Shard[]>(nshards_)) {
  const std::size_t fixed = sizeof(Store) + nshards_ * sizeof(Shard);
  shard_budget_ = config.max_bytes > fixed ? (config.max_bytes - fixed) / nshards_ : 0;
}

Store::~Store() { clear(); }

std::size_t Store::table_bytes(const Shard& s) {
  // flat_hash_set: one slot (a ring position) and one control byte per
  // bucket, plus a group of cloned control bytes; the ring: one pointer per slot.
  const std::size_t cap = s.set.capacity();
  const std::size_t set_bytes = cap == 0 ? 0 : cap * (sizeof(uint32_t) + 1) + 16 + 16;
  return set_bytes + s.ring.capacity() * sizeof(Blob*);
}

void Store::publish_sizes(Shard& s) {
  s.bytes.store(s.blob_bytes + table_bytes(s), std::memory_order_relaxed);
  s.entries.store(s.set.size(), std::memory_order_relaxed);
}

void Store::link(Shard& s, Blob* b, std::size_t charge) {
  s.ring.push_back(b);  // first: the table hashes a position by the blob there
  s.set.insert(static_cast<uint32_t>(s.ring.size() - 1));
  s.blob_bytes += charge;
}

void Store::remove(Shard& s, Table::iterator it) {
  const uint32_t pos = *it;
  Blob* b = s.ring[pos];
  s.set.erase(it);
  const uint32_t last = static_cast<uint32_t>(s.ring.size() - 1);
  if (pos != last) {
    // The last entry moves into the hole; its table slot must say so. The
    // slot's value is not part of its hash (the key of the same blob is), so
    // it can be rewritten in place.
    Blob* moved = s.ring[last];
    auto mt = s.set.find(KeyRef{moved->key(), hash_key(moved->key())});
    const_cast<uint32_t&>(*mt) = pos;
    s.ring[pos] = moved;
  }
  s.ring.pop_back();
  s.blob_bytes -= b->charge();
  Blob::release(b);
}

void Store::remove_at(Shard& s, uint32_t pos) {
  const Blob* b = s.ring[pos];
  remove(s, s.set.find(KeyRef{b->key(), hash_key(b->key())}));
}

void Store::make_room(Shard& s, std::size_t extra, uint32_t now, const Blob* keep) {
  // Each pass over an entry lowers its counter, so 4 revolutions suffice.
  std::size_t budget_steps = (s.ring.size() + 1) * (Blob::kMaxClock + 2);
  while (s.blob_bytes + table_bytes(s) + extra > shard_budget_ && !s.ring.empty() &&
         budget_steps-- > 0) {
    if (s.hand >= s.ring.size()) s.hand = 0;
    Blob* b = s.ring[s.hand];
    if (b == keep) {
      ++s.hand;
    } else if (dead(*b, now)) {
      remove_at(s, static_cast<uint32_t>(s.hand));  // expiry, not an eviction
    } else if (b->clock > 0) {
      --b->clock;
      ++s.hand;
    } else {
      remove_at(s, static_cast<uint32_t>(s.hand));
      s.evictions.fetch_add(1, std::memory_order_relaxed);
    }
  }
}

InsertResult Store::insert_locked(Shard& s, Blob* blob, std::size_t charge, uint32_t now) {
  make_room(s, charge, now, nullptr);
  if (s.blob_bytes + table_bytes(s) + charge > shard_budget_) {
    publish_sizes(s);
    Blob::release(blob);
    return InsertResult::kTooLarge;
  }
  link(s, blob, charge);
  // The table or ring may have grown: evict more if that crossed the budget.
  make_room(s, 0, now, blob);
  s.inserts.fetch_add(1, std::memory_order_relaxed);
  publish_sizes(s);
  return InsertResult::kInserted;
}

bool Store::erase(const KeyRef& key) {
  Shard& s = shard_for(key.hash);
  std::lock_guard lock(s.mu);
  auto it = s.set.find(key);
  if (it == s.set.end()) return false;
  remove(s, it);
  publish_sizes(s);
  return true;
}

void Store::clear() {
  for (std::size_t i = 0; i < nshards_; ++i) {
    Shard& s = shards_[i];
    std::lock_guard lock(s.mu);
    for (Blob* b : s.ring) Blob::release(b);
    // Swap with empty containers so the arrays are freed, not just emptied.
    Table(0, RingHash{&s.ring}, RingEq{&s.ring}).swap(s.set);
    std::vector<Blob*>().swap(s.ring);
    s.hand = 0;
    s.blob_bytes = 0;
    publish_sizes(s);
  }
}

std::size_t Store::purge_dead(uint32_t now) {
  return erase_if([&](const Blob& b) { return dead(b, now); });
}

CacheStats Store::stats() const {
  CacheStats st;
  for (std::size_t i = 0; i < nshards_; ++i) {
    const Shard& s = shards_[i];
    auto get = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
    st.entries += get(s.entries);
    st.bytes += get(s.bytes);
    st.hits += get(s.hits);
    st.stale_hits += get(s.stale_hits);
    st.misses += get(s.misses);
    st.inserts += get(s.inserts);
    st.evictions += get(s.evictions);
  }
  st.bytes += sizeof(Store) + nshards_ * sizeof(Shard);
  return st;
}

std::size_t Store::bytes() const { return stats().bytes; }
std::size_t Store::entries() const { return stats().entries; }

}  // namespace dns4eu::cache::internal
