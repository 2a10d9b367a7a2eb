// domain_set.h — a compact immutable set of domain-name rules for lists of
// tens of millions of names, and the per-query suffix keys that probe it.
//
// Each rule is one 64-bit slot: a 56-bit hash (XXH3) of the lower-cased wire
// form of its owner name, and 8 bits of flags (does it cover the name itself,
// the names below it, is it an exception, which RPZ action). Slots live in
// one open-addressing table (linear probing, load 0.5), so a list costs
// 16 bytes per name and a probe about one cache miss (a miss reads ~2.5
// slots, usually of one cache line). Names are not
// stored: a query knows its own name, so a match is reported as "the suffix
// with N labels", and two names share a slot with probability ~2^-56 per
// probe. Duplicate owners merge their flags.
//
//   DomainSet::Builder b;
//   b.add(lower_wire("example.com"), kSelf | kBelow);
//   DomainSet set = std::move(b).build();
//   NameKeys keys(*Name::from_text("www.example.com."));
//   set.probe_key(keys.key(1));   // kSelf | kBelow: example.com is suffix 1
//
// Thread-safety: a built DomainSet is immutable and safe to share; a Builder
// belongs to one thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"
#include "policy/internal/big_array.h"

namespace dns4eu::policy {

// Flags of one rule (one byte of a slot).
inline constexpr uint8_t kSelf = 0x01;         // matches the owner name itself
inline constexpr uint8_t kBelow = 0x02;        // matches every name below the owner
inline constexpr uint8_t kExceptSelf = 0x04;   // exception (adblock @@) for the owner
inline constexpr uint8_t kExceptBelow = 0x08;  // exception for the names below
inline constexpr uint8_t kActionShift = 4;     // bits 4-6: RPZ rule action (RuleAction), 0: the list's
inline constexpr uint8_t kActionMask = 0x70;
inline constexpr uint8_t kSideTable = 0x80;    // details in the list's side table (RPZ)

// Hash of a lower-cased uncompressed wire-form name.
uint64_t name_hash(std::span<const uint8_t> lower_wire);

// Lower-cased wire form of presentation text without escapes (the form of
// list entries). Accepts letters, digits, '-', '_' and '*' in labels; a
// trailing dot is optional. Returns the wire size, or an error saying why.
Result<std::size_t> text_to_lower_wire(std::string_view text, uint8_t (&out)[dns::Name::kMaxWireSize]);

// The 56 bits of a name hash that a slot keeps (never 0: 0 marks an empty slot).
inline uint64_t slot_key(uint64_t hash) {
  uint64_t key = hash & ~uint64_t{0xff};
  return key == 0 ? 0x100 : key;
}

// The keys (slot_key of the hash) of a query name's suffixes: key(0) is the
// whole name, key(i) the name without its i leftmost labels; the root is not
// included.
class NameKeys {
 public:
  explicit NameKeys(const dns::Name& name);
  int count() const { return count_; }
  uint64_t key(int i) const { return keys_[i]; }
  // The first suffix from `i` on that is not skipped (skip(): no list can hold
  // it, a SuffixFilter said so); count() when none is. List::match_name walks these.
  int next(int i) const {
    for (; i < count_; i = (i | 63) + 1) {
      uint64_t left = ~skip_[i >> 6] >> (i & 63);
      if (left) return std::min(count_, i + __builtin_ctzll(left));
    }
    return count_;
  }
  void skip(int i) { skip_[i >> 6] |= uint64_t{1} << (i & 63); }
  const dns::Name& name() const { return *name_; }

 private:
  const dns::Name* name_;
  int count_ = 0;
  uint64_t skip_[2] = {0, 0};  // one bit a suffix
  uint64_t keys_[128];
};

class DomainSet {
 public:
  class Builder {
   public:
    // `lower_wire`: lower-cased uncompressed wire form.
    void add(std::span<const uint8_t> lower_wire, uint8_t flags) { add_hash(name_hash(lower_wire), flags); }
    void add_hash(uint64_t hash, uint8_t flags);
    std::size_t size() const { return slots_.size(); }
    DomainSet build() &&;

   private:
    std::vector<uint64_t> slots_;
  };

  DomainSet() = default;
  // The flags of the rule whose owner has this hash, 0 when there is none.
  uint8_t probe(uint64_t hash) const { return probe_key(slot_key(hash)); }
  // The same for a key (slot_key form, as NameKeys holds them).
  uint8_t probe_key(uint64_t want) const {
    if (capacity_ == 0) return 0;
    for (std::size_t i = home(want);; i = (i + 1 == capacity_) ? 0 : i + 1) {
      uint64_t s = table_[i];
      if (s == 0) return 0;
      if ((s & ~uint64_t{0xff}) == want) return static_cast<uint8_t>(s);
    }
  }
  void prefetch_key(uint64_t key) const {
    if (capacity_) __builtin_prefetch(&table_[home(key)]);
  }
  // Calls fn(key) for the key (slot_key form) of every rule.
  template <typename Fn>
  void for_each_key(Fn&& fn) const {
    for (std::size_t i = 0; i < capacity_; ++i)
      if (table_[i]) fn(table_[i] & ~uint64_t{0xff});
  }
  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return capacity_ * sizeof(uint64_t); }

 private:
  std::size_t home(uint64_t hash) const {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(hash) * capacity_) >> 64);
  }
  internal::BigArray<uint64_t> table_;  // huge pages: a probe rarely misses the TLB
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

}  // namespace dns4eu::policy
