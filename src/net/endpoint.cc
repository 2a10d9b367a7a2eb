// endpoint.cc — parsing, printing and sockaddr conversion of Address/Endpoint.
#include "net/endpoint.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace dns4eu::net {

Address Address::v4(std::array<uint8_t, 4> octets) {
  Address a;
  a.family_ = Family::kV4;
  std::memcpy(a.bytes_.data(), octets.data(), 4);
  return a;
}

Address Address::v6(std::array<uint8_t, 16> octets) {
  Address a;
  a.family_ = Family::kV6;
  a.bytes_ = octets;
  return a;
}

Address Address::any(Family f) { return f == Family::kV4 ? v4({}) : v6({}); }

Address Address::loopback(Family f) {
  if (f == Family::kV4) return v4({127, 0, 0, 1});
  std::array<uint8_t, 16> b{};
  b[15] = 1;
  return v6(b);
}

Result<Address> Address::parse(std::string_view text) {
  char buf[INET6_ADDRSTRLEN + 1];
  if (text.empty() || text.size() >= sizeof(buf))
    return fail(ErrorCode::kMalformed, "bad IP address '" + std::string(text) + "'");
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = 0;
  std::array<uint8_t, 16> b{};
  if (inet_pton(AF_INET, buf, b.data()) == 1) return v4({b[0], b[1], b[2], b[3]});
  if (inet_pton(AF_INET6, buf, b.data()) == 1) return v6(b);
  return fail(ErrorCode::kMalformed, "bad IP address '" + std::string(text) + "'");
}

bool Address::is_unspecified() const {
  for (std::size_t i = 0; i < size(); ++i)
    if (bytes_[i] != 0) return false;
  return true;
}

std::string Address::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof(buf));
  return buf;
}

std::size_t Address::hash() const {
  // FNV-1a over the family and the octets: cheap and good enough for tables.
  uint64_t h = 1469598103934665603ull ^ static_cast<uint8_t>(family_);
  for (std::size_t i = 0; i < size(); ++i) h = (h ^ bytes_[i]) * 1099511628211ull;
  return static_cast<std::size_t>(h);
}

static Result<uint16_t> parse_port(std::string_view s, std::string_view whole) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v > 65535)
    return fail(ErrorCode::kMalformed, "bad port in endpoint '" + std::string(whole) + "'");
  return static_cast<uint16_t>(v);
}

Result<Endpoint> Endpoint::parse(std::string_view text, uint16_t default_port) {
  std::string_view host = text;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos)
      return fail(ErrorCode::kMalformed, "missing ']' in endpoint '" + std::string(text) + "'");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':')
        return fail(ErrorCode::kMalformed, "junk after ']' in endpoint '" + std::string(text) + "'");
      port = rest.substr(1);
      if (port.empty()) return fail(ErrorCode::kMalformed, "bad port in endpoint '" + std::string(text) + "'");
    }
  } else if (auto colon = text.find(':'); colon != std::string_view::npos &&
                                          text.find(':', colon + 1) == std::string_view::npos) {
    host = text.substr(0, colon);  // exactly one colon: IPv4 with port
    port = text.substr(colon + 1);
    if (port.empty()) return fail(ErrorCode::kMalformed, "bad port in endpoint '" + std::string(text) + "'");
  }
  auto addr = Address::parse(host);
  if (!addr) return tl::unexpected(addr.error());
  uint16_t p = default_port;
  if (!port.empty()) {
    auto pp = parse_port(port, text);
    if (!pp) return tl::unexpected(pp.error());
    p = *pp;
  }
  return Endpoint(*addr, p);
}

Result<Endpoint> Endpoint::from_sockaddr(const sockaddr* sa, socklen_t len) {
  if (sa->sa_family == AF_INET && len >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in in;
    std::memcpy(&in, sa, sizeof(in));
    std::array<uint8_t, 4> b;
    std::memcpy(b.data(), &in.sin_addr, 4);
    return Endpoint(Address::v4(b), ntohs(in.sin_port));
  }
  if (sa->sa_family == AF_INET6 && len >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 in6;
    std::memcpy(&in6, sa, sizeof(in6));
    std::array<uint8_t, 16> b;
    std::memcpy(b.data(), &in6.sin6_addr, 16);
    return Endpoint(Address::v6(b), ntohs(in6.sin6_port));
  }
  return fail(ErrorCode::kUnsupported, "socket address family " + std::to_string(sa->sa_family));
}

socklen_t Endpoint::to_sockaddr(sockaddr_storage& out) const {
  std::memset(&out, 0, sizeof(out));
  if (addr_.is_v4()) {
    auto* in = reinterpret_cast<sockaddr_in*>(&out);
    in->sin_family = AF_INET;
    in->sin_port = htons(port_);
    std::memcpy(&in->sin_addr, addr_.data(), 4);
    return sizeof(sockaddr_in);
  }
  auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons(port_);
  std::memcpy(&in6->sin6_addr, addr_.data(), 16);
  return sizeof(sockaddr_in6);
}

std::string Endpoint::to_string() const {
  std::string a = addr_.to_string();
  if (addr_.is_v6()) a = "[" + a + "]";
  return a + ":" + std::to_string(port_);
}

std::size_t Endpoint::hash() const { return addr_.hash() * 31 + port_; }

}  // namespace dns4eu::net
