// internal/tcp_listener.h — one worker's stream acceptor and its
// connections: Do53/TCP (RFC 7766), DNS over TLS (RFC 7858) and, through the
// DohConnection subclass (doh_connection.h), DNS over HTTPS (RFC 8484).
//
// DoT and DoH connections first run the TLS handshake (GnuTLS, see
// tls_session.h) under tls.handshake_timeout; then the same code reads,
// pipelines and writes, through the TLS session instead of the socket.
// Each connection reads 2-octet-length framed queries in bulk (one read may
// carry many pipelined queries), hands each to the handler independently and
// writes answers as they complete, in any order; writes are serialized per
// connection (answers queued while a write is in progress go out together in
// the next one). A zero, short (< DNS header) or oversize length closes the
// connection. At max_in_flight deferred queries, reading pauses until one
// completes. A connection with nothing in flight and no traffic for the idle
// timeout (busy_idle_timeout above half of max_connections) is closed.
// Connections stay on the worker that accepted them.
//
//   auto l = TcpListener::open(io, spec, handler, 0);  l->start();
//
// Thread-safety: the owning io_context's thread (see listener.h).
#pragma once

#include <list>
#include <memory>

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "net/internal/reply_channel.h"
#include "net/internal/sockets.h"
#include "net/internal/tls_session.h"
#include "net/listener.h"

namespace dns4eu::net::internal {

class TcpConnection;

// State shared by a listener and its connections (outlives both as needed).
struct TcpShared {
  ListenerSpec spec;
  QueryHandler* handler = nullptr;
  unsigned worker = 0;
  Endpoint local;
  ListenerCounters counters;
  Counter in_flight;  // deferred queries + connections with unsent data
  unsigned connections = 0;
  bool draining = false;
  std::list<std::weak_ptr<TcpConnection>> live;  // for drain()/close()
  AlpnSet alpn = AlpnSet::kDot;                  // DoT/DoH
};

class TcpListener final : public Listener, public std::enable_shared_from_this<TcpListener> {
 public:
  static Result<std::shared_ptr<TcpListener>> open(asio::io_context& io, const ListenerSpec& spec,
                                                   QueryHandler& handler, unsigned worker);
  TcpListener(asio::io_context& io, std::shared_ptr<TcpShared> shared);

  const ListenerSpec& spec() const override { return shared_->spec; }
  Endpoint local_endpoint() const override { return shared_->local; }
  void start() override;
  void drain() override;
  void close() override;
  std::size_t in_flight() const override { return shared_->in_flight.get(); }
  const ListenerCounters& counters() const override { return shared_->counters; }

 private:
  asio::awaitable<void> accept_loop(std::shared_ptr<TcpListener> self);
  // A plain, DoT or DoH connection for an accepted socket (null: TLS set-up failed).
  std::shared_ptr<TcpConnection> make_connection(asio::ip::tcp::socket sock, Endpoint client, Endpoint local);

  std::shared_ptr<TcpShared> shared_;
  asio::ip::tcp::acceptor acceptor_;
  bool started_ = false;
};

// DNS-framed stream connection (TCP, DoT); the base of DohConnection, which
// overrides the input parsing and the answer framing.
class TcpConnection : public ReplyChannel {
 public:
  // `tls` is null for plain TCP.
  TcpConnection(asio::ip::tcp::socket sock, std::shared_ptr<TcpShared> shared, Endpoint client,
                Endpoint local, std::unique_ptr<TlsSession> tls);
  ~TcpConnection() override;
  void start();
  // The connection holds a slot of spec.tcp.per_client, released at close().
  void hold_client_slot() { holds_client_slot_ = true; }
  // The peer is a load balancer: a PROXY v2 header comes first.
  void expect_proxy_header() { expect_proxy_ = true; }
  // Stops reading; closes once in-flight answers are written.
  void stop_reading();
  void close();

  bool is_open() const override { return !closed_; }
  bool deliver(const PendingReply& p, std::span<const uint8_t> response) override;
  void on_deferred() override;
  void on_released(bool sent) override;
  void on_client_gone() override { shared_->counters.inc(ListenerStat::kAsyncClientGone); }

 protected:
  // After a successful TLS handshake; false closes the connection.
  virtual bool on_handshake() { return true; }
  // Handles the complete input in rbuf_[rstart_, rend_); false = close (bad input).
  virtual bool handle_input();
  // Makes room in rbuf_ for the next read (compacts, grows to the frame size).
  virtual void prepare_read();
  // Sends one answer for request `stream` (0 for DNS framing).
  virtual void answer(uint64_t stream, std::span<const uint8_t> response);
  // Hands one query to the handler; `stream` comes back in answer().
  // kDrop: no answer will come.
  Action handle_query(std::span<const uint8_t> query, uint64_t stream, std::string_view doh_path = {});
  // A deferred query was dropped by the handler without an answer.
  virtual void on_dropped() {}
  // Appends raw bytes to the output and starts the writer.
  void queue_output(std::span<const uint8_t> bytes);
  virtual bool can_take_query() const;
  unsigned in_flight_count() const { return in_flight_; }

  std::shared_ptr<TcpShared> shared_;
  std::unique_ptr<TlsSession> tls_;
  std::vector<uint8_t> rbuf_;       // [rstart_, rend_) holds unparsed bytes
  std::size_t rstart_ = 0, rend_ = 0;
  bool reading_done_ = false;

 private:
  asio::awaitable<void> read_loop(std::shared_ptr<TcpConnection> self);
  asio::awaitable<void> idle_watch(std::shared_ptr<TcpConnection> self);
  asio::awaitable<std::pair<asio::error_code, std::size_t>> read_some(std::span<uint8_t> buf);
  asio::awaitable<void> tls_write(std::shared_ptr<TcpConnection> self);
  asio::awaitable<bool> run_handshake();
  // Reads the PROXY v2 header of a load balancer's connection (exactly its
  // octets: TLS reads the socket itself afterwards) and takes its source as
  // the client, with that client's per-client slot. False: close.
  asio::awaitable<bool> read_proxy_header();
  void write_next();
  void on_written(asio::error_code ec);
  void close_if_finished();
  std::chrono::milliseconds idle_timeout() const;

  asio::ip::tcp::socket sock_;
  Endpoint client_, local_;
  std::vector<uint8_t> pending_;    // framed answers waiting for the writer
  std::vector<uint8_t> writing_;    // framed answers being written
  bool write_active_ = false;
  std::vector<uint8_t> response_;   // handler scratch
  unsigned in_flight_ = 0;
  bool handshake_done_ = false;
  bool holds_client_slot_ = false;
  bool expect_proxy_ = false;
  bool closed_ = false;
  bool counted_unsent_ = false;
  bool listed_ = false;
  std::list<std::weak_ptr<TcpConnection>>::iterator live_it_;
  asio::steady_timer idle_timer_;
  asio::steady_timer resume_;       // cancelled to resume reading after back-pressure
  std::chrono::steady_clock::time_point last_activity_;
};

}  // namespace dns4eu::net::internal
