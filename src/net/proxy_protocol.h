// proxy_protocol.h — the PROXY protocol version 2 header (HAProxy's spec,
// section 2.2) that a TCP load balancer puts in front of a connection to pass
// on the client's address; parsed as a pure function, fuzzed by
// tests/fuzz/proxy_protocol_fuzz.cc.
//
// Stream listeners accept it only from configured load-balancer addresses
// (TcpOptions::proxy_from); the address stays in memory only.
//
//   ProxyHeader h = parse_proxy_v2(first_bytes);
//   if (h.state == ProxyHeader::kIncomplete) read(h.size - have);   // size known after 16 octets
//   else if (h.state == ProxyHeader::kComplete && h.has_source) client = h.source;
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "net/endpoint.h"

namespace dns4eu::net {

inline constexpr std::size_t kProxyV2FixedSize = 16;
inline constexpr std::size_t kProxyV2MaxSize = 16 + 1024;  // addresses + TLVs we are willing to read

struct ProxyHeader {
  enum State : uint8_t { kIncomplete, kComplete, kError } state = kIncomplete;
  std::size_t size = kProxyV2FixedSize;  // octets of the whole header (exact once 16 are in)
  bool has_source = false;               // PROXY command over TCP/IPv4 or IPv6: source/destination set
  Endpoint source, destination;
  std::string_view error;                // kError: what is wrong
};

// Parses the header at the start of `data` (which may hold more).
ProxyHeader parse_proxy_v2(std::span<const uint8_t> data);

// A network (address + prefix length) allowed to send PROXY headers.
struct AddressPrefix {
  Address address;
  uint8_t length = 0;  // 0..32 for IPv4, 0..128 for IPv6
  bool contains(const Address& a) const;
  friend bool operator==(const AddressPrefix&, const AddressPrefix&) = default;
};

}  // namespace dns4eu::net
