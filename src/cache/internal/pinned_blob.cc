// pinned_blob.cc — see pinned_blob.h.
#include "cache/internal/pinned_blob.h"

#include "cache/internal/blob.h"

namespace dns4eu::cache::internal {

PinnedBlob::PinnedBlob(const PinnedBlob& o) : b_(o.b_) {
  if (b_) b_->acquire();
}

PinnedBlob::~PinnedBlob() {
  if (b_) Blob::release(b_);
}

}  // namespace dns4eu::cache::internal
