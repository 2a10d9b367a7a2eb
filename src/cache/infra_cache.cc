// infra_cache.cc — per-server RTT estimation (RFC 6298), timeouts with
// exponential backoff, EDNS status. Entries are fixed-size blobs whose payload
// is a ServerInfo (copied in and out with memcpy: the payload is unaligned).
#include "cache/infra_cache.h"

#include <algorithm>
#include <cstring>

#include "cache/internal/key.h"
#include "cache/internal/store.h"

namespace dns4eu::cache {

using internal::Blob;
using internal::KeyRef;

namespace {
constexpr uint32_t kMaxRtoDoublings = 6;

struct AddrKey {
  uint8_t bytes[18];
  explicit AddrKey(const ServerAddr& s) {
    std::memcpy(bytes, s.addr.data(), 16);
    bytes[16] = uint8_t(s.port >> 8);
    bytes[17] = uint8_t(s.port);
  }
  KeyRef ref() const {
    std::span<const uint8_t> b(bytes, sizeof bytes);
    return {b, internal::hash_key(b)};
  }
};

ServerInfo read_info(const Blob& b) {
  ServerInfo i;
  std::memcpy(&i, b.payload(), sizeof i);
  return i;
}
void write_info(Blob& b, const ServerInfo& i) { std::memcpy(b.payload(), &i, sizeof i); }

CacheConfig store_config(const InfraConfig& c) {
  CacheConfig base = c.base;
  base.stale_retention = 0;  // a forgotten server is simply unknown
  return base;
}
}  // namespace

InfraCache::InfraCache(const InfraConfig& config)
    : config_(config), store_(std::make_unique<internal::Store>(store_config(config))) {}
InfraCache::~InfraCache() = default;

template <typename F>
void InfraCache::update(const ServerAddr& server, uint32_t now, F&& fn) {
  AddrKey key(server);
  store_->upsert(
      key.ref(), sizeof(ServerInfo), now, [](Blob& b) { write_info(b, ServerInfo{}); },
      [&](Blob& b) {
        ServerInfo info = read_info(b);
        fn(info);
        info.last_used = now;
        write_info(b, info);
        b.expire = now + config_.entry_ttl;
      });
}

void InfraCache::record_rtt(const ServerAddr& server, uint32_t rtt_ms, uint32_t now) {
  update(server, now, [&](ServerInfo& i) {
    if (!i.has_rtt) {  // RFC 6298 §2.2
      i.srtt_ms = rtt_ms;
      i.rttvar_ms = rtt_ms / 2;
      i.has_rtt = true;
    } else {  // §2.3, alpha = 1/8, beta = 1/4
      const uint32_t diff = i.srtt_ms > rtt_ms ? i.srtt_ms - rtt_ms : rtt_ms - i.srtt_ms;
      i.rttvar_ms = (3 * i.rttvar_ms + diff) / 4;
      i.srtt_ms = (7 * i.srtt_ms + rtt_ms) / 8;
    }
    i.consecutive_timeouts = 0;
    i.backoff_until = 0;
  });
}

void InfraCache::record_timeout(const ServerAddr& server, uint32_t now) {
  update(server, now, [&](ServerInfo& i) {
    ++i.timeouts;
    ++i.consecutive_timeouts;
    if (i.consecutive_timeouts >= config_.backoff_after) {
      const uint32_t doublings = std::min<uint32_t>(i.consecutive_timeouts - config_.backoff_after, 20);
      const uint64_t wait = std::min<uint64_t>(uint64_t(config_.backoff_base_s) << doublings,
                                               config_.backoff_max_s);
      i.backoff_until = now + uint32_t(wait);
    }
  });
}

void InfraCache::set_edns(const ServerAddr& server, EdnsStatus status, uint32_t now) {
  update(server, now, [&](ServerInfo& i) { i.edns = status; });
}

std::optional<ServerInfo> InfraCache::get(const ServerAddr& server, uint32_t now) const {
  std::optional<ServerInfo> out;
  AddrKey key(server);
  store_->with_entry(key.ref(), now, [&](Blob& b) {
    if (now < b.expire) out = read_info(b);
  });
  return out;
}

uint32_t InfraCache::timeout_for(const std::optional<ServerInfo>& info) const {
  uint64_t rto = config_.initial_rto_ms;
  if (info && info->has_rtt) rto = uint64_t(info->srtt_ms) + 4 * uint64_t(info->rttvar_ms);
  if (info) rto <<= std::min(info->consecutive_timeouts, kMaxRtoDoublings);  // RFC 6298 §5.5
  return uint32_t(std::clamp<uint64_t>(rto, config_.min_rto_ms, config_.max_rto_ms));
}

uint32_t InfraCache::timeout_for(const ServerAddr& server, uint32_t now) const {
  return timeout_for(get(server, now));
}

bool InfraCache::in_backoff(const ServerAddr& server, uint32_t now) const {
  auto info = get(server, now);
  return info && info->backoff_until > now;
}

EdnsStatus InfraCache::edns(const ServerAddr& server, uint32_t now) const {
  auto info = get(server, now);
  return info ? info->edns : EdnsStatus::kUnknown;
}

void InfraCache::flush_all() { store_->clear(); }
CacheStats InfraCache::stats() const { return store_->stats(); }
std::size_t InfraCache::bytes() const { return store_->bytes(); }
std::size_t InfraCache::entries() const { return store_->entries(); }

}  // namespace dns4eu::cache
