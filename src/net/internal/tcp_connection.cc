// internal/tcp_connection.cc — one Do53/TCP connection: framing, pipelining,
// out-of-order answers, back-pressure and idle timeout (see tcp_listener.h).
#include <cstring>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "dns/message.h"
#include "dns/wire.h"
#include "net/internal/tcp_listener.h"

namespace dns4eu::net::internal {

using asio::experimental::as_tuple;
using Clock = std::chrono::steady_clock;

namespace {
constexpr std::size_t kInitialReadBuffer = 4096;
constexpr std::size_t kMaxTcpMessage = 65535;
}  // namespace

TcpConnection::TcpConnection(asio::ip::tcp::socket sock, std::shared_ptr<TcpShared> shared,
                             Endpoint client, Endpoint local)
    : sock_(std::move(sock)),
      shared_(std::move(shared)),
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
  asio::error_code ec;
  sock_.close(ec);
  idle_timer_.cancel();
  resume_.cancel();
  --shared_->connections;
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
  return shared_->connections * 2 > o.max_connections ? o.busy_idle_timeout : o.idle_timeout;
}

asio::awaitable<void> TcpConnection::read_loop(std::shared_ptr<TcpConnection> /*keep_alive*/) {
  const unsigned max_in_flight = shared_->spec.tcp.max_in_flight ? shared_->spec.tcp.max_in_flight : 1;
  while (!closed_ && !reading_done_) {
    if (!handle_frames()) {
      shared_->counters.inc(ListenerStat::kTcpClosedMalformed);
      close();
      co_return;
    }
    if (closed_ || reading_done_) break;
    if (in_flight_ >= max_in_flight) {
      shared_->counters.inc(ListenerStat::kTcpInFlightPaused);
      resume_.expires_at(Clock::time_point::max());
      co_await resume_.async_wait(as_tuple(asio::use_awaitable));
      continue;
    }
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
    auto [ec, n] = co_await sock_.async_read_some(asio::buffer(rbuf_.data() + rend_, rbuf_.size() - rend_),
                                                  as_tuple(asio::use_awaitable));
    if (ec) {
      if (ec == asio::error::eof && !shared_->draining && !reading_done_)
        shared_->counters.inc(ListenerStat::kTcpClosedByPeer);
      else if (ec != asio::error::eof && ec != asio::error::operation_aborted && !closed_)
        shared_->counters.inc(ListenerStat::kRecvErrors);
      reading_done_ = true;
      break;
    }
    rend_ += n;
    last_activity_ = Clock::now();
  }
  close_if_finished();
}

bool TcpConnection::handle_frames() {
  const unsigned max_in_flight = shared_->spec.tcp.max_in_flight ? shared_->spec.tcp.max_in_flight : 1;
  while (rend_ - rstart_ >= 2 && in_flight_ < max_in_flight && !reading_done_ && !closed_) {
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
    handle_query(std::span<const uint8_t>(rbuf_.data() + rstart_ + 2, len));
    rstart_ += 2 + len;
  }
  if (rstart_ == rend_) rstart_ = rend_ = 0;
  return true;
}

void TcpConnection::handle_query(std::span<const uint8_t> query) {
  Request req;
  req.query = query;
  req.client = client_;
  req.local = local_;
  req.listener_id = shared_->spec.id;
  req.transport = Transport::kTcp;
  req.max_response_size = 65535;
  req.worker = shared_->worker;
  req.channel = this;
  shared_->counters.inc(ListenerStat::kReceived);
  response_.clear();
  switch (shared_->handler->handle(req, response_)) {
    case Action::kDrop: shared_->counters.inc(ListenerStat::kDroppedByHandler); return;
    case Action::kDefer: shared_->counters.inc(ListenerStat::kDeferred); return;
    case Action::kReply: break;
  }
  if (response_.size() > kMaxTcpMessage) {
    shared_->counters.inc(ListenerStat::kResponseTooLarge);
    return;
  }
  shared_->counters.inc(ListenerStat::kAnsweredSync);
  enqueue(response_);
}

void TcpConnection::enqueue(std::span<const uint8_t> response) {
  uint8_t len[2];
  dns::store_u16(len, static_cast<uint16_t>(response.size()));
  pending_.insert(pending_.end(), len, len + 2);
  pending_.insert(pending_.end(), response.begin(), response.end());
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
  asio::async_write(sock_, asio::buffer(writing_), [self](asio::error_code ec, std::size_t) {
    self->writing_.clear();
    if (ec) {
      if (!self->closed_) self->shared_->counters.inc(ListenerStat::kSendErrors);
      self->close();
      return;
    }
    self->last_activity_ = Clock::now();
    self->write_next();
  });
}

void TcpConnection::close_if_finished() {
  if (reading_done_ && in_flight_ == 0 && !write_active_) close();
}

bool TcpConnection::deliver(const PendingReply&, std::span<const uint8_t> response) {
  if (response.size() > kMaxTcpMessage) {
    shared_->counters.inc(ListenerStat::kResponseTooLarge);
    return false;
  }
  shared_->counters.inc(ListenerStat::kAnsweredAsync);
  enqueue(response);
  return true;
}

void TcpConnection::on_deferred() {
  ++in_flight_;
  shared_->in_flight.inc();
}

void TcpConnection::on_released(bool sent) {
  --in_flight_;
  shared_->in_flight.dec();
  if (!sent) shared_->counters.inc(ListenerStat::kDroppedByHandler);
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
    shared_->counters.inc(ListenerStat::kTcpClosedIdle);
    close();
  }
}

}  // namespace dns4eu::net::internal
