// internal/negative_layout.h — payload layout of a negative-cache blob:
//   NegHead (16 octets) | SOA owner wire (lower-cased) | SOA RDATA |
//   packed RRSIGs ([u16 len][octets]...) | proof (opaque)
// Key = lower-cased name wire | u16 type (0 for NXDOMAIN) | u16 class; the
// security state lives in Blob::tag. Integers are native-endian.
// Thread-safety: plain data.
#pragma once

#include <cstdint>
#include <cstring>

namespace dns4eu::cache::internal {

struct NegHead {
  uint8_t kind;
  uint8_t soa_owner_size;
  uint16_t soa_rdata_size;
  uint16_t rrsig_count;
  uint16_t pad;
  uint32_t rrsig_bytes;
  uint32_t proof_bytes;
};
static_assert(sizeof(NegHead) == 16);

inline NegHead read_neg_head(const uint8_t* p) {
  NegHead h;
  std::memcpy(&h, p, sizeof h);
  return h;
}

}  // namespace dns4eu::cache::internal
