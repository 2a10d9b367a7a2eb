// suffix_filter_test.cc — the suffix filter: no false negatives, few false
// positives, and the allowlist mark only where an allowlist put it.
#include "policy/suffix_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace dns4eu::policy {
namespace {

uint64_t random_key(std::mt19937_64& rng) { return rng() & ~uint64_t{0xff}; }  // slot_key form

TEST(SuffixFilter, EveryAddedKeyIsAdmittedAndFewOthersAre) {
  std::mt19937_64 rng(11);
  const std::size_t n = 200000;
  std::vector<uint64_t> listed, allowed;
  for (std::size_t i = 0; i < n; ++i) listed.push_back(random_key(rng));
  for (std::size_t i = 0; i < 2000; ++i) allowed.push_back(random_key(rng));
  SuffixFilter f(n + 2 * allowed.size());
  for (uint64_t k : listed) f.add(k);
  for (uint64_t k : allowed) f.add(k, /*allowlisted=*/true);

  std::size_t listed_marked_allowed = 0;
  for (uint64_t k : listed) {
    unsigned t = SuffixFilter::test(f.where(k), k);
    ASSERT_TRUE(t & SuffixFilter::kMaybe) << "a false negative";
    listed_marked_allowed += (t & SuffixFilter::kMaybeAllowed) != 0;
  }
  for (uint64_t k : allowed) EXPECT_EQ(SuffixFilter::test(f.where(k), k), SuffixFilter::kMaybe | SuffixFilter::kMaybeAllowed);
  // The allowlist mark is its own set of bits: a listed key carries it only by chance.
  EXPECT_LT(listed_marked_allowed, n / 100) << listed_marked_allowed;

  std::size_t admitted = 0, admitted_as_allowed = 0;
  for (std::size_t i = 0; i < n; ++i) {
    uint64_t k = random_key(rng);
    unsigned t = SuffixFilter::test(f.where(k), k);
    admitted += (t & SuffixFilter::kMaybe) != 0;
    admitted_as_allowed += (t & SuffixFilter::kMaybeAllowed) != 0;
    if (t & SuffixFilter::kMaybeAllowed) {
      EXPECT_TRUE(t & SuffixFilter::kMaybe);
    }
  }
  // ~0.5 % false positives at 12 bits a key; 1.5 % leaves room for chance.
  EXPECT_LT(admitted, n * 15 / 1000) << admitted;
  EXPECT_LT(admitted_as_allowed, n / 1000) << admitted_as_allowed;
}

TEST(SuffixFilter, AnEmptyFilterAdmitsNothing) {
  SuffixFilter f;
  EXPECT_EQ(f.where(0x1234500), nullptr);
  EXPECT_EQ(SuffixFilter::test(f.where(0x1234500), 0x1234500), 0u);
  SuffixFilter::prefetch(nullptr);  // allowed: a lookup prefetches whatever where() gave
  EXPECT_EQ(f.memory_bytes(), 0u);
}

}  // namespace
}  // namespace dns4eu::policy
