// worker_test.cc — WorkerPool: listeners on every worker, reload keeping
// unchanged sockets, drain delivering in-flight answers at stop.
#include "net/worker.h"

#include <gtest/gtest.h>

#include <asio/steady_timer.hpp>

#include "net/internal/test_util.h"

namespace dns4eu::net {
namespace {

using namespace std::chrono_literals;

// Answers "late.*" 100 ms later from a timer on the worker; the rest at once.
class TimerHandler : public QueryHandler {
 public:
  explicit TimerHandler(Worker& w) : worker_(w) {}
  Action handle(const Request& req, std::vector<uint8_t>& response) override {
    EXPECT_EQ(req.worker, worker_.index());
    if (test::qname_of(req.query).rfind("late", 0) != 0) {
      response = test::make_answer(req.query);
      return Action::kReply;
    }
    auto timer = std::make_shared<asio::steady_timer>(worker_.context(), 100ms);
    auto answer = test::make_answer(req.query);
    timer->async_wait([timer, answer, r = req.defer()](asio::error_code) { r.send(answer); });
    return Action::kDefer;
  }

 private:
  Worker& worker_;
};

ListenerSpec spec(uint32_t id, Transport t) {
  ListenerSpec s;
  s.id = id;
  s.transport = t;
  s.address = *Endpoint::parse("127.0.0.1:0");
  return s;
}

std::vector<uint8_t> udp_ask(const Endpoint& ep, const std::vector<uint8_t>& q) {
  int fd = test::client_socket(SOCK_DGRAM);
  sockaddr_in to = test::to_sin(ep);
  ::sendto(fd, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to));
  std::vector<uint8_t> buf(4096);
  ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
  buf.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  ::close(fd);
  return buf;
}

TEST(WorkerPool, ServesReloadsAndDrains) {
  WorkerPool pool(2, [](Worker& w) { return std::make_unique<TimerHandler>(w); });
  ASSERT_TRUE(pool.start());
  ASSERT_TRUE(pool.set_listeners({spec(1, Transport::kUdp), spec(2, Transport::kTcp)}));
  auto bound = pool.listeners();
  ASSERT_EQ(bound.size(), 2u);
  Endpoint udp = bound[0].local, tcp = bound[1].local;
  EXPECT_NE(udp.port(), 0);

  for (uint16_t id = 0; id < 20; ++id)  // many client sockets: the kernel spreads them
    EXPECT_EQ(test::id_of(udp_ask(udp, test::make_query(id, "a.example."))), id);
  EXPECT_EQ(pool.stats(1)[static_cast<std::size_t>(ListenerStat::kAnsweredSync)], 20u);

  int fd = test::tcp_connect(tcp);
  ASSERT_TRUE(test::send_all(fd, test::framed(test::make_query(42, "b.example."))));
  EXPECT_EQ(test::id_of(test::read_frame(fd)), 42);
  ::close(fd);

  // Reload: UDP unchanged (same socket, same port), TCP removed, a new UDP added.
  ASSERT_TRUE(pool.set_listeners({spec(1, Transport::kUdp), spec(3, Transport::kUdp)}));
  bound = pool.listeners();
  ASSERT_EQ(bound.size(), 2u);
  EXPECT_EQ(bound[0].local, udp);
  EXPECT_EQ(pool.stats(1)[static_cast<std::size_t>(ListenerStat::kAnsweredSync)], 20u);  // counters kept
  EXPECT_LT(test::tcp_connect(tcp, 1000), 0);  // TCP listener gone
  EXPECT_EQ(test::id_of(udp_ask(bound[1].local, test::make_query(7, "c.example."))), 7);

  // A failing reload (a port held by a UDP socket without SO_REUSEPORT) keeps the old set.
  int blocker = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sin = test::to_sin(*Endpoint::parse("127.0.0.1:0"));
  ::bind(blocker, reinterpret_cast<sockaddr*>(&sin), sizeof(sin));
  socklen_t len = sizeof(sin);
  ::getsockname(blocker, reinterpret_cast<sockaddr*>(&sin), &len);
  ListenerSpec clash = spec(4, Transport::kUdp);
  clash.address = *Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&sin), len);
  auto bad = pool.set_listeners({spec(1, Transport::kUdp), clash});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("bind"), std::string::npos) << bad.error().message;
  EXPECT_EQ(pool.listeners().size(), 2u);
  ::close(blocker);

  // Stop with a deferred answer in flight: drain lets it out.
  int c = test::client_socket(SOCK_DGRAM);
  auto q = test::make_query(99, "late.example.");
  sockaddr_in to = test::to_sin(udp);
  ::sendto(c, q.data(), q.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof(to));
  // Wait (5 s at most) until a worker has taken it and deferred the answer.
  const std::size_t deferred = static_cast<std::size_t>(ListenerStat::kDeferred);
  for (int i = 0; i < 5000 && pool.stats(1)[deferred] == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(pool.stats(1)[deferred], 1u);
  pool.stop(3s);
  std::vector<uint8_t> buf(512);
  ssize_t n = ::recv(c, buf.data(), buf.size(), 0);
  ASSERT_GE(n, 12);
  EXPECT_EQ(test::id_of(buf), 99);
  ::close(c);
}

}  // namespace
}  // namespace dns4eu::net
