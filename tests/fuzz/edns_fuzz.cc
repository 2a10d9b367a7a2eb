// edns_fuzz — libFuzzer target for the EDNS(0) OPT record and option parsers.
//
// Input: 2 octets OPT CLASS, 4 octets OPT TTL, then the OPT RDATA. When
// EdnsView::parse accepts it, every option is visited and handed to its parser
// (and every parser also sees every option body, whatever its code). Accepted
// option bodies must encode back to the same octets (EDE: minus one tolerated
// trailing NUL) and ECS addresses must be zero beyond the source prefix.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "dns/edns.h"

using namespace dns4eu::dns;

namespace {

void check_option(std::span<const uint8_t> body) {
  if (auto ede = parse_extended_error(body)) {
    auto enc = encode_extended_error(*ede);
    bool nul = body.size() > 2 && body.back() == 0;
    if (!std::ranges::equal(enc, nul ? body.first(body.size() - 1) : body)) __builtin_trap();
  }
  if (auto c = parse_cookie(body)) {
    if (!std::ranges::equal(encode_cookie(*c), body)) __builtin_trap();
  }
  if (auto ecs = parse_client_subnet(body)) {
    unsigned bits = ecs->family == 1 ? 32 : 128;
    if ((ecs->family != 1 && ecs->family != 2) || ecs->source_prefix > bits || ecs->scope_prefix > bits)
      __builtin_trap();
    for (unsigned bit = ecs->source_prefix; bit < 128; ++bit)
      if (ecs->address[bit / 8] & (0x80 >> (bit % 8))) __builtin_trap();
  }
  if (auto ka = parse_keepalive(body)) {
    if (ka->has_value() ? !std::ranges::equal(encode_keepalive(**ka), body) : !body.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 6 || size > 6 + 65535) return 0;
  uint16_t rrclass = static_cast<uint16_t>(data[0] << 8 | data[1]);
  uint32_t ttl = uint32_t(data[2]) << 24 | uint32_t(data[3]) << 16 | uint32_t(data[4]) << 8 | data[5];
  std::span<const uint8_t> rdata(data + 6, size - 6);
  check_option(rdata);  // the parsers must cope with any octets, framed or not
  auto e = EdnsView::parse(rrclass, ttl, rdata, 11);
  if (!e) return 0;
  if (e->do_bit != ((ttl & 0x8000) != 0) || e->version != uint8_t(ttl >> 16) || e->ext_rcode != ttl >> 24)
    __builtin_trap();
  std::size_t walked = 0;
  for (EdnsOption o : e->options()) {
    walked += 4 + o.data.size();
    if (walked > rdata.size()) __builtin_trap();
    check_option(o.data);
    auto found = e->find(o.code);
    if (!found || found->code != o.code) __builtin_trap();
    switch (o.code) {  // the dispatch the daemon does
      case kOptionExtendedError: (void)parse_extended_error(o.data); break;
      case kOptionCookie: (void)parse_cookie(o.data); break;
      case kOptionClientSubnet: (void)parse_client_subnet(o.data); break;
      case kOptionKeepalive: (void)parse_keepalive(o.data); break;
      default: break;
    }
  }
  if (walked != rdata.size()) __builtin_trap();  // options tile the RDATA exactly
  (void)padding_length(rdata.size(), 1 + rdata.size() % 512);
  return 0;
}
