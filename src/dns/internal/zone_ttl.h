// zone_ttl.h — private to the zone reader: TTL values of master files.
//
// A TTL is decimal seconds ("3600") or a sum of units, BIND style
// ("1w2d3h4m5s", "1H30M", case-insensitive; every number but a lone one
// needs its unit). The value must fit RFC 2181 §8: 0 .. 2^31-1.
//
//   auto t = internal::parse_zone_ttl("1h30m");   // 5400
//   internal::parse_zone_ttl("1h30").error().message;  // "bad TTL '1h30'"
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::dns::internal {

inline constexpr uint32_t kMaxZoneTtl = 0x7FFFFFFF;

// Errors: "bad TTL 'x'" (syntax) or "TTL x out of range" (value).
Result<uint32_t> parse_zone_ttl(std::string_view text);

}  // namespace dns4eu::dns::internal
