// internal/blob.cc — allocation of cache entries and their byte accounting.
#include "cache/internal/blob.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <new>

namespace dns4eu::cache::internal {

namespace {
// glibc keeps one size word before each chunk; chunks are 16-aligned.
constexpr std::size_t kMallocHeader = 8;
}  // namespace

Blob* Blob::create(std::span<const uint8_t> key, std::size_t payload_size) {
  const std::size_t size = sizeof(Blob) + key.size() + payload_size;
  void* mem = std::malloc(size);
  if (mem == nullptr) return nullptr;
  Blob* b = new (mem) Blob;
  b->refs.store(1, std::memory_order_relaxed);
  b->expire = 0;
  b->ring_index = 0;
  b->payload_size = static_cast<uint32_t>(payload_size);
  b->key_size = static_cast<uint16_t>(key.size());
  b->clock = 0;
  b->tag.store(0, std::memory_order_relaxed);
  std::memcpy(b->key_data(), key.data(), key.size());
  b->charged = static_cast<uint32_t>(malloc_usable_size(mem) + kMallocHeader);
  return b;
}

void Blob::release(Blob* b) {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    b->~Blob();
    std::free(b);
  }
}

}  // namespace dns4eu::cache::internal
