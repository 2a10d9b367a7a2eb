// zone_ttl.cc — see zone_ttl.h.
#include "dns/internal/zone_ttl.h"

#include <string>

namespace dns4eu::dns::internal {
namespace {

uint64_t unit_seconds(char c) {
  switch (c) {
    case 's': case 'S': return 1;
    case 'm': case 'M': return 60;
    case 'h': case 'H': return 3600;
    case 'd': case 'D': return 86400;
    case 'w': case 'W': return 604800;
    default: return 0;
  }
}

}  // namespace

Result<uint32_t> parse_zone_ttl(std::string_view text) {
  auto bad = [&] { return fail(ErrorCode::kMalformed, "bad TTL '" + std::string(text) + "'"); };
  auto range = [&] { return fail(ErrorCode::kMalformed, "TTL " + std::string(text) + " out of range"); };
  if (text.empty()) return bad();
  uint64_t total = 0;
  std::size_t i = 0;
  bool had_unit = false;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') return bad();
    uint64_t v = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      v = v * 10 + static_cast<uint64_t>(text[i] - '0');
      if (v > kMaxZoneTtl) {  // keep scanning the syntax, but the value is already too big
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        if (i < text.size() && unit_seconds(text[i]) == 0) return bad();
        return range();
      }
      ++i;
    }
    uint64_t mult = 1;
    if (i < text.size()) {
      mult = unit_seconds(text[i]);
      if (mult == 0) return bad();
      ++i;
      had_unit = true;
    } else if (had_unit) {
      return bad();  // "1h30": BIND rejects a trailing number without its unit
    }
    total += v * mult;
    if (total > kMaxZoneTtl) return range();
  }
  return static_cast<uint32_t>(total);
}

}  // namespace dns4eu::dns::internal
