// suffix_filter.h — a blocked Bloom filter over the owner names of every list
// of a policy snapshot, so that a lookup probes the lists only for the
// suffixes of a name that some list may hold. Most queried names are in no
// list: their suffixes then cost one filter probe each (a 64-byte block, ~12
// bits a name, so 10 M names take 15 MB) instead of one probe per list.
//
//   SuffixFilter f(total_names);
//   set.for_each_key([&](uint64_t k) { f.add(k); });
//   if (f.maybe(slot_key(hash))) probe_the_lists();
//
// False positives (~1 %) only cost the list probes; there are no false
// negatives. Thread-safety: immutable once built.
#pragma once

#include <cstddef>
#include <cstdint>

#include "policy/internal/big_array.h"

namespace dns4eu::policy {

class SuffixFilter {
 public:
  SuffixFilter() = default;
  explicit SuffixFilter(std::size_t expected_keys);
  // `key`: slot_key(hash).
  void add(uint64_t key) {
    if (blocks_ == 0) return;
    Block& b = bits_[block(key)];
    uint64_t h = mix(key);
    for (int i = 0; i < kBits; ++i, h >>= 9) b.w[(h >> 6) & 7] |= uint64_t{1} << (h & 63);
  }
  // False only when no list holds `key`. An empty filter (no lists) says false.
  bool maybe(uint64_t key) const {
    if (blocks_ == 0) return false;
    const Block& b = bits_[block(key)];
    uint64_t h = mix(key);
    for (int i = 0; i < kBits; ++i, h >>= 9)
      if (!(b.w[(h >> 6) & 7] & (uint64_t{1} << (h & 63)))) return false;
    return true;
  }
  void prefetch(uint64_t key) const {
    if (blocks_) __builtin_prefetch(&bits_[block(key)]);
  }
  std::size_t memory_bytes() const { return blocks_ * sizeof(Block); }

 private:
  static constexpr int kBits = 6;
  struct alignas(64) Block {
    uint64_t w[8];
  };
  static uint64_t mix(uint64_t key) {
    key ^= key >> 31;
    key *= 0xbf58476d1ce4e5b9ull;
    return key ^ (key >> 29);
  }
  std::size_t block(uint64_t key) const {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(key * 0x9e3779b97f4a7c15ull) * blocks_) >> 64);
  }
  internal::BigArray<Block> bits_;
  std::size_t blocks_ = 0;
};

}  // namespace dns4eu::policy
