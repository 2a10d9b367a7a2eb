// internal/store.h — the sharded, byte-bounded hash store under every cache.
//
// N shards (power of two), each: one std::mutex, a CLOCK ring (vector of
// Blob*: every entry of the shard, in no particular order) and an
// absl::flat_hash_set of 32-bit ring positions, compared by the key bytes of
// the blob at that position and looked up by a precomputed hash. (Positions
// rather than pointers: 4 octets a slot instead of 8, and the blob needs no
// back-pointer into the ring.) Each shard owns max_bytes/N; what it counts is
// the blobs' allocator chunks plus the hash-table and ring arrays, so bytes()
// is the memory really held. Entries live until expire + stale_retention
// ("dead"); between expire and then they are "stale" and only returned to
// callers that ask for stale data.
//
//   Store s(config);
//   KeyBuf k(name); k.u16(type);
//   s.find(k.ref(), now, LookupMode::kFresh, [&](Blob& b, bool stale) { ... });
//
// Eviction is CLOCK with a 2-bit counter: a hit raises the entry's counter
// (max 3), the hand lowers it and evicts at 0, dead entries go first. An
// entry hit often survives three sweeps of the hand without hits.
//
// Thread-safety: every method locks exactly one shard at a time (flush and
// stats walk the shards one after the other). Callbacks run under the lock:
// keep them short, never call back into the store.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "cache/cache_types.h"
#include "cache/internal/blob.h"
#include "cache/internal/key.h"

namespace dns4eu::cache::internal {

// A shard's table holds positions in its ring; hashing and comparing one
// reads the key of the blob there (the ring must be up to date first).
struct RingHash {
  using is_transparent = void;
  const std::vector<Blob*>* ring;
  std::size_t operator()(uint32_t i) const { return hash_key((*ring)[i]->key()); }
  std::size_t operator()(const KeyRef& k) const { return k.hash; }
};

struct RingEq {
  using is_transparent = void;
  const std::vector<Blob*>* ring;
  static bool same(std::span<const uint8_t> a, std::span<const uint8_t> b);
  bool operator()(uint32_t a, uint32_t b) const { return a == b || same(key(a), key(b)); }
  bool operator()(uint32_t a, const KeyRef& b) const { return same(key(a), b.bytes); }
  bool operator()(const KeyRef& a, uint32_t b) const { return same(a.bytes, key(b)); }
  std::span<const uint8_t> key(uint32_t i) const { return (*ring)[i]->key(); }
};

class Store {
 public:
  explicit Store(const CacheConfig& config);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // On a live entry (fresh, or stale when mode allows) calls
  // fn(Blob&, bool stale) under the shard lock, counts a hit and marks the
  // entry used; else counts a miss (unless !count_miss; a dead entry is
  // dropped).
  template <typename F>
  bool find(const KeyRef& key, uint32_t now, LookupMode mode, F&& fn, bool count_miss = true);

  // Calls fn(Blob&) under the lock on any entry that is not dead, without
  // touching statistics or the CLOCK counter. Returns whether it found one.
  template <typename F>
  bool with_entry(const KeyRef& key, uint32_t now, F&& fn);

  // Publishes `blob` (refs 1, expire set, key hashing to `hash`). When a
  // live entry with the same key exists, keep(old) decides: true keeps the
  // old one (kKeptExisting) and frees `blob`. Takes ownership in all cases.
  template <typename Keep>
  InsertResult insert(Blob* blob, std::size_t hash, uint32_t now, Keep&& keep);

  // Finds the entry or creates it from init(Blob&) (payload of
  // `payload_size`), then calls update(Blob&), all under one lock.
  template <typename Init, typename Update>
  bool upsert(const KeyRef& key, std::size_t payload_size, uint32_t now, Init&& init,
              Update&& update);

  bool erase(const KeyRef& key);
  // Removes the entries for which pred(const Blob&) is true; returns how many.
  template <typename Pred>
  std::size_t erase_if(Pred&& pred);
  void clear();
  std::size_t purge_dead(uint32_t now);

  CacheStats stats() const;
  std::size_t bytes() const;
  std::size_t entries() const;
  std::size_t shard_count() const { return nshards_; }
  std::size_t shard_budget() const { return shard_budget_; }

 private:
  using Table = absl::flat_hash_set<uint32_t, RingHash, RingEq>;
  struct alignas(64) Shard {
    Shard() : set(0, RingHash{&ring}, RingEq{&ring}) {}
    std::mutex mu;
    std::vector<Blob*> ring;  // declared before set: the set's functors point here
    Table set;
    std::size_t hand = 0;
    std::size_t blob_bytes = 0;
    std::atomic<uint64_t> bytes{0}, entries{0}, hits{0}, stale_hits{0}, misses{0}, inserts{0},
        evictions{0};
  };

  Shard& shard_for(std::size_t hash) { return shards_[(hash >> 32) & (nshards_ - 1)]; }
  bool dead(const Blob& b, uint32_t now) const {
    return uint64_t(now) >= uint64_t(b.expire) + retention_;
  }
  static std::size_t table_bytes(const Shard& s);
  void publish_sizes(Shard& s);
  // Unlinks the entry at ring position `pos` (its table slot: `it`) from
  // table and ring and drops the store's reference. The ring's last entry
  // moves to `pos`.
  void remove(Shard& s, Table::iterator it);
  void remove_at(Shard& s, uint32_t pos);
  void link(Shard& s, Blob* b, std::size_t charge);
  // Evicts until blobs + tables + `extra` fit the budget; never evicts `keep`.
  void make_room(Shard& s, std::size_t extra, uint32_t now, const Blob* keep);
  InsertResult insert_locked(Shard& s, Blob* blob, std::size_t charge, uint32_t now);

  std::size_t nshards_;
  std::size_t shard_budget_;
  uint64_t retention_;
  std::unique_ptr<Shard[]> shards_;
};

// ---- templates ----

template <typename F>
bool Store::find(const KeyRef& key, uint32_t now, LookupMode mode, F&& fn, bool count_miss) {
  Shard& s = shard_for(key.hash);
  std::lock_guard lock(s.mu);
  auto it = s.set.find(key);
  if (it != s.set.end()) {
    Blob* b = s.ring[*it];
    const bool stale = now >= b->expire;
    if (dead(*b, now)) {
      remove(s, it);
      publish_sizes(s);
    } else if (!stale || mode == LookupMode::kAllowStale) {
      if (b->clock < Blob::kMaxClock) ++b->clock;
      s.hits.fetch_add(1, std::memory_order_relaxed);
      if (stale) s.stale_hits.fetch_add(1, std::memory_order_relaxed);
      fn(*b, stale);
      return true;
    }
  }
  if (count_miss) s.misses.fetch_add(1, std::memory_order_relaxed);
  return false;
}

template <typename F>
bool Store::with_entry(const KeyRef& key, uint32_t now, F&& fn) {
  Shard& s = shard_for(key.hash);
  std::lock_guard lock(s.mu);
  auto it = s.set.find(key);
  if (it == s.set.end() || dead(*s.ring[*it], now)) return false;
  fn(*s.ring[*it]);
  return true;
}

template <typename Keep>
InsertResult Store::insert(Blob* blob, std::size_t hash, uint32_t now, Keep&& keep) {
  Shard& s = shard_for(hash);
  const std::size_t charge = blob->charge();
  if (charge + sizeof(Blob*) * 4 > shard_budget_) {
    Blob::release(blob);
    return InsertResult::kTooLarge;
  }
  std::lock_guard lock(s.mu);
  auto it = s.set.find(KeyRef{blob->key(), hash});
  bool replaced = false;
  if (it != s.set.end()) {
    const Blob* old = s.ring[*it];
    if (!dead(*old, now) && keep(*old)) {
      Blob::release(blob);
      return InsertResult::kKeptExisting;
    }
    blob->clock = old->clock;  // popularity carries over to the new data
    remove(s, it);
    replaced = true;
  }
  InsertResult r = insert_locked(s, blob, charge, now);
  if (r == InsertResult::kInserted && replaced) r = InsertResult::kReplaced;
  return r;
}

template <typename Init, typename Update>
bool Store::upsert(const KeyRef& key, std::size_t payload_size, uint32_t now, Init&& init,
                   Update&& update) {
  Shard& s = shard_for(key.hash);
  std::lock_guard lock(s.mu);
  auto it = s.set.find(key);
  if (it != s.set.end() && dead(*s.ring[*it], now)) {
    remove(s, it);
    it = s.set.end();
  }
  if (it != s.set.end()) {
    Blob* b = s.ring[*it];
    if (b->clock < Blob::kMaxClock) ++b->clock;
    update(*b);
    return true;
  }
  Blob* b = Blob::create(key.bytes, payload_size);
  if (b == nullptr) return false;
  init(*b);
  update(*b);
  if (insert_locked(s, b, b->charge(), now) != InsertResult::kInserted) return false;
  return true;
}

template <typename Pred>
std::size_t Store::erase_if(Pred&& pred) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < nshards_; ++i) {
    Shard& s = shards_[i];
    std::lock_guard lock(s.mu);
    for (std::size_t j = 0; j < s.ring.size();) {
      if (pred(static_cast<const Blob&>(*s.ring[j]))) {
        remove_at(s, static_cast<uint32_t>(j));  // moves the last ring entry to j
        ++n;
      } else {
        ++j;
      }
    }
    publish_sizes(s);
  }
  return n;
}

}  // namespace dns4eu::cache::internal
