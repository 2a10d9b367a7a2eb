// observed_handler.h — wraps the worker's QueryHandler so that every query
// is counted and every synchronous answer or drop is reported to the
// worker's QueryObserver (metrics, query log, dnstap). Deferred answers are
// reported by ResolverHandler itself when it sends them.
//
//   auto inner = std::make_unique<ResolverHandler>(w, holder, caches, stats, &observer);
//   return std::make_unique<ObservedHandler>(std::move(inner), observer, stats);
//
// How the answer was produced is read from the worker's own HandlerStats:
// the counter that moved during the inner call names the path (answer
// cache, RRset cache, local zone, a policy block). The stats are per
// worker, so nothing else moves them meanwhile.
// Thread-safety: one per worker, like the handler it wraps.
#pragma once

#include <memory>

#include "daemon/query_handler.h"
#include "daemon/query_observer.h"
#include "net/handler.h"

namespace dns4eu::daemon {

class ObservedHandler : public net::QueryHandler {
 public:
  ObservedHandler(std::unique_ptr<net::QueryHandler> inner, QueryObserver& observer, const HandlerStats& stats)
      : inner_(std::move(inner)), observer_(observer), stats_(stats) {}

  net::Action handle(const net::Request& req, std::vector<uint8_t>& response) override;

 private:
  std::unique_ptr<net::QueryHandler> inner_;
  QueryObserver& observer_;
  const HandlerStats& stats_;
};

}  // namespace dns4eu::daemon
