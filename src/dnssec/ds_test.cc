// ds_test.cc — DS digests against ldns-key2ds output (tests/data/dnssec/).
#include "dnssec/ds.h"

#include <gtest/gtest.h>

#include "dnssec/internal/zone_fixture.h"

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRType;

class DsVectors : public ::testing::TestWithParam<int> {};

TEST_P(DsVectors, DigestsEqualLdnsKey2ds) {
  const std::string alg = std::to_string(GetParam());
  auto zone = internal::load_records("alg" + alg + ".signed");
  auto dss = internal::load_records("alg" + alg + ".ds");
  ASSERT_TRUE(zone && dss);
  std::vector<dns::Rdata> keys;
  for (const auto& r : *zone)
    if (r.type == RRType::kDNSKEY) keys.push_back(r.rdata);
  ASSERT_EQ(keys.size(), 2u);
  ASSERT_EQ(dss->size(), 6u);
  const Name owner = *Name::from_text("example.");
  const Name upper = *Name::from_text("EXAMPLE.");
  int matched = 0;
  for (const auto& d : *dss) {
    ASSERT_EQ(d.type, RRType::kDS);
    auto ds = dns::DsView::parse(d.rdata);
    ASSERT_TRUE(ds);
    int found = 0;
    for (const auto& k : keys) {
      if (dns::dnskey_key_tag(k) != ds->key_tag) {
        EXPECT_FALSE(ds_matches(owner, d.rdata, k));
        continue;
      }
      ++found;
      auto digest = ds_digest(upper, k, ds->digest_type);  // owner case must not matter
      ASSERT_TRUE(digest);
      EXPECT_EQ(dns::hex_encode(*digest), dns::hex_encode(ds->digest)) << "type " << int(ds->digest_type);
      EXPECT_TRUE(ds_matches(owner, d.rdata, k));
      EXPECT_FALSE(ds_matches(*Name::from_text("example.com."), d.rdata, k));
      dns::Rdata bad = d.rdata;
      bad.back() ^= 0x80;
      EXPECT_FALSE(ds_matches(owner, bad, k));
      dns::Rdata badkey = k;
      badkey.back() ^= 0x01;
      EXPECT_FALSE(ds_matches(owner, d.rdata, badkey));
      ++matched;
    }
    EXPECT_EQ(found, 1);
  }
  EXPECT_EQ(matched, 6);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, DsVectors, ::testing::Values(5, 7, 8, 10, 13, 14, 15, 16));

TEST(Ds, DigestTypes) {
  EXPECT_TRUE(digest_supported(1));
  EXPECT_TRUE(digest_supported(2));
  EXPECT_FALSE(digest_supported(3));  // GOST
  EXPECT_TRUE(digest_supported(4));
  EXPECT_FALSE(digest_supported(0));
  EXPECT_FALSE(digest_supported(5));
  const dns::Rdata key = {1, 1, 3, 13, 0xAA, 0xBB};
  const Name owner = *Name::from_text("example.");
  EXPECT_EQ(ds_digest(owner, key, 1)->size(), 20u);
  EXPECT_EQ(ds_digest(owner, key, 2)->size(), 32u);
  EXPECT_EQ(ds_digest(owner, key, 4)->size(), 48u);
  auto gost = ds_digest(owner, key, 3);
  ASSERT_FALSE(gost);
  EXPECT_EQ(gost.error().code, ErrorCode::kUnsupported);
}

TEST(Ds, RejectsMalformed) {
  const Name owner = *Name::from_text("example.");
  EXPECT_FALSE(ds_matches(owner, dns::Rdata{1, 2}, dns::Rdata{1, 1, 3, 13, 0xAA}));
  EXPECT_FALSE(ds_matches(owner, dns::Rdata{0, 1, 13, 2, 0xAA}, dns::Rdata{1}));
}

}  // namespace
}  // namespace dns4eu::dnssec
