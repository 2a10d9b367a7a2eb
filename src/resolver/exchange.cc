// exchange.cc — asking a zone's servers: choosing a server by smoothed RTT
// (with exploration), retrying others on timeouts, lameness and errors,
// falling back to plain DNS after FORMERR and to TCP after TC=1, and
// recording every outcome in the infra cache.
#include <algorithm>

#include "cache/server_select.h"
#include "dns/message.h"
#include "net/random.h"
#include "resolver/iterator.h"
#include "resolver/query_wire.h"

namespace dns4eu::resolver {

using dns::Name;
using dns::RRType;

namespace {

cache::ServerAddr to_server_addr(const net::Endpoint& e) {
  const auto& a = e.address();
  if (a.is_v4()) return cache::ServerAddr::v4({a.data()[0], a.data()[1], a.data()[2], a.data()[3]}, e.port());
  std::array<uint8_t, 16> b{};
  std::copy(a.data(), a.data() + 16, b.begin());
  return cache::ServerAddr::v6(b, e.port());
}

bool usable_failure(ResponseKind k) {
  return k == ResponseKind::kLame || k == ResponseKind::kServerFailure || k == ResponseKind::kMalformed;
}

}  // namespace

std::vector<net::Endpoint> Iterator::candidates(const ZoneCut& zone, const std::vector<net::Endpoint>& tried) {
  std::vector<net::Endpoint> out;
  for (const auto& ns : zone.servers) {
    for (const auto& ep : ns.addresses) {
      if ((ep.address().is_v4() && !config_.use_ipv4) || (ep.address().is_v6() && !config_.use_ipv6)) continue;
      if (!config_.server_filter.allowed(ep.address())) {
        ++stats_.refused_by_filter;
        continue;
      }
      if (std::find(tried.begin(), tried.end(), ep) != tried.end()) continue;
      if (std::find(out.begin(), out.end(), ep) == out.end()) out.push_back(ep);
    }
  }
  return out;
}

asio::awaitable<std::optional<ClassifiedResponse>> Iterator::ask_zone(ZoneCut& zone, Name qname, RRType qtype,
                                                                    Budget& budget) {
  std::vector<net::Endpoint> tried;
  int attempts = 0;
  while (attempts < config_.max_attempts_per_zone && !budget.exhausted()) {
    auto cands = candidates(zone, tried);
    if (cands.empty()) {
      if (co_await resolve_ns_address(zone, budget)) continue;
      break;
    }
    std::vector<cache::ServerAddr> keys;
    keys.reserve(cands.size());
    for (const auto& c : cands) keys.push_back(to_server_addr(c));
    auto pick = cache::select_server(caches_.infra, keys, now_seconds(), net::random_u64());
    net::Endpoint server = cands[pick.value_or(0)];
    tried.push_back(server);
    ++attempts;
    auto wire = co_await exchange(server, qname, qtype, budget);
    if (!wire) continue;
    auto msg = dns::MessageView::parse(*wire);
    if (!msg) continue;
    ClassifiedResponse c = classify_response(*msg, qname, qtype, zone.zone);
    if (usable_failure(c.kind)) {
      ++stats_.lame_or_failed;
      continue;
    }
    co_return c;
  }
  co_return std::nullopt;
}

asio::awaitable<std::optional<std::vector<uint8_t>>> Iterator::exchange(net::Endpoint server, Name qname,
                                                                       RRType qtype, Budget& budget) {
  const cache::ServerAddr key = to_server_addr(server);
  bool edns = caches_.infra.edns(key, now_seconds()) != cache::EdnsStatus::kNoEdns;
  for (int round = 0; round < 2 && !budget.exhausted(); ++round) {
    UpstreamQueryOptions opt{edns, config_.dnssec_ok && edns, config_.edns_buffer_size};
    auto query = make_upstream_query(net::random_u16(), qname, qtype, opt);
    auto timeout = std::chrono::milliseconds(caches_.infra.timeout_for(key, now_seconds()));
    --budget.upstream_queries_left;
    ++stats_.upstream_queries;
    auto reply = co_await upstream_.query(server, query, timeout, Protocol::kUdp);
    if (!reply) {
      ++stats_.upstream_timeouts;
      caches_.infra.record_timeout(key, now_seconds());
      co_return std::nullopt;
    }
    caches_.infra.record_rtt(key, static_cast<uint32_t>(reply->rtt.count() / 1000), now_seconds());
    auto msg = dns::MessageView::parse(reply->wire);
    if (!msg) co_return std::nullopt;
    if (edns && msg->rcode() == dns::Rcode::kFormErr && !msg->edns()) {
      ++stats_.edns_fallbacks;  // RFC 6891 §7: retry without EDNS
      caches_.infra.set_edns(key, cache::EdnsStatus::kNoEdns, now_seconds());
      edns = false;
      continue;
    }
    if (edns && msg->edns()) caches_.infra.set_edns(key, cache::EdnsStatus::kOk, now_seconds());
    if (!msg->header().tc()) co_return std::move(reply->wire);
    ++stats_.upstream_tcp;
    --budget.upstream_queries_left;
    auto tcp = co_await upstream_.query(server, query, std::max(timeout, config_.tcp_timeout), Protocol::kTcp);
    if (!tcp) co_return std::nullopt;
    co_return std::move(tcp->wire);
  }
  co_return std::nullopt;
}

}  // namespace dns4eu::resolver
