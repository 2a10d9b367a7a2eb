// internal/key.h — building cache keys on the stack: the lower-cased owner
// wire followed by a short fixed suffix (type, class, flags...), and the
// "name at or below" test used by flush_below.
//
//   KeyBuf k(name);  k.u16(uint16_t(type));  k.u16(uint16_t(rclass));
//   KeyRef ref = k.ref();        // bytes + hash, ready for Store::find
//
// Thread-safety: value types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "dns/name.h"

namespace dns4eu::cache::internal {

struct KeyRef {
  std::span<const uint8_t> bytes;
  std::size_t hash;
};

std::size_t hash_key(std::span<const uint8_t> bytes);

class KeyBuf {
 public:
  static constexpr std::size_t kMaxSuffix = 16;

  explicit KeyBuf(const dns::Name& name) {
    auto w = name.wire();
    for (std::size_t i = 0; i < w.size(); ++i) buf_[i] = dns::ascii_lower(w[i]);
    size_ = w.size();
  }
  void u8(uint8_t v) { buf_[size_++] = v; }
  void u16(uint16_t v) {
    buf_[size_++] = uint8_t(v >> 8);
    buf_[size_++] = uint8_t(v);
  }
  std::span<const uint8_t> bytes() const { return {buf_, size_}; }
  KeyRef ref() const { return {bytes(), hash_key(bytes())}; }

 private:
  uint8_t buf_[dns::Name::kMaxWireSize + kMaxSuffix];
  std::size_t size_ = 0;
};

// Length of the name wire at the start of a key (keys always start with a
// well-formed uncompressed name).
std::size_t key_name_size(std::span<const uint8_t> key);

// True when the name at the start of `key` equals `lower_wire` (a lower-cased
// uncompressed name) or lies below it.
bool key_name_at_or_below(std::span<const uint8_t> key, std::span<const uint8_t> lower_wire);

}  // namespace dns4eu::cache::internal
