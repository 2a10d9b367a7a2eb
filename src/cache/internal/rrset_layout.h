// internal/rrset_layout.h — payload layout of an RRset blob, shared by the
// RRset cache and its handle:
//   u32 original TTL | u8 trust | u8 0 | u16 rdata count | u16 rrsig count |
//   u32 packed rdata size | packed rdatas | packed rrsigs
// "packed" = [u16 length][octets] repeated. Integers are native-endian (the
// blob never leaves the process). Key = lower-cased owner wire | u16 type |
// u16 class; the security state lives in Blob::tag.
// Thread-safety: pure functions over immutable bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

#include "dns/rdata.h"

namespace dns4eu::cache::internal {

struct RRsetHead {
  uint32_t original_ttl;
  uint8_t trust;
  uint8_t pad;
  uint16_t rdata_count;
  uint16_t rrsig_count;
  uint16_t pad2;
  uint32_t rdata_bytes;
};
static_assert(sizeof(RRsetHead) == 16);

inline RRsetHead read_head(const uint8_t* p) {
  RRsetHead h;
  std::memcpy(&h, p, sizeof h);
  return h;
}

// Size of a packed list, or 0 with ok = false when an item exceeds 65535.
inline std::size_t packed_size(std::span<const dns::Rdata> items, bool& ok) {
  std::size_t n = 0;
  for (const auto& r : items) {
    if (r.size() > 0xFFFF) ok = false;
    n += 2 + r.size();
  }
  return n;
}

inline uint8_t* pack(uint8_t* out, std::span<const dns::Rdata> items) {
  for (const auto& r : items) {
    out[0] = uint8_t(r.size() >> 8);
    out[1] = uint8_t(r.size());
    if (!r.empty()) std::memcpy(out + 2, r.data(), r.size());
    out += 2 + r.size();
  }
  return out;
}

}  // namespace dns4eu::cache::internal
