// trace.h — the management API's POST /trace: one FRESH resolution of a
// question, with every upstream exchange recorded. It uses its own small
// caches (the shared ones are neither read nor filled) and an Iterator built
// from the running runtime's ResolverConfig, so the same work budgets bound
// it; then it reports the outcome, the DNSSEC verdict and the policy verdicts
// of the qname, the CNAME chain and the answer (addresses, NS names and their
// addresses) under one profile. Nothing here knows of
// clients: a trace carries no client address.
//
//   RecordingUpstream rec(net_upstream);                  // decorator: logs each exchange
//   json j = co_await run_trace(runtime, name, RRType::kA, "family");
//
// Thread-safety: a trace runs as one coroutine on one io_context (the
// daemon's control thread); RecordingUpstream belongs to that coroutine.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "daemon/runtime.h"
#include "resolver/upstream.h"

namespace dns4eu::daemon {

// One upstream exchange as the operator reads it.
struct TraceStep {
  std::string server;    // "127.53.1.1:53"
  std::string question;  // "www.ok.test. A"
  bool tcp = false;
  bool timeout = false;
  std::string error;     // transport error other than a timeout
  std::string rcode;     // of the reply
  std::string flags;     // "qr aa tc ad ..." of the reply
  std::vector<std::string> answer_types, authority_types;  // RR types per section, in order, no repeats
  std::string referral;  // the delegated zone when the reply is a referral
  double rtt_ms = 0;
};

// Summarises a query and its reply (pure: unit-tested on hand-built packets).
TraceStep summarise_exchange(const net::Endpoint& server, std::span<const uint8_t> query, bool tcp,
                             const Result<resolver::UpstreamReply>& reply);
nlohmann::json to_json(const TraceStep& s);

// Decorates an Upstream: passes every query through and records it.
class RecordingUpstream : public resolver::Upstream {
 public:
  explicit RecordingUpstream(resolver::Upstream& inner) : inner_(inner) {}
  asio::awaitable<Result<resolver::UpstreamReply>> query(const net::Endpoint& server,
                                                         std::span<const uint8_t> wire,
                                                         std::chrono::milliseconds timeout,
                                                         resolver::Protocol protocol) override;
  const std::vector<TraceStep>& steps() const { return steps_; }

 private:
  resolver::Upstream& inner_;
  std::vector<TraceStep> steps_;
};

// Resolves `name`/`type` afresh with `rt`'s resolver settings and outgoing
// addresses. `profile`: a policy profile name; empty: the first filtering
// profile (no policy verdict when the config has none). Errors (unknown
// profile) come back as {"error": ...}.
asio::awaitable<nlohmann::json> run_trace(std::shared_ptr<const Runtime> rt, dns::Name name, dns::RRType type,
                                          std::string profile);

}  // namespace dns4eu::daemon
