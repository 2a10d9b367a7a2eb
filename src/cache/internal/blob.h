// internal/blob.h — one cache entry as ONE heap allocation:
//   [BlobHeader 24 octets][key octets][payload octets]
// The key is what the hash table compares (lower-cased name wire + a fixed
// suffix per cache); the payload's layout belongs to each cache.
//
//   Blob* b = Blob::create(key_bytes, payload_size);   // refs = 1 (the store's)
//   std::memcpy(b->payload(), data, payload_size);
//   Blob::release(b);                                   // frees at refs == 0
//
// Thread-safety: `refs` and `tag` are atomic; every other field is written
// only under the owning shard's lock, and only before the blob is published
// or by the store (expire, clock, ring_index). Readers holding a reference
// read the key and payload, which never change after publication.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dns4eu::cache::internal {

struct Blob {
  std::atomic<uint32_t> refs;   // 1 for the store + 1 per outstanding handle
  uint32_t expire;              // absolute seconds (shard lock)
  uint32_t ring_index;          // position in the shard's CLOCK ring (shard lock)
  uint32_t charged;             // bytes accounted for this blob
  uint32_t payload_size;
  uint16_t key_size;
  uint8_t clock;                // CLOCK counter, 0..kMaxClock (shard lock)
  std::atomic<uint8_t> tag;     // cache-specific mutable byte (e.g. Security)

  static constexpr uint8_t kMaxClock = 3;

  // nullptr when the allocation fails. refs starts at 1.
  static Blob* create(std::span<const uint8_t> key, std::size_t payload_size);
  static void release(Blob* b);
  void acquire() { refs.fetch_add(1, std::memory_order_relaxed); }

  uint8_t* key_data() { return reinterpret_cast<uint8_t*>(this + 1); }
  const uint8_t* key_data() const { return reinterpret_cast<const uint8_t*>(this + 1); }
  std::span<const uint8_t> key() const { return {key_data(), key_size}; }
  uint8_t* payload() { return key_data() + key_size; }
  const uint8_t* payload() const { return key_data() + key_size; }
};

static_assert(sizeof(Blob) == 24, "Blob header layout");

}  // namespace dns4eu::cache::internal
