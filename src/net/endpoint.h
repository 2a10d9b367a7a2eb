// endpoint.h — IP addresses and (address, port) endpoints as compact values.
//
// Address holds an IPv4 or IPv6 address in 16 octets plus a family tag (IPv4
// is kept in the first 4 octets, the rest zero). Endpoint adds a port. Both
// are trivially copyable, comparable, hashable and printable, and convert to
// and from the BSD sockaddr structures used by the socket calls in net/.
//
//   auto ep = Endpoint::parse("[2001:db8::1]:53");   // Result<Endpoint>
//   ep->address().is_v6();                           // true
//   ep->to_string();                                 // "[2001:db8::1]:53"
//
// Parsing accepts "1.2.3.4", "1.2.3.4:53", "2001:db8::1", "[2001:db8::1]:53".
// Scope ids (fe80::1%eth0) are not supported: link-local listeners are out of
// scope. Thread-safety: value types.
#pragma once

#include <sys/socket.h>

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::net {

enum class Family : uint8_t { kV4 = 4, kV6 = 6 };

class Address {
 public:
  // 0.0.0.0 (the IPv4 wildcard).
  Address() = default;
  static Address v4(std::array<uint8_t, 4> octets);
  static Address v6(std::array<uint8_t, 16> octets);
  static Address any(Family f);       // 0.0.0.0 or ::
  static Address loopback(Family f);  // 127.0.0.1 or ::1
  static Result<Address> parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  bool is_v6() const { return family_ == Family::kV6; }
  bool is_unspecified() const;  // 0.0.0.0 or ::
  // The 4 or 16 octets in network order.
  const uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return is_v4() ? 4 : 16; }

  std::string to_string() const;
  std::size_t hash() const;

  friend bool operator==(const Address&, const Address&) = default;
  friend auto operator<=>(const Address&, const Address&) = default;

 private:
  Family family_ = Family::kV4;
  std::array<uint8_t, 16> bytes_{};
};

class Endpoint {
 public:
  Endpoint() = default;
  Endpoint(Address a, uint16_t port) : addr_(a), port_(port) {}
  // `default_port` is used when the text has no port.
  static Result<Endpoint> parse(std::string_view text, uint16_t default_port = 53);
  // From a sockaddr_in / sockaddr_in6; fails for other families.
  static Result<Endpoint> from_sockaddr(const sockaddr* sa, socklen_t len);

  const Address& address() const { return addr_; }
  uint16_t port() const { return port_; }
  Family family() const { return addr_.family(); }

  // Writes a sockaddr_in or sockaddr_in6 into `out`; returns its length.
  socklen_t to_sockaddr(sockaddr_storage& out) const;

  std::string to_string() const;  // "1.2.3.4:53" or "[::1]:53"
  std::size_t hash() const;

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;

 private:
  Address addr_;
  uint16_t port_ = 0;
};

}  // namespace dns4eu::net

template <>
struct std::hash<dns4eu::net::Address> {
  std::size_t operator()(const dns4eu::net::Address& a) const { return a.hash(); }
};
template <>
struct std::hash<dns4eu::net::Endpoint> {
  std::size_t operator()(const dns4eu::net::Endpoint& e) const { return e.hash(); }
};
