// process_memory_test.cc — the resident set follows what the process touches;
// the unit tests run on glibc's malloc, so jemalloc's figures are absent.
#include "daemon/process_memory.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

namespace dns4eu::daemon {
namespace {

TEST(ProcessMemory, ResidentSetGrowsWithTouchedMemory) {
  auto before = resident_bytes();
  ASSERT_TRUE(before.has_value());
  EXPECT_GT(*before, 1u << 20);  // a running test binary holds more than 1 MiB
  constexpr std::size_t kSize = 64u << 20;
  std::unique_ptr<char[]> block(new char[kSize]);
  std::memset(block.get(), 1, kSize);  // touched: resident now
  auto after = resident_bytes();
  ASSERT_TRUE(after.has_value());
  EXPECT_GE(*after, *before + kSize / 2) << "64 MiB touched";
  EXPECT_EQ(block[kSize - 1], 1);
}

TEST(ProcessMemory, NoAllocatorFiguresUnderGlibcMalloc) {
  // This test binary is not linked with jemalloc (dns4eud is, in release builds).
  EXPECT_FALSE(allocator_memory().has_value());
}

}  // namespace
}  // namespace dns4eu::daemon
