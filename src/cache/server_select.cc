// server_select.cc — lowest-SRTT server choice with random exploration and
// backoff skipping (see server_select.h).
#include "cache/server_select.h"

#include <vector>

namespace dns4eu::cache {

std::optional<std::size_t> select_server(const InfraCache& infra, std::span<const ServerAddr> servers,
                                         uint32_t now, uint64_t random_bits,
                                         const SelectConfig& config) {
  if (servers.empty()) return std::nullopt;
  std::vector<std::size_t> usable;
  std::vector<uint32_t> rtt(servers.size());
  usable.reserve(servers.size());
  for (std::size_t i = 0; i < servers.size(); ++i) {
    auto info = infra.get(servers[i], now);
    rtt[i] = info && info->has_rtt ? info->srtt_ms : config.unknown_rtt_ms;
    if (!info || info->backoff_until <= now) usable.push_back(i);
  }
  if (usable.empty()) {  // everyone is backing off: use them all anyway
    for (std::size_t i = 0; i < servers.size(); ++i) usable.push_back(i);
  }
  const uint32_t coin = uint32_t(random_bits);
  const uint32_t pick = uint32_t(random_bits >> 32);
  if (double(coin) < config.explore_probability * 4294967296.0) return usable[pick % usable.size()];

  uint32_t best = UINT32_MAX;
  std::vector<std::size_t> ties;
  for (std::size_t i : usable) {
    if (rtt[i] < best) {
      best = rtt[i];
      ties.clear();
    }
    if (rtt[i] == best) ties.push_back(i);
  }
  return ties[pick % ties.size()];
}

}  // namespace dns4eu::cache
