// server_addr.cc — conversions of ServerAddr from/to text and sockaddr.
#include "cache/server_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace dns4eu::cache {

namespace {
constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
}  // namespace

ServerAddr ServerAddr::v4(const std::array<uint8_t, 4>& a, uint16_t port) {
  ServerAddr s;
  std::memcpy(s.addr.data(), kMappedPrefix.data(), kMappedPrefix.size());
  std::memcpy(s.addr.data() + 12, a.data(), 4);
  s.port = port;
  return s;
}

ServerAddr ServerAddr::v6(const std::array<uint8_t, 16>& a, uint16_t port) {
  ServerAddr s;
  s.addr = a;
  s.port = port;
  return s;
}

bool ServerAddr::is_v4() const { return std::memcmp(addr.data(), kMappedPrefix.data(), 12) == 0; }

std::optional<ServerAddr> ServerAddr::from_text(std::string_view ip, uint16_t port) {
  if (ip.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  std::memcpy(buf, ip.data(), ip.size());
  std::array<uint8_t, 4> a4;
  if (inet_pton(AF_INET, buf, a4.data()) == 1) return v4(a4, port);
  std::array<uint8_t, 16> a6;
  if (inet_pton(AF_INET6, buf, a6.data()) == 1) return v6(a6, port);
  return std::nullopt;
}

std::optional<ServerAddr> ServerAddr::from_sockaddr(const sockaddr* sa) {
  if (sa->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, sa, sizeof in);
    std::array<uint8_t, 4> a;
    std::memcpy(a.data(), &in.sin_addr, 4);
    return v4(a, ntohs(in.sin_port));
  }
  if (sa->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, sa, sizeof in6);
    std::array<uint8_t, 16> a;
    std::memcpy(a.data(), &in6.sin6_addr, 16);
    return v6(a, ntohs(in6.sin6_port));
  }
  return std::nullopt;
}

socklen_t ServerAddr::to_sockaddr(sockaddr_storage& out) const {
  std::memset(&out, 0, sizeof out);
  if (is_v4()) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(port);
    std::memcpy(&in.sin_addr, addr.data() + 12, 4);
    std::memcpy(&out, &in, sizeof in);
    return sizeof in;
  }
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(port);
  std::memcpy(&in6.sin6_addr, addr.data(), 16);
  std::memcpy(&out, &in6, sizeof in6);
  return sizeof in6;
}

std::string ServerAddr::to_text() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (is_v4()) {
    inet_ntop(AF_INET, addr.data() + 12, buf, sizeof buf);
    return std::string(buf) + ":" + std::to_string(port);
  }
  inet_ntop(AF_INET6, addr.data(), buf, sizeof buf);
  return "[" + std::string(buf) + "]:" + std::to_string(port);
}

}  // namespace dns4eu::cache
