// frame_ring_test.cc — the dnstap frame ring: frames come back in order and
// intact across the wrap-around, a full ring refuses, a consumer thread keeps up.
#include "telemetry/internal/frame_ring.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace dns4eu::telemetry::internal {
namespace {

TEST(FrameRing, KeepsOrderAndBytesAcrossTheWrapAndRefusesWhenFull) {
  FrameRing ring(4096);
  uint32_t next_in = 0, next_out = 0;
  for (int round = 0; round < 200; ++round) {
    int pushed = 0;
    for (;;) {
      std::size_t len = 1 + (next_in * 37) % 300;
      uint8_t* p = ring.begin_write(len);
      if (!p) break;
      for (std::size_t i = 0; i < len; ++i) p[i] = static_cast<uint8_t>(next_in + i);
      ring.commit_write(len);
      ++next_in, ++pushed;
    }
    EXPECT_GT(pushed, 0);
    iovec iov[8];
    for (;;) {
      auto [n, end] = ring.peek(iov, 8);
      if (n == 0) break;
      for (std::size_t k = 0; k < n; ++k, ++next_out) {
        ASSERT_EQ(iov[k].iov_len, 1 + (next_out * 37) % 300);
        auto* b = static_cast<uint8_t*>(iov[k].iov_base);
        for (std::size_t i = 0; i < iov[k].iov_len; ++i) ASSERT_EQ(b[i], static_cast<uint8_t>(next_out + i));
      }
      ring.release(end);
    }
  }
  EXPECT_EQ(next_in, next_out);
  EXPECT_EQ(ring.begin_write(2000), nullptr);  // more than a quarter of the ring
}

TEST(FrameRing, ConsumerThreadSeesEveryFrameOnce) {
  FrameRing ring(1 << 14);
  constexpr uint32_t kFrames = 200000;
  std::thread consumer([&] {
    uint32_t expect = 0;
    iovec iov[32];
    while (expect < kFrames) {
      auto [n, end] = ring.peek(iov, 32);
      for (std::size_t k = 0; k < n; ++k, ++expect) {
        uint32_t v;
        std::memcpy(&v, iov[k].iov_base, 4);
        ASSERT_EQ(v, expect);
      }
      ring.release(end);
    }
  });
  for (uint32_t i = 0; i < kFrames;) {
    uint8_t* p = ring.begin_write(4 + i % 100);
    if (!p) continue;
    std::memcpy(p, &i, 4);
    ring.commit_write(4 + i % 100);
    ++i;
  }
  consumer.join();
}

}  // namespace
}  // namespace dns4eu::telemetry::internal
