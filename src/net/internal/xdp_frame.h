// internal/xdp_frame.h — reading a DNS query out of a raw Ethernet frame and
// writing the answer's frame, for the AF_XDP fast path (xdp_port.h).
//
// parse_udp_frame() accepts exactly what the XDP program redirects: Ethernet
// II, IPv4 without options or fragments, or IPv6 without extension headers,
// then UDP. It checks every length field against the frame (a frame is
// outside input: nothing is trusted) and says where it is wrong.
// build_udp_frame() writes Ethernet + IP + UDP headers with correct lengths
// and checksums (IPv4 header, UDP over the pseudo-header for both families)
// followed by the payload.
//
//   auto q = parse_udp_frame(frame);           // error: "ipv4 total length 90 > frame 60 at offset 16"
//   std::size_t n = build_udp_frame(out, q->link, q->local, q->client, answer);  // 0: does not fit
//
// Thread-safety: plain functions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dns/result.h"
#include "net/endpoint.h"

namespace dns4eu::net::internal {

inline constexpr std::size_t kEthernetHeader = 14;
inline constexpr std::size_t kIpv4Header = 20;
inline constexpr std::size_t kIpv6Header = 40;
inline constexpr std::size_t kUdpHeader = 8;

// The two MAC addresses of a frame: destination then source, as on the wire.
using LinkAddresses = std::array<uint8_t, 12>;

struct UdpFrame {
  LinkAddresses link{};              // as received: [0..6) our MAC, [6..12) the sender's
  Endpoint client;                   // source address and port
  Endpoint local;                    // destination address and port
  std::span<const uint8_t> payload;  // the UDP payload (the DNS message)
};

Result<UdpFrame> parse_udp_frame(std::span<const uint8_t> frame);

// Writes a frame from `from` to `to` carrying `payload` into `out`; the MAC
// addresses are those of the received frame `received` swapped. Returns the
// frame length, or 0 when it does not fit in `out`. `from` and `to` must be of
// the same family.
std::size_t build_udp_frame(std::span<uint8_t> out, const LinkAddresses& received, const Endpoint& from,
                            const Endpoint& to, std::span<const uint8_t> payload);

// The Internet checksum (RFC 1071) of `data`, continuing from `sum`; fold with
// fold_checksum().
uint32_t add_checksum(uint32_t sum, std::span<const uint8_t> data);
uint16_t fold_checksum(uint32_t sum);

}  // namespace dns4eu::net::internal
