// zone_fuzz — libFuzzer target for dns::ZoneReader (master file text).
//
// Input: zone file text, read with $INCLUDE disabled and origin "example." for
// at most 2000 records or until the end or the first error. Every record must
// carry RDATA that validates for its type and prints (rdata_to_text) as text
// that rdata_from_text reads back to the same octets, and an owner that
// survives to_text/from_text. Documented exception: SVCB/HTTPS (see
// rdata_fuzz.cc). After an error, next() must keep returning an error.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "dns/rdata.h"
#include "dns/zone_reader.h"

using namespace dns4eu::dns;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  ZoneReaderOptions opt;
  opt.origin = *Name::from_text("example.");
  opt.allow_include = false;
  auto reader = ZoneReader::from_string(std::string(reinterpret_cast<const char*>(data), size), "fuzz", opt);
  for (int i = 0; i < 2000; ++i) {
    auto r = reader.next();
    if (!r) {
      if (reader.next()) __builtin_trap();  // errors are sticky
      return 0;
    }
    if (!*r) return 0;
    const ZoneRecord& rec = **r;
    if (!rdata_validate(rec.type, rec.rdata)) __builtin_trap();
    std::string text = rdata_to_text(rec.type, rec.rdata);
    auto back = rdata_from_text(rec.type, text);
    if (!back) {
      if (rec.type == RRType::kSVCB || rec.type == RRType::kHTTPS) continue;
      __builtin_trap();
    }
    if (*back != rec.rdata) __builtin_trap();
    auto owner = Name::from_text(rec.owner.to_text());
    if (!owner || !std::ranges::equal(owner->wire(), rec.owner.wire())) __builtin_trap();
  }
  return 0;
}
