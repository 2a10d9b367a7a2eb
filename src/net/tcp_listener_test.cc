// tcp_listener_test.cc — the Do53/TCP listener (RFC 7766): pipelining with
// out-of-order answers, idle timeout, bad frames, max connections.
#include <gtest/gtest.h>

#include <set>

#include "net/internal/test_handler.h"
#include "net/internal/test_util.h"
#include "net/listener.h"

namespace dns4eu::net {
namespace {

using test::framed;
using test::make_query;
using test::read_frame;
using test::TestLoop;

struct TcpFixture : ::testing::Test {
  TestLoop loop;
  test::RecordingHandler handler;
  std::shared_ptr<Listener> listener;

  void open(TcpOptions opts = {}) {
    ListenerSpec s;
    s.id = 2;
    s.transport = Transport::kTcp;
    s.address = *Endpoint::parse("127.0.0.1:0");
    s.tcp = opts;
    auto l = loop.call([&] { return open_listener(loop.io, s, handler, 0); });
    ASSERT_TRUE(l) << l.error().message;
    listener = *l;
    loop.call([&] { listener->start(); });
  }
  void TearDown() override {
    loop.call([&] {
      handler.deferred.clear();
      if (listener) listener->close();
      listener.reset();
    });
  }
  uint64_t stat(ListenerStat s) { return listener->counters().get(s); }
  // Waits (5 s at most) until the handler holds n deferred queries; fails the test if it does not.
  void wait_deferred(std::size_t n) {
    auto held = [&] { return loop.call([&] { return handler.deferred.size(); }); };
    for (int i = 0; i < 2500 && held() < n; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ASSERT_GE(held(), n) << "the listener did not pass the query to the handler";
  }
};

TEST_F(TcpFixture, PipelinedQueriesAnsweredOutOfOrder) {
  open();
  int fd = test::tcp_connect(listener->local_endpoint());
  ASSERT_GE(fd, 0);
  auto both = framed(make_query(1, "slow.example."));
  auto second = framed(make_query(2, "fast.example."));
  both.insert(both.end(), second.begin(), second.end());
  ASSERT_TRUE(test::send_all(fd, both));  // one write carries both queries
  auto first_answer = read_frame(fd);
  ASSERT_GE(first_answer.size(), 12u);
  EXPECT_EQ(test::id_of(first_answer), 2);  // the fast one overtook the slow one
  ASSERT_NO_FATAL_FAILURE(wait_deferred(1));
  loop.call([&] {
    auto& d = handler.deferred.at(0);
    EXPECT_EQ(d.request.transport, Transport::kTcp);
    EXPECT_EQ(d.request.max_response_size, 65535);
    return d.responder.send(test::make_answer(d.query));
  });
  auto second_answer = read_frame(fd);
  ASSERT_GE(second_answer.size(), 12u);
  EXPECT_EQ(test::id_of(second_answer), 1);
  EXPECT_EQ(stat(ListenerStat::kAnsweredSync), 1u);
  EXPECT_EQ(stat(ListenerStat::kAnsweredAsync), 1u);
  ::close(fd);
}

TEST_F(TcpFixture, IdleConnectionIsClosed) {
  TcpOptions o;
  o.idle_timeout = std::chrono::milliseconds(100);
  open(o);
  int fd = test::tcp_connect(listener->local_endpoint());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(test::send_all(fd, framed(make_query(5, "x.example."))));
  EXPECT_EQ(test::id_of(read_frame(fd)), 5);
  EXPECT_TRUE(read_frame(fd).empty());  // EOF after ~100 ms (5 s receive timeout for liveness)
  for (int i = 0; i < 500 && stat(ListenerStat::kTcpClosedIdle) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(stat(ListenerStat::kTcpClosedIdle), 1u);
  ::close(fd);
}

TEST_F(TcpFixture, DeferredQueryKeepsIdleConnectionOpen) {
  TcpOptions o;
  // 300 ms: the query must be read before the first idle period ends, also on a busy machine.
  o.idle_timeout = std::chrono::milliseconds(300);
  open(o);
  int fd = test::tcp_connect(listener->local_endpoint());
  ASSERT_TRUE(test::send_all(fd, framed(make_query(6, "slow.example."))));
  ASSERT_NO_FATAL_FAILURE(wait_deferred(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));  // several idle periods
  EXPECT_EQ(stat(ListenerStat::kTcpClosedIdle), 0u);
  loop.call([&] { return handler.deferred.at(0).responder.send(test::make_answer(handler.deferred.at(0).query)); });
  EXPECT_EQ(test::id_of(read_frame(fd)), 6);
  ::close(fd);
}

TEST_F(TcpFixture, ZeroLengthFrameClosesConnection) {
  open();
  int fd = test::tcp_connect(listener->local_endpoint());
  ASSERT_TRUE(test::send_all(fd, std::vector<uint8_t>{0, 0}));
  EXPECT_TRUE(read_frame(fd).empty());
  EXPECT_EQ(stat(ListenerStat::kTcpClosedMalformed), 1u);
  EXPECT_EQ(stat(ListenerStat::kInputTooSmall), 1u);
  EXPECT_EQ(stat(ListenerStat::kReceived), 0u);
  ::close(fd);
}

TEST_F(TcpFixture, OversizeFrameClosesConnection) {
  TcpOptions o;
  o.max_query_size = 100;
  open(o);
  int fd = test::tcp_connect(listener->local_endpoint());
  // A good query first (answered), then a 200-octet frame header.
  auto bytes = framed(make_query(8, "ok.example."));
  bytes.push_back(0);
  bytes.push_back(200);
  ASSERT_TRUE(test::send_all(fd, bytes));
  EXPECT_EQ(test::id_of(read_frame(fd)), 8);
  EXPECT_TRUE(read_frame(fd).empty());
  EXPECT_EQ(stat(ListenerStat::kInputTooLarge), 1u);
  EXPECT_EQ(stat(ListenerStat::kTcpClosedMalformed), 1u);
  ::close(fd);
}

TEST_F(TcpFixture, QueryLargerThanInitialBufferIsReassembled) {
  open();
  int fd = test::tcp_connect(listener->local_endpoint());
  auto q = make_query(11, "big.example.");
  q.resize(6000, 0);  // trailing junk is the handler's business; framing must hold
  auto f = framed(q);
  ASSERT_TRUE(test::send_all(fd, std::span<const uint8_t>(f).first(3000)));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(test::send_all(fd, std::span<const uint8_t>(f).subspan(3000)));
  auto a = read_frame(fd);
  EXPECT_EQ(a.size(), 6000u);
  ::close(fd);
}

TEST_F(TcpFixture, MaxConnectionsRejectsExtraClients) {
  TcpOptions o;
  o.max_connections = 1;
  open(o);
  int a = test::tcp_connect(listener->local_endpoint());
  ASSERT_TRUE(test::send_all(a, framed(make_query(1, "a.example."))));
  EXPECT_EQ(test::id_of(read_frame(a)), 1);  // `a` is accepted and served
  int b = test::tcp_connect(listener->local_endpoint());
  EXPECT_TRUE(read_frame(b).empty());        // `b` is accepted then closed
  EXPECT_EQ(stat(ListenerStat::kTcpRejectedFull), 1u);
  ::close(a);
  ::close(b);
}

TEST_F(TcpFixture, MaxInFlightPausesReading) {
  TcpOptions o;
  o.max_in_flight = 1;
  open(o);
  int fd = test::tcp_connect(listener->local_endpoint());
  auto bytes = framed(make_query(1, "slow.example."));
  auto more = framed(make_query(2, "fast.example."));
  bytes.insert(bytes.end(), more.begin(), more.end());
  ASSERT_TRUE(test::send_all(fd, bytes));
  ASSERT_NO_FATAL_FAILURE(wait_deferred(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(loop.call([&] { return handler.seen.size(); }), 1u);  // second not read yet
  loop.call([&] {
    handler.deferred.at(0).responder.send(test::make_answer(handler.deferred.at(0).query));
    handler.deferred.clear();  // releases the slot: reading resumes
  });
  std::set<uint16_t> ids{test::id_of(read_frame(fd)), test::id_of(read_frame(fd))};
  EXPECT_EQ(ids, (std::set<uint16_t>{1, 2}));
  EXPECT_GE(stat(ListenerStat::kTcpInFlightPaused), 1u);
  ::close(fd);
}

}  // namespace
}  // namespace dns4eu::net
