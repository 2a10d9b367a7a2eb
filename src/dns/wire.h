// wire.h — bounds-checked reading and appending of big-endian wire fields.
//
// WireReader is a cursor over borrowed bytes: every read checks the bounds and
// fails with the offset instead of reading past the end. WireWriter appends to
// a std::vector it borrows. Neither knows about names or compression (see
// name.h and builder.h).
//
//   WireReader r(packet);
//   auto id = r.u16();              // Result<uint16_t>
//   if (!id) return tl::unexpected(id.error());
//
// Thread-safety: none; a reader/writer belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dns/result.h"

namespace dns4eu::dns {

inline uint16_t load_u16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t load_u32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}
inline void store_u16(uint8_t* p, uint16_t v) { p[0] = uint8_t(v >> 8); p[1] = uint8_t(v); }
inline void store_u32(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 24); p[1] = uint8_t(v >> 16); p[2] = uint8_t(v >> 8); p[3] = uint8_t(v);
}

class WireReader {
 public:
  explicit WireReader(std::span<const uint8_t> data, std::size_t offset = 0)
      : data_(data), pos_(offset) {}

  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return pos_ <= data_.size() ? data_.size() - pos_ : 0; }
  bool at_end() const { return pos_ >= data_.size(); }
  std::span<const uint8_t> data() const { return data_; }
  void seek(std::size_t offset) { pos_ = offset; }

  Result<uint8_t> u8() {
    if (remaining() < 1) return fail_at(ErrorCode::kOutOfBounds, pos_, "expected 1 octet");
    return data_[pos_++];
  }
  Result<uint16_t> u16() {
    if (remaining() < 2) return fail_at(ErrorCode::kOutOfBounds, pos_, "expected 2 octets");
    uint16_t v = load_u16(&data_[pos_]);
    pos_ += 2;
    return v;
  }
  Result<uint32_t> u32() {
    if (remaining() < 4) return fail_at(ErrorCode::kOutOfBounds, pos_, "expected 4 octets");
    uint32_t v = load_u32(&data_[pos_]);
    pos_ += 4;
    return v;
  }
  Result<std::span<const uint8_t>> bytes(std::size_t n) {
    if (remaining() < n) return fail_at(ErrorCode::kOutOfBounds, pos_, "expected " + std::to_string(n) + " octets");
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }

 private:
  std::span<const uint8_t> data_;
  std::size_t pos_;
};

class WireWriter {
 public:
  explicit WireWriter(std::vector<uint8_t>& out) : out_(out) {}
  std::size_t size() const { return out_.size(); }
  std::vector<uint8_t>& buffer() { return out_; }

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { out_.push_back(uint8_t(v >> 8)); out_.push_back(uint8_t(v)); }
  void u32(uint32_t v) { u16(uint16_t(v >> 16)); u16(uint16_t(v)); }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void patch_u16(std::size_t at, uint16_t v) { store_u16(&out_[at], v); }

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace dns4eu::dns
