// config_telemetry.h (internal) — readers and the writer of the config
// sections management, privacy, query_log and dnstap (types in
// daemon/config_telemetry.h and daemon/config.h).
//
//   read_query_log(field, config.query_log, diag);
//   write_telemetry(out, config);   // the YAML of those sections, for format_config
//
// read_privacy runs after the server section (config.cc reads sections in
// table order), so it checks client_address against the profile.
// Thread-safety: stateless functions.
#pragma once

#include <optional>
#include <ostream>

#include "daemon/config.h"
#include "daemon/internal/config_reader.h"

namespace dns4eu::daemon::internal {

void read_management(const Field& f, std::optional<ManagementConfig>& out, Diagnostics& diag);
void read_privacy(const Field& f, Config& config, Diagnostics& diag);
void read_query_log(const Field& f, std::optional<QueryLogConfig>& out, Diagnostics& diag);
void read_dnstap(const Field& f, std::optional<DnstapConfig>& out, Diagnostics& diag);
void write_telemetry(std::ostream& o, const Config& c);

}  // namespace dns4eu::daemon::internal
