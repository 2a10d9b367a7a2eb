// access_control.h — which clients may use the resolver: the config's
// access.allow list minus access.refuse (longest prefix does not matter: a
// refused network is refused whatever allows it).
//
//   AccessControl acl(config.access);
//   if (!acl.allowed(client_address)) answer REFUSED;
//
// Both lists are flattened at construction into the sorted, disjoint ranges
// of allowed addresses (IPv4 as ::ffff:a.b.c.d, so an IPv4 prefix and its
// IPv4-mapped IPv6 form are the same addresses, as IpPrefix::contains has
// it): a query costs one binary search, however many networks a telco lists.
//
// Thread-safety: immutable after construction; allowed() is safe concurrently.
#pragma once

#include <vector>

#include "daemon/config.h"
#include "daemon/netaddr.h"
#include "net/endpoint.h"

namespace dns4eu::daemon {

class AccessControl {
 public:
  explicit AccessControl(const AccessConfig& config);
  bool allowed(const IpAddress& a) const;
  bool allowed(const net::Address& a) const;
  // The number of disjoint allowed ranges (for tests).
  std::size_t ranges() const { return allowed_.size(); }

 private:
  struct Range {
    unsigned __int128 first, last;  // inclusive
  };
  bool allowed_value(unsigned __int128 v) const;  // v: the address as IPv6, IPv4 mapped
  std::vector<Range> allowed_;  // sorted by first, disjoint, not adjacent
};

IpAddress to_ip_address(const net::Address& a);
net::Address to_net_address(const IpAddress& a);

}  // namespace dns4eu::daemon
