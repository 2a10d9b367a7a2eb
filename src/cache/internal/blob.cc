// internal/blob.cc — allocation of cache entries and their byte accounting.
#include "cache/internal/blob.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <new>

// jemalloc's control interface; a weak reference, so it is non-null exactly
// when jemalloc is the process's malloc (linked in, or LD_PRELOADed).
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen)
    __attribute__((weak));

namespace dns4eu::cache::internal {

namespace {
bool malloc_is_jemalloc() { return mallctl != nullptr; }
}  // namespace

Blob* Blob::create(std::span<const uint8_t> key, std::size_t payload_size) {
  if (key.size() > 0xFFFF || payload_size > 0xFFFFFFFFu) return nullptr;
  const std::size_t size = sizeof(Blob) + key.size() + payload_size;
  void* mem = std::malloc(size);
  if (mem == nullptr) return nullptr;
  Blob* b = new (mem) Blob;
  b->refs.store(1, std::memory_order_relaxed);
  b->expire = 0;
  b->payload_size = static_cast<uint32_t>(payload_size);
  b->key_size = static_cast<uint16_t>(key.size());
  b->clock = 0;
  b->tag.store(0, std::memory_order_relaxed);
  std::memcpy(b->key_data(), key.data(), key.size());
  return b;
}

std::size_t Blob::charge() const {
  // glibc keeps one size word before each chunk; jemalloc's small objects sit
  // in slabs without a header.
  const std::size_t chunk_header = malloc_is_jemalloc() ? 0 : 8;
  return malloc_usable_size(const_cast<Blob*>(this)) + chunk_header;
}

void Blob::release(Blob* b) {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    b->~Blob();
    std::free(b);
  }
}

}  // namespace dns4eu::cache::internal
