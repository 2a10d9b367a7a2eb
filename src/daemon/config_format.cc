// config_format.cc — writing a Config back as YAML (format_config) and the
// annotated defaults (describe_defaults). The output reads back to an equal
// Config; config_test.cc checks that round trip.
#include <sstream>

#include "daemon/config.h"
#include "daemon/internal/config_sections.h"
#include "daemon/internal/config_telemetry.h"
#include "daemon/internal/config_text.h"

namespace dns4eu::daemon {
namespace {

using internal::format_duration;
using internal::format_size;

std::string quoted(std::string_view s) { return internal::yaml_quoted(s); }

const char* yes_no(bool b) { return b ? "true" : "false"; }

template <typename T, typename F>
std::string flow_list(const std::vector<T>& items, F text) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(text(items[i]));
  return out + "]";
}

void write_listener(std::ostream& o, const Listener& l) {
  o << "  - address: " << quoted(l.address.to_string()) << "\n"
    << "    port: " << l.port << "\n"
    << "    transport: " << to_string(l.transport) << "\n"
    << "    flavour: " << l.flavour << "\n";
  if (l.transport == Transport::kDot || l.transport == Transport::kDoh || l.transport == Transport::kDoq) {
    o << "    tls:\n"
      << "      certificate: " << quoted(l.tls_certificate) << "\n"
      << "      key: " << quoted(l.tls_key) << "\n";
    if (!l.tls_by_name.empty()) {
      o << "      by_name:\n";
      for (const auto& [cert, key] : l.tls_by_name)
        o << "        - {certificate: " << quoted(cert) << ", key: " << quoted(key) << "}\n";
    }
  }
  if (l.transport == Transport::kDoh) {
    o << "    paths:\n";
    for (const DohPath& p : l.doh_paths) {
      o << "      - {path: " << quoted(p.path);
      if (!p.flavour.empty()) o << ", flavour: " << p.flavour;
      o << "}\n";
    }
  }
  if (!l.proxy_protocol.empty())
    o << "    proxy_protocol: " << flow_list(l.proxy_protocol, [](const IpPrefix& p) { return p.to_string(); }) << "\n";
  if (!l.xdp_interface.empty())
    o << "    xdp: {interface: " << quoted(l.xdp_interface) << ", mode: " << l.xdp_mode << "}\n";
}

void write_network(std::ostream& o, const Config& c) {
  auto prefix_text = [](const IpPrefix& p) { return p.to_string(); };
  auto address_text = [](const IpAddress& a) { return a.to_string(); };
  const UpstreamConfig& u = c.upstream;
  o << "access:\n"
    << "  allow: " << flow_list(c.access.allow, prefix_text) << "\n"
    << "  refuse: " << flow_list(c.access.refuse, prefix_text) << "\n"
    << "upstream:\n"
    << "  ipv4: " << yes_no(u.ipv4) << "\n"
    << "  ipv6: " << yes_no(u.ipv6) << "\n"
    << "  source_v4: " << flow_list(u.source_v4, address_text) << "\n"
    << "  source_v6: " << flow_list(u.source_v6, address_text) << "\n"
    << "  allow_loopback_servers: " << yes_no(u.allow_loopback_servers) << "\n"
    << "  allow_private_servers: " << yes_no(u.allow_private_servers) << "\n"
    << "  deny: " << flow_list(u.deny, prefix_text) << "\n"
    << "  timeout:\n"
    << "    initial: " << format_duration(u.timeout.initial) << "\n"
    << "    min: " << format_duration(u.timeout.min) << "\n"
    << "    max: " << format_duration(u.timeout.max) << "\n";
}

void write_resolution(std::ostream& o, const Config& c) {
  o << "cache:\n"
    << "  size: " << format_size(c.cache.size) << "\n"
    << "  answer_cache_size: " << format_size(c.cache.answer_cache_size) << "\n"
    << "  min_ttl: " << format_duration(c.cache.min_ttl) << "\n"
    << "  max_ttl: " << format_duration(c.cache.max_ttl) << "\n"
    << "  negative_max_ttl: " << format_duration(c.cache.negative_max_ttl) << "\n"
    << "serve_stale:\n"
    << "  enabled: " << yes_no(c.serve_stale.enabled) << "\n"
    << "  max_stale_ttl: " << format_duration(c.serve_stale.max_stale_ttl) << "\n"
    << "  client_timeout: " << format_duration(c.serve_stale.client_timeout) << "\n"
    << "resolver:\n"
    << "  root_hints: " << quoted(c.resolver.root_hints.empty() ? "builtin" : c.resolver.root_hints) << "\n"
    << "  qname_minimisation: " << yes_no(c.resolver.qname_minimisation) << "\n"
    << "  edns_buffer_size: " << c.resolver.edns_buffer_size << "\n"
    << "dnssec:\n"
    << "  validation: " << yes_no(c.dnssec.validation) << "\n"
    << "  trust_anchor_file: " << quoted(c.dnssec.trust_anchor_file.empty() ? "builtin" : c.dnssec.trust_anchor_file)
    << "\n"
    << "  negative_trust_anchors: " << flow_list(c.dnssec.negative_trust_anchors, [](const dns::Name& n) { return n.to_text(); }) << "\n"
    << "  nsec3_max_iterations: " << c.dnssec.nsec3_max_iterations << "\n"
    << "  max_verifications_per_query: " << c.dnssec.max_verifications_per_query << "\n"
    << "  max_signatures_per_rrset: " << c.dnssec.max_signatures_per_rrset << "\n"
    << "  max_keys_per_signature: " << c.dnssec.max_keys_per_signature << "\n"
    << "  bogus_ttl: " << format_duration(c.dnssec.bogus_ttl) << "\n"
    << "limits:\n"
    << "  max_upstream_queries: " << c.limits.max_upstream_queries << "\n"
    << "  max_resolution_time: " << format_duration(c.limits.max_resolution_time) << "\n"
    << "  max_cname_chain: " << c.limits.max_cname_chain << "\n"
    << "  max_glueless_ns: " << c.limits.max_glueless_ns << "\n"
    << "  max_concurrent_resolutions: " << c.limits.max_concurrent_resolutions << "\n"
    << "tcp:\n"
    << "  idle_timeout: " << format_duration(c.tcp.idle_timeout) << "\n"
    << "  max_connections: " << c.tcp.max_connections << "\n"
    << "  max_connections_per_client: " << c.tcp.max_connections_per_client << "\n"
    << "  handshake_timeout: " << format_duration(c.tcp.handshake_timeout) << "\n";
}

}  // namespace

std::string format_config(const Config& c) {
  std::ostringstream o;
  o << "server:\n"
    << "  workers: " << (c.workers == 0 ? std::string("auto") : std::to_string(c.workers)) << "\n"
    << "  profile: " << to_string(c.profile) << "\n"
    << "listeners:\n";
  for (const Listener& l : c.listeners) write_listener(o, l);
  write_network(o, c);
  write_resolution(o, c);
  o << "local_zones:" << (c.local_zones.empty() ? " {}" : "") << "\n";
  for (const LocalZone& z : c.local_zones) o << "  " << quoted(z.name.to_text()) << ": " << to_string(z.action) << "\n";
  o << "logging:\n"
    << "  level: " << to_string(c.logging.level) << "\n"
    << "  target: " << to_string(c.logging.target) << "\n";
  if (c.discovery)
    o << "discovery:\n"
      << "  name: " << quoted(c.discovery->name.to_text()) << "\n"
      << "  ttl: " << c.discovery->ttl.count() << "s\n";
  internal::write_telemetry(o, c);
  o << internal::format_policy(c.policy);
  return o.str();
}

std::string describe_defaults() {
  return "# dns4eud built-in defaults (an empty file means exactly this).\n"
         "# management: absent, so the management API is off.\n" +
         format_config(Config{});
}

}  // namespace dns4eu::daemon
