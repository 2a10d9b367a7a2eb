// frame_ring.h — a bounded single-producer single-consumer ring of
// variable-length byte frames, filled in place: the producer asks for room
// for at most `max` bytes, writes (e.g. packs a protobuf) straight into it and
// commits the size it used; the consumer reads a batch of frames in place
// (as iovecs, e.g. for one fstrm_writer_writev) and then releases them.
// Never blocks, never allocates after construction: when there is no room
// the producer gets nullptr (the caller counts a drop).
//
//   FrameRing ring(1 << 20);
//   if (uint8_t* p = ring.begin_write(bound)) ring.commit_write(pack(p));
//   iovec iov[64]; auto [n, end] = ring.peek(iov, 64);  // consumer
//   write_frames(iov, n); ring.release(end);
//
// Layout: [u32 length][bytes][padding to 8], a length of kWrap sends the
// reader back to the start. Positions only grow; the index is pos & mask.
// Thread-safety: exactly one producer thread and one consumer thread.
#pragma once

#include <sys/uio.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

namespace dns4eu::telemetry::internal {

class FrameRing {
 public:
  // `capacity` in bytes, rounded up to a power of two (at least 4 KiB).
  explicit FrameRing(std::size_t capacity) {
    std::size_t c = 4096;
    while (c < capacity && c < (std::size_t{1} << 30)) c <<= 1;
    cap_ = c;
    buf_ = std::make_unique<uint64_t[]>(c / 8);  // 8-aligned
  }
  std::size_t capacity() const { return cap_; }

  // Room for up to `max` bytes, or nullptr (full, or larger than a quarter of the ring).
  uint8_t* begin_write(std::size_t max) {
    std::size_t need = round8(4 + max);
    if (need > cap_ / 4) return nullptr;
    uint64_t t = tail_.load(std::memory_order_relaxed);
    std::size_t idx = t & (cap_ - 1);
    std::size_t to_end = cap_ - idx;
    wrap_ = need > to_end;
    std::size_t want = wrap_ ? to_end + need : need;
    if (cap_ - (t - head_cache_) < want) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (cap_ - (t - head_cache_) < want) return nullptr;
    }
    return bytes() + (wrap_ ? 0 : idx) + 4;
  }
  // Publishes the `n` bytes written at begin_write()'s pointer (n <= max).
  void commit_write(std::size_t n) {
    uint64_t t = tail_.load(std::memory_order_relaxed);
    std::size_t idx = t & (cap_ - 1);
    if (wrap_) {
      store_u32(idx, kWrap);
      t += cap_ - idx;
      idx = 0;
    }
    store_u32(idx, static_cast<uint32_t>(n));
    tail_.store(t + round8(4 + n), std::memory_order_release);
  }

  // Up to `max` committed frames as iovecs into the ring; `.second` is the
  // position to release() once they are used. Frames stay valid until then.
  std::pair<std::size_t, uint64_t> peek(iovec* iov, std::size_t max) const {
    uint64_t h = head_.load(std::memory_order_relaxed);
    uint64_t t = tail_.load(std::memory_order_acquire);
    std::size_t n = 0;
    while (h != t && n < max) {
      std::size_t idx = h & (cap_ - 1);
      uint32_t len = load_u32(idx);
      if (len == kWrap) {
        h += cap_ - idx;
        continue;
      }
      iov[n++] = iovec{bytes() + idx + 4, len};
      h += round8(4 + len);
    }
    return {n, h};
  }
  void release(uint64_t position) { head_.store(position, std::memory_order_release); }
  bool empty() const { return head_.load(std::memory_order_relaxed) == tail_.load(std::memory_order_acquire); }

 private:
  static constexpr uint32_t kWrap = 0xFFFFFFFFu;
  static std::size_t round8(std::size_t n) { return (n + 7) & ~std::size_t{7}; }
  uint8_t* bytes() const { return reinterpret_cast<uint8_t*>(buf_.get()); }
  void store_u32(std::size_t idx, uint32_t v) { std::memcpy(bytes() + idx, &v, 4); }
  uint32_t load_u32(std::size_t idx) const {
    uint32_t v;
    std::memcpy(&v, bytes() + idx, 4);
    return v;
  }

  std::unique_ptr<uint64_t[]> buf_;
  std::size_t cap_ = 0;
  alignas(64) std::atomic<uint64_t> head_{0};  // consumer
  alignas(64) std::atomic<uint64_t> tail_{0};  // producer
  uint64_t head_cache_ = 0;                    // producer's last view of head_
  bool wrap_ = false;                          // producer: begin_write chose to wrap
};

}  // namespace dns4eu::telemetry::internal
