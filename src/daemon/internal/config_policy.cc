// config_policy.cc — the `policy:` section: lists (file, format, category),
// profiles (lists with actions, allowlists, sinkhole addresses), tenants
// (client networks, inline or in a file -> profile), TLS server names ->
// profile and client IDs (server names <id>.<domain> -> profile, inline or
// in a file per domain); checks every reference, that no
// server name is given twice and that each listener's flavour names a profile.
//
//   policy:
//     lists:
//       malware: {file: lists/malware.txt, format: domains, category: malware}
//     profiles:
//       protective: {lists: [malware, {list: legal, action: nxdomain}], allow: [gov]}
//     tenants:
//       ministry: {networks: [10.1.0.0/16], profile: protective}
#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "daemon/internal/config_sections.h"
#include "daemon/internal/config_text.h"
#include "dns/name.h"
#include "policy/client_id_list.h"

namespace dns4eu::daemon::internal {
namespace {

constexpr std::array<std::string_view, 5> kFormats = {"domains", "hosts", "adblock", "rpz", "misp"};  // policy::ListFormat order
constexpr std::array<std::string_view, 10> kCategories = {"malware", "phishing", "c2",    "adult", "ads",
                                                          "tracking", "gambling", "legal", "allow", "custom"};
constexpr std::array<std::string_view, 8> kActions = {"given", "nxdomain", "nodata", "sinkhole",
                                                      "refused", "drop", "passthru", "log"};

bool valid_name(std::string_view s) {
  return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' ||
           c == '_';
  });
}

bool check_name(const KeyedField& k, std::string_view what, Diagnostics& diag) {
  if (valid_name(k.key)) return true;
  diag.error(k.key_mark, k.value.path, std::string(what) + " names use a-z, 0-9, '-' and '_' (at most 63), got '" + k.key + "'");
  return false;
}

policy::IpNet to_net(const IpPrefix& p) { return *policy::IpNet::parse(p.to_string()); }
policy::IpAddr to_ip(const IpAddress& a) { return *policy::IpAddr::parse(a.to_string()); }

void read_list(const KeyedField& k, PolicyConfig& out, Diagnostics& diag) {
  policy::PolicySpec& spec = out.spec;
  policy::ListSpec l;
  l.name = k.key;
  MapReader m(k.value, diag);
  if (auto f = m.take("file")) {
    if (auto s = as_string(*f, diag)) l.path = *s;
  } else {
    diag.error(k.value.mark, k.value.path, "missing required key 'file'");
  }
  get_enum(m, "format", l.format, kFormats, diag);
  if (auto f = m.take("category")) {
    if (auto i = as_choice(*f, kCategories, diag)) l.category = static_cast<policy::Category>(*i);
  } else {
    diag.error(k.value.mark, k.value.path, "missing required key 'category'");
  }
  if (auto f = m.take("xfr")) {
    if (l.format != policy::ListFormat::kRpz) diag.error(f->mark, f->path, "a list fed by zone transfer has format rpz");
    out.xfr.push_back({l.name, read_xfr_source(*f, diag)});
  }
  if (auto f = m.take("fetch")) {
    if (m.present("xfr")) diag.error(f->mark, f->path, "a list is fed by zone transfer or fetched, not both");
    out.fetch.push_back({l.name, read_fetch_source(*f, diag)});
  }
  m.finish();
  spec.lists.push_back(std::move(l));
}

bool has_list(const policy::PolicySpec& spec, std::string_view name) {
  return std::any_of(spec.lists.begin(), spec.lists.end(), [&](const auto& l) { return l.name == name; });
}

std::optional<std::string> list_ref(const Field& f, const policy::PolicySpec& spec, Diagnostics& diag) {
  auto s = as_string(f, diag);
  if (!s) return std::nullopt;
  if (!has_list(spec, *s)) {
    diag.error(f.mark, f.path, "no list named '" + *s + "' in policy.lists");
    return std::nullopt;
  }
  return s;
}

void read_profile_list(const Field& f, const policy::PolicySpec& spec, policy::ProfileSpec& p, Diagnostics& diag) {
  policy::ProfileListSpec e;
  if (f.node.IsDefined() && f.node.IsMap()) {
    MapReader m(f, diag);
    auto list = m.take("list");
    get_enum(m, "action", e.action, kActions, diag);
    m.finish();
    if (!list) {
      diag.error(f.mark, f.path, "missing required key 'list'");
      return;
    }
    auto name = list_ref(*list, spec, diag);
    if (!name) return;
    e.list = *name;
  } else {
    auto name = list_ref(f, spec, diag);
    if (!name) return;
    e.list = *name;
  }
  p.lists.push_back(std::move(e));
}

void read_sinkhole(const Field& f, policy::ProfileSpec& p, Diagnostics& diag) {
  MapReader m(f, diag);
  if (auto a = m.take("a")) {
    if (auto ip = as_address(*a, diag)) {
      if (ip->is_v4()) p.sinkhole_v4 = to_ip(*ip);
      else diag.error(a->mark, a->path, "expected an IPv4 address");
    }
  }
  if (auto a = m.take("aaaa")) {
    if (auto ip = as_address(*a, diag)) {
      if (ip->is_v6()) p.sinkhole_v6 = to_ip(*ip);
      else diag.error(a->mark, a->path, "expected an IPv6 address");
    }
  }
  m.finish();
}

void read_profile(const KeyedField& k, policy::PolicySpec& spec, Diagnostics& diag) {
  if (k.key == policy::kPlainProfile) {
    diag.error(k.key_mark, k.value.path, "'plain' is the built-in unfiltered profile and cannot be redefined");
    return;
  }
  policy::ProfileSpec p;
  p.name = k.key;
  MapReader m(k.value, diag);
  if (auto f = m.take("lists"))
    for (const Field& e : as_list(*f, diag)) read_profile_list(e, spec, p, diag);
  if (auto f = m.take("allow"))
    for (const Field& e : as_list(*f, diag))
      if (auto name = list_ref(e, spec, diag)) p.allow.push_back(*name);
  if (auto f = m.take("sinkhole")) read_sinkhole(*f, p, diag);
  m.finish();
  bool sinkhole = std::any_of(p.lists.begin(), p.lists.end(), [](const auto& e) { return e.action == policy::ProfileAction::kSinkhole; });
  if (sinkhole && !p.sinkhole_v4 && !p.sinkhole_v6) {
    diag.error(k.value.mark, k.value.path, "action sinkhole needs sinkhole.a and/or sinkhole.aaaa");
  }
  spec.profiles.push_back(std::move(p));
}

bool has_profile(const policy::PolicySpec& spec, std::string_view name) {
  return name == policy::kPlainProfile ||
         std::any_of(spec.profiles.begin(), spec.profiles.end(), [&](const auto& p) { return p.name == name; });
}

std::optional<std::string> profile_ref(const Field& f, const policy::PolicySpec& spec, Diagnostics& diag) {
  auto s = as_string(f, diag);
  if (s && !has_profile(spec, *s)) {
    diag.error(f.mark, f.path, "no profile named '" + *s + "' in policy.profiles (or 'plain')");
    return std::nullopt;
  }
  return s;
}

void read_tenant(const KeyedField& k, policy::PolicySpec& spec, Diagnostics& diag) {
  policy::TenantSpec t;
  t.name = k.key;
  MapReader m(k.value, diag);
  auto networks = m.take("networks");
  if (networks) {
    for (const Field& e : as_list(*networks, diag))
      if (auto p = as_prefix(e, diag)) t.networks.push_back(to_net(*p));
  }
  if (auto f = m.take("networks_file")) {
    if (auto s = as_string(*f, diag)) {
      if (s->empty()) diag.error(f->mark, f->path, "a file name is required");
      t.networks_file = *s;
    }
  } else if (!networks) {
    diag.error(k.value.mark, k.value.path, "missing required key 'networks' (or 'networks_file')");
  }
  if (auto f = m.take("profile")) {
    if (auto p = profile_ref(*f, spec, diag)) t.profile = *p;
  } else {
    diag.error(k.value.mark, k.value.path, "missing required key 'profile'");
  }
  m.finish();
  spec.tenants.push_back(std::move(t));
}

// A TLS server name as the policy keeps it: lower case, no trailing dot.
std::string server_name_key(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

// `taken`: every server name so far, server_names' and client IDs' (ID.DOMAIN).
void read_server_names(const Field& f, policy::PolicySpec& spec, std::set<std::string>& taken, Diagnostics& diag) {
  MapReader m(f, diag);
  for (const KeyedField& k : m.take_all()) {
    std::string name = server_name_key(k.key);
    if (!taken.insert(name).second) {
      diag.error(k.key_mark, k.value.path, "server name '" + name + "' is given twice (server names are case-insensitive)");
      continue;
    }
    if (auto p = profile_ref(k.value, spec, diag)) spec.server_names.push_back({name, *p});
  }
}

// A client-ID domain key (lower case, no trailing dot), or nullopt after an
// error: not a domain name, or given twice in this mapping (`seen`).
std::optional<std::string> client_id_domain(const KeyedField& d, std::set<std::string>& seen, Diagnostics& diag) {
  std::string domain = server_name_key(d.key);
  if (domain.empty() || domain.size() > 250 || !dns::Name::from_text(domain)) {
    diag.error(d.key_mark, d.value.path, "not a domain name: '" + d.key + "'");
    return std::nullopt;
  }
  if (!seen.insert(domain).second) {
    diag.error(d.key_mark, d.value.path, "domain '" + domain + "' is given twice (case-insensitive)");
    return std::nullopt;
  }
  return domain;
}

// client_ids: {DOMAIN: {ID: PROFILE, ...}, ...}: the server name ID.DOMAIN selects PROFILE.
void read_client_ids(const Field& f, policy::PolicySpec& spec, std::set<std::string>& taken, Diagnostics& diag) {
  MapReader domains(f, diag);
  std::set<std::string> seen_domains;
  for (const KeyedField& d : domains.take_all()) {
    auto key = client_id_domain(d, seen_domains, diag);
    if (!key) continue;
    const std::string& domain = *key;
    MapReader ids(d.value, diag);
    for (const KeyedField& k : ids.take_all()) {
      std::string id = server_name_key(k.key);
      if (!policy::is_client_id(id)) {
        diag.error(k.key_mark, k.value.path,
                   "a client ID is one label of a-z, 0-9 and '-' (not first or last, at most 63), got '" + k.key + "'");
        continue;
      }
      std::string name = id + "." + domain;
      if (name.size() > 253) {
        diag.error(k.key_mark, k.value.path, "'" + name + "' is longer than a server name may be (253)");
        continue;
      }
      if (!taken.insert(name).second) {
        diag.error(k.key_mark, k.value.path,
                   "'" + name + "' is given twice (a server name, or a client ID again; case-insensitive)");
        continue;
      }
      if (auto p = profile_ref(k.value, spec, diag)) spec.client_ids.push_back({domain, id, *p});
    }
  }
}

// client_id_files: {DOMAIN: FILE, ...}: more IDs of DOMAIN, one "ID PROFILE" a line.
void read_client_id_files(const Field& f, policy::PolicySpec& spec, Diagnostics& diag) {
  MapReader domains(f, diag);
  std::set<std::string> seen_domains;
  for (const KeyedField& d : domains.take_all()) {
    auto domain = client_id_domain(d, seen_domains, diag);
    if (!domain) continue;
    auto path = as_string(d.value, diag);
    if (!path) continue;
    if (path->empty()) {
      diag.error(d.value.mark, d.value.path, "a file name is required");
      continue;
    }
    spec.client_id_files.push_back({*domain, *path});
  }
}

template <typename Fn>
void read_named(MapReader& m, std::string_view key, std::string_view what, Diagnostics& diag, Fn&& fn) {
  if (auto f = m.take(key)) {
    MapReader entries(*f, diag);
    for (const KeyedField& k : entries.take_all())
      if (check_name(k, what, diag)) fn(k);
  }
}

}  // namespace

void read_policy(const Field& f, Config& config, Diagnostics& diag) {
  PolicyConfig& out = config.policy;
  policy::PolicySpec& spec = out.spec;
  MapReader m(f, diag);
  get_seconds(m, "watch_interval", out.watch_interval, Seconds(0), Seconds(86400), diag);
  Seconds ttl(spec.ttl);
  get_seconds(m, "block_ttl", ttl, Seconds(0), Seconds(86400), diag);
  spec.ttl = static_cast<uint32_t>(ttl.count());
  read_named(m, "lists", "list", diag, [&](const KeyedField& k) { read_list(k, out, diag); });
  read_named(m, "profiles", "profile", diag, [&](const KeyedField& k) { read_profile(k, spec, diag); });
  read_named(m, "tenants", "tenant", diag, [&](const KeyedField& k) { read_tenant(k, spec, diag); });
  std::set<std::string> server_names;
  if (auto s = m.take("server_names")) read_server_names(*s, spec, server_names, diag);
  if (auto s = m.take("client_ids")) read_client_ids(*s, spec, server_names, diag);
  if (auto s = m.take("client_id_files")) read_client_id_files(*s, spec, diag);
  m.finish();
  for (std::size_t i = 0; i < config.listeners.size(); ++i) {
    const Listener& l = config.listeners[i];
    std::vector<std::string> flavours{l.flavour};
    for (const auto& p : l.doh_paths)
      if (!p.flavour.empty()) flavours.push_back(p.flavour);
    for (const auto& fl : flavours) {
      if (has_profile(spec, fl)) continue;
      diag.error(f.mark, f.path, "listeners[" + std::to_string(i) + "] (" + l.origin + ") has flavour '" + fl +
                                     "', which is not a profile here (nor 'plain')");
    }
  }
}

void resolve_policy_paths(Config& config, const std::string& config_path) {
  auto slash = config_path.rfind('/');
  if (slash == std::string::npos) return;
  std::string dir = config_path.substr(0, slash + 1);
  for (auto& l : config.policy.spec.lists)
    if (!l.path.empty() && l.path.front() != '/') l.path = dir + l.path;
  for (auto& t : config.policy.spec.tenants)
    if (!t.networks_file.empty() && t.networks_file.front() != '/') t.networks_file = dir + t.networks_file;
  for (auto& f : config.policy.spec.client_id_files)
    if (!f.path.empty() && f.path.front() != '/') f.path = dir + f.path;
  for (auto& f : config.policy.fetch)
    if (!f.source.ca_file.empty() && f.source.ca_file.front() != '/') f.source.ca_file = dir + f.source.ca_file;
}

void policy_warnings(const Config& config, std::vector<std::string>& out) {
  if (!config.policy.spec.profiles.empty()) return;  // then read_policy checked every flavour
  for (const Listener& l : config.listeners) {
    if (l.flavour == policy::kPlainProfile) continue;
    out.push_back("listener " + l.address.to_string() + ":" + std::to_string(l.port) + " has flavour '" + l.flavour +
                  "' but no policy profile defines it: served unfiltered");
  }
}

std::string format_policy(const PolicyConfig& p) {
  const policy::PolicySpec& s = p.spec;
  if (p == PolicyConfig{}) return "";
  std::ostringstream o;
  o << "policy:\n"
    << "  watch_interval: " << format_duration(p.watch_interval) << "\n"
    << "  block_ttl: " << format_duration(Seconds(s.ttl)) << "\n"
    << "  lists:" << (s.lists.empty() ? " {}" : "") << "\n";
  for (const auto& l : s.lists) {
    o << "    " << l.name << ": {file: " << yaml_quoted(l.path) << ", format: " << policy::to_string(l.format)
      << ", category: " << policy::to_string(l.category);
    for (const auto& x : p.xfr)
      if (x.list == l.name) o << ", xfr: " << format_xfr_source(x.source);
    for (const auto& x : p.fetch)
      if (x.list == l.name) o << ", fetch: " << format_fetch_source(x.source);
    o << "}\n";
  }
  o << "  profiles:" << (s.profiles.empty() ? " {}" : "") << "\n";
  for (const auto& pr : s.profiles) {
    o << "    " << pr.name << ":\n      lists: [";
    for (std::size_t i = 0; i < pr.lists.size(); ++i) {
      o << (i ? ", " : "") << "{list: " << pr.lists[i].list << ", action: " << policy::to_string(pr.lists[i].action) << "}";
    }
    o << "]\n      allow: [";
    for (std::size_t i = 0; i < pr.allow.size(); ++i) o << (i ? ", " : "") << pr.allow[i];
    o << "]\n";
    if (pr.sinkhole_v4 || pr.sinkhole_v6) {
      o << "      sinkhole: {";
      if (pr.sinkhole_v4) o << "a: " << yaml_quoted(pr.sinkhole_v4->to_string());
      if (pr.sinkhole_v6) o << (pr.sinkhole_v4 ? ", " : "") << "aaaa: " << yaml_quoted(pr.sinkhole_v6->to_string());
      o << "}\n";
    }
  }
  o << "  tenants:" << (s.tenants.empty() ? " {}" : "") << "\n";
  for (const auto& t : s.tenants) {
    o << "    " << t.name << ":\n      networks: [";
    for (std::size_t i = 0; i < t.networks.size(); ++i) o << (i ? ", " : "") << yaml_quoted(t.networks[i].to_string());
    o << "]\n";
    if (!t.networks_file.empty()) o << "      networks_file: " << yaml_quoted(t.networks_file) << "\n";
    o << "      profile: " << t.profile << "\n";
  }
  o << "  server_names:" << (s.server_names.empty() ? " {}" : "") << "\n";
  for (const auto& n : s.server_names) o << "    " << yaml_quoted(n.name) << ": " << n.profile << "\n";
  o << "  client_ids:" << (s.client_ids.empty() ? " {}" : "") << "\n";
  for (std::size_t i = 0; i < s.client_ids.size(); ++i) {
    const auto& c = s.client_ids[i];
    if (i == 0 || s.client_ids[i - 1].domain != c.domain) o << "    " << yaml_quoted(c.domain) << ":\n";
    o << "      " << yaml_quoted(c.id) << ": " << c.profile << "\n";
  }
  if (!s.client_id_files.empty()) {
    o << "  client_id_files:\n";
    for (const auto& f : s.client_id_files) o << "    " << yaml_quoted(f.domain) << ": " << yaml_quoted(f.path) << "\n";
  }
  return o.str();
}

}  // namespace dns4eu::daemon::internal
