// rdata_fuzz — libFuzzer target for RDATA wire ↔ presentation conversion.
//
// Input: 2 octets choosing an RR type (mostly one of the types with a schema,
// sometimes any 16-bit value), then the RDATA, used twice:
//  - as wire form: when rdata_validate accepts it, rdata_to_text must print text
//    that rdata_from_text reads back to the same octets;
//  - as presentation text: when rdata_from_text accepts it, the result must
//    validate and survive the same print/parse round trip.
// Documented exception (rdata_svcb.cc): SVCB/HTTPS wire data may print as text
// that rdata_from_text refuses (mandatory / no-default-alpn consistency is
// checked on presentation input only). And NSEC/NSEC3 type bitmaps are
// accepted on the wire with trailing zero octets or empty windows (which RFC
// 4034 §4.1.2 forbids), so their text reads back as the canonical bitmap:
// for those the printed texts are compared instead of the octets.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "dns/rdata.h"
#include "dns/types.h"

using namespace dns4eu::dns;

namespace {

constexpr RRType kTypes[] = {
    RRType::kA,     RRType::kNS,      RRType::kCNAME,  RRType::kSOA,    RRType::kPTR,    RRType::kHINFO,
    RRType::kMX,    RRType::kTXT,     RRType::kAAAA,   RRType::kSRV,    RRType::kNAPTR,  RRType::kDNAME,
    RRType::kDS,    RRType::kSSHFP,   RRType::kRRSIG,  RRType::kNSEC,   RRType::kDNSKEY, RRType::kNSEC3,
    RRType::kNSEC3PARAM, RRType::kTLSA, RRType::kCDS,  RRType::kCDNSKEY, RRType::kZONEMD, RRType::kSVCB,
    RRType::kHTTPS, RRType::kCAA,     RRType::kOPT,    RRType{99},      RRType{65280},
};

bool svcb(RRType t) { return t == RRType::kSVCB || t == RRType::kHTTPS; }

// `rd` validated: print, parse, compare.
void round_trip(RRType type, std::span<const uint8_t> rd) {
  std::string text = rdata_to_text(type, rd);
  auto back = rdata_from_text(type, text);
  if (!back) {
    if (svcb(type)) return;
    __builtin_trap();
  }
  if (rdata_to_text(type, *back) != text) __builtin_trap();
  if (!std::ranges::equal(*back, rd)) {
    // Same text, other octets: a type bitmap that rdata_validate accepts but
    // that is not in the form RFC 4034 §4.1.2 requires (trailing zero octets,
    // empty windows); the text gives the canonical bitmap.
    if (type == RRType::kNSEC || type == RRType::kNSEC3) return;
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2 || size > 2 + 65535) return 0;
  uint16_t pick = static_cast<uint16_t>(data[0] << 8 | data[1]);
  RRType type = pick & 0x8000 ? RRType{static_cast<uint16_t>(pick & 0x7FFF)}
                              : kTypes[pick % (sizeof kTypes / sizeof kTypes[0])];
  std::span<const uint8_t> rest(data + 2, size - 2);

  if (rdata_validate(type, rest)) {
    round_trip(type, rest);
    (void)rdata_canonical(type, rest);
    if (!rdata_for_each_name(type, rest, [](std::size_t, const Name&) {})) __builtin_trap();
  } else {
    // Printed in the generic form, which rdata_from_text must refuse for this type.
    std::string text = rdata_to_text(type, rest);
    if (rdata_from_text(type, text)) __builtin_trap();
  }

  std::string_view text(reinterpret_cast<const char*>(rest.data()), rest.size());
  auto parsed = rdata_from_text(type, text);
  if (parsed) {
    if (!rdata_validate(type, *parsed)) __builtin_trap();
    round_trip(type, *parsed);
  }
  return 0;
}
