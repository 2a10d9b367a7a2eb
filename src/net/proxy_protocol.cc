// proxy_protocol.cc — PROXY protocol v2 parsing (see proxy_protocol.h).
#include "net/proxy_protocol.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "dns/wire.h"

namespace dns4eu::net {
namespace {

constexpr uint8_t kSignature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

ProxyHeader error(std::string_view what) {
  ProxyHeader h;
  h.state = ProxyHeader::kError;
  h.error = what;
  return h;
}

template <std::size_t N>
Address address_at(const uint8_t* p) {
  std::array<uint8_t, N> a;
  std::memcpy(a.data(), p, N);
  if constexpr (N == 4) return Address::v4(a);
  else return Address::v6(a);
}

}  // namespace

ProxyHeader parse_proxy_v2(std::span<const uint8_t> data) {
  std::size_t have = std::min(data.size(), sizeof(kSignature));
  if (std::memcmp(data.data(), kSignature, have) != 0) return error("not a PROXY v2 signature");
  if (data.size() < kProxyV2FixedSize) return ProxyHeader{};
  uint8_t ver_cmd = data[12], fam = data[13];
  std::size_t len = dns::load_u16(data.data() + 14);
  if ((ver_cmd >> 4) != 2) return error("not PROXY version 2");
  uint8_t cmd = ver_cmd & 0x0F;
  if (cmd > 1) return error("unknown PROXY command");
  if (kProxyV2FixedSize + len > kProxyV2MaxSize) return error("PROXY header too long");
  ProxyHeader h;
  h.size = kProxyV2FixedSize + len;
  if (data.size() < h.size) return h;
  h.state = ProxyHeader::kComplete;
  if (cmd == 0) return h;  // LOCAL: the balancer's own connection (health check)
  const uint8_t* p = data.data() + kProxyV2FixedSize;
  switch (fam) {
    case 0x11:  // TCP over IPv4
      if (len < 12) return error("PROXY IPv4 addresses truncated");
      h.source = Endpoint(address_at<4>(p), dns::load_u16(p + 8));
      h.destination = Endpoint(address_at<4>(p + 4), dns::load_u16(p + 10));
      h.has_source = true;
      return h;
    case 0x21:  // TCP over IPv6
      if (len < 36) return error("PROXY IPv6 addresses truncated");
      h.source = Endpoint(address_at<16>(p), dns::load_u16(p + 32));
      h.destination = Endpoint(address_at<16>(p + 16), dns::load_u16(p + 34));
      h.has_source = true;
      return h;
    case 0x00:  // UNSPEC: keep the balancer's address
      return h;
    default:
      return error("PROXY family is not TCP over IPv4/IPv6");
  }
}

bool AddressPrefix::contains(const Address& a) const {
  if (a.family() != address.family()) return false;
  unsigned bits = std::min<unsigned>(length, static_cast<unsigned>(a.size()) * 8);
  unsigned full = bits / 8, rest = bits % 8;
  if (std::memcmp(a.data(), address.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xFF << (8 - rest));
  return (a.data()[full] & mask) == (address.data()[full] & mask);
}

}  // namespace dns4eu::net
