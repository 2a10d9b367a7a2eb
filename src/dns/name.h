// name.h — DNS domain names in wire form (RFC 1035 §3.1, RFC 4034 §6.1).
//
// A Name owns its uncompressed wire form in an inline 255-octet buffer: no
// heap allocation, cheap to copy, safe to keep. Case is preserved as received;
// comparison, hashing and ordering are ASCII case-insensitive. Limits are
// enforced on every constructor: labels ≤ 63 octets, names ≤ 255 octets.
//
//   auto n = Name::from_text("www.Example.com.");
//   n->is_subdomain_of(*Name::from_text("example.com."));   // true
//   n->to_text();                                           // "www.Example.com."
//
// Reading names out of packets (with compression pointers) is done by
// Name::from_packet / skip_packet_name, which reject pointer loops, forward
// pointers and out-of-bounds reads with the offending packet offset.
//
// Thread-safety: a value type; const methods are safe to call concurrently.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::dns {

class Name {
 public:
  static constexpr std::size_t kMaxWireSize = 255;
  static constexpr std::size_t kMaxLabelSize = 63;

  // The root name ".".
  Name() : size_(1) { buf_[0] = 0; }

  // Presentation form with escapes (\. \\ \DDD). A name without a trailing dot
  // is relative: `origin` is appended when given, else it is taken as absolute.
  // "@" is not special here (the zone reader handles it).
  static Result<Name> from_text(std::string_view text, const Name* origin = nullptr);
  // Exact uncompressed wire form; the whole span must be one name.
  static Result<Name> from_wire(std::span<const uint8_t> wire);
  // A possibly compressed name at `offset` in `packet`. On success `offset`
  // is advanced past the name as it appears at that position.
  static Result<Name> from_packet(std::span<const uint8_t> packet, std::size_t& offset);

  std::string to_text() const;                      // always ends in "."
  std::span<const uint8_t> wire() const { return {buf_, size_}; }
  std::size_t wire_size() const { return size_; }
  bool is_root() const { return size_ == 1; }

  // Labels, 0 = leftmost. The root has no labels.
  int label_count() const;
  std::string_view label(int index) const;

  // The name with its leftmost label removed (root stays root).
  Name parent() const;
  // The rightmost `count` labels (count ≥ label_count() gives the name itself).
  Name suffix(int count) const;
  // `label` + this name.
  Result<Name> prepend_label(std::string_view label) const;
  // this name + `suffix` (this name is treated as relative: its root label is dropped).
  Result<Name> concat(const Name& suffix) const;
  // Replaces the `old_suffix` of this name with `new_suffix` (DNAME substitution).
  Result<Name> replace_suffix(const Name& old_suffix, const Name& new_suffix) const;

  // True when this name equals `other` or lies below it.
  bool is_subdomain_of(const Name& other) const;
  // Number of rightmost labels shared with `other`.
  int common_labels(const Name& other) const;

  Name lowercased() const;
  std::size_t hash() const;  // case-insensitive

  // RFC 4034 §6.1 canonical ordering: <0, 0, >0.
  int canonical_compare(const Name& other) const;

  friend bool operator==(const Name& a, const Name& b);
  friend bool operator<(const Name& a, const Name& b) { return a.canonical_compare(b) < 0; }

 private:
  uint8_t buf_[kMaxWireSize];
  uint8_t size_;
};

struct NameHash {
  std::size_t operator()(const Name& n) const { return n.hash(); }
};

// Validates and skips a possibly compressed name at `offset` in `packet`,
// advancing `offset` past it, without copying. Returns the uncompressed size.
Result<std::size_t> skip_packet_name(std::span<const uint8_t> packet, std::size_t& offset);

// Case-insensitive equality of a (possibly compressed) name in a packet with `name`.
bool packet_name_equals(std::span<const uint8_t> packet, std::size_t offset, const Name& name);

// ASCII lower-casing of one octet (DNS names are compared ASCII case-insensitively).
inline uint8_t ascii_lower(uint8_t c) { return (c >= 'A' && c <= 'Z') ? uint8_t(c + 32) : c; }

}  // namespace dns4eu::dns
