// netaddr.h — IP addresses and CIDR prefixes (IPv4 and IPv6) for ACLs and config.
//
// IpAddress is a value type holding either 4 or 16 octets. IPv4-mapped IPv6
// addresses (::ffff:a.b.c.d) keep their IPv6 family when parsed, but every
// containment test treats them as the IPv4 address they carry, so an ACL
// entry 10.0.0.0/8 matches a client seen as ::ffff:10.1.2.3 on a dual-stack
// socket, and ::ffff:0:0/96 (hence also ::/0) matches every IPv4 address.
//
// IpPrefix::parse is strict: "10.1.2.3/8" (host bits set) is rejected, with
// the masked form suggested in the message, because in an ACL it is almost
// always a typo. IpPrefix::masked() builds a prefix that zeroes the host bits.
// A bare address parses as a host prefix (/32 or /128).
//
//   auto p = IpPrefix::parse("192.168.0.0/16");
//   auto a = IpAddress::parse("::ffff:192.168.1.7");
//   p->contains(*a);   // true
//
// Thread-safety: value types; const methods are safe to call concurrently.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::daemon {

class IpAddress {
 public:
  enum class Family : uint8_t { kV4, kV6 };

  // 0.0.0.0
  IpAddress() = default;
  static IpAddress v4(std::array<uint8_t, 4> octets);
  static IpAddress v6(std::array<uint8_t, 16> octets);

  // Dotted quad ("192.0.2.1") or any RFC 4291 text form ("2001:db8::1",
  // "::ffff:192.0.2.1"). No brackets, ports, zone indexes (%eth0) or the
  // legacy short/octal IPv4 forms.
  static Result<IpAddress> parse(std::string_view text);

  // RFC 5952 form for IPv6 (as inet_ntop prints it), dotted quad for IPv4.
  std::string to_string() const;

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  bool is_v6() const { return family_ == Family::kV6; }
  // 4 octets for IPv4, 16 for IPv6, in network order.
  std::span<const uint8_t> bytes() const;

  bool is_v4_mapped() const;             // ::ffff:0:0/96
  IpAddress unmapped() const;            // ::ffff:a.b.c.d -> a.b.c.d, others unchanged
  std::array<uint8_t, 16> as_v6() const; // IPv4 -> ::ffff:a.b.c.d

  // Classification, after unmapping.
  bool is_unspecified() const;  // 0.0.0.0, ::
  bool is_loopback() const;     // 127.0.0.0/8, ::1
  // Addresses that are not on the public Internet: RFC 1918, 100.64/10
  // (CGNAT), 169.254/16, 0/8, fc00::/7, fe80::/10. Loopback is separate.
  bool is_private() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  friend std::strong_ordering operator<=>(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::kV4;
  std::array<uint8_t, 16> bytes_{};  // IPv4 uses the first 4
};

class IpPrefix {
 public:
  // 0.0.0.0/0
  IpPrefix() = default;

  // "a.b.c.d/n", "x::y/n" or a bare address (host prefix). Rejects a length
  // beyond 32/128, a missing or non-decimal length, and host bits set.
  static Result<IpPrefix> parse(std::string_view text);
  // Zeroes the host bits; `length` is clamped to the family's maximum.
  static IpPrefix masked(const IpAddress& address, int length);

  const IpAddress& address() const { return address_; }
  int length() const { return length_; }
  std::string to_string() const;  // "10.0.0.0/8"

  // IPv4 and IPv4-mapped IPv6 are compared as the same address space.
  bool contains(const IpAddress& address) const;
  // True when every address of `other` is in this prefix.
  bool contains(const IpPrefix& other) const;

  friend bool operator==(const IpPrefix&, const IpPrefix&) = default;

 private:
  IpAddress address_;
  int length_ = 0;
};

}  // namespace dns4eu::daemon
