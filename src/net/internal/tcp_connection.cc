// internal/tcp_connection.cc — one Do53/TCP or DoT connection: TLS
// handshake, framing, pipelining, out-of-order answers, back-pressure and
// idle timeout (see tcp_listener.h).
#include <array>
#include <cstring>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include "dns/message.h"
#include "dns/wire.h"
#include "net/internal/tcp_listener.h"
#include "net/internal/tls_session.h"

namespace dns4eu::net::internal {

using asio::experimental::as_tuple;
using Clock = std::chrono::steady_clock;

namespace {
constexpr std::size_t kInitialReadBuffer = 4096;
constexpr std::size_t kMaxTcpMessage = 65535;
}  // namespace

TcpConnection::TcpConnection(asio::ip::tcp::socket sock, std::shared_ptr<TcpShared> shared,
                             Endpoint client, Endpoint local, std::unique_ptr<TlsSession> tls)
    : shared_(std::move(shared)),
      tls_(std::move(tls)),
      sock_(std::move(sock)),
      client_(client),
      local_(local),
      idle_timer_(sock_.get_executor()),
      resume_(sock_.get_executor()) {}

TcpConnection::~TcpConnection() { close(); }

void TcpConnection::start() {
  ++shared_->connections;
  live_it_ = shared_->live.insert(shared_->live.end(),
                                  std::static_pointer_cast<TcpConnection>(shared_from_this()));
  listed_ = true;
  asio::error_code ec;
  sock_.set_option(asio::ip::tcp::no_delay(true), ec);  // answers are small; do not wait for acks
  last_activity_ = Clock::now();
  rbuf_.resize(kInitialReadBuffer);
  auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
  asio::co_spawn(sock_.get_executor(), read_loop(self), asio::detached);
  asio::co_spawn(sock_.get_executor(), idle_watch(self), asio::detached);
}

void TcpConnection::stop_reading() {
  if (closed_) return;
  reading_done_ = true;
  asio::error_code ec;
  sock_.shutdown(asio::socket_base::shutdown_receive, ec);  // wakes the pending read with EOF
  resume_.cancel();
  close_if_finished();
}

void TcpConnection::close() {
  if (closed_) return;
  closed_ = true;
  reading_done_ = true;
  if (tls_ && handshake_done_ && !write_active_) tls_->bye();  // never inside a record
  asio::error_code ec;
  sock_.close(ec);
  idle_timer_.cancel();
  resume_.cancel();
  --shared_->connections;
  if (holds_client_slot_) shared_->spec.tcp.per_client->release(client_.address());
  holds_client_slot_ = false;
  if (listed_) {
    shared_->live.erase(live_it_);
    listed_ = false;
  }
  if (counted_unsent_) {
    shared_->in_flight.dec();
    counted_unsent_ = false;
  }
}

std::chrono::milliseconds TcpConnection::idle_timeout() const {
  const TcpOptions& o = shared_->spec.tcp;
  if (tls_ && !handshake_done_) return shared_->spec.tls.handshake_timeout;
  return shared_->connections * 2 > o.max_connections ? o.busy_idle_timeout : o.idle_timeout;
}

asio::awaitable<bool> TcpConnection::run_handshake() {
  bool ok = co_await tls_->handshake(sock_);
  if (closed_) co_return false;  // the handshake timeout (or a drain) closed us
  if (!ok) {
    shared_->counters.inc(ListenerStat::kTlsHandshakeFailed);
    co_return false;
  }
  handshake_done_ = true;
  last_activity_ = Clock::now();
  shared_->counters.inc(ListenerStat::kTlsHandshakes);
  if (tls_->resumed()) shared_->counters.inc(ListenerStat::kTlsResumed);
  co_return on_handshake();
}

asio::awaitable<std::pair<asio::error_code, std::size_t>> TcpConnection::read_some(std::span<uint8_t> buf) {
  if (tls_) co_return co_await tls_->read_some(sock_, buf);
  auto [ec, n] = co_await sock_.async_read_some(asio::buffer(buf.data(), buf.size()), as_tuple(asio::use_awaitable));
  co_return std::pair{ec, n};
}

bool TcpConnection::can_take_query() const {
  const unsigned max_in_flight = shared_->spec.tcp.max_in_flight ? shared_->spec.tcp.max_in_flight : 1;
  return in_flight_ < max_in_flight && !reading_done_ && !closed_;
}

void TcpConnection::prepare_read() {
  // Make room: move the partial frame to the front, grow to the frame's size.
  if (rstart_ > 0) {
    std::memmove(rbuf_.data(), rbuf_.data() + rstart_, rend_ - rstart_);
    rend_ -= rstart_;
    rstart_ = 0;
  }
  if (rend_ >= 2) {
    std::size_t need = 2 + dns::load_u16(rbuf_.data());
    if (rbuf_.size() < need) rbuf_.resize(need);
  }
}

asio::awaitable<bool> TcpConnection::read_proxy_header() {
  std::array<uint8_t, kProxyV2MaxSize> buf;
  std::size_t have = 0, need = kProxyV2FixedSize;
  ProxyHeader h;
  while (h.state == ProxyHeader::kIncomplete) {
    auto [ec, n] = co_await asio::async_read(sock_, asio::buffer(buf.data() + have, need - have),
                                             as_tuple(asio::use_awaitable));
    if (ec || closed_) co_return false;
    have += n;
    h = parse_proxy_v2(std::span<const uint8_t>(buf.data(), have));
    need = h.size;
  }
  if (h.state == ProxyHeader::kError) {
    shared_->counters.inc(ListenerStat::kProxyHeaderErrors);
    co_return false;
  }
  if (!h.has_source) co_return true;  // LOCAL / UNSPEC: the balancer itself
  const auto& limiter = shared_->spec.tcp.per_client;
  if (limiter && !limiter->try_acquire(h.source.address())) {
    shared_->counters.inc(ListenerStat::kRejectedPerClient);
    co_return false;
  }
  client_ = h.source;
  holds_client_slot_ = limiter != nullptr;
  last_activity_ = Clock::now();
  co_return true;
}

asio::awaitable<void> TcpConnection::read_loop(std::shared_ptr<TcpConnection> /*keep_alive*/) {
  if (expect_proxy_ && !co_await read_proxy_header()) {
    close();
    co_return;
  }
  if (tls_ && !co_await run_handshake()) {
    close();
    co_return;
  }
  while (!closed_ && !reading_done_) {
    if (!handle_input()) {
      shared_->counters.inc(ListenerStat::kTcpClosedMalformed);
      close();
      co_return;
    }
    if (closed_ || reading_done_) break;
    if (!can_take_query()) {
      shared_->counters.inc(ListenerStat::kTcpInFlightPaused);
      resume_.expires_at(Clock::time_point::max());
      co_await resume_.async_wait(as_tuple(asio::use_awaitable));
      continue;
    }
    prepare_read();
    auto [ec, n] = co_await read_some(std::span<uint8_t>(rbuf_.data() + rend_, rbuf_.size() - rend_));
    if (ec) {
      if (ec == asio::error::eof && !shared_->draining && !reading_done_)
        shared_->counters.inc(ListenerStat::kTcpClosedByPeer);
      else if (ec != asio::error::eof && ec != asio::error::operation_aborted && !closed_)
        shared_->counters.inc(ListenerStat::kRecvErrors);
      if (ec == asio::error::connection_aborted) {  // a TLS error: no answer can be sent
        close();
        co_return;
      }
      reading_done_ = true;
      break;
    }
    rend_ += n;
    last_activity_ = Clock::now();
  }
  close_if_finished();
}

bool TcpConnection::handle_input() {
  while (rend_ - rstart_ >= 2 && can_take_query()) {
    std::size_t len = dns::load_u16(rbuf_.data() + rstart_);
    if (len < dns::kHeaderSize) {
      shared_->counters.inc(ListenerStat::kInputTooSmall);
      return false;
    }
    if (len > shared_->spec.tcp.max_query_size) {
      shared_->counters.inc(ListenerStat::kInputTooLarge);
      return false;
    }
    if (rend_ - rstart_ < 2 + len) break;
    (void)handle_query(std::span<const uint8_t>(rbuf_.data() + rstart_ + 2, len), 0);
    rstart_ += 2 + len;
  }
  if (rstart_ == rend_) rstart_ = rend_ = 0;
  return true;
}

Action TcpConnection::handle_query(std::span<const uint8_t> query, uint64_t stream, std::string_view doh_path) {
  Request req;
  req.query = query;
  req.client = client_;
  req.local = local_;
  req.listener_id = shared_->spec.id;
  req.transport = shared_->spec.transport;
  req.max_response_size = 65535;
  req.worker = shared_->worker;
  if (tls_) req.server_name = tls_->server_name();
  req.stream = stream;
  req.doh_path = doh_path;
  req.channel = this;
  shared_->counters.inc(ListenerStat::kReceived);
  response_.clear();
  switch (shared_->handler->handle(req, response_)) {
    case Action::kDrop: shared_->counters.inc(ListenerStat::kDroppedByHandler); return Action::kDrop;
    case Action::kDefer: shared_->counters.inc(ListenerStat::kDeferred); return Action::kDefer;
    case Action::kReply: break;
  }
  if (response_.size() > kMaxTcpMessage) {
    shared_->counters.inc(ListenerStat::kResponseTooLarge);
    return Action::kDrop;
  }
  shared_->counters.inc(ListenerStat::kAnsweredSync);
  answer(stream, response_);
  return Action::kReply;
}

void TcpConnection::answer(uint64_t /*stream*/, std::span<const uint8_t> response) {
  uint8_t len[2];
  dns::store_u16(len, static_cast<uint16_t>(response.size()));
  pending_.insert(pending_.end(), len, len + 2);
  queue_output(response);
}

void TcpConnection::queue_output(std::span<const uint8_t> bytes) {
  pending_.insert(pending_.end(), bytes.begin(), bytes.end());
  last_activity_ = Clock::now();
  if (!write_active_) write_next();
}

void TcpConnection::write_next() {
  if (closed_) return;
  if (pending_.empty()) {
    write_active_ = false;
    if (counted_unsent_) {
      shared_->in_flight.dec();
      counted_unsent_ = false;
    }
    close_if_finished();
    return;
  }
  writing_.swap(pending_);
  pending_.clear();
  write_active_ = true;
  if (!counted_unsent_) {
    shared_->in_flight.inc();
    counted_unsent_ = true;
  }
  auto self = std::static_pointer_cast<TcpConnection>(shared_from_this());
  if (tls_) {
    asio::co_spawn(sock_.get_executor(), tls_write(self), asio::detached);
    return;
  }
  asio::async_write(sock_, asio::buffer(writing_),
                    [self](asio::error_code ec, std::size_t) { self->on_written(ec); });
}

asio::awaitable<void> TcpConnection::tls_write(std::shared_ptr<TcpConnection> /*keep_alive*/) {
  auto ec = co_await tls_->write_all(sock_, writing_);
  on_written(ec);
}

void TcpConnection::on_written(asio::error_code ec) {
  writing_.clear();
  if (ec) {
    if (!closed_) shared_->counters.inc(ListenerStat::kSendErrors);
    close();
    return;
  }
  last_activity_ = Clock::now();
  write_next();
}

void TcpConnection::close_if_finished() {
  if (reading_done_ && in_flight_ == 0 && !write_active_) close();
}

bool TcpConnection::deliver(const PendingReply& p, std::span<const uint8_t> response) {
  if (response.size() > kMaxTcpMessage) {
    shared_->counters.inc(ListenerStat::kResponseTooLarge);
    return false;
  }
  shared_->counters.inc(ListenerStat::kAnsweredAsync);
  answer(p.stream, response);
  return true;
}

void TcpConnection::on_deferred() {
  ++in_flight_;
  shared_->in_flight.inc();
}

void TcpConnection::on_released(bool sent) {
  --in_flight_;
  shared_->in_flight.dec();
  if (!sent) {
    shared_->counters.inc(ListenerStat::kDroppedByHandler);
    if (!closed_) on_dropped();
  }
  last_activity_ = Clock::now();
  resume_.cancel();  // reading may have paused at max_in_flight
  close_if_finished();
}

asio::awaitable<void> TcpConnection::idle_watch(std::shared_ptr<TcpConnection> /*keep_alive*/) {
  while (!closed_) {
    idle_timer_.expires_at(last_activity_ + idle_timeout());
    co_await idle_timer_.async_wait(as_tuple(asio::use_awaitable));
    if (closed_) break;
    if (Clock::now() < last_activity_ + idle_timeout()) continue;
    if (in_flight_ > 0 || write_active_) {
      last_activity_ = Clock::now();  // waiting on us is not idleness
      continue;
    }
    shared_->counters.inc(tls_ && !handshake_done_ ? ListenerStat::kTlsHandshakeTimeout
                                                   : ListenerStat::kTcpClosedIdle);
    close();
  }
}

}  // namespace dns4eu::net::internal
