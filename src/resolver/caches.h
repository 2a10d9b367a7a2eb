// caches.h — the set of caches a resolver instance shares across its worker
// threads: RRsets, negative answers, upstream server facts and whole answers.
//
//   Caches caches(CachesConfig{});
//   caches.rrsets.lookup(name, RRType::kA, RRClass::kIN, now_seconds());
//
// Thread-safety: every member is safe to use concurrently (sharded locks).
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>

#include "cache/answer_cache.h"
#include "cache/infra_cache.h"
#include "cache/negative_cache.h"
#include "cache/rrset_cache.h"
#include "dnssec/aggressive_cache.h"
#include "dnssec/key_cache.h"

namespace dns4eu::resolver {

struct CachesConfig {
  cache::CacheConfig rrsets{.max_bytes = 192u << 20};
  cache::CacheConfig negative{.max_bytes = 32u << 20};
  cache::AnswerCacheConfig answers{cache::CacheConfig{.max_bytes = 64u << 20}};
  cache::InfraConfig infra{};
};

struct Caches {
  explicit Caches(const CachesConfig& c)
      : rrsets(c.rrsets), negative(c.negative), answers(c.answers), infra(c.infra) {}
  cache::RRsetCache rrsets;
  cache::NegativeCache negative;
  cache::AnswerCache answers;
  cache::InfraCache infra;
  dnssec::KeyCache keys;  // validated DNSKEY sets per zone, bogus reasons
  dnssec::AggressiveCache aggressive;  // validated NSEC/NSEC3 chains (RFC 8198)

  void flush_all() {
    keys.flush_all();
    aggressive.flush_all();
    rrsets.flush_all();
    negative.flush_all();
    answers.flush_all();
  }
};

// Seconds of a monotonic clock: the time base of every cache. The coarse
// clock (same time base as steady_clock, updated every tick) is read without
// the vDSO's fine-grained path: the caches need seconds, and this runs on
// every query.
inline uint32_t now_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<uint32_t>(ts.tv_sec);
}

}  // namespace dns4eu::resolver
