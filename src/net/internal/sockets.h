// internal/sockets.h — creating non-blocking sockets with the options the
// listeners and the upstream client need, and PKTINFO control messages.
//
//   auto fd = open_udp_listen_socket(ep, opts);   // SO_REUSEPORT, V6ONLY, PKTINFO
//   if (!fd) return tl::unexpected(fd.error());   // "udp [::]:53: bind: ..."
//
// Returned descriptors are owned by the caller (close() or hand to asio).
// Thread-safety: plain functions.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "dns/result.h"
#include "net/endpoint.h"

namespace dns4eu::net::internal {

// UDP socket bound to `ep` with SO_REUSEPORT, IPV6_V6ONLY for v6, and
// IP_PKTINFO/IPV6_RECVPKTINFO when the address is a wildcard.
Result<int> open_udp_listen_socket(const Endpoint& ep, int recv_buffer, int send_buffer);
// Listening TCP socket with SO_REUSEADDR + SO_REUSEPORT (+ V6ONLY).
Result<int> open_tcp_listen_socket(const Endpoint& ep, int backlog);
// The address a socket is bound to.
Result<Endpoint> socket_local(int fd);

// Space for one IP_PKTINFO or IPV6_PKTINFO control message.
inline constexpr std::size_t kPktinfoSpace = CMSG_SPACE(sizeof(in6_pktinfo));

// Reads the destination address and interface of a received datagram.
// Returns false when the message has no PKTINFO.
bool read_pktinfo(const msghdr& msg, Address& local, uint32_t& ifindex);
// Writes a PKTINFO control message selecting `local` as the source into
// `buf` (kPktinfoSpace octets) and sets msg.msg_control/msg_controllen.
void write_pktinfo(msghdr& msg, uint8_t* buf, const Address& local, uint32_t ifindex);

// Conversions to and from asio endpoints.
asio::ip::udp::endpoint to_udp(const Endpoint& e);
asio::ip::tcp::endpoint to_tcp(const Endpoint& e);
Endpoint from_asio(const asio::ip::address& a, uint16_t port);

// "udp 127.0.0.1:53: bind: Address already in use" from errno.
Error sys_error(const char* transport, const Endpoint& ep, const char* call, int err);

}  // namespace dns4eu::net::internal
