// infra_cache.h — what we know about each upstream server: smoothed RTT and
// RTT variance (RFC 6298), timeouts, exponential backoff after consecutive
// timeouts, EDNS support, last use. The resolver reports every exchange and
// asks timeout_for() before sending; server_select.h chooses among servers.
//
//   InfraCache infra(InfraConfig{});
//   uint32_t rto = infra.timeout_for(server, now);        // ms
//   ok ? infra.record_rtt(server, rtt_ms, now) : infra.record_timeout(server, now);
//
// Entries are forgotten `entry_ttl` seconds after their last update. Bounded
// in bytes like the other caches (CLOCK eviction).
// Thread-safety: all methods are safe to call concurrently; results are copies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "cache/cache_types.h"
#include "cache/server_addr.h"

namespace dns4eu::cache {

namespace internal {
class Store;
}  // namespace internal

enum class EdnsStatus : uint8_t {
  kUnknown = 0,
  kOk = 1,        // answered a query with OPT correctly
  kNoEdns = 2,    // FORMERR (or garbage) to EDNS queries: send plain DNS
};

struct InfraConfig {
  CacheConfig base{.max_bytes = 4u << 20, .shards = 16};
  uint32_t entry_ttl = 900;            // s: forget a server unused for this long
  uint32_t initial_rto_ms = 400;       // RTO of a server with no RTT sample
  uint32_t min_rto_ms = 50;
  uint32_t max_rto_ms = 5000;
  uint32_t backoff_after = 3;          // consecutive timeouts before backing off
  uint32_t backoff_base_s = 2;         // first backoff; doubles per further timeout
  uint32_t backoff_max_s = 300;
};

struct ServerInfo {
  bool has_rtt = false;                // at least one RTT sample
  uint32_t srtt_ms = 0;
  uint32_t rttvar_ms = 0;
  uint32_t timeouts = 0;               // total
  uint32_t consecutive_timeouts = 0;   // reset by an answer
  uint32_t backoff_until = 0;          // s; 0 = not backing off
  EdnsStatus edns = EdnsStatus::kUnknown;
  uint32_t last_used = 0;              // s
};

class InfraCache {
 public:
  explicit InfraCache(const InfraConfig& config);
  ~InfraCache();
  InfraCache(const InfraCache&) = delete;
  InfraCache& operator=(const InfraCache&) = delete;

  // An answer arrived after `rtt_ms`: RFC 6298 §2 smoothing; clears the
  // consecutive-timeout count and any backoff.
  void record_rtt(const ServerAddr& server, uint32_t rtt_ms, uint32_t now);
  // No answer within timeout_for(): counts it; after `backoff_after`
  // consecutive timeouts the server is skipped until now + backoff
  // (backoff_base_s · 2^(n - backoff_after), capped at backoff_max_s).
  void record_timeout(const ServerAddr& server, uint32_t now);
  void set_edns(const ServerAddr& server, EdnsStatus status, uint32_t now);

  // A copy of what is known, nullopt for an unknown (or forgotten) server.
  std::optional<ServerInfo> get(const ServerAddr& server, uint32_t now) const;
  // Retransmission timeout in ms: srtt + 4·rttvar (initial_rto_ms when
  // unknown), doubled per consecutive timeout (RFC 6298 §5.5), clamped to
  // [min_rto_ms, max_rto_ms].
  uint32_t timeout_for(const ServerAddr& server, uint32_t now) const;
  uint32_t timeout_for(const std::optional<ServerInfo>& info) const;
  bool in_backoff(const ServerAddr& server, uint32_t now) const;
  EdnsStatus edns(const ServerAddr& server, uint32_t now) const;

  void flush_all();
  CacheStats stats() const;
  std::size_t bytes() const;
  std::size_t entries() const;
  const InfraConfig& config() const { return config_; }

 private:
  template <typename F>
  void update(const ServerAddr& server, uint32_t now, F&& fn);
  InfraConfig config_;
  std::unique_ptr<internal::Store> store_;
};

}  // namespace dns4eu::cache
