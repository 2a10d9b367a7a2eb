// internal/proof_codec.h — the NSEC/NSEC3 proof RRsets (with their RRSIGs)
// of a negative answer as the opaque bytes the negative cache keeps, so an
// answer from the cache carries the same proof as the one from upstream.
//
// Contract: decode_proof(encode_proof(sets), ttl) gives back `sets` (TTL set
// to `ttl`); malformed bytes decode to what could be read before the fault.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns/rrset.h"

namespace dns4eu::resolver::internal {

std::vector<uint8_t> encode_proof(std::span<const dns::RRset> sets);
std::vector<dns::RRset> decode_proof(std::span<const uint8_t> bytes, uint32_t ttl);

}  // namespace dns4eu::resolver::internal
