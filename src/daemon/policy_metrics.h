// policy_metrics.h — the Prometheus families that tell an operator whether
// the policy's sources are fresh and healthy, so that an alert fires when a
// threat feed stops updating or its updates are refused:
//
//   dns4eu_policy_list_rules{list}                        rules the served version holds
//   dns4eu_policy_list_version_timestamp_seconds{list}    the served version's file time
//   dns4eu_policy_list_loaded_timestamp_seconds{list}     when it was loaded
//   dns4eu_policy_list_serial{list}                       its RPZ SOA serial (RPZ lists only)
//   dns4eu_policy_list_update_refused{list}               1 while the newest update (file or
//                                                         zone transfer) is refused, else 0
//   dns4eu_policy_xfr_last_success_timestamp_seconds{list} when a primary last answered (a
//                                                         current serial, or a transfer)
//   dns4eu_policy_tenant_networks{tenant}                 networks of a tenant with a networks_file
//   dns4eu_policy_tenant_networks_file_refused{tenant}    1 while its newest file is refused
//   dns4eu_policy_client_id_file_ids{domain}              IDs served from a client ID file
//   dns4eu_policy_client_id_file_refused{domain}          1 while its newest version is refused
//
// Tenants without a file are not written (a telco may have thousands; their
// networks change only with the config). Labels are list and tenant names of
// the config, never client data.
//
//   write_policy_sources(w, *server.runtime(), feeds->status());
//
// Thread-safety: reads an immutable Runtime.
#pragma once

#include <vector>

#include "daemon/runtime.h"
#include "intel/feed_status.h"
#include "telemetry/prometheus.h"

namespace dns4eu::daemon {

void write_policy_sources(telemetry::PromWriter& w, const Runtime& rt,
                          const std::vector<intel::FeedStatus>& feeds = {});

}  // namespace dns4eu::daemon
