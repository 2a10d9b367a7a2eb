// packed_rdata.h — a read-only, allocation-free view of RDATAs packed as
// [u16 length][octets] repeated, the form in which the caches store them.
//
//   for (std::span<const uint8_t> rd : ref.rdatas()) send(rd);
//   std::size_t n = ref.rdatas().count();
//
// The view borrows memory owned by a cache handle (RRsetRef, NegativeRef);
// it must not outlive it. Thread-safety: a value type over immutable bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace dns4eu::cache {

class PackedRdata {
 public:
  class Iterator {
   public:
    explicit Iterator(const uint8_t* p) : p_(p) {}
    std::span<const uint8_t> operator*() const {
      return {p_ + 2, static_cast<std::size_t>((p_[0] << 8) | p_[1])};
    }
    Iterator& operator++() {
      p_ += 2 + ((p_[0] << 8) | p_[1]);
      return *this;
    }
    bool operator==(const Iterator& o) const { return p_ == o.p_; }

   private:
    const uint8_t* p_;
  };

  PackedRdata() = default;
  PackedRdata(const uint8_t* data, std::size_t size, uint16_t count)
      : data_(data), size_(size), count_(count) {}

  Iterator begin() const { return Iterator(data_); }
  Iterator end() const { return Iterator(data_ + size_); }
  std::size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // The packed bytes (lengths included).
  std::span<const uint8_t> bytes() const { return {data_, size_}; }

 private:
  const uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  uint16_t count_ = 0;
};

}  // namespace dns4eu::cache
