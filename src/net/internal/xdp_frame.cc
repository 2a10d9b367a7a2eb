// internal/xdp_frame.cc — Ethernet/IP/UDP frames of the AF_XDP path (see xdp_frame.h).
#include "net/internal/xdp_frame.h"

#include <cstring>
#include <string>

namespace dns4eu::net::internal {

namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint8_t kProtoUdp = 17;

uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

Error bad(std::size_t offset, const std::string& what) {
  return Error{ErrorCode::kMalformed, what + " at offset " + std::to_string(offset)};
}

}  // namespace

uint32_t add_checksum(uint32_t sum, std::span<const uint8_t> data) {
  std::size_t i = 0;
  for (; i + 1 < data.size(); i += 2) sum += get16(&data[i]);
  if (i < data.size()) sum += static_cast<uint32_t>(data[i]) << 8;
  return sum;
}

uint16_t fold_checksum(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffff);
}

Result<UdpFrame> parse_udp_frame(std::span<const uint8_t> frame) {
  UdpFrame f;
  if (frame.size() < kEthernetHeader) return tl::unexpected(bad(0, "frame shorter than an Ethernet header"));
  std::memcpy(f.link.data(), frame.data(), f.link.size());
  const uint16_t ethertype = get16(&frame[12]);
  std::size_t udp_at = 0;
  std::size_t ip_end = 0;  // end of the IP packet inside the frame
  if (ethertype == kEtherIpv4) {
    const std::size_t at = kEthernetHeader;
    if (frame.size() < at + kIpv4Header) return tl::unexpected(bad(at, "frame shorter than an IPv4 header"));
    const uint8_t* ip = &frame[at];
    if ((ip[0] >> 4) != 4 || (ip[0] & 0x0f) != 5) return tl::unexpected(bad(at, "IPv4 header with options or wrong version"));
    if (ip[9] != kProtoUdp) return tl::unexpected(bad(at + 9, "not UDP"));
    if (get16(ip + 6) & 0x3fff) return tl::unexpected(bad(at + 6, "IPv4 fragment"));
    const std::size_t total = get16(ip + 2);
    if (total < kIpv4Header + kUdpHeader || at + total > frame.size())
      return tl::unexpected(bad(at + 2, "IPv4 total length " + std::to_string(total) + " does not fit frame of " +
                                            std::to_string(frame.size())));
    std::array<uint8_t, 4> src, dst;
    std::memcpy(src.data(), ip + 12, 4);
    std::memcpy(dst.data(), ip + 16, 4);
    udp_at = at + kIpv4Header;
    ip_end = at + total;
    f.client = Endpoint(Address::v4(src), 0);
    f.local = Endpoint(Address::v4(dst), 0);
  } else if (ethertype == kEtherIpv6) {
    const std::size_t at = kEthernetHeader;
    if (frame.size() < at + kIpv6Header) return tl::unexpected(bad(at, "frame shorter than an IPv6 header"));
    const uint8_t* ip = &frame[at];
    if ((ip[0] >> 4) != 6) return tl::unexpected(bad(at, "IPv6 header with wrong version"));
    if (ip[6] != kProtoUdp) return tl::unexpected(bad(at + 6, "not UDP (or an extension header)"));
    const std::size_t payload = get16(ip + 4);
    if (payload < kUdpHeader || at + kIpv6Header + payload > frame.size())
      return tl::unexpected(bad(at + 4, "IPv6 payload length " + std::to_string(payload) +
                                            " does not fit frame of " + std::to_string(frame.size())));
    std::array<uint8_t, 16> src, dst;
    std::memcpy(src.data(), ip + 8, 16);
    std::memcpy(dst.data(), ip + 24, 16);
    udp_at = at + kIpv6Header;
    ip_end = udp_at + payload;
    f.client = Endpoint(Address::v6(src), 0);
    f.local = Endpoint(Address::v6(dst), 0);
  } else {
    return tl::unexpected(bad(12, "ethertype " + std::to_string(ethertype) + " is neither IPv4 nor IPv6"));
  }
  const uint8_t* udp = &frame[udp_at];
  const std::size_t udp_len = get16(udp + 4);
  if (udp_len < kUdpHeader || udp_at + udp_len > ip_end)
    return tl::unexpected(bad(udp_at + 4, "UDP length " + std::to_string(udp_len) + " does not fit the IP packet"));
  f.client = Endpoint(f.client.address(), get16(udp));
  f.local = Endpoint(f.local.address(), get16(udp + 2));
  f.payload = frame.subspan(udp_at + kUdpHeader, udp_len - kUdpHeader);
  return f;
}

std::size_t build_udp_frame(std::span<uint8_t> out, const LinkAddresses& received, const Endpoint& from,
                            const Endpoint& to, std::span<const uint8_t> payload) {
  const bool v4 = from.address().is_v4();
  const std::size_t ip_header = v4 ? kIpv4Header : kIpv6Header;
  const std::size_t udp_len = kUdpHeader + payload.size();
  const std::size_t total = kEthernetHeader + ip_header + udp_len;
  if (total > out.size() || udp_len > 0xffff || from.family() != to.family()) return 0;
  uint8_t* p = out.data();
  std::memcpy(p, received.data() + 6, 6);  // to the sender's MAC
  std::memcpy(p + 6, received.data(), 6);  // from the MAC it reached
  put16(p + 12, v4 ? kEtherIpv4 : kEtherIpv6);
  uint8_t* ip = p + kEthernetHeader;
  uint8_t* udp = ip + ip_header;
  uint32_t pseudo = 0;
  if (v4) {
    ip[0] = 0x45;
    ip[1] = 0;
    put16(ip + 2, static_cast<uint16_t>(kIpv4Header + udp_len));
    put16(ip + 4, 0);       // identification: never fragmented
    put16(ip + 6, 0x4000);  // DF
    ip[8] = 64;
    ip[9] = kProtoUdp;
    put16(ip + 10, 0);
    std::memcpy(ip + 12, from.address().data(), 4);
    std::memcpy(ip + 16, to.address().data(), 4);
    put16(ip + 10, fold_checksum(add_checksum(0, {ip, kIpv4Header})));
    pseudo = add_checksum(0, {ip + 12, 8});
  } else {
    ip[0] = 0x60;
    ip[1] = ip[2] = ip[3] = 0;
    put16(ip + 4, static_cast<uint16_t>(udp_len));
    ip[6] = kProtoUdp;
    ip[7] = 64;
    std::memcpy(ip + 8, from.address().data(), 16);
    std::memcpy(ip + 24, to.address().data(), 16);
    pseudo = add_checksum(0, {ip + 8, 32});
  }
  pseudo += kProtoUdp + static_cast<uint32_t>(udp_len);
  put16(udp, from.port());
  put16(udp + 2, to.port());
  put16(udp + 4, static_cast<uint16_t>(udp_len));
  put16(udp + 6, 0);
  std::memcpy(udp + kUdpHeader, payload.data(), payload.size());
  uint16_t sum = fold_checksum(add_checksum(pseudo, {udp, udp_len}));
  put16(udp + 6, sum == 0 ? 0xffff : sum);  // RFC 768: a computed 0 is sent as all ones
  return total;
}

}  // namespace dns4eu::net::internal
