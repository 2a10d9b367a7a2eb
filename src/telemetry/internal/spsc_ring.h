// spsc_ring.h — a bounded single-producer single-consumer ring of values:
// try_push never blocks and fails when full (the caller counts the drop),
// try_pop takes the oldest. Head and tail sit on their own cache lines.
//
//   SpscRing<Record> ring(1024);
//   if (!ring.try_push(r)) ++drops;        // producer thread
//   Record out; while (ring.try_pop(out)) write(out);   // consumer thread
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
