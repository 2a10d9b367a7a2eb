// internal/big_array.h — a zeroed, fixed-size array for the policy engine's
// tables of many megabytes (a 10-million-name list is a 160 MB table probed
// at random). Arrays of 2 MiB and more are mmap'ed on a 2 MiB boundary with
// transparent huge pages asked for (madvise MADV_HUGEPAGE): a random probe
// then misses the TLB far less often, which on a virtual machine (two-level
// page walks) is a good part of a probe's cost. Where the kernel gives no huge
// pages the array is an ordinary anonymous mapping. Smaller arrays come from
// the heap.
//
//   BigArray<uint64_t> table(capacity);   // all zero
//   table[i] = slot;
//
// Thread-safety: like a plain array (immutable once filled, then shareable).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace dns4eu::policy::internal {

template <typename T>
class BigArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  static constexpr std::size_t kHugePage = std::size_t{2} << 20;

  BigArray() = default;
  explicit BigArray(std::size_t n) : size_(n) {
    if (n == 0) return;
    std::size_t bytes = n * sizeof(T);
    if (bytes >= kHugePage) {
      // Map one huge page more than needed, keep the 2 MiB-aligned part.
      mapped_ = (bytes + kHugePage - 1) / kHugePage * kHugePage;
      void* p = ::mmap(nullptr, mapped_ + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED) throw std::bad_alloc();
      auto base = reinterpret_cast<uintptr_t>(p);
      uintptr_t aligned = (base + kHugePage - 1) & ~(uintptr_t{kHugePage} - 1);
      if (aligned > base) ::munmap(p, aligned - base);
      if (uintptr_t end = base + mapped_ + kHugePage; end > aligned + mapped_)
        ::munmap(reinterpret_cast<void*>(aligned + mapped_), end - (aligned + mapped_));
      (void)::madvise(reinterpret_cast<void*>(aligned), mapped_, MADV_HUGEPAGE);  // a hint: fine if refused
      data_ = reinterpret_cast<T*>(aligned);  // anonymous pages read as zero
    } else {
      std::size_t align = alignof(T) < 64 ? 64 : alignof(T);
      void* p = std::aligned_alloc(align, (bytes + align - 1) / align * align);
      if (!p) throw std::bad_alloc();
      std::memset(p, 0, bytes);
      data_ = static_cast<T*>(p);
    }
  }
  BigArray(BigArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)), size_(std::exchange(o.size_, 0)), mapped_(std::exchange(o.mapped_, 0)) {}
  BigArray& operator=(BigArray&& o) noexcept {
    if (this != &o) {
      release();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      mapped_ = std::exchange(o.mapped_, 0);
    }
    return *this;
  }
  BigArray(const BigArray&) = delete;
  BigArray& operator=(const BigArray&) = delete;
  ~BigArray() { release(); }

  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  std::size_t size() const { return size_; }

 private:
  void release() {
    if (!data_) return;
    if (mapped_)
      ::munmap(data_, mapped_);
    else
      std::free(data_);
    data_ = nullptr;
  }
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t mapped_ = 0;  // 0: from the heap
};

}  // namespace dns4eu::policy::internal
