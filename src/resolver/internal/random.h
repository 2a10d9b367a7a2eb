// random.h — per-thread unpredictable numbers for query IDs and server
// exploration: OpenSSL's CSPRNG, drawn in blocks to keep the cost per number low.
//
//   uint16_t id = resolver::internal::random_u16();
//
// Thread-safety: each thread has its own block.
#pragma once

#include <cstdint>
#include <cstring>

#include <openssl/rand.h>

namespace dns4eu::resolver::internal {

inline uint64_t random_u64() {
  thread_local uint64_t block[64];
  thread_local unsigned left = 0;
  if (left == 0) {
    if (RAND_bytes(reinterpret_cast<unsigned char*>(block), sizeof(block)) != 1) {
      // The CSPRNG failed (should not happen): keep the previous block but
      // mix it so IDs still change; counted nowhere, but never predictable
      // from outside as the block was secret.
      for (auto& b : block) b = b * 6364136223846793005ULL + 1442695040888963407ULL;
    }
    left = 64;
  }
  return block[--left];
}

inline uint16_t random_u16() { return static_cast<uint16_t>(random_u64()); }

}  // namespace dns4eu::resolver::internal
