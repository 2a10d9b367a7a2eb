// client_limiter_test.cc — per-client connection counting.
#include "net/client_limiter.h"

#include <gtest/gtest.h>

namespace dns4eu::net {
namespace {

Address addr(const char* text) { return *Address::parse(text); }

TEST(ClientLimiter, LimitsEachAddressSeparately) {
  ClientLimiter l(2);
  Address a = addr("192.0.2.1"), b = addr("192.0.2.2");
  EXPECT_TRUE(l.try_acquire(a));
  EXPECT_TRUE(l.try_acquire(a));
  EXPECT_FALSE(l.try_acquire(a));
  EXPECT_TRUE(l.try_acquire(b));
  l.release(a);
  EXPECT_EQ(l.count(a), 1u);
  EXPECT_TRUE(l.try_acquire(a));
}

TEST(ClientLimiter, ForgetsAddressesWithoutConnections) {
  ClientLimiter l(1);
  Address a = addr("192.0.2.1");
  ASSERT_TRUE(l.try_acquire(a));
  l.release(a);
  EXPECT_EQ(l.count(a), 0u);
  l.release(a);  // unbalanced release is harmless
  EXPECT_TRUE(l.try_acquire(a));
}

TEST(ClientLimiter, ZeroMeansUnlimitedAndSetMaxApplies) {
  ClientLimiter l(0);
  Address a = addr("192.0.2.1");
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(l.try_acquire(a));
  l.set_max(1);
  EXPECT_TRUE(l.try_acquire(a));
  EXPECT_FALSE(l.try_acquire(a));
}

}  // namespace
}  // namespace dns4eu::net
