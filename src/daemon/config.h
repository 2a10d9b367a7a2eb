// config.h — the typed, validated configuration of dns4eud.
//
// A Config is a plain value: every field has a default, so an empty file
// gives a working loopback-only resolver (listeners 127.0.0.1:53 and
// [::1]:53 over UDP and TCP; clients allowed from loopback and private
// ranges only). load_config_* read YAML (yaml-cpp), check every key, type,
// range and cross-field rule, and report each mistake as
// `name:line:column: key.path: what is wrong` (1-based line and column), one
// per line in Error::message, sorted by position. Unknown keys get a
// "did you mean" suggestion. The key-by-key reference is README.md (Configuration reference).
//
//   auto cfg = load_config_file("/etc/dns4eu/dns4eud.yaml");
//   if (!cfg) { std::cerr << cfg.error().message << "\n"; return 1; }
//   for (const auto& l : cfg->listeners) bind(l.address, l.port);
//
// Thread-safety: loading functions are reentrant; a Config is an immutable
// value once loaded (the daemon publishes it as a shared snapshot).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config_telemetry.h"
#include "daemon/netaddr.h"
#include "dns/name.h"
#include "dns/result.h"
#include "intel/fetch_source.h"
#include "intel/xfr_source.h"
#include "policy/policy.h"

namespace dns4eu::daemon {

using Milliseconds = std::chrono::milliseconds;
using Seconds = std::chrono::seconds;

enum class Transport { kUdp, kTcp, kDot, kDoh, kDoq };
enum class PrivacyProfile { kPublic, kGovernment, kTelco };
enum class LocalZoneAction { kRefuse, kNxdomain, kStatic, kTransparent };
enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };
enum class LogTarget { kStderr };

std::string_view to_string(Transport t);
std::string_view to_string(PrivacyProfile p);
std::string_view to_string(LocalZoneAction a);
std::string_view to_string(LogLevel l);
std::string_view to_string(LogTarget t);
// True for transports the daemon can serve today (all of them).
bool is_served(Transport t);
// 53 for udp/tcp, 853 for dot/doq, 443 for doh.
uint16_t default_port(Transport t);

struct DohPath {
  std::string path;     // starts with '/'
  std::string flavour;  // empty: the listener's flavour
  friend bool operator==(const DohPath&, const DohPath&) = default;
};

struct Listener {
  IpAddress address;
  uint16_t port = 53;
  Transport transport = Transport::kUdp;
  std::string flavour = "plain";
  std::string tls_certificate;  // dot, doh, doq only (required there)
  std::string tls_key;
  // More certificate/key pairs, each served to clients whose TLS server name
  // (SNI) it carries: one listener address for several flavour names.
  std::vector<std::pair<std::string, std::string>> tls_by_name;
  std::vector<DohPath> doh_paths;  // doh only; default {"/dns-query"}
  std::vector<IpPrefix> proxy_protocol;  // tcp, dot, doh: load balancers that send PROXY v2 headers
  // udp only: also serve through AF_XDP on this network interface (empty:
  // off); mode "auto", "native" or "generic" (see net::XdpMode).
  std::string xdp_interface;
  std::string xdp_mode = "auto";
  // "file:line:column" of the entry, for the daemon's own messages
  // (e.g. a failed bind). Empty for built-in defaults.
  std::string origin;
  friend bool operator==(const Listener&, const Listener&) = default;
};

struct AccessConfig {
  // Client networks that may query. The list replaces the default.
  std::vector<IpPrefix> allow = default_allow();
  // Refused even when allowed.
  std::vector<IpPrefix> refuse;
  static std::vector<IpPrefix> default_allow();
  friend bool operator==(const AccessConfig&, const AccessConfig&) = default;
};

struct UpstreamTimeouts {
  Milliseconds initial{400};  // for a server with no RTT estimate yet
  Milliseconds min{50};
  Milliseconds max{3000};
  friend bool operator==(const UpstreamTimeouts&, const UpstreamTimeouts&) = default;
};

struct UpstreamConfig {
  bool ipv4 = true;
  bool ipv6 = true;
  std::vector<IpAddress> source_v4;  // empty: the kernel chooses
  std::vector<IpAddress> source_v6;
  bool allow_loopback_servers = false;
  bool allow_private_servers = false;
  std::vector<IpPrefix> deny;  // servers never queried, in addition to the above
  UpstreamTimeouts timeout;
  friend bool operator==(const UpstreamConfig&, const UpstreamConfig&) = default;
};

struct CacheConfig {
  uint64_t size = 256ull << 20;              // RRset + negative cache, bytes
  uint64_t answer_cache_size = 64ull << 20;  // 0 disables the answer cache
  Seconds min_ttl{0};
  Seconds max_ttl{86400};
  Seconds negative_max_ttl{3 * 3600};
  friend bool operator==(const CacheConfig&, const CacheConfig&) = default;
};

struct ServeStaleConfig {  // RFC 8767; read now, served later
  bool enabled = false;
  Seconds max_stale_ttl{86400};
  Milliseconds client_timeout{1800};
  friend bool operator==(const ServeStaleConfig&, const ServeStaleConfig&) = default;
};

struct ResolverConfig {
  std::string root_hints;  // empty: built-in hints
  bool qname_minimisation = true;
  uint16_t edns_buffer_size = 1232;
  friend bool operator==(const ResolverConfig&, const ResolverConfig&) = default;
};

struct DnssecConfig {
  bool validation = true;
  // DS/DNSKEY records in zone-file format; empty: Debian's
  // /usr/share/dns/root.key when present, else the built-in IANA root KSKs.
  std::string trust_anchor_file;
  std::vector<dns::Name> negative_trust_anchors;  // RFC 7646: not validated at or below
  uint32_t nsec3_max_iterations = 150;            // above: insecure (RFC 9276)
  uint32_t max_verifications_per_query = 64;      // KeyTrap defence
  uint32_t max_signatures_per_rrset = 8;
  uint32_t max_keys_per_signature = 4;            // key-tag collisions tried
  Seconds bogus_ttl{60};
  friend bool operator==(const DnssecConfig&, const DnssecConfig&) = default;
};

struct LimitsConfig {
  uint32_t max_upstream_queries = 128;  // per client query, all sub-resolutions included
  Milliseconds max_resolution_time{10000};
  uint32_t max_cname_chain = 12;
  uint32_t max_glueless_ns = 8;  // NS names without glue resolved per resolution
  uint32_t max_concurrent_resolutions = 10000;
  friend bool operator==(const LimitsConfig&, const LimitsConfig&) = default;
};

struct TcpConfig {
  Milliseconds idle_timeout{10000};
  uint32_t max_connections = 4096;
  uint32_t max_connections_per_client = 0;  // over tcp/dot/doh/doq listeners; 0 = no limit
  Milliseconds handshake_timeout{5000};      // dot/doh/doq: accept to finished TLS handshake
  friend bool operator==(const TcpConfig&, const TcpConfig&) = default;
};

// RFC 9462 discovery of this resolver's encrypted endpoints (discovery.h).
struct DiscoveryConfig {
  dns::Name name;        // the target of the SVCB records: the name on the TLS certificate
  Seconds ttl{3600};
  friend bool operator==(const DiscoveryConfig&, const DiscoveryConfig&) = default;
};

struct LocalZone {
  dns::Name name;
  LocalZoneAction action = LocalZoneAction::kTransparent;
  friend bool operator==(const LocalZone&, const LocalZone&) = default;
};

struct LoggingConfig {
  LogLevel level = LogLevel::kInfo;
  LogTarget target = LogTarget::kStderr;
  friend bool operator==(const LoggingConfig&, const LoggingConfig&) = default;
};

struct ManagementConfig {  // the management API and /metrics
  IpAddress address;
  uint16_t port = 8053;
  std::string token;  // bearer token for calls that change state; empty: those calls are refused
  friend bool operator==(const ManagementConfig&, const ManagementConfig&) = default;
};

// `policy:` — lists, profiles (flavours), tenants; parsed in internal/config_policy.cc.
struct PolicyConfig {
  policy::PolicySpec spec;
  Seconds watch_interval{5};  // how often list files are checked for changes; 0: only on SIGHUP
  struct Xfr {                // lists fed by zone transfer (`xfr:`); their `file` is where the zone is kept
    std::string list;
    intel::XfrSource source;
    friend bool operator==(const Xfr&, const Xfr&) = default;
  };
  std::vector<Xfr> xfr;
  struct Fetch {  // lists fetched over HTTPS (`fetch:`); their `file` is where each version is kept
    std::string list;
    intel::FetchSource source;
    friend bool operator==(const Fetch&, const Fetch&) = default;
  };
  std::vector<Fetch> fetch;
  friend bool operator==(const PolicyConfig&, const PolicyConfig&) = default;
};

struct Config {
  uint32_t workers = 0;  // 0: one per core (see effective_workers)
  PrivacyProfile profile = PrivacyProfile::kPublic;
  std::vector<Listener> listeners = default_listeners();
  AccessConfig access;
  UpstreamConfig upstream;
  CacheConfig cache;
  ServeStaleConfig serve_stale;
  ResolverConfig resolver;
  DnssecConfig dnssec;
  LimitsConfig limits;
  TcpConfig tcp;
  std::vector<LocalZone> local_zones;  // overrides of the built-in special-use names
  LoggingConfig logging;
  std::optional<ManagementConfig> management;  // absent: no management API
  PolicyConfig policy;
  std::optional<DiscoveryConfig> discovery;    // absent: _dns.resolver.arpa gets no SVCB
  PrivacyConfig privacy;
  std::optional<QueryLogConfig> query_log;  // absent: no query log
  std::optional<DnstapConfig> dnstap;       // absent: no dnstap
  // Valid but risky settings the daemon should log (e.g. an open resolver).
  std::vector<std::string> warnings;

  static std::vector<Listener> default_listeners();
  // `workers`, or the number of cores when 0 (at least 1).
  uint32_t effective_workers() const;
  friend bool operator==(const Config&, const Config&) = default;
};

// Reads and validates a YAML file (at most 1 MiB). `name` in messages is `path`.
[[nodiscard]] Result<Config> load_config_file(const std::string& path);
// Same, from text; `name` stands for the file name in messages.
[[nodiscard]] Result<Config> load_config_string(std::string_view text, std::string_view name = "<config>");
// `config` as YAML that load_config_string reads back to an equal Config
// (apart from origins and warnings).
std::string format_config(const Config& config);
// format_config(Config{}): every key with its default value.
std::string describe_defaults();

}  // namespace dns4eu::daemon
