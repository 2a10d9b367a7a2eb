// udp_listener_test.cc — the Do53/UDP listener on 127.0.0.1 with an ephemeral
// port: synchronous and deferred answers, batching, drops and limits.
#include <gtest/gtest.h>

#include <set>

#include "net/internal/test_handler.h"
#include "net/internal/test_util.h"
#include "net/listener.h"

namespace dns4eu::net {
namespace {

using test::make_query;
using test::RecordingHandler;
using test::TestLoop;

ListenerSpec udp_spec() {
  ListenerSpec s;
  s.id = 7;
  s.transport = Transport::kUdp;
  s.address = *Endpoint::parse("127.0.0.1:0");
  return s;
}

struct UdpFixture : ::testing::Test {
  TestLoop loop;
  RecordingHandler handler;
  std::shared_ptr<Listener> listener;
  int client = test::client_socket(SOCK_DGRAM);

  void open(const ListenerSpec& spec, bool start = true) {
    auto l = loop.call([&] { return open_listener(loop.io, spec, handler, 3); });
    ASSERT_TRUE(l) << l.error().message;
    listener = *l;
    if (start) loop.call([&] { listener->start(); });
  }
  void TearDown() override {
    if (listener) loop.call([&] { listener->close(); listener.reset(); });
    ::close(client);
  }
  void send(std::span<const uint8_t> m) {
    sockaddr_in to = test::to_sin(listener->local_endpoint());
    ASSERT_EQ(::sendto(client, m.data(), m.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)),
              static_cast<ssize_t>(m.size()));
  }
  std::vector<uint8_t> receive() {
    std::vector<uint8_t> buf(65536);
    ssize_t n = ::recv(client, buf.data(), buf.size(), 0);
    buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buf;
  }
  uint64_t stat(ListenerStat s) { return listener->counters().get(s); }
};

TEST_F(UdpFixture, AnswersSynchronously) {
  open(udp_spec());
  EXPECT_NE(listener->local_endpoint().port(), 0);
  send(make_query(0x1234, "sync.example."));
  auto r = receive();
  ASSERT_GE(r.size(), 12u);
  EXPECT_EQ(test::id_of(r), 0x1234);
  EXPECT_TRUE(r[2] & 0x80);
  EXPECT_EQ(stat(ListenerStat::kAnsweredSync), 1u);
  auto req = loop.call([&] { return handler.seen.at(0); });
  EXPECT_EQ(req.listener_id, 7u);
  EXPECT_EQ(req.worker, 3u);
  EXPECT_EQ(req.transport, Transport::kUdp);
  EXPECT_EQ(req.max_response_size, 1232);
  EXPECT_EQ(req.local, listener->local_endpoint());
  EXPECT_EQ(req.client.address(), Address::loopback(Family::kV4));
}

TEST_F(UdpFixture, AnswersLaterThroughResponder) {
  open(udp_spec());
  send(make_query(0x0101, "async.example."));
  // Wait until the handler has deferred it, then answer from the loop thread.
  for (int i = 0; i < 500 && loop.call([&] { return handler.deferred.size(); }) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(listener->in_flight(), 1u);
  bool sent = loop.call([&] {
    auto& d = handler.deferred.at(0);
    bool ok = d.responder.send(test::make_answer(d.query));
    bool again = d.responder.send(test::make_answer(d.query));  // second answer refused
    handler.deferred.clear();                                    // releases the Responder
    return ok && !again;
  });
  EXPECT_TRUE(sent);
  auto r = receive();
  ASSERT_GE(r.size(), 12u);
  EXPECT_EQ(test::id_of(r), 0x0101);
  EXPECT_EQ(stat(ListenerStat::kAnsweredAsync), 1u);
  EXPECT_EQ(listener->in_flight(), 0u);
}

TEST_F(UdpFixture, ReceivesManyDatagramsInOneBatch) {
  open(udp_spec(), /*start=*/false);
  constexpr int kCount = 50;  // queued in the socket before the loop starts
  for (int i = 0; i < kCount; ++i) send(make_query(static_cast<uint16_t>(i), "batch.example."));
  loop.call([&] { listener->start(); });
  std::set<uint16_t> ids;
  for (int i = 0; i < kCount; ++i) {
    auto r = receive();
    ASSERT_GE(r.size(), 12u) << "answer " << i << " missing";
    ids.insert(test::id_of(r));
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kCount));
  EXPECT_EQ(stat(ListenerStat::kReceived), static_cast<uint64_t>(kCount));
  EXPECT_EQ(stat(ListenerStat::kBatches), 1u);  // one recvmmsg took all 50
}

TEST_F(UdpFixture, CountsDropsShortInputAndOversizeAnswers) {
  ListenerSpec spec = udp_spec();
  spec.udp.max_response_size = 20;  // every answer here is longer
  open(spec);
  send(std::vector<uint8_t>{1, 2, 3});
  send(make_query(1, "drop.example."));
  send(make_query(2, "big.example."));
  send(make_query(3, "big.example."));
  for (int i = 0; i < 500 && stat(ListenerStat::kResponseTooLarge) < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(stat(ListenerStat::kInputTooSmall), 1u);
  EXPECT_EQ(stat(ListenerStat::kDroppedByHandler), 1u);
  EXPECT_EQ(stat(ListenerStat::kResponseTooLarge), 2u);
  EXPECT_EQ(stat(ListenerStat::kAnsweredSync), 0u);
}

TEST_F(UdpFixture, ResponderAfterCloseIsHarmless) {
  open(udp_spec());
  send(make_query(9, "async.example."));
  for (int i = 0; i < 500 && loop.call([&] { return handler.deferred.size(); }) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto result = loop.call([&] {
    Responder r = handler.deferred.at(0).responder;
    listener->close();
    listener.reset();
    bool alive = r.alive();
    bool sent = r.send(test::make_answer(handler.deferred[0].query));
    handler.deferred.clear();
    return std::make_pair(alive, sent);
  });
  EXPECT_FALSE(result.first);
  EXPECT_FALSE(result.second);
}

TEST_F(UdpFixture, WildcardReplyLeavesFromTheAddressTheQueryReached) {
  ListenerSpec spec = udp_spec();
  spec.address = *Endpoint::parse("0.0.0.0:0");
  open(spec);
  Endpoint dst(*Address::parse("127.0.0.2"), listener->local_endpoint().port());
  sockaddr_in to = test::to_sin(dst);
  auto q = make_query(0x2222, "sync.example.");
  ASSERT_EQ(::sendto(client, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to)),
            static_cast<ssize_t>(q.size()));
  std::vector<uint8_t> buf(512);
  sockaddr_in from{};
  socklen_t flen = sizeof(from);
  ssize_t n = ::recvfrom(client, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &flen);
  ASSERT_GE(n, 12);
  EXPECT_EQ(*Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&from), flen), dst);
  EXPECT_EQ(loop.call([&] { return handler.seen.at(0).local; }), dst);
}

TEST_F(UdpFixture, ServesIpv6Loopback) {
  ListenerSpec spec = udp_spec();
  spec.address = *Endpoint::parse("[::1]:0");
  auto l = loop.call([&] { return open_listener(loop.io, spec, handler, 0); });
  if (!l) GTEST_SKIP() << "no IPv6 loopback: " << l.error().message;
  listener = *l;
  loop.call([&] { listener->start(); });
  int fd6 = ::socket(AF_INET6, SOCK_DGRAM, 0);
  timeval tv{5, 0};
  setsockopt(fd6, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_storage ss;
  socklen_t len = listener->local_endpoint().to_sockaddr(ss);
  auto q = make_query(0x6666, "sync.example.");
  ::sendto(fd6, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&ss), len);
  std::vector<uint8_t> buf(512);
  ssize_t n = ::recv(fd6, buf.data(), buf.size(), 0);
  ::close(fd6);
  ASSERT_GE(n, 12);
  EXPECT_EQ(test::id_of(buf), 0x6666);
}

}  // namespace
}  // namespace dns4eu::net
