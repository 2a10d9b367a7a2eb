// config_telemetry.cc — reading and writing the management, privacy,
// query_log and dnstap sections (see daemon/config_telemetry.h).
#include "daemon/config_telemetry.h"

#include <array>

#include "daemon/config.h"
#include "daemon/internal/config_telemetry.h"
#include "daemon/internal/config_text.h"

namespace dns4eu::daemon {
namespace {

constexpr std::array<std::string_view, 4> kAddressPolicyNames = {"drop", "keep", "truncate", "pseudonymise"};

}  // namespace

std::string_view to_string(AddressPolicy p) { return kAddressPolicyNames[static_cast<std::size_t>(p)]; }

AddressPolicy effective_address_policy(PrivacyProfile profile, const PrivacyConfig& privacy) {
  if (profile == PrivacyProfile::kPublic) return AddressPolicy::kDrop;  // whatever the file says
  if (privacy.client_address) return *privacy.client_address;
  return profile == PrivacyProfile::kGovernment ? AddressPolicy::kKeep : AddressPolicy::kTruncate;
}

namespace internal {

void read_management(const Field& f, std::optional<ManagementConfig>& out, Diagnostics& diag) {
  MapReader m(f, diag);
  ManagementConfig mc;
  bool ok = f.is_null() || f.node.IsMap();
  if (auto a = m.take("address")) {
    auto addr = as_address(*a, diag);
    ok = addr.has_value();
    if (addr) mc.address = *addr;
  } else if (ok) {
    diag.error(f.mark, f.path, "missing required key 'address'");
    ok = false;
  }
  get_uint(m, "port", mc.port, 1, 65535, diag);
  if (auto t = m.take("token")) {
    if (auto v = as_string(*t, diag)) {
      if (v->size() < 16 || v->find_first_of(" \t\r\n") != std::string::npos)
        diag.error(t->mark, t->path, "a token needs at least 16 characters and no white space");
      else
        mc.token = *v;
    }
  }
  m.finish();
  if (ok) out = mc;
}

void read_privacy(const Field& f, Config& config, Diagnostics& diag) {
  MapReader m(f, diag);
  PrivacyConfig& p = config.privacy;
  if (auto a = m.take("client_address")) {
    if (auto i = as_choice(*a, kAddressPolicyNames, diag)) {
      auto policy = static_cast<AddressPolicy>(*i);
      if (config.profile == PrivacyProfile::kPublic && policy != AddressPolicy::kDrop)
        diag.error(a->mark, a->path, "the public profile never writes client addresses: only 'drop' is allowed");
      else
        p.client_address = policy;
    }
  }
  if (auto port = m.take("client_port")) {
    if (auto v = as_bool(*port, diag)) {
      if (*v && config.profile == PrivacyProfile::kPublic)
        diag.error(port->mark, port->path, "the public profile never writes client ports");
      else
        p.client_port = *v;
    }
  }
  get_uint(m, "truncate_v4", p.truncate_v4, 0, 32, diag);
  get_uint(m, "truncate_v6", p.truncate_v6, 0, 128, diag);
  m.finish();
}

void read_query_log(const Field& f, std::optional<QueryLogConfig>& out, Diagnostics& diag) {
  MapReader m(f, diag);
  QueryLogConfig q;
  bool ok = f.is_null() || f.node.IsMap();
  if (auto p = m.take("path")) {
    auto v = as_string(*p, diag);
    if (v && v->empty()) diag.error(p->mark, p->path, "must not be empty");
    if (v && !v->empty()) q.path = *v;
    ok = ok && v && !v->empty();
  } else if (ok) {
    diag.error(f.mark, f.path, "missing required key 'path'");
    ok = false;
  }
  get_size(m, "max_size", q.max_size, 4096, 1ull << 40, diag);
  get_duration(m, "rotate_every", q.rotate_every, std::chrono::seconds(1), std::chrono::hours(24 * 366), diag);
  get_duration(m, "retention", q.retention, std::chrono::milliseconds(0), std::chrono::hours(24 * 3660), diag);
  get_uint(m, "queue_size", q.queue_size, 16, 1u << 24, diag);
  if (auto a = m.take("asn_database")) {
    auto v = as_string(*a, diag);
    if (v && v->empty()) diag.error(a->mark, a->path, "must not be empty (leave the key out for none)");
    if (v) q.asn_database = *v;
  }
  m.finish();
  if (ok) out = q;
}

void read_dnstap(const Field& f, std::optional<DnstapConfig>& out, Diagnostics& diag) {
  MapReader m(f, diag);
  DnstapConfig d;
  if (auto v = m.take("file")) d.file = as_string(*v, diag).value_or("");
  if (auto v = m.take("socket")) d.socket = as_string(*v, diag).value_or("");
  if (auto v = m.take("identity")) d.identity = as_string(*v, diag).value_or("");
  get_bool(m, "client_query", d.client_query, diag);
  get_bool(m, "client_response", d.client_response, diag);
  get_bool(m, "resolver_query", d.resolver_query, diag);
  get_bool(m, "resolver_response", d.resolver_response, diag);
  get_uint(m, "queue_size", d.queue_size, 16, 1u << 24, diag);
  m.finish();
  if (d.file.empty() == d.socket.empty()) {
    diag.error(f.mark, f.path, "give exactly one of 'file' and 'socket'");
    return;
  }
  out = d;
}

void write_telemetry(std::ostream& o, const Config& c) {
  if (c.management) {
    o << "management:\n"
      << "  address: " << yaml_quoted(c.management->address.to_string()) << "\n"
      << "  port: " << c.management->port << "\n";
    if (!c.management->token.empty()) o << "  token: " << yaml_quoted(c.management->token) << "\n";
  }
  o << "privacy:\n";
  if (c.privacy.client_address) o << "  client_address: " << to_string(*c.privacy.client_address) << "\n";
  o << "  client_port: " << (c.privacy.client_port ? "true" : "false") << "\n"
    << "  truncate_v4: " << unsigned{c.privacy.truncate_v4} << "\n"
    << "  truncate_v6: " << unsigned{c.privacy.truncate_v6} << "\n";
  if (c.query_log) {
    const auto& q = *c.query_log;
    o << "query_log:\n"
      << "  path: " << yaml_quoted(q.path) << "\n"
      << "  max_size: " << format_size(q.max_size) << "\n"
      << "  rotate_every: " << format_duration(q.rotate_every) << "\n"
      << "  retention: " << format_duration(q.retention) << "\n"
      << "  queue_size: " << q.queue_size << "\n";
    if (!q.asn_database.empty()) o << "  asn_database: " << yaml_quoted(q.asn_database) << "\n";
  }
  if (c.dnstap) {
    const auto& d = *c.dnstap;
    o << "dnstap:\n";
    if (!d.file.empty()) o << "  file: " << yaml_quoted(d.file) << "\n";
    if (!d.socket.empty()) o << "  socket: " << yaml_quoted(d.socket) << "\n";
    o << "  identity: " << yaml_quoted(d.identity) << "\n"
      << "  client_query: " << (d.client_query ? "true" : "false") << "\n"
      << "  client_response: " << (d.client_response ? "true" : "false") << "\n"
      << "  resolver_query: " << (d.resolver_query ? "true" : "false") << "\n"
      << "  resolver_response: " << (d.resolver_response ? "true" : "false") << "\n"
      << "  queue_size: " << d.queue_size << "\n";
  }
}

}  // namespace internal
}  // namespace dns4eu::daemon
