// upstream.cc — one Do53 query to one server over UDP or TCP (see upstream.h).
#include "net/upstream.h"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <asio/connect.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/wire.h"
#include "net/internal/sockets.h"

namespace dns4eu::net {

using asio::experimental::as_tuple;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;

namespace {

void count(UpstreamCounters* c, UpstreamStat s) {
  if (c) c->inc(s);
}

// Offset just past the question's class field, or 0 when malformed.
std::size_t question_end(std::span<const uint8_t> msg, dns::Name* name) {
  std::size_t off = dns::kHeaderSize;
  auto n = dns::Name::from_packet(msg, off);
  if (!n || off + 4 > msg.size()) return 0;
  if (name) *name = *n;
  return off + 4;
}

Status check_query(std::span<const uint8_t> query, const Endpoint& server) {
  if (query.size() < dns::kHeaderSize || dns::load_u16(query.data() + 4) != 1 ||
      question_end(query, nullptr) == 0 || query.size() > 65535)
    return fail(ErrorCode::kInvalidArgument,
                "query to " + server.to_string() + ": not a DNS message with exactly one question");
  return {};
}

tl::unexpected<Error> timeout_error(const char* transport, const Endpoint& server, Duration timeout,
                                    UpstreamCounters* c) {
  count(c, UpstreamStat::kTimeouts);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  return fail(ErrorCode::kLimit, std::string(transport) + " " + server.to_string() + ": no matching reply within " +
                                     std::to_string(ms) + " ms");
}

tl::unexpected<Error> io_error(const char* transport, const Endpoint& server, const char* what,
                               const std::string& detail, UpstreamCounters* c) {
  count(c, UpstreamStat::kSocketErrors);
  return fail(ErrorCode::kIo, std::string(transport) + " " + server.to_string() + ": " + what + ": " + detail);
}

std::chrono::microseconds since(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t);
}

// A non-blocking UDP socket bound to a kernel-random port on `src` (bind to
// port 0 picks a random ephemeral port, as connect() would), or -1.
int make_bound_udp(const Address& src) {
  int fd = ::socket(src.is_v4() ? AF_INET : AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_storage ss;
  socklen_t len = Endpoint(src, 0).to_sockaddr(ss);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0) return fd;
  ::close(fd);
  return -1;
}

// A few spare sockets per thread and source address, each already bound to
// its own kernel-random port: an exchange takes one and only connect()s it,
// so socket() and the port search (~3 + ~2 µs here) are not between the
// decision to ask a server and the query leaving. Every socket serves one
// exchange only (a new random port each time); spares are made in the
// handler that closes a finished exchange's socket, after the answer went out.
class SpareSockets {
 public:
  static constexpr int kPerSource = 4;
  SpareSockets() = default;
  SpareSockets(const SpareSockets&) = delete;
  SpareSockets& operator=(const SpareSockets&) = delete;
  ~SpareSockets() {
    for (const auto& s : spare_) ::close(s.fd);
  }
  int take(const Address& src) {
    for (std::size_t i = 0; i < spare_.size(); ++i) {
      if (spare_[i].src != src) continue;
      int fd = spare_[i].fd;
      spare_[i] = spare_.back();
      spare_.pop_back();
      return fd;
    }
    return -1;
  }
  void top_up(const Address& src) {
    int have = 0;
    for (const auto& s : spare_) have += s.src == src;
    for (; have < kPerSource; ++have) {
      int fd = make_bound_udp(src);
      if (fd < 0) return;  // the next exchange makes its own and reports the error
      spare_.push_back({src, fd});
    }
  }

 private:
  struct Spare {
    Address src;
    int fd;
  };
  std::vector<Spare> spare_;
};

thread_local SpareSockets spare_sockets;

// Finished exchanges' sockets and timers, closed later: right after the
// thread's next query has left (while that server works on it), or by a
// handler posted when the first of a batch retires, whichever comes first.
// Never between a reply's arrival and its handling: a close handler posted by
// one exchange used to run ahead of the next exchange's reply whenever that
// reply was already waiting (a fast server), putting epoll_ctl, close, socket
// and bind (~5 µs) between every such reply and its use.
// The posted handler owns the batch: when its io_context is destroyed before
// running it, the sockets go with it, as any pending handler's state does.
class RetiredSockets {
 public:
  void retire(asio::ip::udp::socket&& sock, asio::steady_timer&& timer, const Address& src) {
    auto batch = current_.lock();
    if (!batch || batch->ex != sock.get_executor()) {
      batch = std::make_shared<Batch>(sock.get_executor());
      current_ = batch;
      asio::post(batch->ex, [batch] { batch->flush(); });
    }
    batch->items.push_back({std::move(sock), std::move(timer), src});
  }
  void flush() {
    if (auto batch = current_.lock()) batch->flush();
  }

 private:
  struct Retired {
    asio::ip::udp::socket sock;
    asio::steady_timer timer;  // already cancelled; destroyed here, not on the reply's path
    Address src;
  };
  struct Batch {
    explicit Batch(asio::any_io_executor e) : ex(std::move(e)) {}
    void flush() {
      for (auto& r : items) {
        asio::error_code ignored;
        r.sock.close(ignored);
        spare_sockets.top_up(r.src);
      }
      items.clear();
    }
    asio::any_io_executor ex;
    std::vector<Retired> items;
  };
  std::weak_ptr<Batch> current_;
};

thread_local RetiredSockets retired_sockets;

// A non-blocking UDP socket on a kernel-random port of `src` (a spare when
// there is one), connected to `server`.
Result<int> open_connected_udp(const Endpoint& server, const Address& src) {
  if (src.family() != server.family())
    return fail(ErrorCode::kInvalidArgument,
                "udp " + server.to_string() + ": source address " + src.to_string() + " is of another family");
  int fd = spare_sockets.take(src);
  const bool spare = fd >= 0;
  const char* call = "socket/bind";
  if (!spare) fd = make_bound_udp(src);
  if (fd >= 0) {
    sockaddr_storage ss;
    socklen_t len = server.to_sockaddr(ss);
    call = "connect";
    if (::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0) {
      // A spare was bound, unconnected, for a while: anyone could queue
      // datagrams on it then (a forged "reply" sent ahead to a guessed port,
      // from any source). Nothing that came before the query is a reply.
      if (spare) {
        uint8_t b[1];
        while (::recv(fd, b, sizeof(b), MSG_DONTWAIT | MSG_TRUNC) >= 0) {
        }
      }
      return fd;
    }
  }
  int err = errno;
  if (fd >= 0) ::close(fd);
  return tl::unexpected(internal::sys_error("udp", server, call, err));
}

}  // namespace

bool reply_matches(std::span<const uint8_t> query, std::span<const uint8_t> reply, UpstreamStat* why) {
  auto no = [&](UpstreamStat s) {
    if (why) *why = s;
    return false;
  };
  if (reply.size() < dns::kHeaderSize || query.size() < dns::kHeaderSize) return no(UpstreamStat::kMalformedReply);
  if (dns::load_u16(reply.data()) != dns::load_u16(query.data())) return no(UpstreamStat::kMismatchedId);
  if ((reply[2] & 0x80) == 0) return no(UpstreamStat::kMalformedReply);  // QR clear
  if (dns::load_u16(reply.data() + 4) != 1) return no(UpstreamStat::kMismatchedQuestion);
  dns::Name qn, rn;
  std::size_t qe = question_end(query, &qn);
  std::size_t re = question_end(reply, &rn);
  if (qe == 0) return no(UpstreamStat::kMalformedReply);
  if (re == 0) return no(UpstreamStat::kMalformedReply);
  if (!(qn == rn) || std::memcmp(query.data() + qe - 4, reply.data() + re - 4, 4) != 0)
    return no(UpstreamStat::kMismatchedQuestion);
  return true;
}

namespace {

// The deadline of one UDP exchange. A plain timer handler, not an awaitable
// `||` (which spawns two coroutines and posts each of them): when the timer
// fires it marks the exchange expired and cancels the socket's wait. The
// exchange clears `sock` before it ends, so a handler still queued then
// touches nothing.
struct UdpDeadline {
  asio::ip::udp::socket* sock = nullptr;
  bool expired = false;
};

}  // namespace

asio::awaitable<Result<UpstreamReply>> query_udp(Endpoint server, std::span<const uint8_t> query,
                                                 Duration timeout, std::optional<Address> source,
                                                 UpstreamCounters* counters) {
  if (auto ok = check_query(query, server); !ok) co_return tl::unexpected(ok.error());
  count(counters, UpstreamStat::kQueries);
  const Address src = source ? *source : Address::any(server.family());
  auto fd = open_connected_udp(server, src);
  if (!fd) {
    count(counters, UpstreamStat::kSocketErrors);
    co_return tl::unexpected(fd.error());
  }
  const auto start = Clock::now();
  if (::send(*fd, query.data(), query.size(), 0) != static_cast<ssize_t>(query.size())) {
    int err = errno;
    ::close(*fd);
    co_return io_error("udp", server, "send", std::strerror(err), counters);
  }
  // Registered with the event loop after the send: the query leaves first.
  // Earlier exchanges' sockets are closed (and spares made) now too.
  retired_sockets.flush();
  auto ex = co_await asio::this_coro::executor;
  asio::ip::udp::socket sock(ex);
  asio::error_code ec;
  sock.assign(server.address().is_v4() ? asio::ip::udp::v4() : asio::ip::udp::v6(), *fd, ec);
  if (ec) {
    ::close(*fd);
    co_return io_error("udp", server, "assign", ec.message(), counters);
  }
  UpstreamReply out;
  out.transport = Transport::kUdp;
  auto deadline = std::make_shared<UdpDeadline>();
  deadline->sock = &sock;
  asio::steady_timer timer(ex);
  timer.expires_at(start + timeout);
  timer.async_wait([deadline](const asio::error_code& e) {
    if (e || !deadline->sock) return;
    deadline->expired = true;
    deadline->sock->cancel();
  });
  // Ends the exchange: the timer handler may no longer touch the socket, and
  // the socket and timer are closed after the caller has used the reply
  // (RetiredSockets: the epoll deregistration and close() are not on the
  // path from any reply to the client's answer).
  auto finish = [&]() {
    deadline->sock = nullptr;
    timer.cancel();
    retired_sockets.retire(std::move(sock), std::move(timer), src);
  };
  // Wait for readability, then drain the socket synchronously into a
  // per-thread buffer (no suspension between recv and the match check).
  thread_local uint8_t buf[65536];
  for (;;) {
    if (deadline->expired) {
      finish();
      co_return timeout_error("udp", server, timeout, counters);
    }
    auto [werr] = co_await sock.async_wait(asio::socket_base::wait_read, as_tuple(asio::use_awaitable));
    if (deadline->expired) continue;
    if (werr == asio::error::operation_aborted) {  // cancelled by the caller, not by the deadline
      finish();
      co_return io_error("udp", server, "wait", werr.message(), counters);
    }
    // Any other wait error: recv() below reports the socket's error.
    for (;;) {
      ssize_t n = ::recv(*fd, buf, sizeof(buf), MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
        // ECONNREFUSED: an ICMP port unreachable for our connected socket.
        int err = errno;
        finish();
        co_return io_error("udp", server, "recv", std::strerror(err), counters);
      }
      std::span<const uint8_t> reply(buf, static_cast<std::size_t>(n));
      UpstreamStat why{};
      if (!reply_matches(query, reply, &why)) {
        count(counters, why);
        continue;
      }
      out.rtt = since(start);
      out.wire.assign(reply.begin(), reply.end());
      count(counters, UpstreamStat::kReplies);
      finish();
      co_return out;
    }
  }
}

asio::awaitable<Result<UpstreamReply>> query_tcp(Endpoint server, std::span<const uint8_t> query,
                                                 Duration timeout, std::optional<Address> source,
                                                 UpstreamCounters* counters) {
  if (auto ok = check_query(query, server); !ok) co_return tl::unexpected(ok.error());
  count(counters, UpstreamStat::kQueries);
  auto ex = co_await asio::this_coro::executor;
  const auto start = Clock::now();
  asio::steady_timer timer(ex);
  timer.expires_at(start + timeout);
  asio::ip::tcp::socket sock(ex);
  asio::error_code ec;
  auto proto = server.address().is_v4() ? asio::ip::tcp::v4() : asio::ip::tcp::v6();
  sock.open(proto, ec);
  if (!ec && source) sock.bind(internal::to_tcp(Endpoint(*source, 0)), ec);
  if (ec) co_return io_error("tcp", server, "socket/bind", ec.message(), counters);

  auto wait = [&]() { return timer.async_wait(as_tuple(asio::use_awaitable)); };
  auto c = co_await (sock.async_connect(internal::to_tcp(server), as_tuple(asio::use_awaitable)) || wait());
  if (c.index() == 1) co_return timeout_error("tcp", server, timeout, counters);
  if (auto [e] = std::get<0>(c); e) co_return io_error("tcp", server, "connect", e.message(), counters);

  UpstreamReply out;
  out.transport = Transport::kTcp;
  auto le = sock.local_endpoint(ec);
  if (!ec) out.local = internal::from_asio(le.address(), le.port());
  uint8_t len[2];
  dns::store_u16(len, static_cast<uint16_t>(query.size()));
  std::array<asio::const_buffer, 2> bufs{asio::buffer(len), asio::buffer(query.data(), query.size())};
  auto w = co_await (asio::async_write(sock, bufs, as_tuple(asio::use_awaitable)) || wait());
  if (w.index() == 1) co_return timeout_error("tcp", server, timeout, counters);
  if (auto [e, n] = std::get<0>(w); e) co_return io_error("tcp", server, "write", e.message(), counters);

  std::vector<uint8_t> reply;
  for (;;) {
    auto h = co_await (asio::async_read(sock, asio::buffer(len), as_tuple(asio::use_awaitable)) || wait());
    if (h.index() == 1) co_return timeout_error("tcp", server, timeout, counters);
    if (auto [e, n] = std::get<0>(h); e) co_return io_error("tcp", server, "read", e.message(), counters);
    reply.resize(dns::load_u16(len));
    auto b = co_await (asio::async_read(sock, asio::buffer(reply), as_tuple(asio::use_awaitable)) || wait());
    if (b.index() == 1) co_return timeout_error("tcp", server, timeout, counters);
    if (auto [e, n] = std::get<0>(b); e) co_return io_error("tcp", server, "read", e.message(), counters);
    UpstreamStat why{};
    if (!reply_matches(query, reply, &why)) {
      count(counters, why);
      continue;
    }
    out.rtt = since(start);
    out.wire = std::move(reply);
    count(counters, UpstreamStat::kReplies);
    co_return out;
  }
}

}  // namespace dns4eu::net
