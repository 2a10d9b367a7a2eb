// server_filter.cc — see server_filter.h.
#include "resolver/server_filter.h"

#include <array>

namespace dns4eu::resolver {
namespace {

AddressPrefix prefix(const char* text, uint8_t len) {
  return AddressPrefix{net::Address::parse(text).value(), len};
}

const std::vector<AddressPrefix>& loopback_ranges() {
  static const std::vector<AddressPrefix> r = {prefix("127.0.0.0", 8), prefix("::1", 128)};
  return r;
}

const std::vector<AddressPrefix>& private_ranges() {
  static const std::vector<AddressPrefix> r = {
      prefix("10.0.0.0", 8),     prefix("172.16.0.0", 12), prefix("192.168.0.0", 16),
      prefix("100.64.0.0", 10),  prefix("169.254.0.0", 16), prefix("fc00::", 7),
      prefix("fe80::", 10)};
  return r;
}

// Never useful as a DNS server address.
const std::vector<AddressPrefix>& bogon_ranges() {
  static const std::vector<AddressPrefix> r = {
      prefix("0.0.0.0", 8),        prefix("224.0.0.0", 4),     prefix("240.0.0.0", 4),
      prefix("192.0.2.0", 24),     prefix("198.51.100.0", 24), prefix("203.0.113.0", 24),
      prefix("::", 128),           prefix("ff00::", 8),        prefix("2001:db8::", 32),
      prefix("::ffff:0:0", 96)};
  return r;
}

bool in_any(const std::vector<AddressPrefix>& ranges, const net::Address& a) {
  for (const auto& p : ranges)
    if (p.contains(a)) return true;
  return false;
}

}  // namespace

bool AddressPrefix::contains(const net::Address& a) const {
  if (a.family() != address.family()) return false;
  const uint8_t* x = a.data();
  const uint8_t* y = address.data();
  unsigned full = length / 8, rest = length % 8;
  for (unsigned i = 0; i < full; ++i)
    if (x[i] != y[i]) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (x[full] & mask) == (y[full] & mask);
}

bool ServerFilter::allowed(const net::Address& a) const {
  if (in_any(deny, a) || in_any(bogon_ranges(), a)) return false;
  if (in_any(loopback_ranges(), a)) return allow_loopback;
  if (in_any(private_ranges(), a)) return allow_private;
  return true;
}

}  // namespace dns4eu::resolver
