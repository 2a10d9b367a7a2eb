// server_select.h — choosing which upstream server to ask next, from what
// the InfraCache knows.
//
// Servers in backoff are skipped unless all are. Among the rest, with
// probability `explore_probability` a uniformly random one is chosen (so
// unknown and slower servers get measured again); otherwise the one with the
// lowest SRTT, servers without a sample counting as `unknown_rtt_ms`; ties
// are broken at random.
//
//   auto i = select_server(infra, servers, now, rng());   // std::optional<size_t>
//   if (i) ask(servers[*i]);
//
// Randomness comes from the caller (64 random bits) so tests are exact.
// Thread-safety: as InfraCache (reads it, one shard lock per server).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "cache/infra_cache.h"
#include "cache/server_addr.h"

namespace dns4eu::cache {

struct SelectConfig {
  double explore_probability = 0.05;
  uint32_t unknown_rtt_ms = 376;  // an unmeasured server ranks like a moderately slow one
};

// Index into `servers` of the server to ask; nullopt when `servers` is empty.
std::optional<std::size_t> select_server(const InfraCache& infra, std::span<const ServerAddr> servers,
                                         uint32_t now, uint64_t random_bits,
                                         const SelectConfig& config = {});

}  // namespace dns4eu::cache
