// telemetry.h — the daemon's observability, wired from the config: one
// metrics block and one QueryObserver per worker, the query log and dnstap
// writers (each with its own thread), the flavour names of the listeners,
// and the Prometheus page.
//
//   auto t = Telemetry::create(config, workers);    // opens the log files
//   t->set_listeners(config);                       // at start and on reload
//   handler = make_unique<ObservedHandler>(inner, t->observer(w), stats);
//   std::string page = t->metrics_page(extra_families);
//
// Query log and dnstap settings apply at start (like cache sizes); flavours
// follow reloads, and a reload re-reads the AS database file. Flavour indexes only grow, so a metric's label never
// changes meaning while the process runs.
// Thread-safety: observer(w) belongs to worker w; snapshot(), names() and
// set_listeners() are safe from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "daemon/config.h"
#include "daemon/query_observer.h"
#include "telemetry/asn_database.h"
#include "telemetry/dnstap.h"
#include "telemetry/metrics.h"
#include "telemetry/metrics_page.h"
#include "telemetry/query_log.h"

namespace dns4eu::daemon {

struct FlavourMap {
  std::vector<std::pair<uint32_t, uint8_t>> by_listener;  // listener id -> flavour index
  uint8_t find(uint32_t id) const {
    for (const auto& [l, f] : by_listener)
      if (l == id) return f;
    return 0;
  }
};

telemetry::AddressFilterConfig address_filter_config(const Config& config);

class Telemetry {
 public:
  static Result<std::unique_ptr<Telemetry>> create(const Config& config, unsigned workers);
  ~Telemetry();

  void set_listeners(const Config& config);
  // Hook for the policy engine: the names of list slots 1..n (slot 0 is
  // "none"), as used by QueryObserver::note_policy. Names only grow.
  void set_policy_lists(std::vector<std::string> names);
  QueryObserver& observer(unsigned worker) { return *observers_[worker]; }
  telemetry::WorkerMetrics& metrics(unsigned worker) { return *metrics_[worker]; }
  telemetry::MetricsSnapshot snapshot() const;
  telemetry::MetricNames names() const;
  const telemetry::QueryLog* query_log() const { return query_log_.get(); }
  // Re-reads query_log.asn_database (on reload); on error the old file stays in use.
  Status reload_asn();
  // Stops the writers after draining what is queued (call after the workers stopped).
  void stop();

 private:
  friend class QueryObserver;
  Telemetry() = default;
  std::shared_ptr<const FlavourMap> flavours(uint64_t& generation) const;
  std::shared_ptr<const telemetry::AsnDatabase> asn(uint64_t& generation) const;

  std::string profile_;
  bool keep_addresses_ = false;  // some output may write a (filtered) client address
  std::optional<DnstapConfig> dnstap_config_;
  telemetry::AddressFilterConfig filter_;
  std::vector<std::unique_ptr<telemetry::WorkerMetrics>> metrics_;
  std::vector<std::unique_ptr<QueryObserver>> observers_;
  std::unique_ptr<telemetry::QueryLog> query_log_;
  std::unique_ptr<telemetry::DnstapWriter> dnstap_;

  void publish_names();    // to the query log; mu_ held
  mutable std::mutex mu_;  // guards flavour_names_, policy_lists_, flavour_map_ and asn_
  std::vector<std::string> flavour_names_;
  std::vector<std::string> policy_lists_{"none"};
  std::shared_ptr<const FlavourMap> flavour_map_;
  std::atomic<uint64_t> flavour_generation_{0};
  std::string asn_path_;                               // query_log.asn_database ("": none)
  std::shared_ptr<const telemetry::AsnDatabase> asn_;  // guarded by mu_
  std::atomic<uint64_t> asn_generation_{0};
};

}  // namespace dns4eu::daemon
