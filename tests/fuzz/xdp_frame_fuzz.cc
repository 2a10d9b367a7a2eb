// xdp_frame_fuzz — libFuzzer target for net::internal::parse_udp_frame, the
// reading of raw Ethernet frames the AF_XDP fast path receives.
//
// Input: a frame. Checks: a parsed payload lies inside the frame; rebuilding
// a frame from what was parsed (the answer direction) and parsing it again
// gives back the same addresses, ports and payload, with checksums that
// verify.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "net/internal/xdp_frame.h"

using namespace dns4eu::net::internal;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = std::span<const uint8_t>(data, size);
  auto f = parse_udp_frame(in);
  if (!f) return 0;
  if (f->payload.data() < data || f->payload.data() + f->payload.size() > data + size) __builtin_trap();
  if (f->client.family() != f->local.family()) __builtin_trap();
  std::vector<uint8_t> out(size + 64);
  std::size_t n = build_udp_frame(out, f->link, f->local, f->client, f->payload);
  if (n == 0) return 0;  // e.g. a jumbo payload: does not fit
  auto back = parse_udp_frame(std::span<const uint8_t>(out.data(), n));
  if (!back) __builtin_trap();
  if (!(back->client == f->local) || !(back->local == f->client)) __builtin_trap();
  if (back->payload.size() != f->payload.size() ||
      std::memcmp(back->payload.data(), f->payload.data(), f->payload.size()) != 0)
    __builtin_trap();
  const bool v4 = f->client.address().is_v4();
  const std::size_t ip = kEthernetHeader, udp = ip + (v4 ? kIpv4Header : kIpv6Header);
  if (v4 && fold_checksum(add_checksum(0, {&out[ip], kIpv4Header})) != 0) __builtin_trap();
  uint32_t sum = v4 ? add_checksum(0, {&out[ip + 12], 8}) : add_checksum(0, {&out[ip + 8], 32});
  sum += 17 + static_cast<uint32_t>(n - udp);
  if (fold_checksum(add_checksum(sum, {&out[udp], n - udp})) != 0) __builtin_trap();
  return 0;
}
