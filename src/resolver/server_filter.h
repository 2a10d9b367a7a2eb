// server_filter.h — which authoritative server addresses the resolver may
// send queries to.
//
// By default only public unicast addresses: loopback, private, link-local,
// multicast, unspecified and documentation ranges are refused, so a spoofed
// referral cannot turn the resolver against the operator's own network. A
// test Internet on loopback opts in with allow_loopback.
//
//   ServerFilter f; f.allow_loopback = true;
//   f.allowed(*net::Address::parse("127.53.0.1"));   // true
//
// Thread-safety: immutable after setup; const methods are safe concurrently.
#pragma once

#include <cstdint>
#include <vector>

#include "net/endpoint.h"

namespace dns4eu::resolver {

struct AddressPrefix {
  net::Address address;
  uint8_t length = 0;
  bool contains(const net::Address& a) const;
};

struct ServerFilter {
  bool allow_loopback = false;
  bool allow_private = false;
  std::vector<AddressPrefix> deny;  // always refused

  bool allowed(const net::Address& a) const;
};

}  // namespace dns4eu::resolver
