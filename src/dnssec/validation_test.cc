// validation_test.cc — verify_rrset and validate_dnskeys on zones signed by
// ldns-signzone (tests/data/dnssec): secure data, every bogus reason with its
// Extended DNS Error, unsupported algorithms and digests, and the KeyTrap
// limits (colliding key tags, signatures per RRset, verifications per query).
#include <gtest/gtest.h>

#include "dnssec/internal/zone_fixture.h"
#include "dnssec/key_validation.h"
#include "dnssec/rrset_validation.h"

namespace dns4eu::dnssec {
namespace {

using cache::Security;
using dns::EdeCode;
using dns::Name;
using dns::RRset;
using dns::RRType;

constexpr uint32_t kNow = 1780000000;  // 2026-05-28, inside the vectors' validity (2026-01-01..2036-01-01)

struct Zone {
  std::vector<RRset> sets;
  RRset dnskeys;
  std::vector<dns::Rdata> ds;
  const RRset& get(const char* owner, RRType t) const {
    for (const auto& s : sets)
      if (s.owner == *Name::from_text(owner) && s.type == t) return s;
    throw std::runtime_error("no such RRset");
  }
};

Zone load(int alg) {
  Zone z;
  auto sets = internal::load_signed_zone("alg" + std::to_string(alg) + ".signed");
  EXPECT_TRUE(sets);
  z.sets = *sets;
  for (const auto& s : z.sets)
    if (s.type == RRType::kDNSKEY) z.dnskeys = s;
  auto ds = internal::load_records("alg" + std::to_string(alg) + ".ds");
  EXPECT_TRUE(ds);
  for (const auto& r : *ds) z.ds.push_back(r.rdata);
  return z;
}

const Name kZone = *Name::from_text("example.");

TEST(ValidateDnskeys, EveryAlgorithmChainsFromItsDs) {
  for (int alg : {5, 7, 8, 10, 13, 14, 15, 16}) {
    Zone z = load(alg);
    WorkMeter m;
    auto kv = validate_dnskeys(kZone, z.dnskeys, z.ds, {}, kNow, m, ValidationLimits{});
    EXPECT_EQ(kv.security, Security::kSecure) << alg << ": " << (kv.why ? kv.why->extra_text : "");
    EXPECT_EQ(kv.keys.size(), 2u);
    EXPECT_GT(kv.ttl, 0u);
  }
}

TEST(ValidateDnskeys, AnchorKeysWorkLikeDs) {
  Zone z = load(13);
  WorkMeter m;
  auto kv = validate_dnskeys(kZone, z.dnskeys, {}, z.dnskeys.rdatas, kNow, m, ValidationLimits{});
  EXPECT_EQ(kv.security, Security::kSecure);
}

TEST(ValidateDnskeys, DsMatchingNoKeyIsBogusDnskeyMissing) {
  Zone z = load(13);
  for (auto& d : z.ds) d.back() ^= 0xff;
  WorkMeter m;
  auto kv = validate_dnskeys(kZone, z.dnskeys, z.ds, {}, kNow, m, ValidationLimits{});
  EXPECT_EQ(kv.security, Security::kBogus);
  ASSERT_TRUE(kv.why);
  EXPECT_EQ(kv.why->code, EdeCode::kDnskeyMissing);
}

TEST(ValidateDnskeys, UnsupportedDigestOrAlgorithmIsInsecure) {
  Zone z = load(13);
  std::vector<dns::Rdata> gost = {z.ds[0]};
  gost[0][3] = 3;  // digest type GOST R 34.11-94
  WorkMeter m;
  auto kv = validate_dnskeys(kZone, z.dnskeys, gost, {}, kNow, m, ValidationLimits{});
  EXPECT_EQ(kv.security, Security::kInsecure);
  ASSERT_TRUE(kv.why);
  EXPECT_EQ(kv.why->code, EdeCode::kUnsupportedDsDigestType);
  std::vector<dns::Rdata> dsa = {z.ds[0]};
  dsa[0][2] = 3;  // algorithm DSA
  kv = validate_dnskeys(kZone, z.dnskeys, dsa, {}, kNow, m, ValidationLimits{});
  EXPECT_EQ(kv.security, Security::kInsecure);
  EXPECT_EQ(kv.why->code, EdeCode::kUnsupportedDnskeyAlgorithm);
}

TEST(VerifyRrset, SignedDataIsSecure) {
  Zone z = load(8);
  WorkMeter m;
  auto v = verify_rrset(z.get("www.example.", RRType::kA), kZone, z.dnskeys.rdatas, kNow, m, ValidationLimits{});
  EXPECT_EQ(v.security, Security::kSecure);
  EXPECT_EQ(v.labels, 2);
  EXPECT_GT(v.ttl_cap, 0u);
  EXPECT_EQ(m.used(), 1);
}

TEST(VerifyRrset, WildcardSignatureReportsItsLabels) {
  Zone z = load(13);
  RRset expanded = z.get("*.wild.example.", RRType::kTXT);
  expanded.owner = *Name::from_text("foo.wild.example.");
  WorkMeter m;
  auto v = verify_rrset(expanded, kZone, z.dnskeys.rdatas, kNow, m, ValidationLimits{});
  EXPECT_EQ(v.security, Security::kSecure);
  EXPECT_EQ(v.labels, 2);  // < 3 labels of the owner: the caller must prove foo.wild.example absent
}

struct BogusCase {
  const char* what;
  EdeCode code;
};

TEST(VerifyRrset, EachFailureHasItsExtendedError) {
  Zone z = load(13);
  const RRset& www = z.get("www.example.", RRType::kA);
  ValidationLimits l;
  auto check = [&](const RRset& s, uint32_t now, EdeCode want, const char* what) {
    WorkMeter m;
    auto v = verify_rrset(s, kZone, z.dnskeys.rdatas, now, m, l);
    EXPECT_EQ(v.security, Security::kBogus) << what;
    ASSERT_TRUE(v.why) << what;
    EXPECT_EQ(v.why->code, want) << what << ": " << v.why->extra_text;
  };
  RRset tampered = www;
  tampered.rdatas[0][3] ^= 1;
  check(tampered, kNow, EdeCode::kDnssecBogus, "changed data");
  check(www, 2100000000, EdeCode::kSignatureExpired, "after expiration (2036)");
  check(www, 1700000000, EdeCode::kSignatureNotYetValid, "before inception (2026)");
  RRset unsigned_set = www;
  unsigned_set.rrsigs.clear();
  check(unsigned_set, kNow, EdeCode::kRrsigsMissing, "no RRSIG");
  WorkMeter m;
  auto other = verify_rrset(www, kZone, load(15).dnskeys.rdatas, kNow, m, l);  // another zone's keys
  ASSERT_TRUE(other.why);
  EXPECT_EQ(other.why->code, EdeCode::kDnskeyMissing);
  auto wrong_zone = verify_rrset(www, *Name::from_text("www.example."), z.dnskeys.rdatas, kNow, m, l);
  ASSERT_TRUE(wrong_zone.why);
  EXPECT_EQ(wrong_zone.why->code, EdeCode::kRrsigsMissing);  // signed by example., not by www.example.
}

// A DNSKEY with the same key tag as `key` but another public key: +1 and -1
// on two even-offset octets keep the RFC 4034 Appendix B checksum.
dns::Rdata colliding(const dns::Rdata& key, int n) {
  dns::Rdata k = key;
  std::size_t a = 4 + 2 * static_cast<std::size_t>(n % 10), b = a + 20;
  if (k[a] == 0xff || k[b] == 0x00) return k;
  ++k[a];
  --k[b];
  return k;
}

TEST(VerifyRrset, KeyTrapCollidingKeyTagsAreCapped) {
  Zone z = load(13);
  const RRset& www = z.get("www.example.", RRType::kA);
  auto sig = dns::RrsigView::parse(www.rrsigs[0]);
  dns::Rdata signing_key;
  for (const auto& k : z.dnskeys.rdatas)
    if (dns::dnskey_key_tag(k) == sig->key_tag) signing_key = k;
  std::vector<dns::Rdata> keys;
  for (int i = 0; i < 10; ++i) {
    keys.push_back(colliding(signing_key, i));
    ASSERT_EQ(dns::dnskey_key_tag(keys.back()), sig->key_tag);
    ASSERT_NE(keys.back(), signing_key);
  }
  keys.push_back(signing_key);  // the real key comes last: only an uncapped validator reaches it
  ValidationLimits l;
  WorkMeter m(l);
  auto v = verify_rrset(www, kZone, keys, kNow, m, l);
  EXPECT_EQ(v.security, Security::kBogus);
  EXPECT_EQ(m.used(), l.max_keys_per_signature);
  ASSERT_TRUE(v.why);
  EXPECT_NE(v.why->extra_text.find("work limit"), std::string::npos) << v.why->extra_text;
}

TEST(VerifyRrset, PerQueryBudgetStopsValidation) {
  Zone z = load(13);
  ValidationLimits l;
  l.max_verifications_per_query = 3;
  WorkMeter m(l);
  const RRset& www = z.get("www.example.", RRType::kA);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(verify_rrset(www, kZone, z.dnskeys.rdatas, kNow, m, l).security, Security::kSecure);
  auto v = verify_rrset(www, kZone, z.dnskeys.rdatas, kNow, m, l);
  EXPECT_EQ(v.security, Security::kBogus);
  EXPECT_TRUE(m.exhausted());
}

TEST(VerifyRrset, ManySignaturesAreCapped) {
  Zone z = load(13);
  RRset www = z.get("www.example.", RRType::kA);
  dns::Rdata bad = www.rrsigs[0];
  bad.back() ^= 1;
  std::vector<dns::Rdata> sigs(20, bad);
  sigs.push_back(www.rrsigs[0]);
  www.rrsigs = sigs;
  ValidationLimits l;
  WorkMeter m(l);
  auto v = verify_rrset(www, kZone, z.dnskeys.rdatas, kNow, m, l);
  EXPECT_EQ(v.security, Security::kBogus);
  EXPECT_LE(m.used(), l.max_signatures_per_rrset);
}

}  // namespace
}  // namespace dns4eu::dnssec
