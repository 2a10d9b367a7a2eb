// query_observer.cc — see query_observer.h.
#include "daemon/query_observer.h"

#include <cstring>
#include <ctime>

#include "daemon/telemetry.h"
#include "telemetry/response_summary.h"

namespace dns4eu::daemon {
namespace {

using TTransport = telemetry::Transport;

TTransport to_telemetry(net::Transport t) {
  switch (t) {
    case net::Transport::kUdp:
      return TTransport::kUdp;
    case net::Transport::kTcp:
      return TTransport::kTcp;
    case net::Transport::kDot:
      return TTransport::kDot;
    case net::Transport::kDoh:
      return TTransport::kDoh;
    case net::Transport::kDoq:
      return TTransport::kDoq;
  }
  return TTransport::kUdp;
}

telemetry::ClientAddress to_client(const net::Endpoint& ep) {
  telemetry::ClientAddress a;
  a.family = ep.address().is_v4() ? 4 : 6;
  std::memcpy(a.bytes.data(), ep.address().data(), ep.address().size());
  a.port = ep.port();
  return a;
}

telemetry::Family family_of(const net::Endpoint& ep) {
  return ep.address().is_v4() ? telemetry::Family::kIpv4 : telemetry::Family::kIpv6;
}

timespec wall_clock() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts;
}

std::span<const uint8_t> address_bytes(const net::Endpoint& ep) { return {ep.address().data(), ep.address().size()}; }

}  // namespace

QueryObserver::QueryObserver(unsigned worker, Telemetry& hub)
    : worker_(worker), hub_(hub), metrics_(hub.metrics(worker)), filter_(hub.filter_) {}

void QueryObserver::begin(const net::Request& req) {
  current_ = QueryStart{};
  current_.t0 = std::chrono::steady_clock::now();
  current_.transport = to_telemetry(req.transport);
  if (hub_.flavour_generation_.load(std::memory_order_acquire) != flavour_generation_)
    flavour_map_ = hub_.flavours(flavour_generation_);
  current_.flavour = flavour_map_->find(req.listener_id);
  metrics_.query(current_.transport, current_.flavour);
  if (hub_.keep_addresses_) current_.client = to_client(req.client);
  if (uint64_t g = hub_.asn_generation_.load(std::memory_order_acquire); g != asn_generation_)
    asn_ = hub_.asn(asn_generation_);
  if (asn_) current_.client_asn = asn_->lookup(to_client(req.client));  // the AS only: the address is not kept
  if (hub_.dnstap_) {
    current_.local = req.local;
    if (hub_.dnstap_config_->client_query) {
      QueryStart s = current_;
      s.client = to_client(req.client);  // only as far as the filter, which may drop it
      tap_client(true, s, req.query, wall_clock());
    }
  }
}

void QueryObserver::note_policy(QueryStart& s, telemetry::PolicyVerdict v, std::size_t list_slot) {
  metrics_.policy(v, list_slot);
  s.has_verdict = true;
  s.verdict = v;
  s.policy_list = static_cast<uint8_t>(list_slot < 256 ? list_slot : 255);
}

void QueryObserver::blocked(QueryStart s, std::span<const uint8_t> response) {
  if (!s.has_verdict) {
    s.has_verdict = true;
    s.verdict = response.empty() ? telemetry::PolicyVerdict::kDrop : telemetry::PolicyVerdict::kBlock;
    metrics_.policy(s.verdict, s.policy_list);
  }
  if (response.empty()) {
    metrics_.dropped(telemetry::DropReason::kHandler);
  } else {
    answered(s, response, telemetry::AnswerSource::kSynthesized);
  }
}

void QueryObserver::resolved(cache::Security security) {
  using O = telemetry::DnssecOutcome;
  switch (security) {
    case cache::Security::kUnchecked:
      return;
    case cache::Security::kInsecure:
      return metrics_.dnssec(O::kInsecure);
    case cache::Security::kSecure:
      return metrics_.dnssec(O::kSecure);
    case cache::Security::kBogus:
      return metrics_.dnssec(O::kBogus);
    case cache::Security::kIndeterminate:
      return metrics_.dnssec(O::kIndeterminate);
  }
}

void QueryObserver::answered(const QueryStart& s, std::span<const uint8_t> response, telemetry::AnswerSource source) {
  auto latency = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - s.t0);
  unsigned rcode = response.size() >= 4 ? (response[3] & 0x0F) : 0;
  metrics_.answered(rcode, source, latency);
  timespec now{};
  if (hub_.query_log_ || hub_.dnstap_) now = wall_clock();
  if (hub_.query_log_) {
    // Filled in place in the worker's ring: no copy, no allocation, no lock.
    if (telemetry::QueryRecord* slot = hub_.query_log_->reserve(worker_)) {
      telemetry::QueryRecord& r = *slot;
      r.clear_fields();
      r.time_us = static_cast<int64_t>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
      r.latency_us = static_cast<uint32_t>(std::min<int64_t>(latency.count(), UINT32_MAX));
      r.transport = s.transport;
      r.source = source;
      r.flavour = s.flavour;
      r.has_verdict = s.has_verdict;
      r.verdict = s.verdict;
      r.policy_list = s.policy_list;
      r.client = s.client;
      r.client_asn = s.client_asn;
      telemetry::summarize_response(response, r);
      hub_.query_log_->commit(worker_);
    } else {
      metrics_.query_log_dropped();
    }
  }
  if (hub_.dnstap_ && hub_.dnstap_config_->client_response) tap_client(false, s, response, now);
}

void QueryObserver::tap_client(bool query, const QueryStart& s, std::span<const uint8_t> message, timespec now) {
  auto client = filter_.wire(s.client);
  telemetry::DnstapEvent e;
  e.type = query ? telemetry::DnstapType::kClientQuery : telemetry::DnstapType::kClientResponse;
  e.transport = s.transport;
  e.family = s.local.address().is_v4() ? 4 : 6;
  e.query_address = client;
  if (auto port = filter_.port(s.client)) e.query_port = *port;
  e.response_address = address_bytes(s.local);
  e.response_port = s.local.port();
  if (query) {
    e.query_time = now;
  } else {  // a response frame also says when its query came (one frame per query suffices)
    e.response_time = now;
    auto waited = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - s.t0);
    int64_t ns = static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec - waited.count();
    e.query_time = timespec{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  }
  e.message = message;
  if (!hub_.dnstap_->submit(worker_, e)) metrics_.dnstap_dropped();
}

void QueryObserver::upstream_sent(const net::Endpoint& server, std::span<const uint8_t> query, bool tcp) {
  metrics_.upstream_query(family_of(server));
  if (!hub_.dnstap_ || !hub_.dnstap_config_->resolver_query) return;
  tap_upstream(true, server, tcp, query);
}

// A RESOLVER_QUERY/RESPONSE frame: the server's address is the response
// address (ours, the query address, is not recorded).
void QueryObserver::tap_upstream(bool query, const net::Endpoint& server, bool tcp,
                                 std::span<const uint8_t> message) {
  telemetry::DnstapEvent e;
  e.type = query ? telemetry::DnstapType::kResolverQuery : telemetry::DnstapType::kResolverResponse;
  e.transport = tcp ? telemetry::Transport::kTcp : telemetry::Transport::kUdp;
  e.family = server.address().is_v4() ? 4 : 6;
  e.response_address = address_bytes(server);
  e.response_port = server.port();
  (query ? e.query_time : e.response_time) = wall_clock();
  e.message = message;
  if (!hub_.dnstap_->submit(worker_, e)) metrics_.dnstap_dropped();
}

void QueryObserver::upstream_done(const net::Endpoint& server, bool tcp, const Error* error,
                                  std::span<const uint8_t> reply, std::chrono::microseconds rtt) {
  auto f = family_of(server);
  if (error) {
    if (error->code == ErrorCode::kLimit)
      metrics_.upstream_timeout(f);
    else
      metrics_.upstream_error(f);
    return;
  }
  metrics_.upstream_reply(f, rtt);
  if (!hub_.dnstap_ || !hub_.dnstap_config_->resolver_response) return;
  tap_upstream(false, server, tcp, reply);
}

}  // namespace dns4eu::daemon
