// server_addr.h — a compact key for an upstream server: IPv6 address (IPv4 is
// stored v4-mapped, ::ffff:a.b.c.d) + port, 18 octets, hashable, comparable.
//
//   auto s = ServerAddr::from_text("192.0.2.53", 53);   // std::optional
//   s->is_v4();        // true
//   s->to_text();      // "192.0.2.53:53"  ("[2001:db8::1]:53" for IPv6)
//
// Thread-safety: a value type.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dns4eu::cache {

struct ServerAddr {
  std::array<uint8_t, 16> addr{};
  uint16_t port = 53;

  static ServerAddr v4(const std::array<uint8_t, 4>& a, uint16_t port = 53);
  static ServerAddr v6(const std::array<uint8_t, 16>& a, uint16_t port = 53);
  // Numeric IPv4 or IPv6 text only (no names, no brackets).
  static std::optional<ServerAddr> from_text(std::string_view ip, uint16_t port = 53);
  // AF_INET / AF_INET6 socket addresses; nullopt for other families.
  static std::optional<ServerAddr> from_sockaddr(const sockaddr* sa);
  // Fills `out` (AF_INET for mapped IPv4) and returns its length.
  socklen_t to_sockaddr(sockaddr_storage& out) const;

  bool is_v4() const;
  std::string to_text() const;

  friend bool operator==(const ServerAddr&, const ServerAddr&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const ServerAddr& s) {
    return H::combine(H::combine_contiguous(std::move(h), s.addr.data(), s.addr.size()), s.port);
  }
};

}  // namespace dns4eu::cache
