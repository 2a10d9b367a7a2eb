// internal/doq_listener.h — one worker's DNS over QUIC listener (RFC 9250):
// a UDP socket, the QUIC connections (ngtcp2 0.12 + its GnuTLS helper) that
// reached it, keyed by every connection ID they use.
//
// One query per client-initiated bidirectional stream: the stream carries a
// 2-octet length and one DNS message, then FIN; the answer goes back on the
// same stream, framed the same way, with FIN. Streams are answered in any
// order. ALPN "doq" is mandatory; 0-RTT is off (early data is not enabled in
// GnuTLS). Limits: tcp.max_connections connections per listener per worker,
// tcp.max_in_flight concurrent streams per connection (QUIC flow control),
// tcp.idle_timeout as the QUIC idle timeout, tls.handshake_timeout. A
// stream that is not one well-framed message closes the connection with
// DOQ_PROTOCOL_ERROR. Connections stay on the worker whose socket received
// their first packet (SO_REUSEPORT hashes the client's address and port).
//
//   auto l = DoqListener::open(io, spec, handler, 0);  (*l)->start();
//
// Thread-safety: the owning io_context's thread (see listener.h).
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include <asio/awaitable.hpp>
#include <asio/ip/udp.hpp>

#include "net/internal/sockets.h"
#include "net/listener.h"

namespace dns4eu::net::internal {

class DoqConnection;

struct DoqShared {
  ListenerSpec spec;
  QueryHandler* handler = nullptr;
  unsigned worker = 0;
  Endpoint local;
  ListenerCounters counters;
  Counter in_flight;
  bool draining = false;
  // Every connection ID in use -> its connection.
  std::unordered_map<std::string, std::shared_ptr<DoqConnection>> by_cid;
  unsigned connections = 0;
  asio::ip::udp::socket* socket = nullptr;
};

class DoqListener final : public Listener, public std::enable_shared_from_this<DoqListener> {
 public:
  static Result<std::shared_ptr<DoqListener>> open(asio::io_context& io, const ListenerSpec& spec,
                                                   QueryHandler& handler, unsigned worker);
  DoqListener(asio::io_context& io, std::shared_ptr<DoqShared> shared);
  ~DoqListener() override;

  const ListenerSpec& spec() const override { return shared_->spec; }
  Endpoint local_endpoint() const override { return shared_->local; }
  void start() override;
  void drain() override;
  void close() override;
  std::size_t in_flight() const override { return shared_->in_flight.get(); }
  const ListenerCounters& counters() const override { return shared_->counters; }

 private:
  asio::awaitable<void> receive_loop(std::shared_ptr<DoqListener> self);
  void on_datagram(const uint8_t* data, std::size_t n, const asio::ip::udp::endpoint& from);

  std::shared_ptr<DoqShared> shared_;
  asio::ip::udp::socket socket_;
  bool started_ = false;
};

}  // namespace dns4eu::net::internal
