// rrset_cache_test.cc — RRset cache: lookup, expiry, stale, trust, security,
// flush, byte bound, eviction quality, concurrency.
#include "cache/rrset_cache.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace dns4eu::cache {
namespace {

using dns::Name;
using dns::RRClass;
using dns::RRType;

Name N(const std::string& s) { return *Name::from_text(s); }

dns::RRset a_set(const std::string& owner, uint32_t ttl, uint8_t last = 1) {
  dns::RRset s;
  s.owner = N(owner);
  s.type = RRType::kA;
  s.ttl = ttl;
  s.rdatas.push_back({192, 0, 2, last});
  return s;
}

CacheConfig small_config(std::size_t bytes = 1 << 20) {
  CacheConfig c;
  c.max_bytes = bytes;
  return c;
}

TEST(RRsetCache, InsertLookupCaseInsensitive) {
  RRsetCache c(small_config());
  dns::RRset s = a_set("WWW.Example.com.", 300);
  s.rdatas.push_back({192, 0, 2, 2});
  s.rrsigs.push_back({0, 1, 8, 3, 1, 2, 3});
  EXPECT_EQ(c.insert(s, Trust::kAnswerAuth, Security::kUnchecked, 1000), InsertResult::kInserted);
  auto r = c.lookup(N("www.EXAMPLE.com."), RRType::kA, RRClass::kIN, 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->owner().to_text(), "www.example.com.");
  EXPECT_EQ(r->type(), RRType::kA);
  EXPECT_EQ(r->rclass(), RRClass::kIN);
  EXPECT_EQ(r->ttl(1000), 300u);
  EXPECT_EQ(r->ttl(1100), 200u);  // aging
  EXPECT_EQ(r->original_ttl(), 300u);
  EXPECT_EQ(r->trust(), Trust::kAnswerAuth);
  EXPECT_FALSE(r->stale());
  dns::RRset back = r->to_rrset(1010);
  EXPECT_EQ(back.rdatas, s.rdatas);
  EXPECT_EQ(back.rrsigs, s.rrsigs);
  EXPECT_EQ(back.ttl, 290u);
  EXPECT_EQ(r->rdatas().count(), 2u);
  EXPECT_FALSE(c.lookup(N("www.example.com."), RRType::kAAAA, RRClass::kIN, 1000));
  EXPECT_FALSE(c.lookup(N("www.example.com."), RRType::kA, RRClass::kCH, 1000));
  CacheStats st = c.stats();
  EXPECT_EQ(st.hits, 1u);
  EXPECT_EQ(st.misses, 2u);
  EXPECT_EQ(st.entries, 1u);
}

TEST(RRsetCache, ManyRdatasAndRrsigsRoundTrip) {
  // The head stores only the RDATA count: where the RRSIGs start and how many
  // there are is found by walking the packed items.
  RRsetCache c(small_config());
  dns::RRset s = a_set("multi.example.", 300);
  s.type = RRType::kTXT;
  s.rdatas.clear();
  for (int i = 0; i < 40; ++i) s.rdatas.push_back(std::vector<uint8_t>(std::size_t(i * 7 % 300), uint8_t(i)));
  for (int i = 0; i < 3; ++i) s.rrsigs.push_back(std::vector<uint8_t>(std::size_t(100 + i), uint8_t(0xA0 + i)));
  ASSERT_EQ(c.insert(s, Trust::kAnswerAuth, Security::kUnchecked, 0), InsertResult::kInserted);
  auto r = c.lookup(N("multi.example."), RRType::kTXT, RRClass::kIN, 0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->rdatas().count(), 40u);
  EXPECT_EQ(r->rrsigs().count(), 3u);
  dns::RRset back = r->to_rrset(0);
  EXPECT_EQ(back.rdatas, s.rdatas);
  EXPECT_EQ(back.rrsigs, s.rrsigs);
  // And an RRset without RRSIGs has none.
  ASSERT_EQ(c.insert(a_set("plain.example.", 300), Trust::kAnswerAuth, Security::kUnchecked, 0),
            InsertResult::kInserted);
  auto p = c.lookup(N("plain.example."), RRType::kA, RRClass::kIN, 0);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->rrsigs().count(), 0u);
  EXPECT_TRUE(p->rrsigs().bytes().empty());
}

TEST(RRsetCache, EraseInAnyOrderKeepsEveryOtherEntryFindable) {
  // One shard: every removal moves the ring's last entry into the hole and
  // rewrites that entry's table slot; a wrong rewrite loses or misfinds names.
  CacheConfig cfg = small_config(8u << 20);
  cfg.shards = 1;
  RRsetCache c(cfg);
  const int n = 3000;
  for (int i = 0; i < n; ++i)
    ASSERT_EQ(c.insert(a_set("e" + std::to_string(i) + ".example.", 300, uint8_t(i)), Trust::kAnswerAuth,
                       Security::kUnchecked, 0),
              InsertResult::kInserted);
  std::vector<bool> gone(n, false);
  uint32_t x = 12345;
  for (int k = 0; k < n / 2; ++k) {
    x = x * 1103515245u + 12345u;
    const int i = int((x >> 8) % n);
    EXPECT_EQ(c.erase(N("e" + std::to_string(i) + ".example."), RRType::kA, RRClass::kIN), !gone[i]);
    gone[i] = true;
  }
  std::size_t left = 0;
  for (int i = 0; i < n; ++i) {
    auto r = c.lookup(N("e" + std::to_string(i) + ".example."), RRType::kA, RRClass::kIN, 0);
    ASSERT_EQ(bool(r), !gone[i]) << "e" << i;
    if (r) {
      ++left;
      EXPECT_EQ((*r->rdatas().begin())[3], uint8_t(i));
    }
  }
  EXPECT_EQ(c.entries(), left);
  // flush_below walks the ring while removing: every match goes, nothing else.
  EXPECT_EQ(c.flush_below(N("example.")), left);
  EXPECT_EQ(c.entries(), 0u);
}

TEST(RRsetCache, TtlClampedToConfig) {
  CacheConfig cfg = small_config();
  cfg.min_ttl = 60;
  cfg.max_ttl = 3600;
  RRsetCache c(cfg);
  c.insert(a_set("a.example.", 5), Trust::kAnswerAuth, Security::kUnchecked, 0);
  c.insert(a_set("b.example.", 999999), Trust::kAnswerAuth, Security::kUnchecked, 0);
  EXPECT_EQ(c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 0)->ttl(0), 60u);
  EXPECT_EQ(c.lookup(N("b.example."), RRType::kA, RRClass::kIN, 0)->ttl(0), 3600u);
}

TEST(RRsetCache, ZeroTtlAndEmptyAreUncacheable) {
  RRsetCache c(small_config());
  EXPECT_EQ(c.insert(a_set("a.example.", 0), Trust::kAnswerAuth, Security::kUnchecked, 0),
            InsertResult::kUncacheable);
  dns::RRset empty = a_set("a.example.", 10);
  empty.rdatas.clear();
  EXPECT_EQ(c.insert(empty, Trust::kAnswerAuth, Security::kUnchecked, 0), InsertResult::kUncacheable);
  EXPECT_EQ(c.entries(), 0u);
}

TEST(RRsetCache, ExpiryAndStaleRetention) {
  CacheConfig cfg = small_config();
  cfg.stale_retention = 100;
  RRsetCache c(cfg);
  c.insert(a_set("a.example.", 10), Trust::kAnswerAuth, Security::kUnchecked, 1000);
  EXPECT_TRUE(c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 1009));
  EXPECT_FALSE(c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 1010));  // expired
  auto stale = c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 1050, LookupMode::kAllowStale);
  ASSERT_TRUE(stale);
  EXPECT_TRUE(stale->stale());
  EXPECT_EQ(stale->ttl(1050), 0u);
  EXPECT_EQ(c.stats().stale_hits, 1u);
  EXPECT_EQ(c.entries(), 1u);
  // Past the retention window the entry is gone, even for stale lookups.
  EXPECT_FALSE(c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 1110, LookupMode::kAllowStale));
  EXPECT_EQ(c.entries(), 0u);
}

TEST(RRsetCache, PurgeDeadDropsOnlyEntriesPastRetention) {
  CacheConfig cfg = small_config();
  cfg.stale_retention = 100;
  RRsetCache c(cfg);
  c.insert(a_set("a.example.", 10), Trust::kAnswerAuth, Security::kUnchecked, 0);
  c.insert(a_set("b.example.", 500), Trust::kAnswerAuth, Security::kUnchecked, 0);
  EXPECT_EQ(c.purge_dead(50), 0u);
  EXPECT_EQ(c.purge_dead(200), 1u);
  EXPECT_EQ(c.entries(), 1u);
  EXPECT_TRUE(c.lookup(N("b.example."), RRType::kA, RRClass::kIN, 200));
}

TEST(RRsetCache, GlueNeverOverridesAnswer) {
  RRsetCache c(small_config());
  c.insert(a_set("ns.example.", 300, 1), Trust::kAnswerAuth, Security::kUnchecked, 0);
  EXPECT_EQ(c.insert(a_set("ns.example.", 300, 2), Trust::kGlue, Security::kUnchecked, 10),
            InsertResult::kKeptExisting);
  EXPECT_EQ(c.insert(a_set("ns.example.", 300, 3), Trust::kAdditional, Security::kUnchecked, 10),
            InsertResult::kKeptExisting);
  auto r = c.lookup(N("ns.example."), RRType::kA, RRClass::kIN, 10);
  EXPECT_EQ((*r->rdatas().begin())[3], 1);
  EXPECT_EQ(r->trust(), Trust::kAnswerAuth);
}

TEST(RRsetCache, EqualOrHigherTrustReplaces) {
  RRsetCache c(small_config());
  c.insert(a_set("ns.example.", 300, 1), Trust::kGlue, Security::kUnchecked, 0);
  EXPECT_EQ(c.insert(a_set("ns.example.", 300, 2), Trust::kGlue, Security::kUnchecked, 1),
            InsertResult::kReplaced);
  EXPECT_EQ(c.insert(a_set("ns.example.", 300, 3), Trust::kAnswerNonAuth, Security::kUnchecked, 2),
            InsertResult::kReplaced);
  auto r = c.lookup(N("ns.example."), RRType::kA, RRClass::kIN, 2);
  EXPECT_EQ((*r->rdatas().begin())[3], 3);
  EXPECT_EQ(r->trust(), Trust::kAnswerNonAuth);
  EXPECT_EQ(c.entries(), 1u);
}

TEST(RRsetCache, ExpiredHigherTrustIsReplacedByLowerTrust) {
  RRsetCache c(small_config());
  c.insert(a_set("ns.example.", 10, 1), Trust::kAnswerAuth, Security::kUnchecked, 0);
  EXPECT_EQ(c.insert(a_set("ns.example.", 300, 2), Trust::kGlue, Security::kUnchecked, 20),
            InsertResult::kReplaced);
  EXPECT_EQ(c.lookup(N("ns.example."), RRType::kA, RRClass::kIN, 20)->trust(), Trust::kGlue);
}

TEST(RRsetCache, HandleSurvivesReplacementAndFlush) {
  RRsetCache c(small_config());
  c.insert(a_set("a.example.", 300, 1), Trust::kAnswerAuth, Security::kUnchecked, 0);
  auto r = c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 0);
  c.insert(a_set("a.example.", 300, 9), Trust::kAnswerAuth, Security::kUnchecked, 0);
  c.flush_all();
  EXPECT_EQ((*r->rdatas().begin())[3], 1);  // still readable (ASan would flag a use-after-free)
  RRsetRef copy = *r;
  EXPECT_EQ(copy.owner().to_text(), "a.example.");
}

TEST(RRsetCache, SetSecurityAndTtlCap) {
  RRsetCache c(small_config());
  c.insert(a_set("a.example.", 300), Trust::kAnswerAuth, Security::kUnchecked, 0);
  EXPECT_EQ(c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 0)->security(), Security::kUnchecked);
  EXPECT_TRUE(c.set_security(N("A.example."), RRType::kA, RRClass::kIN, Security::kSecure, 10, 50u));
  auto r = c.lookup(N("a.example."), RRType::kA, RRClass::kIN, 10);
  EXPECT_EQ(r->security(), Security::kSecure);
  EXPECT_EQ(r->ttl(10), 50u);
  EXPECT_FALSE(c.set_security(N("b.example."), RRType::kA, RRClass::kIN, Security::kBogus, 10));
}

TEST(RRsetCache, FlushBelowRemovesNameAndDescendantsOnly) {
  RRsetCache c(small_config());
  for (const char* n : {"example.com.", "www.example.com.", "a.b.Example.com.", "notexample.com.",
                        "com.", "example.org."})
    c.insert(a_set(n, 300), Trust::kAnswerAuth, Security::kUnchecked, 0);
  EXPECT_EQ(c.flush_below(N("EXAMPLE.com.")), 3u);
  EXPECT_FALSE(c.lookup(N("example.com."), RRType::kA, RRClass::kIN, 0));
  EXPECT_FALSE(c.lookup(N("a.b.example.com."), RRType::kA, RRClass::kIN, 0));
  EXPECT_TRUE(c.lookup(N("notexample.com."), RRType::kA, RRClass::kIN, 0));
  EXPECT_TRUE(c.lookup(N("com."), RRType::kA, RRClass::kIN, 0));
  EXPECT_TRUE(c.lookup(N("example.org."), RRType::kA, RRClass::kIN, 0));
  EXPECT_EQ(c.flush_below(Name()), 3u);  // the root covers everything
  EXPECT_EQ(c.entries(), 0u);
}

TEST(RRsetCache, TooLargeEntryIsRejected) {
  RRsetCache c(small_config(64 * 1024));  // few shards, small budget each
  dns::RRset big = a_set("big.example.", 300);
  big.type = RRType::kTXT;
  big.rdatas.assign(1, dns::Rdata(60000, 'x'));
  EXPECT_EQ(c.insert(big, Trust::kAnswerAuth, Security::kUnchecked, 0), InsertResult::kTooLarge);
  EXPECT_LE(c.bytes(), 64u * 1024);
}

long rss_kib() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  long pages = 0, rss = 0;
  if (f != nullptr) {
    if (std::fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
    std::fclose(f);
  }
  return rss * 4;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

TEST(RRsetCache, ByteBoundRespectedUnderManyInserts) {
  const std::size_t limit = 1 << 20;
  RRsetCache c(small_config(limit));
  const long rss_before = rss_kib();
  for (int i = 0; i < 100000; ++i) {
    c.insert(a_set("host" + std::to_string(i) + ".example.com.", 300, uint8_t(i)), Trust::kAnswerAuth,
             Security::kUnchecked, 0);
    if (i % 1000 == 0) {
      ASSERT_LE(c.bytes(), limit) << "after " << i << " inserts";
    }
  }
  CacheStats st = c.stats();
  EXPECT_LE(st.bytes, limit);
  EXPECT_GT(st.entries, 5000u);  // the budget is actually used
  EXPECT_GT(st.evictions, 80000u);
  const long growth = rss_kib() - rss_before;
  std::printf("1 MiB cache: %lu entries, %lu bytes, RSS growth %ld KiB\n", (unsigned long)st.entries,
              (unsigned long)st.bytes, growth);
  if (!kAsan) {
    EXPECT_LT(growth, 4 * 1024);  // ASan's quarantine makes RSS meaningless
  }
}

TEST(RRsetCache, BytesPerTypicalARecord) {
  RRsetCache c(small_config(64u << 20));
  const int n = 50000;
  const std::size_t empty = c.bytes();
  for (int i = 0; i < n; ++i)
    c.insert(a_set("www" + std::to_string(i) + ".example.com.", 300), Trust::kAnswerAuth,
             Security::kUnchecked, 0);
  ASSERT_EQ(c.entries(), std::size_t(n));
  const double per = double(c.bytes() - empty) / n;
  std::printf("bytes per A RRset (www<N>.example.com., 1 RDATA): %.1f\n", per);
  // Blob 51 octets (16 header + 21 key + 14 payload) in a 64-octet chunk,
  // plus the table (5 octets a slot) and ring (8) with their growth slack.
  EXPECT_LT(per, 100.0);
}

TEST(RRsetCache, EvictionKeepsFrequentlyHitEntry) {
  RRsetCache c(small_config(256 * 1024));
  c.insert(a_set("hot.example.", 3600), Trust::kAnswerAuth, Security::kUnchecked, 0);
  int lost = 0;
  for (int i = 0; i < 50000; ++i) {
    c.insert(a_set("cold" + std::to_string(i) + ".example.", 3600), Trust::kAnswerAuth,
             Security::kUnchecked, 0);
    if (i % 20 == 0 && !c.lookup(N("hot.example."), RRType::kA, RRClass::kIN, 0)) ++lost;
  }
  EXPECT_EQ(lost, 0);
  EXPECT_TRUE(c.lookup(N("hot.example."), RRType::kA, RRClass::kIN, 0));
  EXPECT_FALSE(c.lookup(N("cold0.example."), RRType::kA, RRClass::kIN, 0));  // never hit: evicted
}

TEST(RRsetCache, ConcurrentUseFromFourThreads) {
  const std::size_t limit = 512 * 1024;
  RRsetCache c(small_config(limit));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&c, t] {
      for (int i = 0; i < 20000; ++i) {
        const std::string name = "h" + std::to_string((i * 7 + t) % 3000) + ".example.";
        const uint32_t now = uint32_t(i / 100);
        if (i % 3 == 0) {
          c.insert(a_set(name, 60, uint8_t(t)), Trust(i % 6), Security::kUnchecked, now);
        } else if (auto r = c.lookup(N(name), RRType::kA, RRClass::kIN, now, LookupMode::kAllowStale)) {
          ASSERT_EQ(r->rdatas().count(), 1u);
          ASSERT_EQ((*r->rdatas().begin()).size(), 4u);
        }
        if (i % 5000 == 0) c.flush_below(N("h1.example."));
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(c.bytes(), limit);
  CacheStats st = c.stats();
  EXPECT_GT(st.hits, 0u);
  EXPECT_EQ(st.hits + st.misses, 4u * 20000 - 4u * 6667);
}

}  // namespace
}  // namespace dns4eu::cache
