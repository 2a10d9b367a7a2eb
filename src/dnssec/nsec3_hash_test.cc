// nsec3_hash_test.cc — NSEC3 hashes against RFC 5155 Appendix A and a zone
// signed by ldns-signzone -n (tests/data/dnssec/nsec3.signed).
#include "dnssec/nsec3_hash.h"

#include <gtest/gtest.h>

#include <set>

#include "dnssec/internal/zone_fixture.h"

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRType;

const std::vector<uint8_t> kSalt = {0xAA, 0xBB, 0xCC, 0xDD};

std::string h32(std::string_view name, uint16_t iterations = 12) {
  auto h = nsec3_hash(*Name::from_text(name), kSalt, iterations, 1);
  return h ? dns::base32hex_encode(*h) : "error: " + h.error().message;
}

TEST(Nsec3Hash, Rfc5155AppendixA) {
  EXPECT_EQ(h32("example."), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  EXPECT_EQ(h32("EXAMPLE."), "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom");
  EXPECT_EQ(h32("a.example."), "35mthgpgcu1qg68fab165klnsnk3dpvl");
  EXPECT_EQ(h32("ai.example."), "gjeqe526plbf1g8mklp59enfd789njgi");
  EXPECT_EQ(h32("ns1.example."), "2t7b4g4vsa5smi47k61mv5bv1a22bojr");
  EXPECT_EQ(h32("*.w.example."), "r53bq7cc2uvmubfu5ocmm6pers9tk9en");
  EXPECT_EQ(h32("xx.example."), "t644ebqk9bibcna874givr6joj62mlhv");
}

TEST(Nsec3Hash, IterationLimitAndAlgorithm) {
  const Name n = *Name::from_text("example.");
  auto over = nsec3_hash(n, kSalt, 151, 1);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(nsec3_hash(n, kSalt, 150, 1));
  auto capped = nsec3_hash(n, kSalt, 12, 1, /*max_iterations=*/11);
  ASSERT_FALSE(capped);
  EXPECT_EQ(capped.error().code, ErrorCode::kLimit);
  EXPECT_TRUE(nsec3_hash(n, kSalt, 12, 1, 12));
  auto alg = nsec3_hash(n, kSalt, 0, 2);
  ASSERT_FALSE(alg);
  EXPECT_EQ(alg.error().code, ErrorCode::kUnsupported);
  // Zero iterations, empty salt: one plain SHA-1 of the wire name.
  auto plain = nsec3_hash(n, {}, 0, 1);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->size(), 20u);
  EXPECT_NE(*plain, *nsec3_hash(n, {}, 1, 1));
}

TEST(Nsec3Hash, MatchesLdnsSignedZone) {
  auto recs = internal::load_records("nsec3.signed");
  ASSERT_TRUE(recs) << recs.error().message;
  std::set<std::string> nsec3_owners, computed;
  std::set<Name> names;
  const Name apex = *Name::from_text("example.");
  std::vector<uint8_t> salt;
  uint16_t iterations = 0;
  for (const auto& r : *recs) {
    if (r.type == RRType::kNSEC3PARAM) {
      auto p = dns::Nsec3ParamView::parse(r.rdata);
      ASSERT_TRUE(p);
      salt.assign(p->salt.begin(), p->salt.end());
      iterations = p->iterations;
    }
    if (r.type == RRType::kNSEC3) {
      nsec3_owners.insert(std::string(r.owner.label(0)));
      auto v = dns::Nsec3View::parse(r.rdata);
      ASSERT_TRUE(v);
      EXPECT_EQ(v->iterations, 10);
    } else if (r.type != RRType::kRRSIG) {
      // Every owner and every empty non-terminal between it and the apex.
      for (Name n = r.owner; n.is_subdomain_of(apex); n = n.parent()) {
        names.insert(n);
        if (n == apex) break;
      }
    }
  }
  ASSERT_EQ(iterations, 10);
  ASSERT_EQ(salt, kSalt);
  for (const auto& n : names) {
    auto h = nsec3_hash(n, salt, iterations, 1);
    ASSERT_TRUE(h);
    computed.insert(dns::base32hex_encode(*h));
  }
  EXPECT_GE(nsec3_owners.size(), 8u);
  EXPECT_EQ(computed, nsec3_owners);
}

}  // namespace
}  // namespace dns4eu::dnssec
