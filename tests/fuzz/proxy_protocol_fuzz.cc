// proxy_protocol_fuzz — libFuzzer target for net::parse_proxy_v2, the
// header a load balancer (or anyone allowed to pretend to be one) sends first.
//
// Input: the first octets of a connection. Checks: a complete header's size
// is 16..16+1024 and within the input; an incomplete parse asks for more than
// the input holds; parsing exactly `size` octets gives the same result; a
// source is only reported for complete headers.
#include <cstddef>
#include <cstdint>
#include <span>

#include "net/proxy_protocol.h"

using namespace dns4eu::net;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = std::span<const uint8_t>(data, size);
  ProxyHeader h = parse_proxy_v2(in);
  if (h.has_source && h.state != ProxyHeader::kComplete) __builtin_trap();
  if (h.state == ProxyHeader::kIncomplete && h.size <= size && size >= kProxyV2FixedSize) __builtin_trap();
  if (h.state == ProxyHeader::kComplete) {
    if (h.size < kProxyV2FixedSize || h.size > kProxyV2MaxSize || h.size > size) __builtin_trap();
    ProxyHeader again = parse_proxy_v2(in.first(h.size));
    if (again.state != h.state || again.has_source != h.has_source || !(again.source == h.source)) __builtin_trap();
  }
  return 0;
}
