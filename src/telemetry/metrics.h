// metrics.h — the daemon's Prometheus metrics, declared once: label tables,
// per-worker counter blocks written without locked instructions, and the
// summed snapshot that a scrape reads.
//
// Each worker owns one WorkerMetrics (allocated on its own, aligned to a
// cache line, so workers never share a line). Its counters have one writer
// (the worker) and any number of readers: an increment is a relaxed load
// plus a relaxed store, never a locked read-modify-write. A scrape sums the
// blocks of every worker (MetricsSnapshot::add).
//
// No label ever carries a client address: labels are small closed sets
// (transport, flavour index, rcode, address family, ...), so there is no
// way to put one there.
//
//   WorkerMetrics& m = *per_worker[w];
//   m.query(Transport::kUdp, flavour_index);
//   m.answered(rcode, AnswerSource::kAnswerCache, latency);
//   MetricsSnapshot s; for (auto& w : per_worker) s.add(*w);
//
// Thread-safety: WorkerMetrics: one writer thread, any readers.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dns4eu::telemetry {

// A single-writer counter: no lock prefix on the hot path.
class Counter {
 public:
  void inc(uint64_t n = 1) { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  uint64_t get() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

enum class Transport : uint8_t { kUdp, kTcp, kDot, kDoh, kDoq, kCount };
// How the answer was produced.
enum class AnswerSource : uint8_t { kAnswerCache, kRRsetCache, kResolution, kLocal, kSynthesized, kError, kCount };
enum class Family : uint8_t { kIpv4, kIpv6, kCount };
// DNSSEC outcome of a resolution (RFC 4035 §4.3), as the validator reports
// it (daemon: QueryObserver::resolved).
enum class DnssecOutcome : uint8_t { kSecure, kInsecure, kBogus, kIndeterminate, kCount };
// A policy verdict (hook for the policy engine: WorkerMetrics::policy()).
// kLog: a list with action `log` (a dry run) matched; the query was not changed by it.
enum class PolicyVerdict : uint8_t { kPass, kBlock, kRedirect, kRefuse, kDrop, kLog, kCount };
// Queries that got no answer, by reason.
enum class DropReason : uint8_t { kHandler, kMalformed, kCount };

std::string_view label(Transport t);
std::string_view label(AnswerSource s);
std::string_view label(Family f);
std::string_view label(DnssecOutcome o);
std::string_view label(PolicyVerdict v);
std::string_view label(DropReason r);
// "NOERROR", "SERVFAIL", ... for 0..15; "OTHER" beyond.
std::string_view rcode_label(unsigned rcode);

inline constexpr std::size_t kMaxFlavours = 16;     // flavour index ≥ this counts as the last one
inline constexpr std::size_t kMaxPolicyLists = 64;  // list slot 0 means "no list"
inline constexpr std::size_t kRcodeSlots = 17;      // 0..15 and "other"

// Upper bounds (seconds) of the answer-latency buckets; +Inf is implicit.
inline constexpr std::array<double, 14> kLatencyBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                          0.025,  0.05,    0.1,    0.25,  0.5,    1.0,   2.5};
// Upper bounds (seconds) of the upstream RTT buckets.
inline constexpr std::array<double, 11> kRttBounds = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0};

template <std::size_t Bounds>
struct Histogram {
  std::array<Counter, Bounds + 1> buckets{};  // non-cumulative; last is +Inf
  Counter sum_us;                             // sum of observations, microseconds
  void observe(const std::array<double, Bounds>& bounds, std::chrono::microseconds v) {
    double s = static_cast<double>(v.count()) * 1e-6;
    std::size_t i = 0;
    while (i < Bounds && s > bounds[i]) ++i;
    buckets[i].inc();
    sum_us.inc(static_cast<uint64_t>(v.count() < 0 ? 0 : v.count()));
  }
};

struct alignas(64) WorkerMetrics {
  // A query reached the handler on `transport` for the flavour with this index.
  void query(Transport t, std::size_t flavour) { queries[idx(t)][flavour_slot(flavour)].inc(); }
  // A response left (or was handed to the transport).
  void answered(unsigned rcode, AnswerSource src, std::chrono::microseconds latency) {
    rcodes[rcode < 16 ? rcode : 16].inc();
    sources[idx(src)].inc();
    latency_hist.observe(kLatencyBounds, latency);
  }
  void dropped(DropReason r) { drops[idx(r)].inc(); }
  void upstream_query(Family f) { upstream[idx(f)].queries.inc(); }
  void upstream_reply(Family f, std::chrono::microseconds rtt) { upstream[idx(f)].rtt.observe(kRttBounds, rtt); }
  void upstream_timeout(Family f) { upstream[idx(f)].timeouts.inc(); }
  void upstream_error(Family f) { upstream[idx(f)].errors.inc(); }
  // One call per validated resolution.
  void dnssec(DnssecOutcome o) { dnssec_outcomes[idx(o)].inc(); }
  // Hook for the policy engine: `list` is the slot of the list that decided
  // (0: none), see PolicyListNames in the scrape.
  void policy(PolicyVerdict v, std::size_t list) {
    policy_verdicts[idx(v)][list < kMaxPolicyLists ? list : kMaxPolicyLists - 1].inc();
  }
  // A TLS server name carried a client ID that no policy.client_ids entry names.
  void unknown_client_id() { unknown_client_ids.inc(); }
  void query_log_dropped() { log_drops[0].inc(); }
  void dnstap_dropped() { log_drops[1].inc(); }

  struct Upstream {
    Counter queries, timeouts, errors;
    Histogram<kRttBounds.size()> rtt;  // count = replies
  };
  std::array<std::array<Counter, kMaxFlavours>, static_cast<std::size_t>(Transport::kCount)> queries{};
  std::array<Counter, kRcodeSlots> rcodes{};
  std::array<Counter, static_cast<std::size_t>(AnswerSource::kCount)> sources{};
  Histogram<kLatencyBounds.size()> latency_hist;
  std::array<Counter, static_cast<std::size_t>(DropReason::kCount)> drops{};
  std::array<Upstream, static_cast<std::size_t>(Family::kCount)> upstream{};
  std::array<Counter, static_cast<std::size_t>(DnssecOutcome::kCount)> dnssec_outcomes{};
  std::array<std::array<Counter, kMaxPolicyLists>, static_cast<std::size_t>(PolicyVerdict::kCount)> policy_verdicts{};
  std::array<Counter, 2> log_drops{};  // query log, dnstap
  Counter unknown_client_ids;

 private:
  template <typename E>
  static std::size_t idx(E e) {
    return static_cast<std::size_t>(e);
  }
  static std::size_t flavour_slot(std::size_t f) { return f < kMaxFlavours ? f : kMaxFlavours - 1; }
};

// The sum of every worker's counters, as plain numbers.
struct MetricsSnapshot {
  template <std::size_t N>
  struct Hist {
    std::array<uint64_t, N + 1> buckets{};
    uint64_t sum_us = 0;
    uint64_t count() const;
  };
  struct Upstream {
    uint64_t queries = 0, timeouts = 0, errors = 0;
    Hist<kRttBounds.size()> rtt;
  };
  std::array<std::array<uint64_t, kMaxFlavours>, static_cast<std::size_t>(Transport::kCount)> queries{};
  std::array<uint64_t, kRcodeSlots> rcodes{};
  std::array<uint64_t, static_cast<std::size_t>(AnswerSource::kCount)> sources{};
  Hist<kLatencyBounds.size()> latency;
  std::array<uint64_t, static_cast<std::size_t>(DropReason::kCount)> drops{};
  std::array<Upstream, static_cast<std::size_t>(Family::kCount)> upstream{};
  std::array<uint64_t, static_cast<std::size_t>(DnssecOutcome::kCount)> dnssec{};
  std::array<std::array<uint64_t, kMaxPolicyLists>, static_cast<std::size_t>(PolicyVerdict::kCount)> policy{};
  std::array<uint64_t, 2> log_drops{};
  uint64_t unknown_client_ids = 0;

  void add(const WorkerMetrics& w);
  uint64_t total_queries() const;
};

template <std::size_t N>
uint64_t MetricsSnapshot::Hist<N>::count() const {
  uint64_t n = 0;
  for (uint64_t b : buckets) n += b;
  return n;
}

}  // namespace dns4eu::telemetry
