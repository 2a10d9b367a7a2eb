// random.h — unpredictable random numbers for DNS IDs, source ports and
// server selection jitter.
//
// Values come from OpenSSL's CSPRNG (RAND_bytes), fetched in 512-octet batches
// into a per-thread buffer, so a 16-bit ID costs a copy, not a call. If the
// CSPRNG fails, the batch is filled from getrandom(2).
//
//   uint16_t id = random_u16();
//   uint32_t i = random_below(servers.size());
//
// Thread-safety: every function may be called from any thread (per-thread state).
#pragma once

#include <cstdint>
#include <span>

namespace dns4eu::net {

uint16_t random_u16();
uint32_t random_u32();
uint64_t random_u64();
// Uniform in [0, bound); bound must be > 0 (returns 0 when it is 0).
uint32_t random_below(uint32_t bound);
void random_fill(std::span<uint8_t> out);

}  // namespace dns4eu::net
