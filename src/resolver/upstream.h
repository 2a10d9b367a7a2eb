// upstream.h — what the iterative algorithm needs of the network: send one
// query to one authoritative server and await the reply.
//
// The daemon plugs in net/'s UDP/TCP client (NetUpstream); the whole-path fuzz
// target and unit tests plug in a simulated Internet. Implementations must
// only return replies that came from `server` with the query's ID and
// question (anti-spoofing is the transport's job).
//
//   auto reply = co_await upstream.query(server, wire, 800ms, Protocol::kUdp);
//
// Thread-safety: an Upstream belongs to one worker thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include <asio/awaitable.hpp>

#include "dns/result.h"
#include "net/endpoint.h"

namespace dns4eu::resolver {

enum class Protocol : uint8_t { kUdp, kTcp };

struct UpstreamReply {
  std::vector<uint8_t> wire;
  std::chrono::microseconds rtt{0};
};

class Upstream {
 public:
  virtual ~Upstream() = default;
  // Errors: kIo (unreachable, refused), kLimit (timeout).
  virtual asio::awaitable<Result<UpstreamReply>> query(const net::Endpoint& server,
                                                       std::span<const uint8_t> wire,
                                                       std::chrono::milliseconds timeout,
                                                       Protocol protocol) = 0;
};

}  // namespace dns4eu::resolver
