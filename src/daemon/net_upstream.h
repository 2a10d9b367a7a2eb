// net_upstream.h — the resolver's Upstream over real sockets: net/'s UDP and
// TCP clients, from the configured outgoing source addresses (one picked at
// random per query when several are given).
//
//   NetUpstream up(sources_v4, sources_v6);
//   Iterator it(config, caches, up);
//
// Thread-safety: one per worker thread (its coroutines run on that worker).
#pragma once

#include <optional>
#include <vector>

#include "net/counters.h"
#include "net/endpoint.h"
#include "resolver/upstream.h"

namespace dns4eu::daemon {

class QueryObserver;

class NetUpstream : public resolver::Upstream {
 public:
  // `observer` (may be null) is told of every query and its outcome.
  NetUpstream(std::vector<net::Address> sources_v4, std::vector<net::Address> sources_v6,
              QueryObserver* observer = nullptr)
      : v4_(std::move(sources_v4)), v6_(std::move(sources_v6)), observer_(observer) {}

  asio::awaitable<Result<resolver::UpstreamReply>> query(const net::Endpoint& server,
                                                         std::span<const uint8_t> wire,
                                                         std::chrono::milliseconds timeout,
                                                         resolver::Protocol protocol) override;
  const net::UpstreamCounters& counters() const { return counters_; }

 private:
  std::optional<net::Address> source_for(const net::Endpoint& server) const;
  std::vector<net::Address> v4_, v6_;
  net::UpstreamCounters counters_;
  QueryObserver* observer_;
};

}  // namespace dns4eu::daemon
