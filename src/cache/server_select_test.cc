// server_select_test.cc — choosing the fastest server, exploring, skipping
// servers in backoff.
#include "cache/server_select.h"

#include <gtest/gtest.h>

#include <vector>

namespace dns4eu::cache {
namespace {

ServerAddr S(const char* ip) { return *ServerAddr::from_text(ip); }

constexpr uint64_t kNoExplore = 0xFFFFFFFFull;  // coin at the top: never below p

TEST(ServerSelect, EmptyListGivesNothing) {
  InfraCache c(InfraConfig{});
  EXPECT_FALSE(select_server(c, {}, 0, 0));
}

TEST(ServerSelect, PicksLowestSrtt) {
  InfraCache c(InfraConfig{});
  std::vector<ServerAddr> s = {S("192.0.2.1"), S("192.0.2.2"), S("192.0.2.3")};
  c.record_rtt(s[0], 120, 0);
  c.record_rtt(s[1], 30, 0);
  c.record_rtt(s[2], 80, 0);
  for (uint64_t hi = 0; hi < 10; ++hi) EXPECT_EQ(select_server(c, s, 0, (hi << 32) | kNoExplore), 1u);
}

TEST(ServerSelect, UnknownRanksAsUnknownRtt) {
  InfraCache c(InfraConfig{});
  std::vector<ServerAddr> s = {S("192.0.2.1"), S("192.0.2.2")};
  c.record_rtt(s[0], 500, 0);
  EXPECT_EQ(select_server(c, s, 0, kNoExplore), 1u);  // unknown (376) beats 500
  c.record_rtt(s[0], 10, 0);
  c.record_rtt(s[0], 10, 0);
  for (int k = 0; k < 30; ++k) c.record_rtt(s[0], 10, 0);
  EXPECT_EQ(select_server(c, s, 0, kNoExplore), 0u);
}

TEST(ServerSelect, ExploresWithSmallProbability) {
  InfraCache c(InfraConfig{});
  std::vector<ServerAddr> s = {S("192.0.2.1"), S("192.0.2.2"), S("192.0.2.3")};
  c.record_rtt(s[0], 10, 0);
  c.record_rtt(s[1], 200, 0);
  // Coin 0 is below 5%: the pick bits choose uniformly among all.
  EXPECT_EQ(select_server(c, s, 0, (uint64_t(1) << 32) | 0), 1u);
  EXPECT_EQ(select_server(c, s, 0, (uint64_t(2) << 32) | 0), 2u);
  // Over many uniform draws, about 5% of picks are not the fastest.
  uint64_t x = 88172645463325252ull;
  int others = 0;
  for (int k = 0; k < 20000; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    if (*select_server(c, s, 0, x) != 0) ++others;
  }
  EXPECT_GT(others, 20000 * 0.02);
  EXPECT_LT(others, 20000 * 0.06);
}

TEST(ServerSelect, SkipsServersInBackoffUnlessAllAre) {
  InfraConfig cfg;
  cfg.backoff_after = 1;
  InfraCache c(cfg);
  std::vector<ServerAddr> s = {S("192.0.2.1"), S("192.0.2.2")};
  c.record_rtt(s[0], 10, 0);
  c.record_rtt(s[1], 300, 0);
  c.record_timeout(s[0], 5);
  EXPECT_EQ(select_server(c, s, 5, kNoExplore), 1u);
  EXPECT_EQ(select_server(c, s, 5, 0), 1u);  // exploring never picks a backed-off one
  c.record_timeout(s[1], 5);
  EXPECT_TRUE(select_server(c, s, 5, kNoExplore).has_value());  // all backing off: still answer
}

}  // namespace
}  // namespace dns4eu::cache
