// access_control.h — which clients may use the resolver: the config's
// access.allow list minus access.refuse (longest prefix does not matter: a
// refused network is refused whatever allows it).
//
//   AccessControl acl(config.access);
//   if (!acl.allowed(client_address)) answer REFUSED;
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
  explicit AccessControl(const AccessConfig& config) : allow_(config.allow), refuse_(config.refuse) {}
  bool allowed(const IpAddress& a) const;
  bool allowed(const net::Address& a) const;

 private:
  std::vector<IpPrefix> allow_;
  std::vector<IpPrefix> refuse_;
};

IpAddress to_ip_address(const net::Address& a);
net::Address to_net_address(const IpAddress& a);

}  // namespace dns4eu::daemon
