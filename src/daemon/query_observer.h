// query_observer.h — where a worker reports what happens to each query, for
// metrics, the query log and dnstap (see daemon/telemetry.h, which owns one
// observer per worker).
//
//   observer.begin(req);                         // ObservedHandler, on entry
//   QueryStart s = observer.current();           // kept by a deferred query
//   observer.answered(s, response, AnswerSource::kResolution);
//   observer.note_policy(PolicyVerdict::kBlock, list_slot);   // policy engine hook
//
// Privacy: the client address is copied into QueryStart only when an output
// may write it (never under the public profile), and only ever leaves through
// the AddressFilter. Metrics never see it.
// Thread-safety: one observer per worker, used only on that worker's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>

#include "cache/cache_types.h"
#include "dns/result.h"
#include "net/endpoint.h"
#include "net/handler.h"
#include "telemetry/address_filter.h"
#include "telemetry/asn_database.h"
#include "telemetry/metrics.h"

namespace dns4eu::daemon {

class Telemetry;
struct FlavourMap;

// What the observer remembers about a query until it is answered.
struct QueryStart {
  std::chrono::steady_clock::time_point t0{};
  telemetry::Transport transport = telemetry::Transport::kUdp;
  uint8_t flavour = 0;
  bool has_verdict = false;
  telemetry::PolicyVerdict verdict = telemetry::PolicyVerdict::kPass;
  uint8_t policy_list = 0;
  telemetry::ClientAddress client;  // family 0 unless an output may write it
  uint32_t client_asn = 0;          // source AS when query_log.asn_database is set (the address is not kept)
  net::Endpoint local;              // our address the query reached (for dnstap)
};

class QueryObserver {
 public:
  QueryObserver(unsigned worker, Telemetry& hub);

  void begin(const net::Request& req);
  const QueryStart& current() const { return current_; }
  void answered(const QueryStart& s, std::span<const uint8_t> response, telemetry::AnswerSource source);
  void dropped(telemetry::DropReason reason) { metrics_.dropped(reason); }
  // A policy rule answered (`response`) or dropped (empty) the query of `s`.
  // The deciding list is not known here: the policy engine may name it
  // through note_policy() during handle().
  void blocked(QueryStart s, std::span<const uint8_t> response);

  // Hooks for the policy engine and the validator, during handle(): the
  // verdict also travels with a deferred query (QueryStart) to its log line.
  void note_policy(telemetry::PolicyVerdict v, std::size_t list_slot) { note_policy(current_, v, list_slot); }
  // The same for a deferred query: counted, and set on its `s` for the log line.
  void note_policy(QueryStart& s, telemetry::PolicyVerdict v, std::size_t list_slot);
  void note_dnssec(telemetry::DnssecOutcome o) { metrics_.dnssec(o); }
  // The validator's verdict on a finished resolution (kUnchecked: not counted).
  void resolved(cache::Security security);

  // Upstream queries (NetUpstream).
  void upstream_sent(const net::Endpoint& server, std::span<const uint8_t> query, bool tcp);
  void upstream_done(const net::Endpoint& server, bool tcp, const Error* error, std::span<const uint8_t> reply,
                     std::chrono::microseconds rtt);

  telemetry::WorkerMetrics& metrics() { return metrics_; }

 private:
  void tap_client(bool query, const QueryStart& s, std::span<const uint8_t> message, timespec now);
  void tap_upstream(bool query, const net::Endpoint& server, bool tcp, std::span<const uint8_t> message);
  unsigned worker_;
  Telemetry& hub_;
  telemetry::WorkerMetrics& metrics_;
  telemetry::AddressFilter filter_;  // this worker's (dnstap address fields)
  QueryStart current_;
  uint64_t flavour_generation_ = ~0ull;
  std::shared_ptr<const FlavourMap> flavour_map_;
  uint64_t asn_generation_ = 0;  // 0: the hub has no AS database
  std::shared_ptr<const telemetry::AsnDatabase> asn_;
};

}  // namespace dns4eu::daemon
