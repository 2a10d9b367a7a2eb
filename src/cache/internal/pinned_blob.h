// pinned_blob.h — an owning reference to a cache entry's Blob: copying
// acquires a reference, destroying releases it, so an entry stays readable
// while a handle (RRsetRef, NegativeRef) holds it, even after eviction.
//
//   b.acquire();                       // under the shard lock
//   PinnedBlob pin(&b);                // adopts that reference
//
// Thread-safety: the reference count is atomic; one PinnedBlob object is
// used by one thread at a time.
#pragma once

#include <utility>

namespace dns4eu::cache::internal {

struct Blob;

class PinnedBlob {
 public:
  PinnedBlob() = default;
  explicit PinnedBlob(Blob* adopted) : b_(adopted) {}  // takes over one reference
  PinnedBlob(const PinnedBlob& o);
  PinnedBlob(PinnedBlob&& o) noexcept : b_(std::exchange(o.b_, nullptr)) {}
  PinnedBlob& operator=(PinnedBlob o) noexcept {
    std::swap(b_, o.b_);
    return *this;
  }
  ~PinnedBlob();

  Blob* operator->() const { return b_; }
  Blob* get() const { return b_; }

 private:
  Blob* b_ = nullptr;
};

}  // namespace dns4eu::cache::internal
