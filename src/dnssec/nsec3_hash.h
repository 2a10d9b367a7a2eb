// nsec3_hash.h — NSEC3 owner-name hashing (RFC 5155 §5) with an iteration cap.
//
// Contract: IH(salt, x, 0) = SHA-1(x || salt); IH(salt, x, k) =
// SHA-1(IH(salt, x, k-1) || salt); the result is IH(salt, lower-cased wire
// name, iterations) (20 octets). Only hash algorithm 1 (SHA-1) exists; others
// → kUnsupported. iterations > max_iterations → kLimit without hashing
// (RFC 9276 §3.2: treat the zone as insecure; CVE-2023-50868 defence).
// The default cap of 150 matches current resolvers (Unbound / BIND / Knot).
//
//   auto h = nsec3_hash(*dns::Name::from_text("example."), salt, 12, 1);
//   dns::base32hex_encode(*h);   // "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom"
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"

namespace dns4eu::dnssec {

inline constexpr uint16_t kDefaultMaxNsec3Iterations = 150;

Result<std::vector<uint8_t>> nsec3_hash(const dns::Name& name, std::span<const uint8_t> salt, uint16_t iterations,
                                        uint8_t algorithm, uint16_t max_iterations = kDefaultMaxNsec3Iterations);

}  // namespace dns4eu::dnssec
