// answer_cache_test.cc — packet cache: ID, case and TTL patching, keying by
// flags, view and policy epoch, negative TTL cap, stale answers.
#include "cache/answer_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dns/wire.h"

namespace dns4eu::cache {
namespace {

using dns::Name;
using dns::RRClass;
using dns::RRType;
using Bytes = std::vector<uint8_t>;

Name N(const std::string& s) { return *Name::from_text(s); }

// A response for `qname`/A with two A records (TTLs ttl1, ttl2) using
// compression pointers to the question, and an OPT record.
Bytes response(const Name& qname, uint32_t ttl1, uint32_t ttl2, uint16_t rcode = 0, bool answers = true) {
  Bytes p = {0x12, 0x34, 0x81, uint8_t(0x80 | rcode), 0, 1, 0, uint8_t(answers ? 2 : 0), 0, 0, 0, 1};
  auto w = qname.wire();
  p.insert(p.end(), w.begin(), w.end());
  p.insert(p.end(), {0, 1, 0, 1});
  for (uint32_t ttl : {ttl1, ttl2}) {
    if (!answers) break;
    p.insert(p.end(), {0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, uint8_t(ttl & 0x7)});
    dns::store_u32(&p[p.size() - 10], ttl);
  }
  p.insert(p.end(), {0, 0, 41, 0x04, 0xD0, 0, 0, 0x80, 0, 0, 0});  // OPT, DO
  return p;
}

// TTL of the i-th answer record in a packet built by response().
uint32_t ttl_at(const Bytes& p, const Name& q, int i) {
  return dns::load_u32(&p[12 + q.wire_size() + 4 + 16 * i + 6]);
}

AnswerCacheConfig cfg() {
  AnswerCacheConfig c;
  c.base.max_bytes = 1 << 20;
  c.base.stale_retention = 1000;
  return c;
}

TEST(AnswerCache, HitPatchesIdCaseAndTtls) {
  AnswerCache c(cfg());
  const Name q = N("www.example.com.");
  Bytes pkt = response(q, 300, 100);
  EXPECT_EQ(c.insert({q, RRType::kA}, pkt, 1000), InsertResult::kInserted);
  const Name client = N("wWw.ExAmple.COM.");
  Bytes out(4096);
  auto hit = c.lookup({client, RRType::kA}, 0xBEEF, 1040, out);
  ASSERT_TRUE(hit);
  ASSERT_EQ(hit->size, pkt.size());
  out.resize(hit->size);
  EXPECT_EQ(dns::load_u16(out.data()), 0xBEEF);
  EXPECT_EQ(ttl_at(out, q, 0), 260u);
  EXPECT_EQ(ttl_at(out, q, 1), 60u);
  EXPECT_EQ(hit->ttl, 60u);
  EXPECT_FALSE(hit->stale);
  EXPECT_TRUE(std::equal(client.wire().begin(), client.wire().end(), out.begin() + 12));
  // Everything else is byte-for-byte the stored packet (OPT TTL untouched).
  Bytes expect = pkt;
  dns::store_u16(expect.data(), 0xBEEF);
  std::copy(client.wire().begin(), client.wire().end(), expect.begin() + 12);
  dns::store_u32(&expect[12 + q.wire_size() + 4 + 6], 260);
  dns::store_u32(&expect[12 + q.wire_size() + 4 + 16 + 6], 60);
  EXPECT_EQ(out, expect);
}

TEST(AnswerCache, ExpiresAtSmallestTtlThenServesStale) {
  AnswerCache c(cfg());
  const Name q = N("a.example.");
  c.insert({q, RRType::kA}, response(q, 300, 100), 0);
  Bytes out(4096);
  EXPECT_TRUE(c.lookup({q, RRType::kA}, 1, 99, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA}, 1, 100, out));
  auto st = c.lookup({q, RRType::kA}, 1, 500, out, LookupMode::kAllowStale);
  ASSERT_TRUE(st);
  EXPECT_TRUE(st->stale);
  EXPECT_EQ(ttl_at(out, q, 0), 30u);  // RFC 8767 stale answer TTL
  EXPECT_EQ(ttl_at(out, q, 1), 30u);
  EXPECT_FALSE(c.lookup({q, RRType::kA}, 1, 1200, out, LookupMode::kAllowStale));
}

TEST(AnswerCache, KeyedByTypeFlagsAndView) {
  AnswerCache c(cfg());
  const Name q = N("a.example.");
  c.insert({q, RRType::kA, RRClass::kIN, true, false, 7}, response(q, 300, 300), 0);
  Bytes out(4096);
  EXPECT_TRUE(c.lookup({q, RRType::kA, RRClass::kIN, true, false, 7}, 1, 0, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA, RRClass::kIN, false, false, 7}, 1, 0, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA, RRClass::kIN, true, true, 7}, 1, 0, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA, RRClass::kIN, true, false, 8}, 1, 0, out));
}

// An answer filtered under one policy snapshot is never served under another:
// the epoch is part of the key (the daemon's QNAME check relies on it).
TEST(AnswerCache, KeyedByPolicyEpoch) {
  AnswerCache c(cfg());
  const Name q = N("a.example.");
  c.insert({q, RRType::kA, RRClass::kIN, false, false, 2, 41}, response(q, 300, 300), 0);
  Bytes out(4096);
  EXPECT_TRUE(c.lookup({q, RRType::kA, RRClass::kIN, false, false, 2, 41}, 1, 0, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA, RRClass::kIN, false, false, 2, 42}, 1, 0, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA, RRClass::kIN, false, false, 2, 41u + (1u << 16)}, 1, 0, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA, RRClass::kIN, false, false, 2}, 1, 0, out));
  EXPECT_EQ(c.flush_below(N("example.")), 1u);  // the epoch does not hide the name from flush_below
}

TEST(AnswerCache, RejectsMismatchedOrBrokenPackets) {
  AnswerCache c(cfg());
  const Name q = N("a.example.");
  EXPECT_EQ(c.insert({N("b.example."), RRType::kA}, response(q, 300, 300), 0), InsertResult::kUncacheable);
  EXPECT_EQ(c.insert({q, RRType::kAAAA}, response(q, 300, 300), 0), InsertResult::kUncacheable);
  Bytes cut = response(q, 300, 300);
  cut.resize(cut.size() - 5);
  EXPECT_EQ(c.insert({q, RRType::kA}, cut, 0), InsertResult::kUncacheable);
  EXPECT_EQ(c.insert({q, RRType::kA}, response(q, 0, 300), 0), InsertResult::kUncacheable);
  Bytes small(10);
  c.insert({q, RRType::kA}, response(q, 300, 300), 0);
  EXPECT_FALSE(c.lookup({q, RRType::kA}, 1, 0, small));  // buffer too small
}

TEST(AnswerCache, NegativeAnswerTtlCapped) {
  AnswerCacheConfig k = cfg();
  k.base.max_negative_ttl = 60;
  AnswerCache c(k);
  const Name q = N("a.example.");
  // NODATA without an SOA carries no TTL at all (OPT does not count).
  EXPECT_EQ(c.insert({q, RRType::kA}, response(q, 300, 300, 0, false), 0), InsertResult::kUncacheable);
  // NXDOMAIN with records (unusual but possible in our builder's output).
  c.insert({q, RRType::kA}, response(q, 300, 300, 3), 0);
  Bytes out(4096);
  EXPECT_TRUE(c.lookup({q, RRType::kA}, 1, 59, out));
  EXPECT_FALSE(c.lookup({q, RRType::kA}, 1, 60, out));
}

TEST(AnswerCache, FlushAndErase) {
  AnswerCache c(cfg());
  const Name a = N("a.example."), b = N("b.example.org.");
  c.insert({a, RRType::kA}, response(a, 300, 300), 0);
  c.insert({b, RRType::kA}, response(b, 300, 300), 0);
  EXPECT_EQ(c.flush_below(N("example.")), 1u);
  EXPECT_TRUE(c.erase({b, RRType::kA}));
  EXPECT_EQ(c.entries(), 0u);
}

}  // namespace
}  // namespace dns4eu::cache
