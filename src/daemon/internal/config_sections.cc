// config_sections.cc — readers for every top-level section except
// `listeners:` (config_listeners.cc), with their ranges and local rules.
// The ranges here are the ones documented in README.md (Configuration reference).
#include "daemon/internal/config_sections.h"

#include <algorithm>
#include <cctype>

#include "daemon/internal/config_names.h"
#include "daemon/internal/config_text.h"

namespace dns4eu::daemon::internal {
namespace {

using std::chrono::hours;
using ms = std::chrono::milliseconds;
using sec = std::chrono::seconds;
constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kTiB = 1ull << 40;
constexpr sec kDay{86400};

void read_sources(MapReader& m, std::string_view key, bool v4, std::vector<IpAddress>& out, Diagnostics& diag) {
  auto f = m.take(key);
  if (!f) return;
  out.clear();
  for (const Field& item : as_list(*f, diag)) {
    auto a = as_address(item, diag);
    if (!a) continue;
    if (a->is_v4() != v4 || a->is_v4_mapped()) {
      diag.error(item.mark, item.path, std::string("expected an IPv") + (v4 ? "4" : "6") + " address, got '" +
                                           a->to_string() + "'");
      continue;
    }
    out.push_back(*a);
  }
}

void read_timeouts(const Field& f, UpstreamTimeouts& t, Diagnostics& diag) {
  MapReader m(f, diag);
  get_duration(m, "initial", t.initial, ms(10), ms(30000), diag);
  get_duration(m, "min", t.min, ms(10), ms(10000), diag);
  get_duration(m, "max", t.max, ms(100), ms(60000), diag);
  m.finish();
  if (t.min > t.max) {
    diag.error(f.mark, f.path, "min (" + format_duration(t.min) + ") is above max (" + format_duration(t.max) + ")");
  } else if (t.initial < t.min || t.initial > t.max) {
    diag.error(f.mark, f.path, "initial (" + format_duration(t.initial) + ") must lie between min (" +
                                   format_duration(t.min) + ") and max (" + format_duration(t.max) + ")");
  }
}

bool covers_everything(const std::vector<IpPrefix>& allow, const IpPrefix& all) {
  return std::any_of(allow.begin(), allow.end(), [&](const IpPrefix& p) { return p.contains(all); });
}

}  // namespace

void read_server(const Field& f, Config& config, Diagnostics& diag) {
  MapReader m(f, diag);
  if (auto w = m.take("workers")) {
    if (w->node.IsDefined() && w->node.IsScalar() && w->node.Scalar() == "auto") {
      config.workers = 0;
    } else if (w->node.IsDefined() && w->node.IsScalar() &&
               !std::isdigit(static_cast<unsigned char>(w->node.Scalar().c_str()[0]))) {
      diag.error(w->mark, w->path, "expected 'auto' or a whole number, got " + describe(*w));
    } else {
      get_uint(m, "workers", config.workers, 1, 1024, diag);
    }
  }
  get_enum(m, "profile", config.profile, kProfileNames, diag);
  m.finish();
}

void read_access(const Field& f, AccessConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_prefixes(m, "allow", out.allow, diag);
  get_prefixes(m, "refuse", out.refuse, diag);
  m.finish();
}

void read_upstream(const Field& f, UpstreamConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_bool(m, "ipv4", out.ipv4, diag);
  get_bool(m, "ipv6", out.ipv6, diag);
  read_sources(m, "source_v4", true, out.source_v4, diag);
  read_sources(m, "source_v6", false, out.source_v6, diag);
  get_bool(m, "allow_loopback_servers", out.allow_loopback_servers, diag);
  get_bool(m, "allow_private_servers", out.allow_private_servers, diag);
  get_prefixes(m, "deny", out.deny, diag);
  if (auto t = m.take("timeout")) read_timeouts(*t, out.timeout, diag);
  m.finish();
  if (!out.ipv4 && !out.ipv6) diag.error(f.mark, f.path, "ipv4 and ipv6 cannot both be false");
}

void read_cache(const Field& f, CacheConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_size(m, "size", out.size, kMiB, kTiB, diag);
  get_size(m, "answer_cache_size", out.answer_cache_size, 0, kTiB, diag);
  get_seconds(m, "min_ttl", out.min_ttl, sec(0), sec(3600), diag);
  get_seconds(m, "max_ttl", out.max_ttl, sec(1), 30 * kDay, diag);
  get_seconds(m, "negative_max_ttl", out.negative_max_ttl, sec(0), kDay, diag);
  m.finish();
  if (out.min_ttl > out.max_ttl) {
    diag.error(f.mark, f.path, "min_ttl (" + format_duration(out.min_ttl) + ") is above max_ttl (" +
                                   format_duration(out.max_ttl) + ")");
  }
}

void read_serve_stale(const Field& f, ServeStaleConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_bool(m, "enabled", out.enabled, diag);
  get_seconds(m, "max_stale_ttl", out.max_stale_ttl, sec(1), 7 * kDay, diag);
  get_duration(m, "client_timeout", out.client_timeout, ms(0), ms(30000), diag);
  m.finish();
}

void read_resolver(const Field& f, ResolverConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  if (auto h = m.take("root_hints")) {
    if (auto s = as_string(*h, diag)) {
      if (s->empty()) {
        diag.error(h->mark, h->path, "expected 'builtin' or a file name, got ''");
      } else {
        out.root_hints = *s == "builtin" ? "" : *s;
      }
    }
  }
  get_bool(m, "qname_minimisation", out.qname_minimisation, diag);
  get_uint(m, "edns_buffer_size", out.edns_buffer_size, 512, 4096, diag);
  m.finish();
}

void read_limits(const Field& f, LimitsConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_uint(m, "max_upstream_queries", out.max_upstream_queries, 1, 10000, diag);
  get_duration(m, "max_resolution_time", out.max_resolution_time, ms(100), ms(120000), diag);
  get_uint(m, "max_cname_chain", out.max_cname_chain, 0, 64, diag);
  get_uint(m, "max_glueless_ns", out.max_glueless_ns, 0, 100, diag);
  get_uint(m, "max_concurrent_resolutions", out.max_concurrent_resolutions, 1, 10000000, diag);
  m.finish();
}

void read_tcp(const Field& f, TcpConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_duration(m, "idle_timeout", out.idle_timeout, ms(100), ms(3600000), diag);
  get_uint(m, "max_connections", out.max_connections, 1, 1000000, diag);
  get_uint(m, "max_connections_per_client", out.max_connections_per_client, 0, 1000000, diag);
  get_duration(m, "handshake_timeout", out.handshake_timeout, ms(100), ms(60000), diag);
  m.finish();
}

void read_local_zones(const Field& f, std::vector<LocalZone>& out, Diagnostics& diag) {
  MapReader m(f, diag);
  out.clear();
  std::vector<YAML::Mark> marks;
  for (const KeyedField& k : m.take_all()) {
    auto name = dns::Name::from_text(k.key);
    if (!name) {
      diag.error(k.key_mark, f.path, "'" + k.key + "' is not a domain name: " + name.error().message);
      continue;
    }
    auto action = as_choice(k.value, kLocalZoneNames, diag);
    if (!action) continue;
    auto same = std::find_if(out.begin(), out.end(), [&](const LocalZone& z) { return z.name == *name; });
    if (same != out.end()) {
      const YAML::Mark& first = marks[static_cast<size_t>(same - out.begin())];
      diag.error(k.key_mark, f.path, "'" + k.key + "' is the same name as the key at line " +
                                         std::to_string(first.line + 1) + ", column " +
                                         std::to_string(first.column + 1));
      continue;
    }
    out.push_back({*name, static_cast<LocalZoneAction>(*action)});
    marks.push_back(k.key_mark);
  }
}

void read_logging(const Field& f, LoggingConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_enum(m, "level", out.level, kLogLevelNames, diag);
  get_enum(m, "target", out.target, kLogTargetNames, diag);
  m.finish();
}

std::vector<std::string> collect_warnings(const Config& config) {
  std::vector<std::string> w;
  const auto& allow = config.access.allow;
  if (covers_everything(allow, IpPrefix::masked(IpAddress(), 0))) {
    w.push_back("access.allow admits every IPv4 client: this is an open resolver");
  }
  if (covers_everything(allow, IpPrefix::masked(IpAddress::v6({}), 0))) {
    w.push_back("access.allow admits every IPv6 client: this is an open resolver");
  }
  if (!config.upstream.ipv4 && !config.upstream.source_v4.empty()) {
    w.push_back("upstream.source_v4 is ignored because upstream.ipv4 is false");
  }
  if (!config.upstream.ipv6 && !config.upstream.source_v6.empty()) {
    w.push_back("upstream.source_v6 is ignored because upstream.ipv6 is false");
  }
  policy_warnings(config, w);
  return w;
}

}  // namespace dns4eu::daemon::internal
