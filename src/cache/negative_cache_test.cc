// negative_cache_test.cc — RFC 2308 negative caching.
#include "cache/negative_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace dns4eu::cache {
namespace {

using dns::Name;
using dns::RRClass;
using dns::RRType;

Name N(const std::string& s) { return *Name::from_text(s); }

// SOA RDATA with root MNAME/RNAME: serial 1, refresh/retry/expire 0, minimum.
dns::RRset soa(uint32_t ttl, uint32_t minimum) {
  dns::RRset s;
  s.owner = N("Example.com.");
  s.type = RRType::kSOA;
  s.ttl = ttl;
  dns::Rdata rd = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 3; i >= 0; --i) rd.push_back(uint8_t(minimum >> (8 * i)));
  s.rdatas.push_back(rd);
  s.rrsigs.push_back({0, 6, 8, 2});
  return s;
}

CacheConfig cfg() {
  CacheConfig c;
  c.max_bytes = 1 << 20;
  c.stale_retention = 100;
  return c;
}

TEST(NegativeCache, TtlIsMinOfSoaTtlAndMinimum) {
  NegativeCache c(cfg());
  c.insert_nodata(N("a.example.com."), RRType::kAAAA, RRClass::kIN, soa(3600, 300), {},
                  Security::kUnchecked, 0);
  c.insert_nodata(N("b.example.com."), RRType::kAAAA, RRClass::kIN, soa(60, 300), {},
                  Security::kUnchecked, 0);
  EXPECT_EQ(c.lookup(N("a.example.com."), RRType::kAAAA, RRClass::kIN, 0)->ttl(0), 300u);
  EXPECT_EQ(c.lookup(N("b.example.com."), RRType::kAAAA, RRClass::kIN, 0)->ttl(0), 60u);
}

TEST(NegativeCache, TtlCappedByMaxNegativeTtl) {
  CacheConfig k = cfg();
  k.max_negative_ttl = 900;
  NegativeCache c(k);
  c.insert_nxdomain(N("x.example.com."), RRClass::kIN, soa(86400, 86400), {}, Security::kUnchecked, 0);
  EXPECT_EQ(c.lookup(N("x.example.com."), RRType::kA, RRClass::kIN, 0)->ttl(0), 900u);
}

TEST(NegativeCache, NxdomainCoversAllTypesNodataOnlyItsType) {
  NegativeCache c(cfg());
  const uint8_t proof[] = {1, 2, 3, 4, 5};
  c.insert_nxdomain(N("nx.example.com."), RRClass::kIN, soa(300, 300), proof, Security::kSecure, 0);
  c.insert_nodata(N("nd.example.com."), RRType::kAAAA, RRClass::kIN, soa(300, 300), {},
                  Security::kUnchecked, 0);
  auto nx = c.lookup(N("NX.example.com."), RRType::kMX, RRClass::kIN, 10);
  ASSERT_TRUE(nx);
  EXPECT_EQ(nx->kind(), NegativeKind::kNxDomain);
  EXPECT_EQ(nx->security(), Security::kSecure);
  EXPECT_EQ(nx->ttl(10), 290u);
  EXPECT_EQ(nx->soa_owner().to_text(), "example.com.");
  EXPECT_EQ(nx->soa_rdata().size(), 22u);
  EXPECT_EQ(nx->soa_rrsigs().count(), 1u);
  EXPECT_EQ(std::vector<uint8_t>(nx->proof().begin(), nx->proof().end()),
            std::vector<uint8_t>(proof, proof + 5));
  auto nd = c.lookup(N("nd.example.com."), RRType::kAAAA, RRClass::kIN, 10);
  ASSERT_TRUE(nd);
  EXPECT_EQ(nd->kind(), NegativeKind::kNoData);
  EXPECT_TRUE(nd->proof().empty());
  EXPECT_FALSE(c.lookup(N("nd.example.com."), RRType::kA, RRClass::kIN, 10));
  EXPECT_EQ(c.stats().misses, 1u);  // the NXDOMAIN probe before NODATA is not a miss
}

TEST(NegativeCache, MinimumZeroOrBadSoaIsUncacheable) {
  NegativeCache c(cfg());
  EXPECT_EQ(c.insert_nxdomain(N("a.example."), RRClass::kIN, soa(300, 0), {}, Security::kUnchecked, 0),
            InsertResult::kUncacheable);
  dns::RRset bad = soa(300, 300);
  bad.rdatas[0].resize(10);
  EXPECT_EQ(c.insert_nxdomain(N("a.example."), RRClass::kIN, bad, {}, Security::kUnchecked, 0),
            InsertResult::kUncacheable);
  CacheConfig k = cfg();
  k.min_ttl = 5;
  NegativeCache floor(k);
  EXPECT_EQ(floor.insert_nxdomain(N("a.example."), RRClass::kIN, soa(300, 0), {}, Security::kUnchecked, 0),
            InsertResult::kInserted);
  EXPECT_EQ(floor.lookup(N("a.example."), RRType::kA, RRClass::kIN, 0)->ttl(0), 5u);
}

TEST(NegativeCache, StaleAndSecurityAndFlush) {
  NegativeCache c(cfg());
  c.insert_nodata(N("a.example.com."), RRType::kTXT, RRClass::kIN, soa(10, 10), {}, Security::kUnchecked, 0);
  EXPECT_FALSE(c.lookup(N("a.example.com."), RRType::kTXT, RRClass::kIN, 20));
  auto st = c.lookup(N("a.example.com."), RRType::kTXT, RRClass::kIN, 20, LookupMode::kAllowStale);
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->stale());
  EXPECT_TRUE(c.set_security(N("a.example.com."), RRType::kTXT, RRClass::kIN, Security::kBogus));
  EXPECT_EQ(st->security(), Security::kBogus);
  EXPECT_FALSE(c.lookup(N("a.example.com."), RRType::kTXT, RRClass::kIN, 200, LookupMode::kAllowStale));
  c.insert_nxdomain(N("b.example.com."), RRClass::kIN, soa(300, 300), {}, Security::kUnchecked, 0);
  c.insert_nxdomain(N("b.example.org."), RRClass::kIN, soa(300, 300), {}, Security::kUnchecked, 0);
  EXPECT_EQ(c.flush_below(N("example.com.")), 1u);
  EXPECT_EQ(c.entries(), 1u);
}

}  // namespace
}  // namespace dns4eu::cache
