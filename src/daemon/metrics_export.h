// metrics_export.h — the daemon's whole Prometheus page and /stats JSON:
// the telemetry counters (per-worker, summed), the handler counters, the
// caches (hits, misses, entries, bytes, evictions per cache), the query log,
// the policy's lists and tenant files (policy_metrics.h; `feeds`: the zone
// transfers' status, for lists whose transfer failed).
//
//   std::string page = render_metrics(server);
//   nlohmann::json stats = render_stats_json(server);
//
// Every label value is a fixed word of the code or a name from the config
// (flavours, listeners' own addresses): never a client address.
// Thread-safety: call on the control thread (listener sets change on reload).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "daemon/server.h"
#include "intel/feed_status.h"

namespace dns4eu::daemon {

std::string render_metrics(Server& server, const std::vector<intel::FeedStatus>& feeds = {});
nlohmann::json render_stats_json(Server& server);

}  // namespace dns4eu::daemon
