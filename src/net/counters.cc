// counters.cc — the names of the transport counters (metric table).
#include "net/counters.h"

namespace dns4eu::net {

std::string_view stat_name(ListenerStat s) {
  static constexpr std::string_view kNames[] = {
      "received",          "answered_sync",      "deferred",          "answered_async",
      "dropped_by_handler", "async_client_gone", "input_too_large",   "input_too_small",
      "response_too_large", "recv_errors",       "send_errors",       "batches",
      "tcp_accepted",      "tcp_rejected_full",  "tcp_closed_idle",   "tcp_closed_malformed",
      "tcp_closed_by_peer", "tcp_inflight_paused", "tls_handshakes",    "tls_resumed",
      "tls_handshake_failed", "tls_handshake_timeout", "http_errors",   "http_protocol_errors",
      "rejected_per_client", "proxy_header_errors", "xdp_received", "xdp_sent",
  };
  static_assert(std::size(kNames) == static_cast<std::size_t>(ListenerStat::kCount));
  return kNames[static_cast<std::size_t>(s)];
}

std::string_view stat_name(UpstreamStat s) {
  static constexpr std::string_view kNames[] = {
      "queries", "replies", "timeouts", "mismatched_id", "mismatched_question",
      "malformed_reply", "socket_errors",
  };
  static_assert(std::size(kNames) == static_cast<std::size_t>(UpstreamStat::kCount));
  return kNames[static_cast<std::size_t>(s)];
}

}  // namespace dns4eu::net
