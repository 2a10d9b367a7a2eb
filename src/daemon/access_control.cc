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

namespace {

using U128 = unsigned __int128;

U128 to_u128(const std::array<uint8_t, 16>& b) {
  U128 v = 0;
  for (uint8_t x : b) v = v << 8 | x;
  return v;
}

// The addresses of a prefix in the one 128-bit space (IPv4 mapped).
std::pair<U128, U128> span_of(const IpPrefix& p) {
  int bits = p.address().is_v4() ? p.length() + 96 : p.length();
  U128 first = to_u128(p.address().as_v6());
  U128 host = bits >= 128 ? 0 : (~U128{0} >> bits);
  return {first & ~host, first | host};
}

// Sorted, overlapping and adjacent spans merged.
std::vector<std::pair<U128, U128>> merged(const std::vector<IpPrefix>& prefixes) {
  std::vector<std::pair<U128, U128>> s;
  for (const auto& p : prefixes) s.push_back(span_of(p));
  std::sort(s.begin(), s.end());
  std::vector<std::pair<U128, U128>> out;
  for (const auto& r : s) {
    if (!out.empty() && (out.back().second == ~U128{0} || r.first <= out.back().second + 1))
      out.back().second = std::max(out.back().second, r.second);
    else
      out.push_back(r);
  }
  return out;
}

}  // namespace

AccessControl::AccessControl(const AccessConfig& config) {
  auto refuse = merged(config.refuse);
  std::size_t j = 0;
  for (auto [first, last] : merged(config.allow)) {
    // Cut every refused span out of [first, last]; both lists are sorted.
    while (j < refuse.size() && refuse[j].second < first) ++j;
    for (std::size_t k = j; k < refuse.size() && refuse[k].first <= last; ++k) {
      if (refuse[k].first > first) allowed_.push_back({first, refuse[k].first - 1});
      if (refuse[k].second >= last) {
        first = 1, last = 0;  // nothing left
        break;
      }
      first = std::max(first, refuse[k].second + 1);
    }
    if (first <= last) allowed_.push_back({first, last});
  }
}

bool AccessControl::allowed_value(unsigned __int128 v) const {
  auto it = std::upper_bound(allowed_.begin(), allowed_.end(), v, [](U128 x, const Range& r) { return x < r.first; });
  return it != allowed_.begin() && v <= std::prev(it)->last;
}

bool AccessControl::allowed(const IpAddress& a) const { return allowed_value(to_u128(a.as_v6())); }

bool AccessControl::allowed(const net::Address& a) const {
  if (!a.is_v4()) return allowed(to_ip_address(a));
  const uint8_t* d = a.data();
  return allowed_value(U128{0xffff} << 32 | U128{d[0]} << 24 | U128{d[1]} << 16 | U128{d[2]} << 8 | d[3]);
}

}  // namespace dns4eu::daemon
