// signed_data_test.cc — the exact octets an RRSIG signs, built by hand from
// RFC 4034 §3.1.8.1 / §6.2 / §6.3 and RFC 4035 §5.3.2.
#include "dnssec/signed_data.h"

#include <gtest/gtest.h>

namespace dns4eu::dnssec {
namespace {

using dns::Name;
using dns::RRType;

// RRSIG A 13 <labels> 3600 exp=0x11223344 inc=0x01020304 tag=0xBEEF signer=Example. sig=AA BB
dns::Rdata rrsig_rdata(uint8_t labels, RRType covered = RRType::kA) {
  dns::Rdata rd = {0x00, uint8_t(uint16_t(covered)), 13, labels, 0x00, 0x00, 0x0E, 0x10,
                   0x11, 0x22, 0x33, 0x44, 0x01, 0x02, 0x03, 0x04, 0xBE, 0xEF};
  for (char c : {'\7', 'E', 'x', 'a', 'm', 'p', 'l', 'e', '\0'}) rd.push_back(uint8_t(c));
  rd.push_back(0xAA);
  rd.push_back(0xBB);
  return rd;
}

std::vector<uint8_t> rr(std::vector<uint8_t> owner, uint16_t type, std::vector<uint8_t> rdata) {
  std::vector<uint8_t> out = owner;
  for (uint8_t b : {uint8_t(type >> 8), uint8_t(type), uint8_t(0), uint8_t(1),  // class IN
                    uint8_t(0), uint8_t(0), uint8_t(0x0E), uint8_t(0x10),       // original TTL 3600
                    uint8_t(rdata.size() >> 8), uint8_t(rdata.size())})
    out.push_back(b);
  out.insert(out.end(), rdata.begin(), rdata.end());
  return out;
}

const std::vector<uint8_t> kWwwExample = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};

TEST(SignedData, HeaderSortedDeduplicatedOriginalTtl) {
  dns::Rdata sig = rrsig_rdata(2);
  auto view = dns::RrsigView::parse(sig);
  ASSERT_TRUE(view);
  dns::RRset set;
  set.owner = *Name::from_text("WWW.Example.");
  set.type = RRType::kA;
  set.ttl = 42;  // ignored: the RRSIG's original TTL is signed
  set.rdatas = {{192, 0, 2, 2}, {192, 0, 2, 1}, {192, 0, 2, 2}};

  std::vector<uint8_t> want(sig.begin(), sig.begin() + 18);
  for (char c : {'\7', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '\0'}) want.push_back(uint8_t(c));
  for (auto& part : {rr(kWwwExample, 1, {192, 0, 2, 1}), rr(kWwwExample, 1, {192, 0, 2, 2})})
    want.insert(want.end(), part.begin(), part.end());
  EXPECT_EQ(signed_data(*view, sig, set), want);
}

TEST(SignedData, WildcardOwnerIsReconstructed) {
  dns::Rdata sig = rrsig_rdata(1);  // signed as *.example.
  auto view = dns::RrsigView::parse(sig);
  ASSERT_TRUE(view);
  dns::RRset set;
  set.owner = *Name::from_text("a.B.example.");
  set.type = RRType::kA;
  set.rdatas = {{192, 0, 2, 1}};
  std::vector<uint8_t> want(sig.begin(), sig.end() - 2);
  for (std::size_t i = 19; i < 26; ++i) want[i] = dns::ascii_lower(want[i]);
  auto part = rr({1, '*', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0}, 1, {192, 0, 2, 1});
  want.insert(want.end(), part.begin(), part.end());
  EXPECT_EQ(signed_data(*view, sig, set), want);
}

TEST(SignedData, RdataNamesAreLowercasedAndOrderedCanonically) {
  dns::Rdata sig = rrsig_rdata(2, RRType::kNS);
  auto view = dns::RrsigView::parse(sig);
  ASSERT_TRUE(view);
  dns::RRset set;
  set.owner = *Name::from_text("www.example.");
  set.type = RRType::kNS;
  // "B." sorts after "a." only once lower-cased ('B' = 0x42 < 'a' = 0x61).
  set.rdatas = {{1, 'a', 0}, {1, 'B', 0}, {1, 'b', 0}};
  std::vector<uint8_t> want(sig.begin(), sig.end() - 2);
  for (std::size_t i = 19; i < 26; ++i) want[i] = dns::ascii_lower(want[i]);
  for (auto& part : {rr(kWwwExample, 2, {1, 'a', 0}), rr(kWwwExample, 2, {1, 'b', 0})})
    want.insert(want.end(), part.begin(), part.end());
  EXPECT_EQ(signed_data(*view, sig, set), want);
}

}  // namespace
}  // namespace dns4eu::dnssec
