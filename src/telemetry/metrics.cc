// metrics.cc — see metrics.h.
#include "telemetry/metrics.h"

namespace dns4eu::telemetry {
namespace {

template <typename E, std::size_t N>
std::string_view pick(E e, const std::array<std::string_view, N>& names) {
  auto i = static_cast<std::size_t>(e);
  return i < N ? names[i] : "unknown";
}

template <std::size_t N, typename H>
void add_hist(MetricsSnapshot::Hist<N>& out, const H& in) {
  for (std::size_t i = 0; i <= N; ++i) out.buckets[i] += in.buckets[i].get();
  out.sum_us += in.sum_us.get();
}

template <std::size_t N>
void add_all(std::array<uint64_t, N>& out, const std::array<Counter, N>& in) {
  for (std::size_t i = 0; i < N; ++i) out[i] += in[i].get();
}

}  // namespace

std::string_view label(Transport t) {
  static constexpr std::array<std::string_view, 5> kNames = {"udp", "tcp", "dot", "doh", "doq"};
  return pick(t, kNames);
}
std::string_view label(AnswerSource s) {
  static constexpr std::array<std::string_view, 6> kNames = {"answer_cache", "rrset_cache", "resolution",
                                                             "local_zone",   "synthesized", "error"};
  return pick(s, kNames);
}
std::string_view label(Family f) {
  static constexpr std::array<std::string_view, 2> kNames = {"ipv4", "ipv6"};
  return pick(f, kNames);
}
std::string_view label(DnssecOutcome o) {
  static constexpr std::array<std::string_view, 4> kNames = {"secure", "insecure", "bogus", "indeterminate"};
  return pick(o, kNames);
}
std::string_view label(PolicyVerdict v) {
  static constexpr std::array<std::string_view, 6> kNames = {"pass", "block", "redirect", "refuse", "drop", "log"};
  return pick(v, kNames);
}
std::string_view label(DropReason r) {
  static constexpr std::array<std::string_view, 2> kNames = {"handler", "malformed"};
  return pick(r, kNames);
}

std::string_view rcode_label(unsigned rcode) {
  static constexpr std::array<std::string_view, 16> kNames = {
      "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",  "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
      "NXRRSET", "NOTAUTH", "NOTZONE",  "DSOTYPENI", "RCODE12", "RCODE13", "RCODE14",  "RCODE15"};
  return rcode < kNames.size() ? kNames[rcode] : "OTHER";
}

void MetricsSnapshot::add(const WorkerMetrics& w) {
  for (std::size_t t = 0; t < queries.size(); ++t) add_all(queries[t], w.queries[t]);
  add_all(rcodes, w.rcodes);
  add_all(sources, w.sources);
  add_hist(latency, w.latency_hist);
  add_all(drops, w.drops);
  for (std::size_t f = 0; f < upstream.size(); ++f) {
    upstream[f].queries += w.upstream[f].queries.get();
    upstream[f].timeouts += w.upstream[f].timeouts.get();
    upstream[f].errors += w.upstream[f].errors.get();
    add_hist(upstream[f].rtt, w.upstream[f].rtt);
  }
  add_all(dnssec, w.dnssec_outcomes);
  for (std::size_t v = 0; v < policy.size(); ++v) add_all(policy[v], w.policy_verdicts[v]);
  add_all(log_drops, w.log_drops);
  unknown_client_ids += w.unknown_client_ids.get();
}

uint64_t MetricsSnapshot::total_queries() const {
  uint64_t n = 0;
  for (const auto& t : queries)
    for (uint64_t q : t) n += q;
  return n;
}

}  // namespace dns4eu::telemetry
