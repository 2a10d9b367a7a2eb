// internal/sockets.cc — socket creation and PKTINFO helpers (see sockets.h).
#include "net/internal/sockets.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace dns4eu::net::internal {
namespace {

int family_of(const Endpoint& ep) { return ep.address().is_v4() ? AF_INET : AF_INET6; }

bool set_int(int fd, int level, int opt, int value) {
  return setsockopt(fd, level, opt, &value, sizeof(value)) == 0;
}

// Applies the common options and binds; closes `fd` on failure.
Result<int> bind_with_options(int fd, const char* transport, const Endpoint& ep, bool pktinfo) {
  auto bad = [&](const char* call) {
    int err = errno;
    ::close(fd);
    return tl::unexpected(sys_error(transport, ep, call, err));
  };
  if (!set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1)) return bad("setsockopt(SO_REUSEADDR)");
  if (!set_int(fd, SOL_SOCKET, SO_REUSEPORT, 1)) return bad("setsockopt(SO_REUSEPORT)");
  if (ep.address().is_v6() && !set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1))
    return bad("setsockopt(IPV6_V6ONLY)");
  if (pktinfo) {
    bool ok = ep.address().is_v4() ? set_int(fd, IPPROTO_IP, IP_PKTINFO, 1)
                                   : set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
    if (!ok) return bad("setsockopt(PKTINFO)");
  }
  sockaddr_storage ss;
  socklen_t len = ep.to_sockaddr(ss);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) return bad("bind");
  return fd;
}

}  // namespace

Error sys_error(const char* transport, const Endpoint& ep, const char* call, int err) {
  return Error{ErrorCode::kIo,
               std::string(transport) + " " + ep.to_string() + ": " + call + ": " + std::strerror(err)};
}

Result<int> open_udp_listen_socket(const Endpoint& ep, int recv_buffer, int send_buffer) {
  int fd = ::socket(family_of(ep), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return tl::unexpected(sys_error("udp", ep, "socket", errno));
  if (recv_buffer > 0) set_int(fd, SOL_SOCKET, SO_RCVBUF, recv_buffer);  // best effort
  if (send_buffer > 0) set_int(fd, SOL_SOCKET, SO_SNDBUF, send_buffer);
  return bind_with_options(fd, "udp", ep, ep.address().is_unspecified());
}

Result<int> open_tcp_listen_socket(const Endpoint& ep, int backlog) {
  int fd = ::socket(family_of(ep), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return tl::unexpected(sys_error("tcp", ep, "socket", errno));
  auto r = bind_with_options(fd, "tcp", ep, false);
  if (!r) return r;
  if (::listen(fd, backlog) != 0) {
    int err = errno;
    ::close(fd);
    return tl::unexpected(sys_error("tcp", ep, "listen", err));
  }
  return fd;
}

Result<Endpoint> socket_local(int fd) {
  sockaddr_storage ss;
  socklen_t len = sizeof(ss);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0)
    return fail(ErrorCode::kIo, std::string("getsockname: ") + std::strerror(errno));
  return Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
}

bool read_pktinfo(const msghdr& msg, Address& local, uint32_t& ifindex) {
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&msg), c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo pi;
      std::memcpy(&pi, CMSG_DATA(c), sizeof(pi));
      std::array<uint8_t, 4> b;
      std::memcpy(b.data(), &pi.ipi_addr, 4);
      local = Address::v4(b);
      ifindex = static_cast<uint32_t>(pi.ipi_ifindex);
      return true;
    }
    if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo pi;
      std::memcpy(&pi, CMSG_DATA(c), sizeof(pi));
      std::array<uint8_t, 16> b;
      std::memcpy(b.data(), &pi.ipi6_addr, 16);
      local = Address::v6(b);
      ifindex = pi.ipi6_ifindex;
      return true;
    }
  }
  return false;
}

void write_pktinfo(msghdr& msg, uint8_t* buf, const Address& local, uint32_t ifindex) {
  std::memset(buf, 0, kPktinfoSpace);
  msg.msg_control = buf;
  cmsghdr* c = reinterpret_cast<cmsghdr*>(buf);
  if (local.is_v4()) {
    msg.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo pi{};
    std::memcpy(&pi.ipi_spec_dst, local.data(), 4);  // source address; routing picks the interface
    std::memcpy(CMSG_DATA(c), &pi, sizeof(pi));
  } else {
    msg.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
    in6_pktinfo pi{};
    std::memcpy(&pi.ipi6_addr, local.data(), 16);
    pi.ipi6_ifindex = ifindex;
    std::memcpy(CMSG_DATA(c), &pi, sizeof(pi));
  }
}

static asio::ip::address to_asio_address(const Address& a) {
  if (a.is_v4()) {
    asio::ip::address_v4::bytes_type b;
    std::memcpy(b.data(), a.data(), 4);
    return asio::ip::address_v4(b);
  }
  asio::ip::address_v6::bytes_type b;
  std::memcpy(b.data(), a.data(), 16);
  return asio::ip::address_v6(b);
}

asio::ip::udp::endpoint to_udp(const Endpoint& e) { return {to_asio_address(e.address()), e.port()}; }
asio::ip::tcp::endpoint to_tcp(const Endpoint& e) { return {to_asio_address(e.address()), e.port()}; }

Endpoint from_asio(const asio::ip::address& a, uint16_t port) {
  if (a.is_v4()) {
    auto b = a.to_v4().to_bytes();
    return Endpoint(Address::v4({b[0], b[1], b[2], b[3]}), port);
  }
  auto b = a.to_v6().to_bytes();
  std::array<uint8_t, 16> o;
  std::memcpy(o.data(), b.data(), 16);
  return Endpoint(Address::v6(o), port);
}

}  // namespace dns4eu::net::internal
