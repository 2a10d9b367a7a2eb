// net_upstream.cc — see net_upstream.h.
#include "daemon/net_upstream.h"

#include "daemon/query_observer.h"
#include "net/upstream.h"
#include "net/random.h"

namespace dns4eu::daemon {

std::optional<net::Address> NetUpstream::source_for(const net::Endpoint& server) const {
  const auto& list = server.address().is_v4() ? v4_ : v6_;
  if (list.empty()) return std::nullopt;
  return list[net::random_below(static_cast<uint32_t>(list.size()))];
}

asio::awaitable<Result<resolver::UpstreamReply>> NetUpstream::query(const net::Endpoint& server,
                                                                    std::span<const uint8_t> wire,
                                                                    std::chrono::milliseconds timeout,
                                                                    resolver::Protocol protocol) {
  auto source = source_for(server);
  // Two separate co_await statements: GCC 12 mishandles co_await inside ?: .
  Result<net::UpstreamReply> r = fail(ErrorCode::kInvalidArgument, "no protocol");
  if (protocol == resolver::Protocol::kUdp) {
    r = co_await net::query_udp(server, wire, timeout, source, &counters_);
  } else {
    r = co_await net::query_tcp(server, wire, timeout, source, &counters_);
  }
  if (observer_) {
    bool tcp = protocol != resolver::Protocol::kUdp;
    observer_->upstream_sent(server, wire, tcp);
    if (r) observer_->upstream_done(server, tcp, nullptr, r->wire, r->rtt);
    else observer_->upstream_done(server, tcp, &r.error(), {}, {});
  }
  if (!r) co_return tl::unexpected(r.error());
  co_return resolver::UpstreamReply{std::move(r->wire), r->rtt};
}

}  // namespace dns4eu::daemon
