// suffix_filter.h — a blocked Bloom filter over the owner names of every list
// of a policy snapshot, so that a lookup probes the lists only for the
// suffixes of a name that some list may hold. Most queried names are in no
// list: their suffixes then cost one filter probe each (a 64-byte block, ~12
// bits a name, so 10 M names take 15 MB) instead of one probe per list.
// Allowlists' owners carry a second mark in the same block, so that a listed
// name probes the allowlists only when one may hold a suffix of it.
//
//   SuffixFilter f(total_names);
//   set.for_each_key([&](uint64_t k) { f.add(k); });
//   allow.for_each_key([&](uint64_t k) { f.add(k, /*allowlisted=*/true); });
//   const SuffixFilter::Block* b = f.where(key);   // key: slot_key(hash)
//   SuffixFilter::prefetch(b);
//   if (SuffixFilter::test(b, key) & SuffixFilter::kMaybe) probe_the_lists();
//
// False positives (~0.5 % measured at 12 bits a key) only cost the list
// probes; there are no false negatives. Thread-safety: immutable once built.
#pragma once

#include <cstddef>
#include <cstdint>

#include "policy/internal/big_array.h"

namespace dns4eu::policy {

class SuffixFilter {
 public:
  SuffixFilter() = default;
  explicit SuffixFilter(std::size_t expected_keys);
  // `key`: slot_key(hash). `allowlisted`: an allowlist holds it (a second
  // set of bits in the same block).
  void add(uint64_t key, bool allowlisted = false) {
    if (blocks_ == 0) return;
    Block& b = bits_[block(key)];
    set(b, mix(key));
    if (allowlisted) set(b, mix(key ^ kAllowSalt));
  }

  // A lookup: where(key) once, prefetch() while the other keys are hashed,
  // then test(). where() is null for an empty filter (no lists).
  struct Block {
    alignas(64) uint64_t w[8];
  };
  const Block* where(uint64_t key) const { return blocks_ ? &bits_[block(key)] : nullptr; }
  static void prefetch(const Block* b) {
    if (b) __builtin_prefetch(b);
  }
  // kMaybe when some list may hold `key`, plus kMaybeAllowed when an
  // allowlist may; 0 only when no list holds it. Both from the one block,
  // each test stopping at the first bit not set.
  static constexpr unsigned kMaybe = 1, kMaybeAllowed = 2;
  static unsigned test(const Block* b, uint64_t key) {
    if (!b || !has(*b, mix(key))) return 0;
    return kMaybe | (has(*b, mix(key ^ kAllowSalt)) ? kMaybeAllowed : 0);
  }
  std::size_t memory_bytes() const { return blocks_ * sizeof(Block); }

 private:
  static constexpr int kBits = 6;
  static constexpr uint64_t kAllowSalt = 0x2545f4914f6cdd1dull;  // the allowlist marks' own bit positions
  static void set(Block& b, uint64_t h) {
    for (int i = 0; i < kBits; ++i, h >>= 9) b.w[(h >> 6) & 7] |= uint64_t{1} << (h & 63);
  }
  static bool has(const Block& b, uint64_t h) {
    for (int i = 0; i < kBits; ++i, h >>= 9)
      if (!(b.w[(h >> 6) & 7] & (uint64_t{1} << (h & 63)))) return false;
    return true;
  }
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
