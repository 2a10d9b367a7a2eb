// internal/rrset_layout.h — payload layout of an RRset blob, shared by the
// RRset cache and its handle:
//   u32 original TTL | u16 rdata count | u8 trust | u8 0 | packed rdatas | packed rrsigs
// "packed" = [u16 length][octets] repeated. Where the RRSIGs start (and how
// many there are) is found by walking the packed RDATAs: an 8-octet head
// keeps a typical A RRset in a smaller malloc size class (blob.h). Integers
// are native-endian (the blob never leaves the process). Key = lower-cased
// owner wire | u16 type | u16 class; the security state lives in Blob::tag.
// Thread-safety: pure functions over immutable bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>

#include "dns/rdata.h"

namespace dns4eu::cache::internal {

struct RRsetHead {
  uint32_t original_ttl;
  uint16_t rdata_count;
  uint8_t trust;
  uint8_t pad;
};
static_assert(sizeof(RRsetHead) == 8);

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

// Octets taken by the first `count` packed items at p.
inline std::size_t packed_span(const uint8_t* p, std::size_t count) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < count; ++i) n += 2 + ((std::size_t(p[n]) << 8) | p[n + 1]);
  return n;
}

// Number of packed items in [p, p + size).
inline std::size_t packed_count(const uint8_t* p, std::size_t size) {
  std::size_t count = 0;
  for (std::size_t n = 0; n + 2 <= size; ++count) n += 2 + ((std::size_t(p[n]) << 8) | p[n + 1]);
  return count;
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
