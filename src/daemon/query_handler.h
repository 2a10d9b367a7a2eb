// query_handler.h — the daemon's answer to one client query, on the worker
// thread that received it: checks (FORMERR, NOTIMP, ACL), local zones, the
// policy's question checks (filtering profiles only), the answer cache fast
// path (keyed by profile), then the RRset/negative caches (a name's second
// query, whose response then enters the answer cache), and otherwise a
// resolution coroutine whose result is sent to every client that asked the
// same question meanwhile (identical in-flight questions are coalesced per worker).
//
//   WorkerPool pool(n, [&](net::Worker& w) {
//     return std::make_unique<ResolverHandler>(w, runtime_holder, caches, stats);
//   });
//
// Thread-safety: one ResolverHandler per worker, used only on its thread.
// Each worker has its own HandlerStats (relaxed atomics, one writer); the
// server sums them with add_to().
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "daemon/client_query.h"
#include "daemon/net_upstream.h"
#include "daemon/notify.h"
#include "daemon/query_observer.h"
#include "daemon/runtime.h"
#include "net/handler.h"
#include "net/worker.h"
#include "resolver/caches.h"
#include "resolver/iterator.h"

namespace dns4eu::daemon {

struct HandlerStats {
  std::atomic<uint64_t> queries{0};
  std::atomic<uint64_t> answer_cache_hits{0};
  std::atomic<uint64_t> rrset_cache_answers{0};  // answered from RRset/negative caches, then packet-cached
  std::atomic<uint64_t> resolutions{0};
  std::atomic<uint64_t> coalesced{0};
  std::atomic<uint64_t> refused{0};
  std::atomic<uint64_t> formerr{0};
  std::atomic<uint64_t> notimp{0};
  std::atomic<uint64_t> servfail{0};
  std::atomic<uint64_t> nxdomain{0};
  std::atomic<uint64_t> local_answers{0};
  std::atomic<uint64_t> dropped{0};
  std::atomic<uint64_t> busy{0};  // SERVFAIL: max_concurrent_resolutions reached
  std::atomic<uint64_t> upstream_queries{0};
  std::atomic<uint64_t> policy_blocked{0};  // answered or dropped by a policy rule (question or answer)

  // Adds every counter into `sum` (keep in step with the fields above).
  void add_to(HandlerStats& sum) const {
    for (auto f : {&HandlerStats::queries, &HandlerStats::answer_cache_hits, &HandlerStats::rrset_cache_answers,
                   &HandlerStats::resolutions, &HandlerStats::coalesced, &HandlerStats::refused,
                   &HandlerStats::formerr, &HandlerStats::notimp, &HandlerStats::servfail, &HandlerStats::nxdomain,
                   &HandlerStats::local_answers, &HandlerStats::dropped, &HandlerStats::busy,
                   &HandlerStats::upstream_queries, &HandlerStats::policy_blocked})
      (sum.*f).fetch_add((this->*f).load(std::memory_order_relaxed), std::memory_order_relaxed);
  }
};

class ResolverHandler : public net::QueryHandler {
 public:
  // `observer` (may be null) hears of deferred answers and upstream queries;
  // `notify` (may be null) takes NOTIFY messages for zone-transfer feeds.
  ResolverHandler(net::Worker& worker, const RuntimeHolder& runtime, resolver::Caches& caches, HandlerStats& stats,
                  QueryObserver* observer = nullptr, const NotifyHook* notify = nullptr);
  ~ResolverHandler() override;
  net::Action handle(const net::Request& req, std::vector<uint8_t>& response) override;
  // Queues the root priming (RFC 8109) on this worker's event loop; it runs
  // when the loop does. The server asks one worker at start.
  void prime_root();

 private:
  struct FlightKey {
    dns::Name qname;  // lower-cased
    dns::RRType qtype{};
    bool do_bit = false, cd_bit = false;
    friend bool operator==(const FlightKey&, const FlightKey&) = default;
    template <typename H>
    friend H AbslHashValue(H h, const FlightKey& k) {
      return H::combine(std::move(h), k.qname.hash(), static_cast<uint16_t>(k.qtype), k.do_bit, k.cd_bit);
    }
  };
  struct Waiter {
    ClientQuery query;
    net::Responder responder;
    uint16_t profile = 0;        // policy profile (0: plain)
    bool check_answer = false;   // CNAME targets / addresses still to check
    net::Transport transport = net::Transport::kUdp;
    QueryStart start;  // for the observer
  };
  struct Flight {
    std::vector<Waiter> waiters;
  };
  // Per-runtime-generation resolver state; coroutines keep theirs alive.
  struct Engine {
    std::shared_ptr<const Runtime> runtime;
    std::unique_ptr<NetUpstream> upstream;
    std::unique_ptr<resolver::Iterator> iterator;
  };

  const std::shared_ptr<Engine>& engine();
  net::Action answer_now(const ClientQuery& q, const resolver::Resolution& r, bool authoritative,
                         std::vector<uint8_t>& response);
  net::Action start_resolution(const net::Request& req, const ClientQuery& q, uint16_t profile, bool check_answer);
  asio::awaitable<void> resolve_flight(std::shared_ptr<Engine> engine, FlightKey key, ClientQuery first);
  asio::awaitable<void> prime_flight(std::shared_ptr<Engine> engine);
  // The current query was blocked by policy: counts it, tells the telemetry
  // observer which list decided, returns `a`.
  net::Action blocked(net::Action a, std::size_t list_slot);
  // A list with action `log` (a dry run) matched: counted and put on the query log line; 0: none.
  void note_logged(std::size_t list_slot);
  void answer_waiters(const Runtime& rt, const std::vector<uint8_t>& packet, const resolver::Resolution& r,
                      std::vector<Waiter>& waiters);

  net::Worker& worker_;
  const RuntimeHolder& holder_;
  resolver::Caches& caches_;
  HandlerStats& stats_;
  QueryObserver* observer_;
  const NotifyHook* notify_ = nullptr;
  std::shared_ptr<Engine> engine_;
  absl::flat_hash_map<FlightKey, std::shared_ptr<Flight>> in_flight_;
  std::vector<uint8_t> scratch_;  // answer-cache hits land here (64 KiB, allocated once)
  std::vector<uint8_t> packet_;
};

}  // namespace dns4eu::daemon
