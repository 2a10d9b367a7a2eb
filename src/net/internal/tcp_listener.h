// internal/tcp_listener.h — one worker's Do53/TCP acceptor and its
// connections (RFC 7766).
//
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

  std::shared_ptr<TcpShared> shared_;
  asio::ip::tcp::acceptor acceptor_;
  bool started_ = false;
};

class TcpConnection final : public ReplyChannel {
 public:
  TcpConnection(asio::ip::tcp::socket sock, std::shared_ptr<TcpShared> shared, Endpoint client,
                Endpoint local);
  ~TcpConnection() override;
  void start();
  // Stops reading; closes once in-flight answers are written.
  void stop_reading();
  void close();

  bool is_open() const override { return !closed_; }
  bool deliver(const PendingReply& p, std::span<const uint8_t> response) override;
  void on_deferred() override;
  void on_released(bool sent) override;
  void on_client_gone() override { shared_->counters.inc(ListenerStat::kAsyncClientGone); }

 private:
  asio::awaitable<void> read_loop(std::shared_ptr<TcpConnection> self);
  asio::awaitable<void> idle_watch(std::shared_ptr<TcpConnection> self);
  // Handles complete frames in the read buffer; false = close (bad frame).
  bool handle_frames();
  void handle_query(std::span<const uint8_t> query);
  void enqueue(std::span<const uint8_t> response);
  void write_next();
  void close_if_finished();
  std::chrono::milliseconds idle_timeout() const;

  asio::ip::tcp::socket sock_;
  std::shared_ptr<TcpShared> shared_;
  Endpoint client_, local_;
  std::vector<uint8_t> rbuf_;       // [rstart_, rend_) holds unparsed bytes
  std::size_t rstart_ = 0, rend_ = 0;
  std::vector<uint8_t> pending_;    // framed answers waiting for the writer
  std::vector<uint8_t> writing_;    // framed answers being written
  bool write_active_ = false;
  std::vector<uint8_t> response_;   // handler scratch
  unsigned in_flight_ = 0;
  bool reading_done_ = false;
  bool closed_ = false;
  bool counted_unsent_ = false;
  bool listed_ = false;
  std::list<std::weak_ptr<TcpConnection>>::iterator live_it_;
  asio::steady_timer idle_timer_;
  asio::steady_timer resume_;       // cancelled to resume reading after back-pressure
  std::chrono::steady_clock::time_point last_activity_;
};

}  // namespace dns4eu::net::internal
