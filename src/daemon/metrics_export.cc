// metrics_export.cc — see metrics_export.h. The daemon-level families are
// declared here, in one place.
#include "daemon/metrics_export.h"

#include "daemon/policy_metrics.h"
#include "daemon/process_memory.h"

#include "telemetry/metrics_page.h"
#include "telemetry/prometheus.h"

namespace dns4eu::daemon {
namespace {

using telemetry::PromWriter;

struct CacheFigures {
  const char* name;
  cache::CacheStats stats;
};

std::vector<CacheFigures> cache_figures(const resolver::Caches& c) {
  return {{"rrset", c.rrsets.stats()},
          {"negative", c.negative.stats()},
          {"answer", c.answers.stats()},
          {"infra", c.infra.stats()}};
}

void write_caches(PromWriter& w, const resolver::Caches& caches) {
  auto figures = cache_figures(caches);
  struct Family {
    const char* name;
    const char* help;
    const char* type;
    uint64_t cache::CacheStats::*field;
  };
  static constexpr Family kFamilies[] = {
      {"dns4eu_cache_hits_total", "Cache lookups that found an entry (fresh or stale).", "counter",
       &cache::CacheStats::hits},
      {"dns4eu_cache_misses_total", "Cache lookups that found nothing.", "counter", &cache::CacheStats::misses},
      {"dns4eu_cache_evictions_total", "Entries removed to make room.", "counter", &cache::CacheStats::evictions},
      {"dns4eu_cache_entries", "Entries in the cache.", "gauge", &cache::CacheStats::entries},
      {"dns4eu_cache_memory_bytes", "Memory accounted to the cache.", "gauge", &cache::CacheStats::bytes},
  };
  for (const auto& f : kFamilies) {
    w.family(f.name, f.help, f.type);
    for (const auto& c : figures) w.sample(f.name, {{"cache", c.name}}, static_cast<double>(c.stats.*f.field));
  }
}

void write_handler(PromWriter& w, const HandlerStats& st) {
  static constexpr std::pair<const char*, std::atomic<uint64_t> HandlerStats::*> kEvents[] = {
      {"resolutions", &HandlerStats::resolutions},
      {"coalesced", &HandlerStats::coalesced},
      {"refused", &HandlerStats::refused},
      {"formerr", &HandlerStats::formerr},
      {"notimp", &HandlerStats::notimp},
      {"busy", &HandlerStats::busy},
      {"local_answers", &HandlerStats::local_answers}};
  w.family("dns4eu_handler_events_total", "Query handler events (busy: max_concurrent_resolutions reached).",
           "counter");
  for (const auto& [name, field] : kEvents)
    w.sample("dns4eu_handler_events_total", {{"event", name}}, static_cast<double>((st.*field).load()));
}

void write_listeners(PromWriter& w, Server& server) {
  w.family("dns4eu_listener_events_total", "Transport events per listener (our own address), summed over workers.",
           "counter");
  for (const auto& l : server.listeners()) {
    auto snap = server.listener_stats(l.spec.id);
    std::string addr = l.local.to_string();
    for (std::size_t i = 0; i < snap.size(); ++i) {
      std::string event(net::stat_name(static_cast<net::ListenerStat>(i)));
      w.sample("dns4eu_listener_events_total",
               {{"transport", net::transport_name(l.spec.transport)}, {"listener", addr}, {"event", event}},
               static_cast<double>(snap[i]));
    }
  }
}

void write_query_log(PromWriter& w, const telemetry::QueryLog* log) {
  auto st = log ? log->stats() : telemetry::QueryLogStats{};
  w.family("dns4eu_query_log_written_total", "Query log lines written.", "counter");
  w.sample("dns4eu_query_log_written_total", {}, static_cast<double>(st.written));
  w.family("dns4eu_query_log_files_deleted_total", "Rotated query log files deleted past the retention.", "counter");
  w.sample("dns4eu_query_log_files_deleted_total", {}, static_cast<double>(st.files_deleted));
  w.family("dns4eu_query_log_asn_unknown_total",
           "Query log lines without client_asn: the client address is in no AS of query_log.asn_database.", "counter");
  w.sample("dns4eu_query_log_asn_unknown_total", {}, static_cast<double>(st.asn_unknown));
}

// The process's resident set (the figure to compare with cache.size +
// answer_cache_size), and jemalloc's own view where it is the allocator.
void write_memory(PromWriter& w) {
  if (auto rss = resident_bytes()) {
    w.family("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
    w.sample("process_resident_memory_bytes", {}, static_cast<double>(*rss));
  }
  if (auto m = allocator_memory()) {
    w.family("dns4eu_malloc_allocated_bytes", "Bytes in live allocations (jemalloc stats.allocated).", "gauge");
    w.sample("dns4eu_malloc_allocated_bytes", {}, static_cast<double>(m->allocated));
    w.family("dns4eu_malloc_resident_bytes", "Bytes of the allocator's pages in RAM (jemalloc stats.resident).",
             "gauge");
    w.sample("dns4eu_malloc_resident_bytes", {}, static_cast<double>(m->resident));
  }
}

}  // namespace

std::string render_metrics(Server& server, const std::vector<intel::FeedStatus>& feeds) {
  PromWriter w;
  auto names = server.telemetry().names();
  w.family("dns4eu_info", "The running dns4eud: version and privacy profile.", "gauge");
  w.sample("dns4eu_info", {{"version", "0.1.0"}, {"profile", names.profile}}, 1);
  telemetry::write_metrics(w, server.telemetry().snapshot(), names);
  HandlerStats st;
  server.sum_stats(st);
  write_handler(w, st);
  write_caches(w, server.caches());
  write_listeners(w, server);
  write_query_log(w, server.telemetry().query_log());
  write_policy_sources(w, *server.runtime(), feeds);
  write_memory(w);
  return w.take();
}

nlohmann::json render_stats_json(Server& server) {
  using nlohmann::json;
  auto s = server.telemetry().snapshot();
  HandlerStats st;
  server.sum_stats(st);
  json j;
  j["queries"] = s.total_queries();
  json rcodes = json::object();
  for (unsigned r = 0; r < s.rcodes.size(); ++r)
    if (s.rcodes[r]) rcodes[std::string(telemetry::rcode_label(r))] = s.rcodes[r];
  j["responses_by_rcode"] = rcodes;
  json sources = json::object();
  for (std::size_t i = 0; i < s.sources.size(); ++i)
    sources[std::string(telemetry::label(static_cast<telemetry::AnswerSource>(i)))] = s.sources[i];
  j["answers_by_source"] = sources;
  j["resolutions"] = st.resolutions.load();
  j["coalesced"] = st.coalesced.load();
  for (std::size_t f = 0; f < s.upstream.size(); ++f) {
    std::string fam(telemetry::label(static_cast<telemetry::Family>(f)));
    j["upstream"][fam] = {{"queries", s.upstream[f].queries},
                          {"timeouts", s.upstream[f].timeouts},
                          {"replies", s.upstream[f].rtt.count()}};
  }
  for (const auto& c : cache_figures(server.caches()))
    j["caches"][c.name] = {
        {"entries", c.stats.entries}, {"bytes", c.stats.bytes}, {"hits", c.stats.hits}, {"misses", c.stats.misses}};
  j["log_dropped"] = {{"query_log", s.log_drops[0]}, {"dnstap", s.log_drops[1]}};
  return j;
}

}  // namespace dns4eu::daemon
