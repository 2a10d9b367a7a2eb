#include "daemon/local_zones.h"

#include <gtest/gtest.h>

namespace dns4eu::daemon {
namespace {

using dns::Rcode;
using dns::RRType;
using Bytes = std::vector<uint8_t>;

dns::Name N(std::string_view s) { return dns::Name::from_text(s).value(); }

class LocalZonesTest : public ::testing::Test {
 protected:
  LocalZones builtin{{}};

  // Expects a negative answer with the local SOA of `apex` in authority.
  static void expect_negative(const std::optional<resolver::Resolution>& r, Rcode rcode, std::string_view apex) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->rcode, rcode);
    EXPECT_TRUE(r->answer.empty());
    ASSERT_EQ(r->authority.size(), 1u);
    const auto& soa = r->authority[0];
    EXPECT_EQ(soa.type, RRType::kSOA);
    EXPECT_EQ(soa.owner, N(apex));
    ASSERT_EQ(soa.rdatas.size(), 1u);
    auto view = dns::SoaView::parse(soa.rdatas[0]);
    ASSERT_TRUE(view) << view.error().message;
    EXPECT_EQ(view->mname, N("localhost."));
    EXPECT_GT(soa.ttl, 0u);
    EXPECT_FALSE(r->ede);
  }
};

TEST_F(LocalZonesTest, LocalhostA) {
  auto r = builtin.lookup(N("localhost."), RRType::kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kNoError);
  ASSERT_EQ(r->answer.size(), 1u);
  EXPECT_EQ(r->answer[0].owner, N("localhost."));
  EXPECT_EQ(r->answer[0].type, RRType::kA);
  ASSERT_EQ(r->answer[0].rdatas.size(), 1u);
  EXPECT_EQ(r->answer[0].rdatas[0], (Bytes{127, 0, 0, 1}));
  EXPECT_TRUE(r->authority.empty());
}

TEST_F(LocalZonesTest, LocalhostAaaa) {
  auto r = builtin.lookup(N("localhost."), RRType::kAAAA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kNoError);
  ASSERT_EQ(r->answer.size(), 1u);
  Bytes loop(16, 0);
  loop[15] = 1;
  EXPECT_EQ(r->answer[0].type, RRType::kAAAA);
  EXPECT_EQ(r->answer[0].rdatas.at(0), loop);
}

TEST_F(LocalZonesTest, BelowLocalhost) {
  auto r = builtin.lookup(N("foo.bar.localhost."), RRType::kA);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->answer.size(), 1u);
  EXPECT_EQ(r->answer[0].owner, N("foo.bar.localhost."));
  EXPECT_EQ(r->answer[0].rdatas.at(0), (Bytes{127, 0, 0, 1}));
  // Other types below localhost: the name exists, no data.
  expect_negative(builtin.lookup(N("foo.localhost."), RRType::kMX), Rcode::kNoError, "localhost.");
}

TEST_F(LocalZonesTest, LocalhostSoaAndNodata) {
  auto soa = builtin.lookup(N("localhost."), RRType::kSOA);
  ASSERT_TRUE(soa);
  EXPECT_EQ(soa->rcode, Rcode::kNoError);
  ASSERT_EQ(soa->answer.size(), 1u);
  EXPECT_EQ(soa->answer[0].type, RRType::kSOA);
  EXPECT_TRUE(soa->authority.empty());
  expect_negative(builtin.lookup(N("localhost."), RRType::kTXT), Rcode::kNoError, "localhost.");
}

TEST_F(LocalZonesTest, SpecialUseNamesAreNxdomain) {
  for (const char* apex : {"invalid.", "test.", "onion.", "local.", "home.arpa."}) {
    std::string below = std::string("some.name.") + apex;
    expect_negative(builtin.lookup(N(below), RRType::kA), Rcode::kNXDomain, apex);
    expect_negative(builtin.lookup(N(below), RRType::kAAAA), Rcode::kNXDomain, apex);
  }
  expect_negative(builtin.lookup(N("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion."), RRType::kA),
                  Rcode::kNXDomain, "onion.");
}

TEST_F(LocalZonesTest, ApexSoaAndNodata) {
  for (const char* apex : {"invalid.", "test.", "onion.", "home.arpa.", "10.in-addr.arpa."}) {
    auto soa = builtin.lookup(N(apex), RRType::kSOA);
    ASSERT_TRUE(soa) << apex;
    EXPECT_EQ(soa->rcode, Rcode::kNoError);
    ASSERT_EQ(soa->answer.size(), 1u) << apex;
    EXPECT_EQ(soa->answer[0].type, RRType::kSOA);
    EXPECT_EQ(soa->answer[0].owner, N(apex));
    expect_negative(builtin.lookup(N(apex), RRType::kA), Rcode::kNoError, apex);
  }
}

TEST_F(LocalZonesTest, LoopbackReverse) {
  auto r = builtin.lookup(N("1.0.0.127.in-addr.arpa."), RRType::kPTR);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kNoError);
  ASSERT_EQ(r->answer.size(), 1u);
  EXPECT_EQ(r->answer[0].type, RRType::kPTR);
  EXPECT_EQ(r->answer[0].owner, N("1.0.0.127.in-addr.arpa."));
  auto target = dns::Name::from_wire(r->answer[0].rdatas.at(0));
  ASSERT_TRUE(target);
  EXPECT_EQ(*target, N("localhost."));
  // Other types at that name: NODATA; other loopback addresses: NXDOMAIN.
  expect_negative(builtin.lookup(N("1.0.0.127.in-addr.arpa."), RRType::kA), Rcode::kNoError, "127.in-addr.arpa.");
  expect_negative(builtin.lookup(N("2.0.0.127.in-addr.arpa."), RRType::kPTR), Rcode::kNXDomain,
                  "127.in-addr.arpa.");
}

TEST_F(LocalZonesTest, Ipv6LoopbackReverse) {
  const char* v6 = "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.";
  auto r = builtin.lookup(N(v6), RRType::kPTR);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->answer.size(), 1u);
  EXPECT_EQ(*dns::Name::from_wire(r->answer[0].rdatas.at(0)), N("localhost."));
}

TEST_F(LocalZonesTest, PrivateReverseZones) {
  expect_negative(builtin.lookup(N("4.3.2.10.in-addr.arpa."), RRType::kPTR), Rcode::kNXDomain, "10.in-addr.arpa.");
  expect_negative(builtin.lookup(N("1.1.168.192.in-addr.arpa."), RRType::kPTR), Rcode::kNXDomain,
                  "168.192.in-addr.arpa.");
  expect_negative(builtin.lookup(N("1.0.20.172.in-addr.arpa."), RRType::kPTR), Rcode::kNXDomain,
                  "20.172.in-addr.arpa.");
  // 172.32/16 is public.
  EXPECT_FALSE(builtin.lookup(N("1.0.32.172.in-addr.arpa."), RRType::kPTR));
  EXPECT_FALSE(builtin.lookup(N("8.8.8.8.in-addr.arpa."), RRType::kPTR));
  EXPECT_FALSE(builtin.lookup(N("in-addr.arpa."), RRType::kNS));
}

TEST_F(LocalZonesTest, UnrelatedNamesResolveNormally) {
  EXPECT_FALSE(builtin.lookup(N("example.com."), RRType::kA));
  EXPECT_FALSE(builtin.lookup(N("localhost.example.com."), RRType::kA));
  EXPECT_FALSE(builtin.lookup(N("test.example."), RRType::kA));
  EXPECT_FALSE(builtin.lookup(N("arpa."), RRType::kSOA));
  EXPECT_FALSE(builtin.lookup(N("ip6.arpa."), RRType::kSOA));
  EXPECT_FALSE(builtin.lookup(N("."), RRType::kNS));
  EXPECT_FALSE(builtin.lookup(N("xtest."), RRType::kA));
}

TEST_F(LocalZonesTest, CaseInsensitive) {
  auto r = builtin.lookup(N("LocalHost."), RRType::kA);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->answer.size(), 1u);
  EXPECT_EQ(r->answer[0].owner.to_text(), "LocalHost.");  // owner in the client's case
  auto nx = builtin.lookup(N("Foo.TEST."), RRType::kA);
  ASSERT_TRUE(nx);
  EXPECT_EQ(nx->rcode, Rcode::kNXDomain);
  auto ptr = builtin.lookup(N("1.0.0.127.IN-ADDR.ARPA."), RRType::kPTR);
  ASSERT_TRUE(ptr);
  EXPECT_EQ(ptr->answer.size(), 1u);
  auto home = builtin.lookup(N("router.HOME.Arpa."), RRType::kA);
  ASSERT_TRUE(home);
  EXPECT_EQ(home->rcode, Rcode::kNXDomain);
}

TEST(LocalZonesOverrides, Refuse) {
  LocalZones lz({{N("corp.example."), LocalZoneAction::kRefuse}});
  auto r = lz.lookup(N("www.corp.example."), RRType::kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kRefused);
  EXPECT_TRUE(r->answer.empty());
  auto apex = lz.lookup(N("Corp.Example."), RRType::kA);
  ASSERT_TRUE(apex);
  EXPECT_EQ(apex->rcode, Rcode::kRefused);
  EXPECT_FALSE(lz.lookup(N("example."), RRType::kA));
  EXPECT_FALSE(lz.lookup(N("other.example."), RRType::kA));
}

TEST(LocalZonesOverrides, Nxdomain) {
  LocalZones lz({{N("ads.example."), LocalZoneAction::kNxdomain}});
  auto r = lz.lookup(N("tracker.ads.example."), RRType::kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kNXDomain);
  ASSERT_EQ(r->authority.size(), 1u);
  EXPECT_EQ(r->authority[0].owner, N("ads.example."));
  EXPECT_EQ(r->authority[0].type, RRType::kSOA);
}

TEST(LocalZonesOverrides, Static) {
  LocalZones lz({{N("lan."), LocalZoneAction::kStatic}});
  auto apex = lz.lookup(N("lan."), RRType::kA);
  ASSERT_TRUE(apex);
  EXPECT_EQ(apex->rcode, Rcode::kNoError);  // apex exists: NODATA
  EXPECT_TRUE(apex->answer.empty());
  ASSERT_EQ(apex->authority.size(), 1u);
  auto below = lz.lookup(N("printer.lan."), RRType::kA);
  ASSERT_TRUE(below);
  EXPECT_EQ(below->rcode, Rcode::kNXDomain);
}

TEST(LocalZonesOverrides, RefuseABuiltin) {
  LocalZones lz({{N("onion."), LocalZoneAction::kRefuse}});
  auto r = lz.lookup(N("x.onion."), RRType::kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kRefused);
  // The other built-ins are unchanged.
  auto t = lz.lookup(N("x.test."), RRType::kA);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->rcode, Rcode::kNXDomain);
}

TEST(LocalZonesOverrides, NxdomainOnLocalhostDropsItsData) {
  LocalZones lz({{N("localhost."), LocalZoneAction::kNxdomain}});
  auto r = lz.lookup(N("foo.localhost."), RRType::kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rcode, Rcode::kNXDomain);
  EXPECT_TRUE(r->answer.empty());
}

TEST(LocalZonesOverrides, TransparentRemovesBuiltin) {
  LocalZones builtin({});
  LocalZones lz({{N("test."), LocalZoneAction::kTransparent}});
  EXPECT_EQ(lz.size() + 1, builtin.size());
  EXPECT_FALSE(lz.lookup(N("test."), RRType::kSOA));
  EXPECT_FALSE(lz.lookup(N("ns1.test."), RRType::kA));
  EXPECT_FALSE(lz.lookup(N("www.Example.TEST."), RRType::kA));
  // Others stay.
  ASSERT_TRUE(lz.lookup(N("x.invalid."), RRType::kA));
  ASSERT_TRUE(lz.lookup(N("localhost."), RRType::kA));
}

TEST(LocalZonesOverrides, TransparentCaseInsensitive) {
  LocalZones lz({{N("TEST."), LocalZoneAction::kTransparent}});
  EXPECT_FALSE(lz.lookup(N("a.test."), RRType::kA));
}

TEST(LocalZonesOverrides, MoreSpecificOverrideWins) {
  // A static zone inside a refused one: the closest enclosing zone decides.
  LocalZones lz({{N("example."), LocalZoneAction::kRefuse}, {N("ok.example."), LocalZoneAction::kNxdomain}});
  EXPECT_EQ(lz.lookup(N("a.example."), RRType::kA)->rcode, Rcode::kRefused);
  EXPECT_EQ(lz.lookup(N("a.ok.example."), RRType::kA)->rcode, Rcode::kNXDomain);
}

}  // namespace
}  // namespace dns4eu::daemon
