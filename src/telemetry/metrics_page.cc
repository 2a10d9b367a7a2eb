// metrics_page.cc — see metrics_page.h. The families are declared in this
// one table-like function, next to the counters they read.
#include "telemetry/metrics_page.h"

namespace dns4eu::telemetry {
namespace {

template <std::size_t N>
void hist(PromWriter& w, std::string_view name, std::span<const Label> labels, const std::array<double, N>& bounds,
          const MetricsSnapshot::Hist<N>& h) {
  w.histogram(name, labels, bounds, h.buckets, static_cast<double>(h.sum_us) * 1e-6);
}

void write_queries(PromWriter& w, const MetricsSnapshot& s, const MetricNames& n) {
  w.family("dns4eu_queries_total", "Client queries received, by transport, flavour and profile.", "counter");
  for (std::size_t t = 0; t < s.queries.size(); ++t) {
    for (std::size_t f = 0; f < n.flavours.size() && f < kMaxFlavours; ++f) {
      w.sample("dns4eu_queries_total",
               {{"transport", label(static_cast<Transport>(t))}, {"flavour", n.flavours[f]}, {"profile", n.profile}},
               static_cast<double>(s.queries[t][f]));
    }
  }
  w.family("dns4eu_responses_total", "Responses sent to clients, by rcode.", "counter");
  for (unsigned r = 0; r < s.rcodes.size(); ++r)
    w.sample("dns4eu_responses_total", {{"rcode", rcode_label(r)}}, static_cast<double>(s.rcodes[r]));
  w.family("dns4eu_answers_total", "Responses by how they were produced.", "counter");
  for (std::size_t i = 0; i < s.sources.size(); ++i)
    w.sample("dns4eu_answers_total", {{"source", label(static_cast<AnswerSource>(i))}},
             static_cast<double>(s.sources[i]));
  w.family("dns4eu_answer_latency_seconds", "Time from receiving a query to handing its answer to the transport.",
           "histogram");
  hist(w, "dns4eu_answer_latency_seconds", {}, kLatencyBounds, s.latency);
  w.family("dns4eu_dropped_queries_total", "Queries answered with nothing, by reason.", "counter");
  for (std::size_t i = 0; i < s.drops.size(); ++i)
    w.sample("dns4eu_dropped_queries_total", {{"reason", label(static_cast<DropReason>(i))}},
             static_cast<double>(s.drops[i]));
}

void write_upstream(PromWriter& w, const MetricsSnapshot& s) {
  w.family("dns4eu_upstream_queries_total", "Queries sent to authoritative servers, by address family.", "counter");
  for (std::size_t f = 0; f < s.upstream.size(); ++f)
    w.sample("dns4eu_upstream_queries_total", {{"family", label(static_cast<Family>(f))}},
             static_cast<double>(s.upstream[f].queries));
  w.family("dns4eu_upstream_timeouts_total", "Upstream queries that timed out, by address family.", "counter");
  for (std::size_t f = 0; f < s.upstream.size(); ++f)
    w.sample("dns4eu_upstream_timeouts_total", {{"family", label(static_cast<Family>(f))}},
             static_cast<double>(s.upstream[f].timeouts));
  w.family("dns4eu_upstream_errors_total", "Upstream queries that failed otherwise (socket errors), by family.",
           "counter");
  for (std::size_t f = 0; f < s.upstream.size(); ++f)
    w.sample("dns4eu_upstream_errors_total", {{"family", label(static_cast<Family>(f))}},
             static_cast<double>(s.upstream[f].errors));
  w.family("dns4eu_upstream_rtt_seconds", "Round-trip time of answered upstream queries, by address family.",
           "histogram");
  for (std::size_t f = 0; f < s.upstream.size(); ++f) {
    Label l[] = {{"family", label(static_cast<Family>(f))}};
    hist(w, "dns4eu_upstream_rtt_seconds", l, kRttBounds, s.upstream[f].rtt);
  }
}

void write_verdicts(PromWriter& w, const MetricsSnapshot& s, const MetricNames& n) {
  w.family("dns4eu_dnssec_outcomes_total",
           "DNSSEC verdicts of finished resolutions (answers from the caches are not counted again).", "counter");
  for (std::size_t i = 0; i < s.dnssec.size(); ++i)
    w.sample("dns4eu_dnssec_outcomes_total", {{"outcome", label(static_cast<DnssecOutcome>(i))}},
             static_cast<double>(s.dnssec[i]));
  w.family("dns4eu_policy_verdicts_total", "Policy verdicts by verdict, deciding list and profile.", "counter");
  for (std::size_t v = 0; v < s.policy.size(); ++v) {
    for (std::size_t l = 0; l < kMaxPolicyLists; ++l) {
      bool named = l < n.policy_lists.size();
      if (!named && s.policy[v][l] == 0) continue;
      std::string list = named ? n.policy_lists[l] : "slot" + std::to_string(l);
      w.sample("dns4eu_policy_verdicts_total",
               {{"verdict", label(static_cast<PolicyVerdict>(v))}, {"list", list}, {"profile", n.profile}},
               static_cast<double>(s.policy[v][l]));
    }
  }
  w.family("dns4eu_policy_unknown_client_ids_total",
           "Queries whose TLS server name carried a client ID (policy.client_ids) that is not configured.", "counter");
  w.sample("dns4eu_policy_unknown_client_ids_total", {}, static_cast<double>(s.unknown_client_ids));
  w.family("dns4eu_log_dropped_total", "Records dropped because a log queue was full.", "counter");
  w.sample("dns4eu_log_dropped_total", {{"log", "query_log"}}, static_cast<double>(s.log_drops[0]));
  w.sample("dns4eu_log_dropped_total", {{"log", "dnstap"}}, static_cast<double>(s.log_drops[1]));
}

}  // namespace

void write_metrics(PromWriter& w, const MetricsSnapshot& s, const MetricNames& names) {
  MetricNames n = names;
  if (n.flavours.empty()) n.flavours.push_back("plain");
  if (n.policy_lists.empty()) n.policy_lists.push_back("none");
  write_queries(w, s, n);
  write_upstream(w, s);
  write_verdicts(w, s, n);
}

}  // namespace dns4eu::telemetry
