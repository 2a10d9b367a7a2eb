// metrics_page.h — renders a MetricsSnapshot as Prometheus text, with the
// names the daemon gives to flavour indexes and policy list slots.
//
//   PromWriter w;
//   write_metrics(w, snapshot, {.profile = "public", .flavours = {"plain"}});
//   ... the daemon adds its own families (caches, listeners) ...
//
// Every family is written even when all its samples are 0, so dashboards see
// the metric before the first event. Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "telemetry/metrics.h"
#include "telemetry/prometheus.h"

namespace dns4eu::telemetry {

struct MetricNames {
  std::string profile;                    // "public", "government", "telco"
  std::vector<std::string> flavours;      // by flavour index
  std::vector<std::string> policy_lists;  // by list slot; slot 0 is "none"
};

void write_metrics(PromWriter& w, const MetricsSnapshot& s, const MetricNames& names);

}  // namespace dns4eu::telemetry
