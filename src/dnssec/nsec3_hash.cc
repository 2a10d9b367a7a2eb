// nsec3_hash.cc — see nsec3_hash.h.
#include "dnssec/nsec3_hash.h"

#include <string>

#include "dnssec/internal/digest.h"

namespace dns4eu::dnssec {

Result<std::vector<uint8_t>> nsec3_hash(const dns::Name& name, std::span<const uint8_t> salt, uint16_t iterations,
                                        uint8_t algorithm, uint16_t max_iterations) {
  if (algorithm != 1)
    return fail(ErrorCode::kUnsupported, "NSEC3 hash algorithm " + std::to_string(algorithm) + " unsupported");
  if (iterations > max_iterations)
    return fail(ErrorCode::kLimit, "NSEC3 iterations " + std::to_string(iterations) + " exceed the limit of " +
                                       std::to_string(max_iterations));
  dns::Name lower = name.lowercased();
  std::vector<uint8_t> h = internal::digest(EVP_sha1(), {lower.wire(), salt});
  for (uint32_t i = 0; i < iterations && !h.empty(); ++i) h = internal::digest(EVP_sha1(), {h, salt});
  if (h.empty()) return fail(ErrorCode::kLimit, "OpenSSL: SHA-1 failed");
  return h;
}

}  // namespace dns4eu::dnssec
