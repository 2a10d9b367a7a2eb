// config_sections.h — readers for each top-level section of dns4eud.yaml.
// Each reads one YAML value into its part of Config, leaving defaults in
// place for absent keys, and reports every mistake (including cross-field
// rules local to the section) into `diag`.
//
//   Diagnostics diag("dns4eud.yaml");
//   read_cache(top.take("cache").value(), config.cache, diag);
//
// Thread-safety: stateless functions.
#pragma once

#include <vector>

#include "daemon/config.h"
#include "daemon/internal/config_reader.h"

namespace dns4eu::daemon::internal {

void read_server(const Field& f, Config& config, Diagnostics& diag);
void read_listeners(const Field& f, std::vector<Listener>& out, Diagnostics& diag);
void read_access(const Field& f, AccessConfig& out, Diagnostics& diag);
void read_upstream(const Field& f, UpstreamConfig& out, Diagnostics& diag);
void read_cache(const Field& f, CacheConfig& out, Diagnostics& diag);
void read_serve_stale(const Field& f, ServeStaleConfig& out, Diagnostics& diag);
void read_resolver(const Field& f, ResolverConfig& out, Diagnostics& diag);
void read_dnssec(const Field& f, DnssecConfig& out, Diagnostics& diag);  // config_dnssec.cc
void read_limits(const Field& f, LimitsConfig& out, Diagnostics& diag);
void read_tcp(const Field& f, TcpConfig& out, Diagnostics& diag);
void read_discovery(const Field& f, std::optional<DiscoveryConfig>& out, Diagnostics& diag);  // config_discovery.cc
void read_local_zones(const Field& f, std::vector<LocalZone>& out, Diagnostics& diag);
void read_logging(const Field& f, LoggingConfig& out, Diagnostics& diag);
// `policy:` (config_policy.cc); reads after `listeners:` to check their flavours.
void read_policy(const Field& f, Config& config, Diagnostics& diag);
// A list's `xfr:` map (config_policy_xfr.cc) and its one-line YAML form.
intel::XfrSource read_xfr_source(const Field& f, Diagnostics& diag);
std::string format_xfr_source(const intel::XfrSource& x);
// A list's `fetch:` map (config_policy_fetch.cc) and its one-line YAML form.
intel::FetchSource read_fetch_source(const Field& f, Diagnostics& diag);
std::string format_fetch_source(const intel::FetchSource& s);
// Relative list file paths become relative to the config file's directory.
void resolve_policy_paths(Config& config, const std::string& config_path);
// The `policy:` section as YAML for format_config ("" when it is empty).
std::string format_policy(const PolicyConfig& p);
// Listeners whose flavour has no profile (served unfiltered), for Config::warnings.
void policy_warnings(const Config& config, std::vector<std::string>& out);

// Settings that are valid but risky (an open resolver, ...), for Config::warnings.
std::vector<std::string> collect_warnings(const Config& config);

}  // namespace dns4eu::daemon::internal
