// access_control.cc — see access_control.h.
#include "daemon/access_control.h"

#include <algorithm>

namespace dns4eu::daemon {

IpAddress to_ip_address(const net::Address& a) {
  if (a.is_v4()) return IpAddress::v4({a.data()[0], a.data()[1], a.data()[2], a.data()[3]});
  std::array<uint8_t, 16> b{};
  std::copy(a.data(), a.data() + 16, b.begin());
  return IpAddress::v6(b);
}

net::Address to_net_address(const IpAddress& a) {
  auto b = a.bytes();
  if (a.is_v4()) return net::Address::v4({b[0], b[1], b[2], b[3]});
  std::array<uint8_t, 16> v6{};
  std::copy(b.begin(), b.end(), v6.begin());
  return net::Address::v6(v6);
}

bool AccessControl::allowed(const IpAddress& a) const {
  auto in = [&](const IpPrefix& p) { return p.contains(a); };
  return std::any_of(allow_.begin(), allow_.end(), in) && std::none_of(refuse_.begin(), refuse_.end(), in);
}

bool AccessControl::allowed(const net::Address& a) const { return allowed(to_ip_address(a)); }

}  // namespace dns4eu::daemon
