// internal/blob.h — one cache entry as ONE heap allocation:
//   [Blob header, 16 octets][key octets][payload octets]
// The key is what the hash table compares (lower-cased name wire + a fixed
// suffix per cache); the payload's layout belongs to each cache.
//
//   Blob* b = Blob::create(key_bytes, payload_size);   // refs = 1 (the store's)
//   std::memcpy(b->payload(), data, payload_size);
//   Blob::release(b);                                   // frees at refs == 0
//
// The header is kept at 16 octets because most entries are small (an A
// RRset of a 4-label name is ~62 octets in all): 8 octets more cross a
// malloc size class. Where the entry sits in its shard (ring position) is
// the store's business, not the blob's.
//
// Thread-safety: `refs` and `tag` are atomic; every other field is written
// only under the owning shard's lock, and only before the blob is published
// or by the store (expire, clock). Readers holding a reference read the key
// and payload, which never change after publication.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dns4eu::cache::internal {

struct Blob {
  std::atomic<uint32_t> refs;   // 1 for the store + 1 per outstanding handle
  uint32_t expire;              // absolute seconds (shard lock)
  uint32_t payload_size;
  uint16_t key_size;
  uint8_t clock;                // CLOCK counter, 0..kMaxClock (shard lock)
  std::atomic<uint8_t> tag;     // cache-specific mutable byte (e.g. Security)

  static constexpr uint8_t kMaxClock = 3;

  // nullptr when the allocation fails. refs starts at 1.
  static Blob* create(std::span<const uint8_t> key, std::size_t payload_size);
  static void release(Blob* b);
  void acquire() { refs.fetch_add(1, std::memory_order_relaxed); }

  // The memory this blob really holds: the allocator's chunk for it, with
  // glibc's per-chunk size word (jemalloc, when it is the process's malloc —
  // dns4eud links it in release builds, README "Cache memory" — keeps no
  // per-object header).
  std::size_t charge() const;

  uint8_t* key_data() { return reinterpret_cast<uint8_t*>(this + 1); }
  const uint8_t* key_data() const { return reinterpret_cast<const uint8_t*>(this + 1); }
  std::span<const uint8_t> key() const { return {key_data(), key_size}; }
  uint8_t* payload() { return key_data() + key_size; }
  const uint8_t* payload() const { return key_data() + key_size; }
};

static_assert(sizeof(Blob) == 16, "Blob header layout");

}  // namespace dns4eu::cache::internal
