// counters.h — plain event counters of the transport layer (listeners and the
// upstream client), declared once as tables indexed by an enum.
//
// Each counter set is written by ONE thread (the worker that owns the listener
// or runs the upstream query) and may be read from any thread: a Counter is a
// relaxed atomic incremented with load+store (no locked instruction on the hot
// path). Metrics export (telemetry/) reads them by name later.
//
//   ListenerCounters c;
//   c.inc(ListenerStat::kReceived);
//   uint64_t n = c.get(ListenerStat::kReceived);
//
// Thread-safety: one writer, any number of readers.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dns4eu::net {

class Counter {
 public:
  void inc(uint64_t n = 1) { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  void dec(uint64_t n = 1) { v_.store(v_.load(std::memory_order_relaxed) - n, std::memory_order_relaxed); }
  uint64_t get() const { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> v_{0};
};

enum class ListenerStat : uint8_t {
  kReceived,          // queries handed to the handler
  kAnsweredSync,      // handler answered in the same call
  kDeferred,          // handler took a Responder
  kAnsweredAsync,     // a Responder delivered an answer
  kDroppedByHandler,  // handler returned kDrop, or a Responder was dropped unsent
  kAsyncClientGone,   // Responder fired after the connection/listener had closed
  kInputTooLarge,     // UDP datagram truncated by our buffer / TCP frame over the limit
  kInputTooSmall,     // shorter than a DNS header (UDP dropped, TCP closed)
  kResponseTooLarge,  // response longer than the transport allows: not sent
  kRecvErrors,        // recvmmsg/read failures other than EAGAIN
  kSendErrors,        // sendmmsg/sendmsg/write failures (incl. EAGAIN drops)
  kBatches,           // recvmmsg calls that returned ≥ 1 datagram
  kTcpAccepted,
  kTcpRejectedFull,   // accepted then closed at once: max connections reached
  kTcpClosedIdle,
  kTcpClosedMalformed,  // zero/short/oversize length prefix
  kTcpClosedByPeer,
  kTcpInFlightPaused,   // reading paused because max in-flight was reached
  kTlsHandshakes,       // DoT/DoH handshakes completed
  kTlsResumed,          // ... of which resumed a session (ticket)
  kTlsHandshakeFailed,  // TLS error during the handshake (garbage, no shared cipher...)
  kTlsHandshakeTimeout, // handshake not finished within tls.handshake_timeout
  kHttpErrors,          // DoH requests answered with an HTTP error (4xx)
  kHttpProtocolErrors,  // DoH connections closed for broken HTTP/2 or HTTP/1.1
  kRejectedPerClient,   // connection refused: its client address is at tcp.per_client's limit
  kProxyHeaderErrors,   // a load balancer's connection without a valid PROXY v2 header: closed
  kXdpReceived,         // UDP queries that came through the AF_XDP fast path (udp.xdp)
  kXdpSent,             // answers sent as AF_XDP frames (the rest of XDP's go by the socket)
  kCount
};

enum class UpstreamStat : uint8_t {
  kQueries,
  kReplies,            // accepted replies
  kTimeouts,
  kMismatchedId,       // ignored: wrong ID (possible spoofing)
  kMismatchedQuestion, // ignored: right ID, wrong question
  kMalformedReply,     // ignored: too short, QR clear, bad name
  kSocketErrors,       // socket/bind/connect/send/recv failures
  kCount
};

std::string_view stat_name(ListenerStat s);
std::string_view stat_name(UpstreamStat s);

template <typename Enum>
class CounterTable {
 public:
  static constexpr std::size_t kSize = static_cast<std::size_t>(Enum::kCount);
  using Snapshot = std::array<uint64_t, kSize>;

  void inc(Enum e, uint64_t n = 1) { c_[static_cast<std::size_t>(e)].inc(n); }
  uint64_t get(Enum e) const { return c_[static_cast<std::size_t>(e)].get(); }
  Snapshot snapshot() const {
    Snapshot s{};
    for (std::size_t i = 0; i < kSize; ++i) s[i] = c_[i].get();
    return s;
  }

 private:
  std::array<Counter, kSize> c_{};
};

using ListenerCounters = CounterTable<ListenerStat>;
using UpstreamCounters = CounterTable<UpstreamStat>;

// Adds snapshots (summing the per-worker tables of one listener).
template <std::size_t N>
void add_to(std::array<uint64_t, N>& sum, const std::array<uint64_t, N>& more) {
  for (std::size_t i = 0; i < N; ++i) sum[i] += more[i];
}

}  // namespace dns4eu::net
