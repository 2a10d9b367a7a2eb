// verify_test.cc — RRSIG verification against zones signed by ldns-signzone
// (tests/data/dnssec/, see its README).
#include "dnssec/verify.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "dnssec/internal/zone_fixture.h"

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRset;
using dns::RRType;

struct Zone {
  std::vector<RRset> sets;
  std::vector<dns::Rdata> keys;
};

Zone load(int alg) {
  Zone z;
  auto sets = internal::load_signed_zone("alg" + std::to_string(alg) + ".signed");
  EXPECT_TRUE(sets) << (sets ? "" : sets.error().message);
  if (!sets) return z;
  z.sets = std::move(*sets);
  for (const auto& s : z.sets)
    if (s.type == RRType::kDNSKEY) z.keys = s.rdatas;
  return z;
}

// Verifies `sig` over `set` with whichever zone key has its tag.
Status verify_any(const Zone& z, const RRset& set, const dns::Rdata& sig) {
  Status last = fail(ErrorCode::kNotFound, "no key");
  for (const auto& k : z.keys) {
    last = verify_rrsig(set, sig, k);
    if (last || last.error().code != ErrorCode::kNotFound) return last;
  }
  return last;
}

class VerifyZone : public ::testing::TestWithParam<int> {};

TEST_P(VerifyZone, EverySignatureVerifies) {
  Zone z = load(GetParam());
  ASSERT_EQ(z.keys.size(), 2u);
  int count = 0;
  for (const auto& s : z.sets) {
    for (const auto& sig : s.rrsigs) {
      auto st = verify_any(z, s, sig);
      EXPECT_TRUE(st) << s.owner.to_text() << " " << int(s.type) << ": " << (st ? "" : st.error().message);
      ++count;
    }
  }
  EXPECT_GE(count, 15);
}

TEST_P(VerifyZone, FlippedSignatureBitFails) {
  Zone z = load(GetParam());
  for (const auto& s : z.sets) {
    for (const auto& sig : s.rrsigs) {
      dns::Rdata bad = sig;
      bad[bad.size() - 10] ^= 0x04;
      auto st = verify_any(z, s, bad);
      ASSERT_FALSE(st) << s.owner.to_text();
      EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument) << st.error().message;
    }
  }
}

TEST_P(VerifyZone, ChangedRdataFailsButTtlAndCaseDoNot) {
  Zone z = load(GetParam());
  for (const auto& s : z.sets) {
    if (s.rrsigs.empty()) continue;
    RRset changed = s;
    changed.rdatas[0].back() ^= 0x01;
    EXPECT_FALSE(verify_any(z, changed, s.rrsigs[0])) << s.owner.to_text();

    RRset ttl = s;  // the RRset TTL is not signed: the RRSIG original TTL is
    ttl.ttl = 1;
    std::reverse(ttl.rdatas.begin(), ttl.rdatas.end());  // nor the order
    if (!ttl.rdatas.empty()) ttl.rdatas.push_back(ttl.rdatas.front());  // nor duplicates
    EXPECT_TRUE(verify_any(z, ttl, s.rrsigs[0])) << s.owner.to_text();

    RRset upper = s;  // owner case is not signed
    std::string text = s.owner.to_text();
    for (auto& c : text) c = char(std::toupper(static_cast<unsigned char>(c)));
    upper.owner = *Name::from_text(text);
    EXPECT_TRUE(verify_any(z, upper, s.rrsigs[0])) << text;

    RRset other = s;
    other.owner = *Name::from_text("other.example.");
    if (other.owner.label_count() >= s.owner.label_count() && !(other.owner == s.owner)) {
      EXPECT_FALSE(verify_any(z, other, s.rrsigs[0])) << s.owner.to_text();
    }
  }
}

TEST_P(VerifyZone, WildcardSignatureVerifiesForExpandedName) {
  Zone z = load(GetParam());
  const RRset* wild = nullptr;
  for (const auto& s : z.sets)
    if (s.type == RRType::kTXT && s.owner == *Name::from_text("*.wild.example.")) wild = &s;
  ASSERT_NE(wild, nullptr);
  ASSERT_FALSE(wild->rrsigs.empty());
  EXPECT_EQ(dns::RrsigView::parse(wild->rrsigs[0])->labels, 2);

  RRset expanded = *wild;
  expanded.owner = *Name::from_text("a.B.wild.example.");
  EXPECT_TRUE(verify_any(z, expanded, wild->rrsigs[0]));
  expanded.owner = *Name::from_text("x.wild.example.");
  EXPECT_TRUE(verify_any(z, expanded, wild->rrsigs[0]));
  expanded.owner = *Name::from_text("x.other.example.");  // expansion of a different wildcard
  EXPECT_FALSE(verify_any(z, expanded, wild->rrsigs[0]));
  expanded.owner = *Name::from_text("example.");  // fewer labels than the RRSIG claims
  auto st = verify_any(z, expanded, wild->rrsigs[0]);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(VerifyZone, KeyMismatchIsDistinct) {
  Zone z = load(GetParam());
  const RRset& soa = z.sets[0];
  ASSERT_EQ(soa.type, RRType::kSOA);
  const auto& sig = soa.rrsigs.at(0);
  auto tag = dns::RrsigView::parse(sig)->key_tag;
  for (const auto& k : z.keys) {
    auto st = verify_rrsig(soa, sig, k);
    if (dns::dnskey_key_tag(k) == tag) {
      EXPECT_TRUE(st);
      dns::Rdata nozone = k;
      nozone[0] &= 0xFE;  // clear the zone bit (flags bit 7)
      auto st2 = verify_rrsig(soa, sig, nozone);
      ASSERT_FALSE(st2);
      EXPECT_EQ(st2.error().code, ErrorCode::kNotFound) << st2.error().message;
      dns::Rdata otherkey = k;
      otherkey.back() ^= 0x01;  // tag changes → mismatch
      auto st3 = verify_rrsig(soa, sig, otherkey);
      ASSERT_FALSE(st3);
      EXPECT_NE(st3.error().code, ErrorCode::kUnsupported);
    } else {
      ASSERT_FALSE(st);
      EXPECT_EQ(st.error().code, ErrorCode::kNotFound) << st.error().message;
    }
  }
  // Wrong RRset type for this RRSIG.
  RRset ns = soa;
  ns.type = RRType::kNS;
  for (const auto& k : z.keys)
    if (dns::dnskey_key_tag(k) == tag) {
      EXPECT_EQ(verify_rrsig(ns, sig, k).error().code, ErrorCode::kInvalidArgument);
    }
}

INSTANTIATE_TEST_SUITE_P(Algorithms, VerifyZone, ::testing::Values(5, 7, 8, 10, 13, 14, 15, 16));

TEST(Verify, UnsupportedAlgorithm) {
  EXPECT_FALSE(algorithm_supported(1));   // RSAMD5
  EXPECT_FALSE(algorithm_supported(3));   // DSA
  EXPECT_FALSE(algorithm_supported(12));  // GOST
  EXPECT_FALSE(algorithm_supported(253));
  for (int a : {5, 7, 8, 10, 13, 14, 15, 16}) EXPECT_TRUE(algorithm_supported(uint8_t(a)));

  Zone z = load(13);
  const RRset& soa = z.sets[0];
  dns::Rdata sig = soa.rrsigs.at(0);
  sig[2] = 3;  // algorithm DSA
  auto st = verify_rrsig(soa, sig, z.keys[0]);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kUnsupported);
}

TEST(Verify, MalformedInputs) {
  Zone z = load(13);
  const RRset& soa = z.sets[0];
  EXPECT_EQ(verify_rrsig(soa, dns::Rdata{1, 2, 3}, z.keys[0]).error().code, ErrorCode::kMalformed);
  EXPECT_EQ(verify_rrsig(soa, soa.rrsigs[0], dns::Rdata{1, 1}).error().code, ErrorCode::kMalformed);
  // A truncated ECDSA signature is bogus, not a crash.
  dns::Rdata shortsig = soa.rrsigs[0];
  shortsig.resize(shortsig.size() - 5);
  for (const auto& k : z.keys) {
    auto st = verify_rrsig(soa, shortsig, k);
    EXPECT_FALSE(st);
  }
}

dns::RrsigView times(uint32_t inception, uint32_t expiration) {
  dns::RrsigView v;
  v.inception = inception;
  v.expiration = expiration;
  return v;
}

TEST(SignatureTime, Window) {
  auto v = times(1000, 2000);
  EXPECT_FALSE(signature_time_valid(v, 999));
  EXPECT_TRUE(signature_time_valid(v, 1000));
  EXPECT_TRUE(signature_time_valid(v, 1500));
  EXPECT_TRUE(signature_time_valid(v, 2000));
  EXPECT_FALSE(signature_time_valid(v, 2001));
}

TEST(SignatureTime, WrapAround) {
  // Inception just before 2^32, expiration just after the wrap (year 2106).
  auto v = times(0xFFFFFF00u, 0x00000100u);
  EXPECT_TRUE(signature_time_valid(v, 0xFFFFFFF0u));
  EXPECT_TRUE(signature_time_valid(v, 0x00000010u));
  EXPECT_FALSE(signature_time_valid(v, 0x00000200u));
  EXPECT_FALSE(signature_time_valid(v, 0xFFFFFE00u));
  // A "now" half the serial space away is never inside.
  EXPECT_FALSE(signature_time_valid(times(1000, 2000), 1000u + 0x80000000u));
}

}  // namespace
}  // namespace dns4eu::dnssec
