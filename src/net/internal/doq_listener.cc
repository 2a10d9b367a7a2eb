// internal/doq_listener.cc — DNS over QUIC listener: the UDP socket, the
// receive loop, and dispatch of datagrams to connections (see doq_listener.h).
#include "net/internal/doq_listener.h"

#include <ngtcp2/ngtcp2.h>
#include <unistd.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include "net/internal/doq_connection.h"

namespace dns4eu::net::internal {

using asio::experimental::as_tuple;

namespace {
constexpr std::size_t kCidLen = 16;  // our connection IDs (doq_connection.cc)
constexpr std::size_t kMaxDatagram = 65536;
}  // namespace

Result<std::shared_ptr<DoqListener>> DoqListener::open(asio::io_context& io, const ListenerSpec& spec,
                                                       QueryHandler& handler, unsigned worker) {
  if (!spec.tls.certificate)
    return fail(ErrorCode::kInvalidArgument, "doq " + spec.address.to_string() + ": no TLS certificate");
  auto fd = open_udp_listen_socket(spec.address, spec.udp.recv_buffer, spec.udp.send_buffer);
  if (!fd) return tl::unexpected(fd.error());
  auto local = socket_local(*fd);
  if (!local) {
    ::close(*fd);
    return tl::unexpected(local.error());
  }
  auto shared = std::make_shared<DoqShared>();
  shared->spec = spec;
  shared->handler = &handler;
  shared->worker = worker;
  shared->local = *local;
  auto l = std::make_shared<DoqListener>(io, std::move(shared));
  asio::error_code ec;
  l->socket_.assign(spec.address.address().is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), *fd, ec);
  if (!ec) l->socket_.non_blocking(true, ec);  // a full send buffer drops a packet; QUIC resends
  if (ec) {
    ::close(*fd);
    return fail(ErrorCode::kIo, "doq " + spec.address.to_string() + ": assign: " + ec.message());
  }
  l->shared_->socket = &l->socket_;
  return l;
}

DoqListener::DoqListener(asio::io_context& io, std::shared_ptr<DoqShared> shared)
    : shared_(std::move(shared)), socket_(io) {}

DoqListener::~DoqListener() { close(); }

void DoqListener::start() {
  if (started_ || shared_->draining) return;
  started_ = true;
  asio::co_spawn(socket_.get_executor(), receive_loop(shared_from_this()), asio::detached);
}

void DoqListener::drain() { shared_->draining = true; }

void DoqListener::close() {
  shared_->draining = true;
  auto conns = shared_->by_cid;  // close() edits the map
  for (auto& [cid, c] : conns) c->close();
  shared_->by_cid.clear();
  asio::error_code ec;
  socket_.close(ec);
}

asio::awaitable<void> DoqListener::receive_loop(std::shared_ptr<DoqListener> /*keep_alive*/) {
  std::vector<uint8_t> buf(kMaxDatagram);
  asio::ip::udp::endpoint from;
  while (socket_.is_open()) {
    auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buf), from, as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::operation_aborted || !socket_.is_open()) break;
      shared_->counters.inc(ListenerStat::kRecvErrors);
      continue;
    }
    on_datagram(buf.data(), n, from);
  }
}

void DoqListener::on_datagram(const uint8_t* data, std::size_t n, const asio::ip::udp::endpoint& from) {
  ngtcp2_version_cid vc;
  if (ngtcp2_pkt_decode_version_cid(&vc, data, n, kCidLen) != 0) {
    shared_->counters.inc(ListenerStat::kInputTooSmall);  // garbage, or a version we do not speak
    return;
  }
  auto it = shared_->by_cid.find(std::string(reinterpret_cast<const char*>(vc.dcid), vc.dcidlen));
  if (it != shared_->by_cid.end()) {
    auto conn = it->second;  // keeps it alive if this packet closes it
    conn->on_datagram(data, n);
    return;
  }
  if (shared_->draining) return;
  ngtcp2_pkt_hd hd;
  if (ngtcp2_accept(&hd, data, n) != 0) {
    shared_->counters.inc(ListenerStat::kInputTooSmall);
    return;
  }
  if (shared_->connections >= shared_->spec.tcp.max_connections) {
    shared_->counters.inc(ListenerStat::kTcpRejectedFull);
    return;
  }
  Endpoint client = from_asio(from.address(), from.port());
  const auto& limiter = shared_->spec.tcp.per_client;
  if (limiter && !limiter->try_acquire(client.address())) {
    shared_->counters.inc(ListenerStat::kRejectedPerClient);
    return;
  }
  auto conn = std::make_shared<DoqConnection>(shared_, socket_.get_executor(), client);
  if (limiter) conn->hold_client_slot();
  if (!conn->init(hd, from)) {
    shared_->counters.inc(ListenerStat::kTlsHandshakeFailed);
    conn->close();
    return;
  }
  shared_->counters.inc(ListenerStat::kTcpAccepted);
  conn->on_datagram(data, n);
}

}  // namespace dns4eu::net::internal
