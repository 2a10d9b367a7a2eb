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
//   set.probe(keys.hash(1));   // kSelf | kBelow: example.com is suffix 1
//
// Thread-safety: a built DomainSet is immutable and safe to share; a Builder
// belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"

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

// The hashes of a query name's suffixes: hash(0) is the whole name, hash(i)
// the name without its i leftmost labels; the root is not included.
class NameKeys {
 public:
  explicit NameKeys(const dns::Name& name);
  int count() const { return count_; }
  uint64_t hash(int i) const { return hashes_[i]; }
  // Suffixes no list can hold (a SuffixFilter said so) are skipped by List::match_name.
  bool skipped(int i) const { return skip_[i]; }
  void skip(int i) { skip_[i] = true; }
  const dns::Name& name() const { return *name_; }

 private:
  const dns::Name* name_;
  int count_ = 0;
  uint64_t hashes_[128];
  bool skip_[128] = {};
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
  // The 56 bits of a hash that a slot keeps (never 0: 0 marks an empty slot).
  static uint64_t key_of(uint64_t hash) {
    uint64_t key = hash & ~uint64_t{0xff};
    return key == 0 ? 0x100 : key;
  }
  // The flags of the rule whose owner has this hash, 0 when there is none.
  uint8_t probe(uint64_t hash) const {
    if (capacity_ == 0) return 0;
    uint64_t want = key_of(hash);
    for (std::size_t i = home(want);; i = (i + 1 == capacity_) ? 0 : i + 1) {
      uint64_t s = table_[i];
      if (s == 0) return 0;
      if ((s & ~uint64_t{0xff}) == want) return static_cast<uint8_t>(s);
    }
  }
  void prefetch(uint64_t hash) const {
    if (capacity_) __builtin_prefetch(&table_[home(key_of(hash))]);
  }
  // Calls fn(key) for the key (DomainSet::key_of form) of every rule.
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
  std::unique_ptr<uint64_t[]> table_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

}  // namespace dns4eu::policy
