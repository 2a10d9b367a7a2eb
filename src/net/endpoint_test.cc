// endpoint_test.cc — Address/Endpoint parsing, printing, sockaddr round trips;
// random helpers; counter names.
#include "net/endpoint.h"

#include <gtest/gtest.h>

#include <set>
#include <unordered_set>

#include "net/counters.h"
#include "net/random.h"

namespace dns4eu::net {
namespace {

TEST(Endpoint, ParsesAndPrintsV4AndV6) {
  auto a = Endpoint::parse("192.0.2.1:5353");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->address().is_v4());
  EXPECT_EQ(a->port(), 5353);
  EXPECT_EQ(a->to_string(), "192.0.2.1:5353");
  auto b = Endpoint::parse("[2001:db8::1]:53");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->address().is_v6());
  EXPECT_EQ(b->to_string(), "[2001:db8::1]:53");
  auto c = Endpoint::parse("2001:db8::2", 853);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->port(), 853);
  EXPECT_EQ(Endpoint::parse("10.0.0.1")->port(), 53);
}

TEST(Endpoint, RejectsGarbage) {
  EXPECT_FALSE(Endpoint::parse(""));
  EXPECT_FALSE(Endpoint::parse("1.2.3.4:"));
  EXPECT_FALSE(Endpoint::parse("1.2.3.4:65536"));
  EXPECT_FALSE(Endpoint::parse("[::1"));
  EXPECT_FALSE(Endpoint::parse("[::1]x"));
  EXPECT_FALSE(Endpoint::parse("example.com:53"));
  EXPECT_FALSE(Endpoint::parse("1.2.3.4:5x"));
}

TEST(Endpoint, SockaddrRoundTripAndHash) {
  for (const char* t : {"127.0.0.1:53", "[::1]:8053", "[2001:db8::ff]:1"}) {
    auto e = Endpoint::parse(t);
    ASSERT_TRUE(e) << t;
    sockaddr_storage ss;
    socklen_t len = e->to_sockaddr(ss);
    auto back = Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, *e);
  }
  std::unordered_set<Endpoint> set{*Endpoint::parse("127.0.0.1:53"), *Endpoint::parse("127.0.0.1:54"),
                                   *Endpoint::parse("[::1]:53")};
  EXPECT_EQ(set.size(), 3u);
  EXPECT_TRUE(set.count(*Endpoint::parse("127.0.0.1:54")));
  EXPECT_NE(Address::any(Family::kV4), Address::any(Family::kV6));
  EXPECT_TRUE(Address::any(Family::kV6).is_unspecified());
  EXPECT_FALSE(Address::loopback(Family::kV6).is_unspecified());
}

TEST(Random, ValuesVaryAndRespectBounds) {
  std::set<uint16_t> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(random_u16());
  EXPECT_GT(ids.size(), 900u);  // 1000 draws from 65536: collisions are rare
  for (int i = 0; i < 1000; ++i) EXPECT_LT(random_below(7), 7u);
  EXPECT_EQ(random_below(0), 0u);
}

TEST(Counters, NamesAndSnapshots) {
  EXPECT_EQ(stat_name(ListenerStat::kReceived), "received");
  EXPECT_EQ(stat_name(UpstreamStat::kMismatchedId), "mismatched_id");
  ListenerCounters c;
  c.inc(ListenerStat::kBatches, 3);
  auto s = c.snapshot();
  add_to(s, c.snapshot());
  EXPECT_EQ(s[static_cast<std::size_t>(ListenerStat::kBatches)], 6u);
}

}  // namespace
}  // namespace dns4eu::net
