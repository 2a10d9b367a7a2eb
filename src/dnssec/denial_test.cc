// denial_test.cc — NSEC and NSEC3 proofs against the chains ldns-signzone
// made for tests/data/dnssec/example.zone (NSEC: alg13.signed; NSEC3, 10
// iterations, salt aabbccdd: nsec3.signed). The zone has www, mail, ns1,
// NS2, txt and *.wild (so wild.example is an empty non-terminal).
#include "dnssec/denial.h"

#include <gtest/gtest.h>

#include "dnssec/internal/zone_fixture.h"

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRset;
using dns::RRType;

Name N(const char* s) { return *Name::from_text(s); }

std::vector<RRset> chain(const char* file, RRType type) {
  auto sets = internal::load_signed_zone(file);
  EXPECT_TRUE(sets);
  std::vector<RRset> out;
  for (auto& s : *sets)
    if (s.type == type) out.push_back(s);
  return out;
}

class Denial_ : public ::testing::TestWithParam<const char*> {
 protected:
  std::vector<RRset> records() {
    return std::string(GetParam()) == "nsec" ? chain("alg13.signed", RRType::kNSEC)
                                             : chain("nsec3.signed", RRType::kNSEC3);
  }
  ValidationLimits limits;
  Name zone = N("example.");
};

TEST_P(Denial_, NxdomainProvenForAbsentName) {
  auto r = records();
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(prove_nxdomain(r, N("nx.example."), zone, limits).result, Denial::kProven);
  EXPECT_EQ(prove_nxdomain(r, N("a.b.nx.example."), zone, limits).result, Denial::kProven);
}

TEST_P(Denial_, NxdomainNotProvenForExistingNamesOrWhereAWildcardAnswers) {
  auto r = records();
  EXPECT_EQ(prove_nxdomain(r, N("www.example."), zone, limits).result, Denial::kNotProven);
  // *.wild.example exists: foo.wild.example is answered by it, never NXDOMAIN.
  EXPECT_EQ(prove_nxdomain(r, N("foo.wild.example."), zone, limits).result, Denial::kNotProven);
}

TEST_P(Denial_, NodataForAMissingTypeOnly) {
  auto r = records();
  EXPECT_EQ(prove_nodata(r, N("mail.example."), RRType::kAAAA, zone, limits).result, Denial::kProven);
  EXPECT_EQ(prove_nodata(r, N("mail.example."), RRType::kMX, zone, limits).result, Denial::kNotProven);
  EXPECT_EQ(prove_nodata(r, N("mail.example."), RRType::kA, zone, limits).result, Denial::kNotProven);
  // A name that does not exist is not NODATA.
  EXPECT_EQ(prove_nodata(r, N("nx.example."), RRType::kA, zone, limits).result, Denial::kNotProven);
}

TEST_P(Denial_, NodataForAnEmptyNonTerminal) {
  EXPECT_EQ(prove_nodata(records(), N("wild.example."), RRType::kA, zone, limits).result, Denial::kProven);
}

TEST_P(Denial_, WildcardNodata) {
  auto r = records();
  EXPECT_EQ(prove_nodata(r, N("foo.wild.example."), RRType::kA, zone, limits).result, Denial::kProven);
  EXPECT_EQ(prove_nodata(r, N("foo.wild.example."), RRType::kTXT, zone, limits).result, Denial::kNotProven);
}

TEST_P(Denial_, WildcardExpansionNeedsTheNextCloserNameAbsent) {
  auto r = records();
  EXPECT_EQ(prove_wildcard_answer(r, N("foo.wild.example."), 2, zone, limits).result, Denial::kProven);
  // www.example exists: a "wildcard answer" for it would be a forgery.
  EXPECT_EQ(prove_wildcard_answer(r, N("www.example."), 1, zone, limits).result, Denial::kNotProven);
}

TEST_P(Denial_, DsAbsenceAtANameWithoutDs) {
  EXPECT_EQ(prove_nodata(records(), N("www.example."), RRType::kDS, zone, limits).result, Denial::kProven);
}

TEST_P(Denial_, RecordsOfAnotherZoneProveNothing) {
  auto r = records();
  EXPECT_EQ(prove_nxdomain(r, N("nx.other."), N("other."), limits).result, Denial::kNotProven);
}

INSTANTIATE_TEST_SUITE_P(Chains, Denial_, ::testing::Values("nsec", "nsec3"));

TEST(Nsec3Denial, IterationsAboveTheLimitMakeTheAnswerInsecure) {
  ValidationLimits low;
  low.max_nsec3_iterations = 5;  // the chain uses 10
  auto r = chain("nsec3.signed", RRType::kNSEC3);
  auto p = prove_nxdomain(r, N("nx.example."), N("example."), low);
  EXPECT_EQ(p.result, Denial::kInsecure);
  EXPECT_NE(p.why.find("iterations"), std::string::npos) << p.why;
}

TEST(Nsec3Denial, OptOutSpanMakesAMissingDsInsecure) {
  ValidationLimits limits;
  auto r = chain("nsec3.signed", RRType::kNSEC3);
  const Name child = N("unsigned-child.example.");
  EXPECT_EQ(prove_nodata(r, child, RRType::kDS, N("example."), limits).result, Denial::kNotProven);
  for (auto& s : r)
    for (auto& rd : s.rdatas) rd[1] |= 0x01;  // the opt-out flag on every record
  EXPECT_EQ(prove_nodata(r, child, RRType::kDS, N("example."), limits).result, Denial::kInsecure);
  EXPECT_EQ(prove_nxdomain(r, child, N("example."), limits).result, Denial::kInsecure);
}

TEST(NsecDenial, LastNsecWrapsToTheApex) {
  ValidationLimits limits;
  auto r = chain("alg13.signed", RRType::kNSEC);
  // zzz.example sorts after www.example, the last NSEC (next = example.).
  EXPECT_EQ(prove_nxdomain(r, N("zzz.example."), N("example."), limits).result, Denial::kProven);
}

}  // namespace
}  // namespace dns4eu::dnssec
