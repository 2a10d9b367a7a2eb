// upstream.h — the resolver's side of Do53: one query to one server over UDP
// or TCP, as a coroutine on the calling worker's io_context.
//
// query_udp uses a NEW socket per query, bound to port 0 (a kernel-random
// source port) on `source` (or the family's wildcard), connect()ed to the
// server so the kernel drops datagrams from other sources. Each thread keeps
// a few such sockets bound ahead of time (made after an exchange ends), so
// only connect() is left before the send; none serves two queries. A reply
// is accepted only when its ID and question (name case-insensitively, type,
// class) match the query and QR is set; anything else is counted and ignored
// while waiting goes on until `timeout` (anti-spoofing, RFC 5452). The query
// is sent before the socket is registered with the event loop, and the socket
// is closed after the reply has been handed to the caller (right after the
// thread's next query has left, or in a posted handler): neither is on the
// path from a reply to the client's answer.
// query_tcp has the same contract over a fresh TCP connection with 2-octet
// framing; `timeout` bounds connect + write + read together.
//
//   uint16_t id = random_u16();               // the caller picks the ID (net/random.h)
//   auto r = co_await query_udp(server, query_bytes, 1500ms);
//   if (!r) ... r.error().code == ErrorCode::kLimit means timeout
//   use(r->wire, r->rtt);
//
// `query` must be a DNS message with exactly one question; it must stay valid
// until the coroutine completes (the co_await). Errors: kLimit = timeout,
// kIo = socket failure (message names the call and server), kInvalidArgument =
// bad query. Counters, when given, must belong to the calling thread.
// Thread-safety: each call is independent; run it on any io_context.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <asio/awaitable.hpp>

#include "dns/result.h"
#include "net/counters.h"
#include "net/endpoint.h"
#include "net/handler.h"

namespace dns4eu::net {

struct UpstreamReply {
  std::vector<uint8_t> wire;  // the accepted reply (no TCP length prefix)
  std::chrono::microseconds rtt{0};  // from send to the accepted reply (TCP: from connect start)
  Transport transport = Transport::kUdp;
  Endpoint local;                    // TCP only: the connection's source address/port
  bool truncated() const { return wire.size() > 2 && (wire[2] & 0x02) != 0; }  // TC bit
};

using Duration = std::chrono::steady_clock::duration;

asio::awaitable<Result<UpstreamReply>> query_udp(Endpoint server, std::span<const uint8_t> query,
                                                 Duration timeout,
                                                 std::optional<Address> source = std::nullopt,
                                                 UpstreamCounters* counters = nullptr);

asio::awaitable<Result<UpstreamReply>> query_tcp(Endpoint server, std::span<const uint8_t> query,
                                                 Duration timeout,
                                                 std::optional<Address> source = std::nullopt,
                                                 UpstreamCounters* counters = nullptr);

// True when `reply` answers `query`: same ID, QR set, same question (name
// ASCII case-insensitive, type, class). Exposed for tests and the resolver.
// Sets `*why` to the UpstreamStat to count when it does not.
bool reply_matches(std::span<const uint8_t> query, std::span<const uint8_t> reply,
                   UpstreamStat* why = nullptr);

}  // namespace dns4eu::net
