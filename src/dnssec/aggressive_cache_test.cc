// aggressive_cache_test.cc — RFC 8198 synthesis from the NSEC and NSEC3
// chains of tests/data/dnssec (example.zone signed by ldns-signzone).
#include "dnssec/aggressive_cache.h"

#include <gtest/gtest.h>

#include "dnssec/internal/zone_fixture.h"

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRset;
using dns::RRType;

Name N(const char* s) { return *Name::from_text(s); }

struct Chain {
  RRset soa;
  std::vector<RRset> proofs;
};

Chain load(const char* file, RRType type) {
  Chain c;
  auto sets = internal::load_signed_zone(file);
  EXPECT_TRUE(sets);
  for (auto& s : *sets) {
    if (s.type == RRType::kSOA) c.soa = s;
    if (s.type == type) c.proofs.push_back(s);
  }
  c.soa.ttl = 300;
  return c;
}

class Aggressive : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    Chain c = std::string(GetParam()) == "nsec" ? load("alg13.signed", RRType::kNSEC)
                                                : load("nsec3.signed", RRType::kNSEC3);
    cache.insert(N("example."), c.soa, c.proofs, 1000);
  }
  AggressiveCache cache;
  ValidationLimits limits;
};

TEST_P(Aggressive, SynthesisesNxdomainAndNodata) {
  auto nx = cache.lookup(N("nx.example."), RRType::kA, 1010, limits);
  ASSERT_TRUE(nx);
  EXPECT_EQ(nx->rcode, dns::Rcode::kNXDomain);
  EXPECT_EQ(nx->soa.owner, N("example."));
  EXPECT_FALSE(nx->proofs.empty());
  EXPECT_LE(nx->ttl, 290u);
  auto nodata = cache.lookup(N("mail.example."), RRType::kAAAA, 1010, limits);
  ASSERT_TRUE(nodata);
  EXPECT_EQ(nodata->rcode, dns::Rcode::kNoError);
  auto deep = cache.lookup(N("a.b.nx.example."), RRType::kTXT, 1010, limits);
  ASSERT_TRUE(deep);
  EXPECT_EQ(deep->rcode, dns::Rcode::kNXDomain);
}

TEST_P(Aggressive, NeverDeniesWhatExists) {
  EXPECT_FALSE(cache.lookup(N("www.example."), RRType::kA, 1010, limits));
  EXPECT_FALSE(cache.lookup(N("mail.example."), RRType::kMX, 1010, limits));
  EXPECT_FALSE(cache.lookup(N("foo.wild.example."), RRType::kTXT, 1010, limits));  // the wildcard answers
  EXPECT_FALSE(cache.lookup(N("nx.other."), RRType::kA, 1010, limits));             // no chain for that zone
}

TEST_P(Aggressive, ExpiredRecordsProveNothing) {
  EXPECT_FALSE(cache.lookup(N("nx.example."), RRType::kA, 1000 + 301, limits));
  cache.flush_all();
  EXPECT_FALSE(cache.lookup(N("nx.example."), RRType::kA, 1010, limits));
  EXPECT_EQ(cache.records(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Chains, Aggressive, ::testing::Values("nsec", "nsec3"));

TEST(AggressiveNsec3, IterationCapDisablesSynthesis) {
  AggressiveCache cache;
  Chain c = load("nsec3.signed", RRType::kNSEC3);
  cache.insert(N("example."), c.soa, c.proofs, 1000);
  ValidationLimits low;
  low.max_nsec3_iterations = 5;
  EXPECT_FALSE(cache.lookup(N("nx.example."), RRType::kA, 1010, low));
}

}  // namespace
}  // namespace dns4eu::dnssec
