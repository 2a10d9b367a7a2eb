// metrics_test.cc — per-worker counters, their sum, and the Prometheus page.
#include "telemetry/metrics.h"

#include <gtest/gtest.h>

#include "telemetry/metrics_page.h"

namespace dns4eu::telemetry {
namespace {

using std::chrono::microseconds;

TEST(Metrics, SnapshotSumsWorkers) {
  auto a = std::make_unique<WorkerMetrics>(), b = std::make_unique<WorkerMetrics>();
  a->query(Transport::kUdp, 0);
  b->query(Transport::kUdp, 0);
  b->query(Transport::kTcp, 1);
  a->answered(0, AnswerSource::kAnswerCache, microseconds(50));
  b->answered(3, AnswerSource::kResolution, microseconds(30000));
  b->answered(23, AnswerSource::kError, microseconds(9000000));
  a->upstream_reply(Family::kIpv6, microseconds(1500));
  MetricsSnapshot s;
  s.add(*a);
  s.add(*b);
  EXPECT_EQ(s.queries[0][0], 2u);
  EXPECT_EQ(s.queries[1][1], 1u);
  EXPECT_EQ(s.total_queries(), 3u);
  EXPECT_EQ(s.rcodes[0], 1u);
  EXPECT_EQ(s.rcodes[3], 1u);
  EXPECT_EQ(s.rcodes[16], 1u);                              // BADCOOKIE and others: "OTHER"
  EXPECT_EQ(s.latency.buckets[0], 1u);                      // ≤ 100 µs
  EXPECT_EQ(s.latency.buckets[kLatencyBounds.size()], 1u);  // +Inf
  EXPECT_EQ(s.latency.count(), 3u);
  EXPECT_EQ(s.latency.sum_us, 9030050u);
  EXPECT_EQ(s.upstream[1].rtt.buckets[1], 1u);  // (1 ms, 2 ms]
}

TEST(Metrics, WorkerBlocksDoNotShareCacheLines) {
  EXPECT_EQ(alignof(WorkerMetrics) % 64, 0u);
  EXPECT_EQ(sizeof(WorkerMetrics) % 64, 0u);
}

TEST(Metrics, PageHasEveryFamilyAndCumulativeBuckets) {
  WorkerMetrics w;
  w.query(Transport::kUdp, 1);
  w.answered(0, AnswerSource::kAnswerCache, microseconds(200));
  w.answered(0, AnswerSource::kAnswerCache, microseconds(200));
  w.policy(PolicyVerdict::kBlock, 1);
  WorkerMetrics other;  // another worker's
  w.unknown_client_id();
  other.unknown_client_id();
  MetricsSnapshot s;
  s.add(w);
  s.add(other);
  PromWriter pw;
  write_metrics(pw, s, {.profile = "public", .flavours = {"plain", "protective"}, .policy_lists = {"none", "malware"}});
  std::string page = pw.take();
  EXPECT_NE(page.find("dns4eu_queries_total{transport=\"udp\",flavour=\"protective\",profile=\"public\"} 1\n"),
            std::string::npos);
  EXPECT_NE(page.find("dns4eu_answer_latency_seconds_bucket{le=\"0.00025\"} 2\n"), std::string::npos);
  EXPECT_NE(page.find("dns4eu_answer_latency_seconds_bucket{le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(page.find("dns4eu_answer_latency_seconds_count 2\n"), std::string::npos);
  EXPECT_NE(page.find("dns4eu_policy_verdicts_total{verdict=\"block\",list=\"malware\",profile=\"public\"} 1\n"),
            std::string::npos);
  EXPECT_NE(page.find("\ndns4eu_policy_unknown_client_ids_total 2\n"), std::string::npos) << "both workers'";
  for (const char* family : {"dns4eu_upstream_rtt_seconds", "dns4eu_dnssec_outcomes_total", "dns4eu_log_dropped_total",
                             "dns4eu_upstream_timeouts_total", "dns4eu_dropped_queries_total"})
    EXPECT_NE(page.find(std::string("# TYPE ") + family), std::string::npos) << family;
}

TEST(Prometheus, EscapesLabelValues) { EXPECT_EQ(escape_label_value("a\"b\\c\nd"), "a\\\"b\\\\c\\nd"); }

}  // namespace
}  // namespace dns4eu::telemetry
