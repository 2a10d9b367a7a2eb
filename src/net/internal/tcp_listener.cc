// internal/tcp_listener.cc — Do53/TCP acceptor (see tcp_listener.h); the
// connection logic is in tcp_connection.cc.
#include "net/internal/tcp_listener.h"

#include "net/internal/doh_connection.h"

#include <unistd.h>

#include <algorithm>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

namespace dns4eu::net::internal {

using asio::experimental::as_tuple;

Result<std::shared_ptr<TcpListener>> TcpListener::open(asio::io_context& io, const ListenerSpec& spec,
                                                       QueryHandler& handler, unsigned worker) {
  const bool tls = spec.transport == Transport::kDot || spec.transport == Transport::kDoh;
  if (tls && !spec.tls.certificate)
    return fail(ErrorCode::kInvalidArgument,
                std::string(transport_name(spec.transport)) + " " + spec.address.to_string() + ": no TLS certificate");
  auto fd = open_tcp_listen_socket(spec.address, spec.tcp.backlog);
  if (!fd) return tl::unexpected(fd.error());
  auto local = socket_local(*fd);
  if (!local) {
    ::close(*fd);
    return tl::unexpected(local.error());
  }
  auto shared = std::make_shared<TcpShared>();
  shared->spec = spec;
  shared->handler = &handler;
  shared->worker = worker;
  shared->local = *local;
  shared->alpn = spec.transport == Transport::kDoh ? AlpnSet::kDoh : AlpnSet::kDot;
  auto l = std::make_shared<TcpListener>(io, std::move(shared));
  asio::error_code ec;
  auto proto = spec.address.address().is_v4() ? asio::ip::tcp::v4() : asio::ip::tcp::v6();
  l->acceptor_.assign(proto, *fd, ec);
  if (ec) {
    ::close(*fd);
    return fail(ErrorCode::kIo, std::string(transport_name(spec.transport)) + " " + spec.address.to_string() +
                                    ": assign: " + ec.message());
  }
  return l;
}

TcpListener::TcpListener(asio::io_context& io, std::shared_ptr<TcpShared> shared)
    : shared_(std::move(shared)), acceptor_(io) {}

void TcpListener::start() {
  if (started_ || shared_->draining) return;
  started_ = true;
  asio::co_spawn(acceptor_.get_executor(), accept_loop(shared_from_this()), asio::detached);
}

void TcpListener::drain() {
  shared_->draining = true;
  asio::error_code ec;
  acceptor_.close(ec);
  auto live = shared_->live;  // stop_reading() may close, which edits the list
  for (auto& w : live)
    if (auto c = w.lock()) c->stop_reading();
}

void TcpListener::close() {
  drain();
  auto live = shared_->live;  // close() edits the list
  for (auto& w : live)
    if (auto c = w.lock()) c->close();
}

asio::awaitable<void> TcpListener::accept_loop(std::shared_ptr<TcpListener> /*keep_alive*/) {
  asio::steady_timer backoff(acceptor_.get_executor());
  while (!shared_->draining) {
    auto [ec, sock] = co_await acceptor_.async_accept(as_tuple(asio::use_awaitable));
    if (shared_->draining) break;
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) break;
      shared_->counters.inc(ListenerStat::kRecvErrors);  // e.g. EMFILE: back off briefly
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(as_tuple(asio::use_awaitable));
      continue;
    }
    if (shared_->connections >= shared_->spec.tcp.max_connections) {
      shared_->counters.inc(ListenerStat::kTcpRejectedFull);
      asio::error_code ignored;
      sock.close(ignored);
      continue;
    }
    asio::error_code e1, e2;
    auto remote = sock.remote_endpoint(e1);
    auto local = sock.local_endpoint(e2);
    if (e1 || e2) continue;  // the client is already gone
    Endpoint client = from_asio(remote.address(), remote.port());
    const auto& proxies = shared_->spec.tcp.proxy_from;
    bool balancer = std::any_of(proxies.begin(), proxies.end(),
                                [&](const AddressPrefix& p) { return p.contains(client.address()); });
    // A balancer's slot is taken for the client its PROXY header names.
    std::shared_ptr<ClientLimiter> limiter = balancer ? nullptr : shared_->spec.tcp.per_client;
    if (limiter && !limiter->try_acquire(client.address())) {
      shared_->counters.inc(ListenerStat::kRejectedPerClient);
      asio::error_code ignored;
      sock.close(ignored);
      continue;
    }
    shared_->counters.inc(ListenerStat::kTcpAccepted);
    auto conn = make_connection(std::move(sock), client, from_asio(local.address(), local.port()));
    if (!conn) {
      if (limiter) limiter->release(client.address());
      continue;
    }
    if (limiter) conn->hold_client_slot();
    if (balancer) conn->expect_proxy_header();
    conn->start();
  }
}

std::shared_ptr<TcpConnection> TcpListener::make_connection(asio::ip::tcp::socket sock, Endpoint client,
                                                            Endpoint local) {
  if (shared_->spec.transport == Transport::kTcp)
    return std::make_shared<TcpConnection>(std::move(sock), shared_, client, local, nullptr);
  asio::error_code ec;
  sock.native_non_blocking(true, ec);  // GnuTLS does the socket I/O itself
  auto tls = ec ? fail(ErrorCode::kIo, ec.message())
                : TlsSession::create(shared_->spec.tls.certificate->current(), sock.native_handle(), shared_->alpn);
  if (!tls) {
    shared_->counters.inc(ListenerStat::kTlsHandshakeFailed);
    return nullptr;
  }
  if (shared_->spec.transport == Transport::kDoh)
    return std::make_shared<DohConnection>(std::move(sock), shared_, client, local, std::move(*tls));
  return std::make_shared<TcpConnection>(std::move(sock), shared_, client, local, std::move(*tls));
}

}  // namespace dns4eu::net::internal
