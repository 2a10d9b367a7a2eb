// spsc_ring.h — a bounded single-producer single-consumer ring of values:
// try_push never blocks and fails when full (the caller counts the drop),
// try_pop takes the oldest. Head and tail sit on their own cache lines.
// For large values, the producer can fill a slot in place (begin_push /
// commit_push) and the consumer read slots in place (consume), releasing
// them in batches: no copies, and no cache-line ping-pong per value.
//
//   SpscRing<Record> ring(1024);
//   if (!ring.try_push(r)) ++drops;        // producer thread
//   if (Record* s = ring.begin_push()) { fill(*s); ring.commit_push(); } else ++drops;
//   Record out; while (ring.try_pop(out)) write(out);   // consumer thread
//   ring.consume([](const Record& r) { write(r); });     // or in place
//
// Thread-safety: exactly one producer thread and one consumer thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

namespace dns4eu::telemetry::internal {

template <typename T>
class SpscRing {
 public:
  explicit SpscRing(std::size_t capacity) : slots_(capacity + 1) {}

  bool try_push(const T& v) {
    std::size_t t = tail_.load(std::memory_order_relaxed);
    std::size_t next = t + 1 == slots_.size() ? 0 : t + 1;
    if (next == head_cache_) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (next == head_cache_) return false;
    }
    slots_[t] = v;
    tail_.store(next, std::memory_order_release);
    return true;
  }

  // The next free slot (holding a stale value), or nullptr when full.
  T* begin_push() {
    std::size_t t = tail_.load(std::memory_order_relaxed);
    std::size_t next = t + 1 == slots_.size() ? 0 : t + 1;
    if (next == head_cache_) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (next == head_cache_) return nullptr;
    }
    return &slots_[t];
  }
  // Publishes the slot begin_push() returned.
  void commit_push() {
    std::size_t t = tail_.load(std::memory_order_relaxed);
    tail_.store(t + 1 == slots_.size() ? 0 : t + 1, std::memory_order_release);
  }

  // Calls f(const T&) on every value present, in order, and frees their
  // slots (every 256 values and at the end). Returns how many.
  template <typename F>
  std::size_t consume(F&& f) {
    std::size_t h = head_.load(std::memory_order_relaxed);
    std::size_t t = tail_.load(std::memory_order_acquire);
    std::size_t n = 0;
    while (h != t) {
      f(static_cast<const T&>(slots_[h]));
      h = h + 1 == slots_.size() ? 0 : h + 1;
      if ((++n & 255) == 0) head_.store(h, std::memory_order_release);
    }
    head_.store(h, std::memory_order_release);
    return n;
  }

  bool try_pop(T& out) {
    std::size_t h = head_.load(std::memory_order_relaxed);
    if (h == tail_.load(std::memory_order_acquire)) return false;
    out = slots_[h];
    head_.store(h + 1 == slots_.size() ? 0 : h + 1, std::memory_order_release);
    return true;
  }

 private:
  std::vector<T> slots_;
  alignas(64) std::atomic<std::size_t> head_{0};  // consumer
  alignas(64) std::atomic<std::size_t> tail_{0};  // producer
  std::size_t head_cache_ = 0;                    // producer's last view of head_
};

}  // namespace dns4eu::telemetry::internal
