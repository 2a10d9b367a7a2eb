// cache_bench.cc — micro-benchmarks of the caches' hot paths: answer-cache
// hits (the fast path: hash + shard lock + memcpy + patches; goal ≪ 1 µs),
// RRset lookups and inserts, with 1 and 2 threads.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cache/answer_cache.h"
#include "cache/rrset_cache.h"
#include "dns/wire.h"

namespace {

using dns4eu::cache::AnswerCache;
using dns4eu::cache::AnswerCacheConfig;
using dns4eu::cache::AnswerKey;
using dns4eu::cache::CacheConfig;
using dns4eu::cache::RRsetCache;
using dns4eu::cache::Security;
using dns4eu::cache::Trust;
using dns4eu::dns::Name;
using dns4eu::dns::RRType;

constexpr int kNames = 4096;

std::vector<Name> names() {
  std::vector<Name> v;
  for (int i = 0; i < kNames; ++i) v.push_back(*Name::from_text("www" + std::to_string(i) + ".example.com."));
  return v;
}

// A typical answer: header, question, two A records, OPT (~80 octets).
std::vector<uint8_t> response(const Name& q) {
  std::vector<uint8_t> p = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 1};
  p.insert(p.end(), q.wire().begin(), q.wire().end());
  p.insert(p.end(), {0, 1, 0, 1});
  for (int i = 0; i < 2; ++i)
    p.insert(p.end(), {0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, 192, 0, 2, uint8_t(i)});
  p.insert(p.end(), {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0});
  return p;
}

struct AnswerFixture {
  AnswerFixture() : cache(CacheConfig{.max_bytes = 64u << 20}), qnames(names()) {
    for (const Name& q : qnames) (void)cache.insert(AnswerKey{q, RRType::kA}, response(q), 0);
  }
  AnswerCache cache;
  std::vector<Name> qnames;
};

AnswerFixture& answer_fixture() {
  static AnswerFixture f;
  return f;
}

void BM_AnswerCacheHit(benchmark::State& state) {
  AnswerFixture& f = answer_fixture();
  std::vector<uint8_t> out(4096);
  std::size_t i = state.thread_index() * 97;
  for (auto _ : state) {
    auto hit = f.cache.lookup(AnswerKey{f.qnames[i % kNames], RRType::kA}, uint16_t(i), 100, out);
    ++i;
    benchmark::DoNotOptimize(hit);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AnswerCacheHit)->Threads(1)->Threads(2);

void BM_AnswerCacheMiss(benchmark::State& state) {
  AnswerFixture& f = answer_fixture();
  std::vector<uint8_t> out(4096);
  std::size_t i = 0;
  for (auto _ : state) {
    auto hit = f.cache.lookup(AnswerKey{f.qnames[i++ % kNames], RRType::kAAAA}, 1, 100, out);
    benchmark::DoNotOptimize(hit);
  }
}
BENCHMARK(BM_AnswerCacheMiss);

dns4eu::dns::RRset a_set(const Name& owner) {
  dns4eu::dns::RRset s;
  s.owner = owner;
  s.type = RRType::kA;
  s.ttl = 3600;
  s.rdatas.push_back({192, 0, 2, 1});
  return s;
}

void BM_RRsetLookupHit(benchmark::State& state) {
  static RRsetCache cache(CacheConfig{.max_bytes = 64u << 20});
  static std::vector<Name> qnames = [] {
    auto v = names();
    for (const Name& q : v) (void)cache.insert(a_set(q), Trust::kAnswerAuth, Security::kUnchecked, 0);
    return v;
  }();
  std::size_t i = state.thread_index() * 97;
  for (auto _ : state) {
    auto r = cache.lookup(qnames[i++ % kNames], RRType::kA, dns4eu::dns::RRClass::kIN, 100);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RRsetLookupHit)->Threads(1)->Threads(2);

void BM_RRsetInsert(benchmark::State& state) {
  RRsetCache cache(CacheConfig{.max_bytes = 4u << 20});  // small: inserts also evict
  std::vector<dns4eu::dns::RRset> sets;
  for (const Name& q : names()) sets.push_back(a_set(q));
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cache.insert(sets[i % kNames], Trust::kAnswerAuth, Security::kUnchecked,
                                          uint32_t(i / kNames)));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RRsetInsert);

}  // namespace

BENCHMARK_MAIN();
