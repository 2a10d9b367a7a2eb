// suffix_filter.cc — see suffix_filter.h.
#include "policy/suffix_filter.h"

namespace dns4eu::policy {

SuffixFilter::SuffixFilter(std::size_t expected_keys) {
  if (expected_keys == 0) return;
  blocks_ = expected_keys * 12 / 512 + 1;  // ~12 bits a key: ~1 % false positives with 6 bits set
  bits_ = std::make_unique<Block[]>(blocks_);
  for (std::size_t i = 0; i < blocks_; ++i)
    for (auto& w : bits_[i].w) w = 0;
}

}  // namespace dns4eu::policy
