// internal/udp_listener.cc — batched Do53/UDP serving (see udp_listener.h).
#include "net/internal/udp_listener.h"

#include <unistd.h>

#include <cerrno>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include "dns/message.h"

namespace dns4eu::net::internal {

namespace {
constexpr std::size_t kMaxUdpPayload = 65507;  // IPv4 limit, also used for IPv6
}

Result<std::shared_ptr<UdpListener>> UdpListener::open(asio::io_context& io, const ListenerSpec& spec,
                                                       QueryHandler& handler, unsigned worker) {
  auto fd = open_udp_listen_socket(spec.address, spec.udp.recv_buffer, spec.udp.send_buffer);
  if (!fd) return tl::unexpected(fd.error());
  auto local = socket_local(*fd);
  if (!local) {
    ::close(*fd);
    return tl::unexpected(local.error());
  }
  auto l = std::make_shared<UdpListener>(io, spec, handler, worker);
  asio::error_code ec;
  auto proto = spec.address.address().is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6();
  l->socket_.assign(proto, *fd, ec);
  if (ec) {
    ::close(*fd);
    return fail(ErrorCode::kIo, "udp " + spec.address.to_string() + ": assign: " + ec.message());
  }
  l->local_ = *local;
  if (!spec.udp.xdp.interface.empty()) {
    std::weak_ptr<UdpListener> weak = l;
    auto fallback = [weak](const Endpoint& client, const Endpoint& from, std::span<const uint8_t> response) {
      auto self = weak.lock();
      return self && self->send_one(client, from, 0, response);
    };
    auto route = XdpRoute::open(io, spec, handler, worker, l->counters_, l->in_flight_, fallback);
    if (!route) return tl::unexpected(route.error());
    l->xdp_ = *route;  // null when this worker has no queue on the interface: the socket serves it
  }
  return l;
}

UdpListener::UdpListener(asio::io_context& io, const ListenerSpec& spec, QueryHandler& handler,
                         unsigned worker)
    : spec_(spec), handler_(handler), worker_(worker), socket_(io) {
  unsigned batch = spec.udp.batch == 0 ? 1 : (spec.udp.batch > 256 ? 256 : spec.udp.batch);
  wildcard_ = spec.address.address().is_unspecified();
  slots_ = std::vector<Slot>(batch);
  recv_msgs_.resize(batch);
  send_msgs_.resize(batch);
  for (auto& s : slots_) s.out.reserve(spec.udp.max_response_size);
}

void UdpListener::start() {
  if (receiving_ || closed_) return;
  receiving_ = true;
  if (xdp_) xdp_->start();
  auto self = std::static_pointer_cast<UdpListener>(shared_from_this());
  asio::co_spawn(socket_.get_executor(), [self]() { return self->run(); }, asio::detached);
}

void UdpListener::drain() {
  receiving_ = false;
  if (xdp_) xdp_->drain();
  asio::error_code ec;
  socket_.cancel(ec);  // wakes run(); the socket stays open for deferred answers
}

void UdpListener::close() {
  receiving_ = false;
  closed_ = true;
  if (xdp_) xdp_->close();
  asio::error_code ec;
  socket_.close(ec);
}

asio::awaitable<void> UdpListener::run() {
  auto self = shared_from_this();  // keeps the listener alive while the loop runs
  const unsigned max_rounds = spec_.udp.max_batches_per_wakeup ? spec_.udp.max_batches_per_wakeup : 1;
  while (receiving_) {
    auto [ec] = co_await socket_.async_wait(asio::socket_base::wait_read,
                                            asio::experimental::as_tuple(asio::use_awaitable));
    if (ec || !receiving_) {
      if (ec && ec != asio::error::operation_aborted) counters_.inc(ListenerStat::kRecvErrors);
      if (!socket_.is_open() || ec == asio::error::operation_aborted) break;
      continue;
    }
    for (unsigned round = 0; round < max_rounds && receiving_; ++round) {
      int n = receive_batch();
      if (n <= 0) break;
      dispatch_batch(n);
      if (static_cast<std::size_t>(n) < slots_.size()) break;
    }
  }
}

int UdpListener::receive_batch() {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    Slot& s = slots_[i];
    s.iov_in = {s.in, sizeof(s.in)};
    msghdr& h = recv_msgs_[i].msg_hdr;
    h = {};
    h.msg_name = &s.peer;
    h.msg_namelen = sizeof(s.peer);
    h.msg_iov = &s.iov_in;
    h.msg_iovlen = 1;
    h.msg_control = s.cmsg_in;
    h.msg_controllen = sizeof(s.cmsg_in);
    recv_msgs_[i].msg_len = 0;
  }
  int n = ::recvmmsg(socket_.native_handle(), recv_msgs_.data(), static_cast<unsigned>(slots_.size()),
                     MSG_DONTWAIT, nullptr);
  if (n < 0) {
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) counters_.inc(ListenerStat::kRecvErrors);
    return 0;
  }
  if (n > 0) counters_.inc(ListenerStat::kBatches);
  return n;
}

void UdpListener::dispatch_batch(int n) {
  unsigned queued = 0;
  for (int i = 0; i < n; ++i) queued = dispatch_one(slots_[i], recv_msgs_[i], queued);
  if (queued > 0) send_batch(queued);
}

bool UdpListener::response_fits(std::size_t size) {
  if (size <= spec_.udp.max_response_size && size <= kMaxUdpPayload) return true;
  counters_.inc(ListenerStat::kResponseTooLarge);
  return false;
}

// Handles one datagram; returns the new number of answers queued for sendmmsg.
unsigned UdpListener::dispatch_one(Slot& s, const mmsghdr& m, unsigned queued) {
  if (m.msg_hdr.msg_flags & MSG_TRUNC) {
    counters_.inc(ListenerStat::kInputTooLarge);
    return queued;
  }
  if (m.msg_len < dns::kHeaderSize) {
    counters_.inc(ListenerStat::kInputTooSmall);
    return queued;
  }
  auto client = Endpoint::from_sockaddr(reinterpret_cast<const sockaddr*>(&s.peer), m.msg_hdr.msg_namelen);
  if (!client) {
    counters_.inc(ListenerStat::kRecvErrors);
    return queued;
  }
  Request req;
  req.query = std::span<const uint8_t>(s.in, m.msg_len);
  req.client = *client;
  req.local = local_;
  if (wildcard_) {
    Address dst;
    if (read_pktinfo(m.msg_hdr, dst, req.ifindex)) req.local = Endpoint(dst, local_.port());
  }
  req.listener_id = spec_.id;
  req.transport = Transport::kUdp;
  req.max_response_size = spec_.udp.max_response_size;
  req.worker = worker_;
  req.channel = this;
  counters_.inc(ListenerStat::kReceived);
  s.out.clear();
  switch (handler_.handle(req, s.out)) {
    case Action::kDrop: counters_.inc(ListenerStat::kDroppedByHandler); return queued;
    case Action::kDefer: counters_.inc(ListenerStat::kDeferred); return queued;
    case Action::kReply: break;
  }
  if (!response_fits(s.out.size())) return queued;
  counters_.inc(ListenerStat::kAnsweredSync);
  mmsghdr& sm = send_msgs_[queued];
  sm = {};
  s.iov_out = {s.out.data(), s.out.size()};
  sm.msg_hdr.msg_name = &s.peer;
  sm.msg_hdr.msg_namelen = m.msg_hdr.msg_namelen;
  sm.msg_hdr.msg_iov = &s.iov_out;
  sm.msg_hdr.msg_iovlen = 1;
  if (wildcard_ && !req.local.address().is_unspecified())
    write_pktinfo(sm.msg_hdr, s.cmsg_out, req.local.address(), req.ifindex);
  return queued + 1;
}

void UdpListener::send_batch(unsigned count) {
  unsigned done = 0;
  while (done < count) {
    int r = ::sendmmsg(socket_.native_handle(), &send_msgs_[done], count - done, MSG_DONTWAIT);
    if (r > 0) {
      done += static_cast<unsigned>(r);
    } else if (r < 0 && errno == EINTR) {
      continue;
    } else {
      counters_.inc(ListenerStat::kSendErrors);  // this datagram is lost (EAGAIN: buffer full)
      ++done;
    }
  }
}

bool UdpListener::deliver(const PendingReply& p, std::span<const uint8_t> response) {
  if (!response_fits(response.size())) return false;
  if (!send_one(p.client, p.local, p.ifindex, response)) return false;
  counters_.inc(ListenerStat::kAnsweredAsync);
  return true;
}

bool UdpListener::send_one(const Endpoint& client, const Endpoint& local, uint32_t ifindex,
                           std::span<const uint8_t> response) {
  if (closed_) return false;
  sockaddr_storage peer;
  socklen_t len = client.to_sockaddr(peer);
  iovec iov{const_cast<uint8_t*>(response.data()), response.size()};
  msghdr h{};
  h.msg_name = &peer;
  h.msg_namelen = len;
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  alignas(cmsghdr) uint8_t cmsg[kPktinfoSpace];
  if (wildcard_ && !local.address().is_unspecified()) write_pktinfo(h, cmsg, local.address(), ifindex);
  ssize_t r;
  do r = ::sendmsg(socket_.native_handle(), &h, MSG_DONTWAIT);
  while (r < 0 && errno == EINTR);
  if (r < 0) {
    counters_.inc(ListenerStat::kSendErrors);
    return false;
  }
  return true;
}

void UdpListener::on_deferred() { in_flight_.inc(); }

void UdpListener::on_released(bool sent) {
  in_flight_.dec();
  if (!sent) counters_.inc(ListenerStat::kDroppedByHandler);
}

}  // namespace dns4eu::net::internal
