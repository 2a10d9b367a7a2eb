// internal/answer_layout.h — payload of an answer-cache blob:
//   u32 inserted-at | u16 packet size | u16 TTL-offset count |
//   u16 offsets (big-endian, unaligned) | packet octets
// Key = lower-cased qname wire | u16 qtype | u16 qclass | u8 flags (DO=1,
// CD=2) | u16 view | u32 epoch.
//
// The TTL aging is done here rather than with dns::age_ttls because the
// offsets sit unaligned inside the blob (dns::age_ttls wants a uint16_t span).
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dns/wire.h"

namespace dns4eu::cache::internal {

inline constexpr std::size_t kAnswerHead = 8;

// out[off] = max(0, original[off] - elapsed) for each big-endian u16 offset
// in `offsets`; or `fixed_ttl` for every record when `use_fixed`.
inline void age_packet_ttls(uint8_t* out, const uint8_t* original, const uint8_t* offsets,
                            std::size_t count, uint32_t elapsed, bool use_fixed, uint32_t fixed_ttl) {
  for (std::size_t i = 0; i < count; ++i) {
    const uint16_t off = dns::load_u16(offsets + 2 * i);
    const uint32_t ttl = dns::load_u32(original + off);
    dns::store_u32(out + off, use_fixed ? fixed_ttl : (ttl > elapsed ? ttl - elapsed : 0));
  }
}

}  // namespace dns4eu::cache::internal
