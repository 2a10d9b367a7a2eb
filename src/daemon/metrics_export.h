// metrics_export.h — the daemon's whole Prometheus page and /stats JSON:
// the telemetry counters (per-worker, summed), the handler counters, the
// caches (hits, misses, entries, bytes, evictions per cache), the query log.
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

namespace dns4eu::daemon {

std::string render_metrics(Server& server);
nlohmann::json render_stats_json(Server& server);

}  // namespace dns4eu::daemon
