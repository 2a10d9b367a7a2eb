// infra_cache_test.cc — RTT smoothing, RTO, timeouts and backoff, EDNS
// status, entry lifetime, address key.
#include "cache/infra_cache.h"

#include <gtest/gtest.h>

#include <netinet/in.h>

namespace dns4eu::cache {
namespace {

ServerAddr S(const char* ip, uint16_t port = 53) { return *ServerAddr::from_text(ip, port); }

TEST(ServerAddr, TextAndSockaddrRoundTrip) {
  ServerAddr v4 = S("192.0.2.1", 5353);
  EXPECT_TRUE(v4.is_v4());
  EXPECT_EQ(v4.to_text(), "192.0.2.1:5353");
  ServerAddr v6 = S("2001:db8::1");
  EXPECT_FALSE(v6.is_v4());
  EXPECT_EQ(v6.to_text(), "[2001:db8::1]:53");
  EXPECT_FALSE(ServerAddr::from_text("not-an-ip"));
  EXPECT_NE(S("192.0.2.1", 53), S("192.0.2.1", 54));
  for (const ServerAddr& a : {v4, v6}) {
    sockaddr_storage ss;
    a.to_sockaddr(ss);
    auto back = ServerAddr::from_sockaddr(reinterpret_cast<const sockaddr*>(&ss));
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, a);
  }
}

TEST(InfraCache, UnknownServerGetsInitialRto) {
  InfraCache c(InfraConfig{});
  EXPECT_FALSE(c.get(S("192.0.2.1"), 0));
  EXPECT_EQ(c.timeout_for(S("192.0.2.1"), 0), 400u);
  EXPECT_EQ(c.edns(S("192.0.2.1"), 0), EdnsStatus::kUnknown);
}

TEST(InfraCache, RttSmoothingFollowsRfc6298) {
  InfraCache c(InfraConfig{});
  const ServerAddr s = S("192.0.2.1");
  c.record_rtt(s, 100, 0);
  auto i = c.get(s, 0);
  ASSERT_TRUE(i);
  EXPECT_EQ(i->srtt_ms, 100u);
  EXPECT_EQ(i->rttvar_ms, 50u);
  EXPECT_EQ(c.timeout_for(s, 0), 300u);  // 100 + 4*50
  c.record_rtt(s, 200, 1);
  i = c.get(s, 1);
  EXPECT_EQ(i->rttvar_ms, (3 * 50 + 100) / 4u);  // 62
  EXPECT_EQ(i->srtt_ms, (7 * 100 + 200) / 8u);    // 112
  for (int k = 0; k < 100; ++k) c.record_rtt(s, 20, 2);
  i = c.get(s, 2);
  EXPECT_NEAR(i->srtt_ms, 20, 8);
  EXPECT_EQ(c.timeout_for(s, 2), 50u);  // clamped to min_rto_ms
  EXPECT_EQ(i->last_used, 2u);
}

TEST(InfraCache, TimeoutsDoubleRtoThenBackOffExponentially) {
  InfraConfig cfg;
  cfg.backoff_after = 3;
  cfg.backoff_base_s = 2;
  cfg.backoff_max_s = 10;
  InfraCache c(cfg);
  const ServerAddr s = S("2001:db8::53");
  c.record_rtt(s, 100, 0);
  c.record_timeout(s, 10);
  EXPECT_EQ(c.timeout_for(s, 10), 600u);
  c.record_timeout(s, 10);
  EXPECT_EQ(c.timeout_for(s, 10), 1200u);
  EXPECT_FALSE(c.in_backoff(s, 10));
  c.record_timeout(s, 10);  // third in a row: back off 2 s
  EXPECT_TRUE(c.in_backoff(s, 11));
  EXPECT_FALSE(c.in_backoff(s, 12));
  c.record_timeout(s, 20);  // 4 s
  EXPECT_EQ(c.get(s, 20)->backoff_until, 24u);
  c.record_timeout(s, 30);  // 8 s
  c.record_timeout(s, 40);  // 16 s, capped at 10
  EXPECT_EQ(c.get(s, 40)->backoff_until, 50u);
  EXPECT_EQ(c.timeout_for(s, 40), 5000u);  // clamped to max_rto_ms
  EXPECT_EQ(c.get(s, 40)->timeouts, 6u);
  c.record_rtt(s, 100, 41);  // an answer clears the backoff
  EXPECT_FALSE(c.in_backoff(s, 41));
  EXPECT_EQ(c.get(s, 41)->consecutive_timeouts, 0u);
  EXPECT_EQ(c.get(s, 41)->timeouts, 6u);
}

TEST(InfraCache, EdnsStatusAndEntryLifetime) {
  InfraConfig cfg;
  cfg.entry_ttl = 100;
  InfraCache c(cfg);
  const ServerAddr s = S("192.0.2.9");
  c.set_edns(s, EdnsStatus::kNoEdns, 0);
  EXPECT_EQ(c.edns(s, 50), EdnsStatus::kNoEdns);
  EXPECT_EQ(c.edns(s, 100), EdnsStatus::kUnknown);  // forgotten
  c.set_edns(s, EdnsStatus::kOk, 200);
  EXPECT_EQ(c.edns(s, 250), EdnsStatus::kOk);
  EXPECT_FALSE(c.get(s, 250)->has_rtt);  // fresh entry after the old one expired
}

TEST(InfraCache, BoundedInBytes) {
  InfraConfig cfg;
  cfg.base.max_bytes = 64 * 1024;
  InfraCache c(cfg);
  for (uint32_t i = 0; i < 20000; ++i)
    c.record_rtt(ServerAddr::v4({10, uint8_t(i >> 16), uint8_t(i >> 8), uint8_t(i)}), 10, 0);
  EXPECT_LE(c.bytes(), 64u * 1024);
  EXPECT_GT(c.entries(), 200u);
}

}  // namespace
}  // namespace dns4eu::cache
