// upstream_test.cc — query_udp/query_tcp against tiny servers on 127.0.0.1:
// matching replies, spoofed replies ignored, timeouts, TCP framing.
#include "net/upstream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include "net/internal/test_util.h"
#include "net/random.h"

namespace dns4eu::net {
namespace {

using namespace std::chrono_literals;
using test::make_answer;
using test::make_query;

// Runs one upstream coroutine to completion on a private io_context.
template <typename F>
Result<UpstreamReply> run(F make) {
  asio::io_context io;
  std::optional<Result<UpstreamReply>> out;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> { out = co_await make(); }, asio::detached);
  io.run();
  return std::move(*out);
}

// A UDP socket on 127.0.0.1:0 answering `queries` queries (one by default)
// with `replies(query)`.
struct UdpServer {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  Endpoint ep;
  Endpoint peer;  // the query's source, as the server saw it
  std::thread thread;

  explicit UdpServer(std::function<std::vector<std::vector<uint8_t>>(std::span<const uint8_t>)> replies,
                     int queries = 1) {
    sockaddr_in sin = test::to_sin(*Endpoint::parse("127.0.0.1:0"));
    ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin));
    socklen_t len = sizeof(sin);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
    ep = *Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), len);
    timeval tv{5, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    thread = std::thread([this, replies, queries] {
      for (int i = 0; i < queries; ++i) {
        uint8_t buf[4096];
        sockaddr_in from;
        socklen_t flen = sizeof(from);
        ssize_t n = ::recvfrom(fd, buf, sizeof(buf), 0, reinterpret_cast<sockaddr*>(&from), &flen);
        if (n <= 0) return;
        peer = *Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&from), flen);
        for (auto& r : replies(std::span<const uint8_t>(buf, static_cast<std::size_t>(n))))
          ::sendto(fd, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), flen);
      }
    });
  }
  ~UdpServer() {
    thread.join();
    ::close(fd);
  }
};

TEST(ReplyMatches, ChecksIdQrAndQuestion) {
  auto q = make_query(0x4242, "www.example.com.");
  EXPECT_TRUE(reply_matches(q, make_answer(q)));
  EXPECT_TRUE(reply_matches(q, make_answer(make_query(0x4242, "WWW.Example.COM."))));
  UpstreamStat why{};
  EXPECT_FALSE(reply_matches(q, make_answer(make_query(0x4243, "www.example.com.")), &why));
  EXPECT_EQ(why, UpstreamStat::kMismatchedId);
  EXPECT_FALSE(reply_matches(q, make_answer(make_query(0x4242, "ww.example.com.")), &why));
  EXPECT_EQ(why, UpstreamStat::kMismatchedQuestion);
  EXPECT_FALSE(reply_matches(q, make_answer(make_query(0x4242, "www.example.com.", 28)), &why));
  EXPECT_EQ(why, UpstreamStat::kMismatchedQuestion);
  EXPECT_FALSE(reply_matches(q, q, &why));  // QR clear
  EXPECT_EQ(why, UpstreamStat::kMalformedReply);
  EXPECT_FALSE(reply_matches(q, std::span<const uint8_t>(q).first(5), &why));
  EXPECT_EQ(why, UpstreamStat::kMalformedReply);
}

TEST(QueryUdp, IgnoresSpoofedRepliesAndAcceptsTheRealOne) {
  UdpServer server([](std::span<const uint8_t> q) {
    auto wrong_id = make_answer(q);
    wrong_id[1] ^= 0xFF;
    auto wrong_q = make_answer(make_query(test::id_of(q), "evil.example."));
    auto good = make_answer(q);
    good[3] = 0x03;  // NXDOMAIN, to tell it apart
    return std::vector<std::vector<uint8_t>>{wrong_id, wrong_q, good};
  });
  auto query = make_query(random_u16(), "host.example.");
  UpstreamCounters counters;
  auto r = run([&] { return query_udp(server.ep, query, 5s, std::nullopt, &counters); });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->wire[3], 0x03);
  EXPECT_EQ(r->transport, Transport::kUdp);
  EXPECT_GE(r->rtt.count(), 0);
  EXPECT_EQ(server.peer.address(), Address::loopback(Family::kV4));  // chosen by the route on connect()
  EXPECT_NE(server.peer.port(), 0);
  EXPECT_EQ(counters.get(UpstreamStat::kMismatchedId), 1u);
  EXPECT_EQ(counters.get(UpstreamStat::kMismatchedQuestion), 1u);
  EXPECT_EQ(counters.get(UpstreamStat::kReplies), 1u);
}

// The process's IPv4 UDP sockets: local address, and the peer's port (0: not connected).
struct Udp4Socket {
  sockaddr_in local;
  uint16_t peer_port;
};
std::vector<Udp4Socket> udp4_sockets() {
  std::vector<Udp4Socket> out;
  for (int fd = 3; fd < 1024; ++fd) {
    int type = 0;
    socklen_t tl = sizeof(type);
    if (::getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) != 0 || type != SOCK_DGRAM) continue;
    Udp4Socket s{};
    socklen_t len = sizeof(s.local);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&s.local), &len) != 0 || s.local.sin_family != AF_INET) continue;
    sockaddr_in peer{};
    len = sizeof(peer);
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) == 0) s.peer_port = ntohs(peer.sin_port);
    out.push_back(s);
  }
  return out;
}

// The ports of this thread's spare upstream sockets: UDP, bound, not connected.
std::vector<uint16_t> spare_ports() {
  std::vector<uint16_t> ports;
  for (const auto& s : udp4_sockets())
    if (s.local.sin_port != 0 && s.local.sin_addr.s_addr == htonl(INADDR_ANY) && s.peer_port == 0)
      ports.push_back(ntohs(s.local.sin_port));
  return ports;
}

TEST(QueryUdp, SpareSocketsDropWhatWasQueuedBeforeTheQuery) {
  {  // one exchange leaves spare sockets, bound to random ports, on this thread
    UdpServer warmup([](std::span<const uint8_t> q) { return std::vector<std::vector<uint8_t>>{make_answer(q)}; });
    auto q = make_query(random_u16(), "warm.example.");
    ASSERT_TRUE(run([&] { return query_udp(warmup.ep, q, 5s); }));
  }
  auto ports = spare_ports();
  ASSERT_FALSE(ports.empty());
  UdpServer server([](std::span<const uint8_t> q) {
    auto good = make_answer(q);
    good[3] = 0x03;  // NXDOMAIN: the real reply
    return std::vector<std::vector<uint8_t>>{good};
  });
  // An attacker who guessed the ID and question sends "replies" from the
  // server's own address to every spare port before the query exists.
  auto query = make_query(0x5353, "victim.example.");
  auto forged = make_answer(query);
  forged[3] = 0x05;  // REFUSED: the forgery
  for (uint16_t port : ports) {
    sockaddr_in to = test::to_sin(Endpoint(Address::loopback(Family::kV4), port));
    ASSERT_EQ(::sendto(server.fd, forged.data(), forged.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)),
              static_cast<ssize_t>(forged.size()));
  }
  auto r = run([&] { return query_udp(server.ep, query, 5s); });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->wire[3] & 0x0F, 0x03);  // the server's reply, not the queued forgery
  EXPECT_NE(std::find(ports.begin(), ports.end(), server.peer.port()), ports.end())
      << "the query did not use a spare socket, so this test proves nothing";
}

// This thread's UDP sockets connected to `peer` (an exchange's, not yet closed).
int connected_to(const Endpoint& peer) {
  auto all = udp4_sockets();
  return static_cast<int>(
      std::count_if(all.begin(), all.end(), [&](const Udp4Socket& s) { return s.peer_port == peer.port(); }));
}

TEST(QueryUdp, FinishedExchangesSocketsAreClosedLaterAndSparesStayFew) {
  // Exchanges one after the other in one coroutine. When an exchange returns
  // its reply, its socket is still open (closing it is not on the path from
  // the reply to the caller); it is closed once the next query has left, and
  // the last one by a posted handler. Nothing stays open but the spares.
  UdpServer server([](std::span<const uint8_t> q) { return std::vector<std::vector<uint8_t>>{make_answer(q)}; }, 12);
  asio::io_context io;
  int answered = 0;
  std::vector<int> open_after;  // the exchanges' sockets still open as each returns
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 12; ++i) {
      auto q = make_query(random_u16(), "seq.example.");
      if (co_await query_udp(server.ep, q, 5s)) ++answered;
      open_after.push_back(connected_to(server.ep));
    }
  }, asio::detached);
  io.run();
  EXPECT_EQ(answered, 12);
  EXPECT_EQ(open_after, std::vector<int>(12, 1));
  EXPECT_EQ(connected_to(server.ep), 0) << "the last exchange's socket was not closed";
  EXPECT_LE(spare_ports().size(), 4u);
}

TEST(QueryUdp, TimesOutWhenOnlySpoofedRepliesArrive) {
  UdpServer server([](std::span<const uint8_t> q) {
    auto wrong_id = make_answer(q);
    wrong_id[0] ^= 0x01;
    return std::vector<std::vector<uint8_t>>{wrong_id};
  });
  UpstreamCounters counters;
  auto query = make_query(77, "host.example.");
  // 1 s: the spoofed reply must arrive before the timeout, also on a busy machine.
  auto r = run([&] { return query_udp(server.ep, query, 1000ms, Address::loopback(Family::kV4), &counters); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_EQ(counters.get(UpstreamStat::kTimeouts), 1u);
  EXPECT_EQ(counters.get(UpstreamStat::kMismatchedId), 1u);
}

TEST(QueryUdp, RejectsBadQueryAndWrongSourceFamily) {
  std::vector<uint8_t> junk{1, 2, 3};
  auto server = *Endpoint::parse("127.0.0.1:9");
  auto r = run([&] { return query_udp(server, junk, 1s); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  auto q = make_query(1, "a.example.");
  r = run([&] { return query_udp(server, q, 1s, Address::loopback(Family::kV6)); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

TEST(QueryTcp, FramedQueryAndReply) {
  int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin = test::to_sin(*Endpoint::parse("127.0.0.1:0"));
  ASSERT_EQ(::bind(lfd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)), 0);
  ASSERT_EQ(::listen(lfd, 4), 0);
  socklen_t len = sizeof(sin);
  ::getsockname(lfd, reinterpret_cast<sockaddr*>(&sin), &len);
  Endpoint ep = *Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), len);
  std::thread server([lfd] {
    int c = ::accept(lfd, nullptr, nullptr);
    auto q = test::read_frame(c);
    if (!q.empty()) {
      auto stale = make_answer(make_query(test::id_of(q) + 1, "other.example."));
      auto upper = make_answer(make_query(test::id_of(q), "HOST.EXAMPLE."));  // case differs: still a match
      auto bytes = test::framed(stale);
      auto more = test::framed(upper);
      bytes.insert(bytes.end(), more.begin(), more.end());
      test::send_all(c, bytes);
    }
    ::close(c);
  });
  UpstreamCounters counters;
  auto query = make_query(0x5151, "host.example.");
  auto r = run([&] { return query_tcp(ep, query, 5s, std::nullopt, &counters); });
  server.join();
  ::close(lfd);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->transport, Transport::kTcp);
  EXPECT_EQ(test::id_of(r->wire), 0x5151);
  EXPECT_EQ(test::qname_of(r->wire), "host.example.");
  EXPECT_EQ(counters.get(UpstreamStat::kMismatchedId), 1u);
}

TEST(QueryTcp, ConnectionRefusedIsAnIoError) {
  // Bind a port and close it again: nothing listens there now.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin = test::to_sin(*Endpoint::parse("127.0.0.1:0"));
  ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin));
  socklen_t len = sizeof(sin);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  ::close(fd);
  Endpoint ep = *Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), len);
  auto q = make_query(3, "a.example.");
  auto r = run([&] { return query_tcp(ep, q, 2s); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

}  // namespace
}  // namespace dns4eu::net
