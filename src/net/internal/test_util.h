// internal/test_util.h — helpers shared by the net unit tests only: building
// queries, a background io_context, and blocking loopback client sockets.
//
//   TestLoop loop;                                   // io_context on a thread
//   auto l = loop.call([&] { return open_listener(loop.io, spec, h, 0); });
//   auto q = make_query(0x1234, "example.com.");     // wire bytes
//
// Thread-safety: test code; TestLoop::call() runs the function on the loop thread.
#pragma once

#include <algorithm>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>

#include "dns/name.h"
#include "dns/wire.h"
#include "net/endpoint.h"

namespace dns4eu::net::test {

inline std::vector<uint8_t> make_query(uint16_t id, const std::string& qname, uint16_t qtype = 1) {
  std::vector<uint8_t> q(12, 0);
  dns::store_u16(q.data(), id);
  q[2] = 0x01;  // RD
  q[5] = 1;     // QDCOUNT
  auto n = dns::Name::from_text(qname);
  q.insert(q.end(), n->wire().begin(), n->wire().end());
  uint8_t tc[4];
  dns::store_u16(tc, qtype);
  dns::store_u16(tc + 2, 1);
  q.insert(q.end(), tc, tc + 4);
  return q;
}

// The query turned into a minimal answer: QR set, same everything else.
inline std::vector<uint8_t> make_answer(std::span<const uint8_t> query) {
  std::vector<uint8_t> a(query.begin(), query.end());
  a[2] |= 0x80;
  return a;
}

inline uint16_t id_of(std::span<const uint8_t> m) { return dns::load_u16(m.data()); }

// The first question name of `m`, lower-cased text.
inline std::string qname_of(std::span<const uint8_t> m) {
  std::size_t off = 12;
  auto n = dns::Name::from_packet(m, off);
  return n ? n->lowercased().to_text() : std::string("?");
}

struct TestLoop {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard = asio::make_work_guard(io);
  std::thread thread{[this] { io.run(); }};

  ~TestLoop() {
    guard.reset();
    io.stop();
    thread.join();
  }
  template <typename F>
  auto call(F fn) -> decltype(fn()) {
    std::packaged_task<decltype(fn())()> task(std::move(fn));
    auto fut = task.get_future();
    asio::post(io, [&task] { task(); });
    return fut.get();
  }
};

// A blocking socket with a receive timeout (liveness only), connected for TCP.
inline int client_socket(int type, int timeout_ms = 5000) {
  int fd = ::socket(AF_INET, type, 0);
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

inline sockaddr_in to_sin(const Endpoint& e) {
  sockaddr_storage ss;
  e.to_sockaddr(ss);
  sockaddr_in sin;
  std::memcpy(&sin, &ss, sizeof(sin));
  return sin;
}

inline int tcp_connect(const Endpoint& e, int timeout_ms = 5000) {
  int fd = client_socket(SOCK_STREAM, timeout_ms);
  sockaddr_in sin = to_sin(e);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, std::span<const uint8_t> data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data = data.subspan(static_cast<std::size_t>(n));
  }
  return true;
}

inline std::vector<uint8_t> framed(std::span<const uint8_t> m) {
  // Byte by byte: GCC 12 at -O3 reports false -Warray-bounds and
  // -Wstringop-overflow for the bulk copies here (test code; speed is moot).
  std::vector<uint8_t> f;
  f.reserve(2 + m.size());
  f.push_back(static_cast<uint8_t>(m.size() >> 8));
  f.push_back(static_cast<uint8_t>(m.size()));
  for (uint8_t b : m) f.push_back(b);
  return f;
}

// Reads one framed message; empty on EOF, error or timeout.
inline std::vector<uint8_t> read_frame(int fd) {
  auto read_n = [fd](uint8_t* p, std::size_t n) {
    while (n > 0) {
      ssize_t r = ::recv(fd, p, n, 0);
      if (r <= 0) return false;
      p += r;
      n -= static_cast<std::size_t>(r);
    }
    return true;
  };
  uint8_t len[2];
  if (!read_n(len, 2)) return {};
  std::vector<uint8_t> m(dns::load_u16(len));
  if (!read_n(m.data(), m.size())) return {};
  return m;
}

}  // namespace dns4eu::net::test
