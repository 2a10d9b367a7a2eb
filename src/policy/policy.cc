// policy.cc — see policy.h.
#include "policy/policy.h"

#include <chrono>

#include <sys/stat.h>

#include <algorithm>

#include <absl/strings/string_view.h>

#include "policy/network_list.h"

namespace dns4eu::policy {
namespace {

Action resolve_action(ProfileAction pa, RuleAction ra, bool has_data) {
  if (ra == RuleAction::kPassthru) return Action::kPassthru;  // an RPZ pass-through stays one
  switch (pa) {
    case ProfileAction::kGiven:
      switch (ra) {
        case RuleAction::kList:
        case RuleAction::kNxdomain: return Action::kNxdomain;
        case RuleAction::kNodata: return Action::kNodata;
        case RuleAction::kPassthru: return Action::kPassthru;
        case RuleAction::kDrop: return Action::kDrop;
        case RuleAction::kTcpOnly: return Action::kTcpOnly;
        case RuleAction::kLocalData: return has_data ? Action::kLocalData : Action::kNxdomain;
      }
      return Action::kNxdomain;
    case ProfileAction::kNxdomain: return Action::kNxdomain;
    case ProfileAction::kNodata: return Action::kNodata;
    case ProfileAction::kSinkhole: return Action::kSinkhole;
    case ProfileAction::kRefused: return Action::kRefused;
    case ProfileAction::kDrop: return Action::kDrop;
    case ProfileAction::kPassthru: return Action::kPassthru;
    case ProfileAction::kLog: return Action::kNone;  // never applied (the checks skip such lists)
  }
  return Action::kNxdomain;
}

// A list whose table is at least this big is read from memory, not from a
// cache: check_qname fetches its slots early (Profile::early).
constexpr std::size_t kEarlyPrefetchBytes = std::size_t{4} << 20;

Verdict from_ip_rule(const Profile::Entry& e, const List& l, const IpRule& r, Trigger t) {
  Verdict v;
  v.trigger = t;
  v.list = &l;
  v.ip_rule = &r;
  v.data = r.data < l.data.size() ? &l.data[r.data] : nullptr;
  v.action = resolve_action(e.action, r.action, v.data != nullptr);
  return v;
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A file-backed source as served: what it holds, its file's stamp, its status.
template <typename T>
struct Served {
  std::shared_ptr<const T> value;
  FileStamp stamp;
  ListStatus status;
};

// The version of a source to serve: `old` while its file is unchanged, else
// the file loaded anew. A file that fails to load keeps `old` (a line in
// `warnings`, the error in its status, its stamp taken so the same broken
// file is not read again on every check); with no old version the build
// fails with "WHAT: source:line: reason".
template <typename T, typename Load>
Result<Served<T>> refresh(const std::string& what, const std::string& path, std::optional<Served<T>> old, Load&& load,
                          std::vector<std::string>* warnings) {
  FileStamp stamp = FileStamp::of(path);
  if (old && old->stamp == stamp) return std::move(*old);
  auto loaded = load();
  if (!loaded) {
    if (!old) return fail(loaded.error().code, what + ": " + loaded.error().message);
    if (warnings) warnings->push_back(what + " refused, the previous version keeps serving: " + loaded.error().message);
    old->stamp = stamp;
    old->status.last_error = loaded.error().message;
    old->status.last_error_unix = unix_now();
    return std::move(*old);
  }
  return Served<T>{std::move(*loaded), stamp, ListStatus{stamp.mtime_ns, unix_now(), {}, 0}};
}

}  // namespace

std::string_view to_string(Trigger t) {
  static constexpr std::string_view kNames[] = {"qname", "cname-target", "response-ip", "client-ip", "nsdname", "nsip"};
  return kNames[static_cast<int>(t)];
}

std::string_view to_string(ChosenBy c) {
  static constexpr std::string_view kNames[] = {"endpoint", "tenant", "server name", "client id"};
  return kNames[static_cast<int>(c)];
}

std::optional<dns::ExtendedError> Verdict::ede() const {
  if (!blocks() || list == nullptr) return std::nullopt;
  return dns::ExtendedError{ede_for(list->category),
                            "list " + list->name + " (" + std::string(to_string(list->category)) + ")"};
}

FileStamp FileStamp::of(const std::string& path) {
  struct stat st {};
  FileStamp f;
  if (::stat(path.c_str(), &st) != 0) return f;
  // A MISP feed directory changes with its manifest (which lists every event
  // with its timestamp) and when event files arrive (the directory's mtime):
  // a feed refused for a missing event is read again once the file is there.
  if (S_ISDIR(st.st_mode)) {
    f.dir_mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (::stat((path + "/manifest.json").c_str(), &st) != 0) return f;
  }
  f.exists = true;
  f.dev = st.st_dev;
  f.ino = st.st_ino;
  f.size = static_cast<uint64_t>(st.st_size);
  f.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return f;
}

Result<std::shared_ptr<const Policy>> Policy::build(const PolicySpec& spec, const Policy* previous,
                                                    std::vector<std::string>* warnings) {
  auto p = std::make_shared<Policy>();
  p->spec_ = spec;
  for (const auto& ls : spec.lists) {
    for (const auto& l : p->lists_)
      if (l->name == ls.name) return fail(ErrorCode::kInvalidArgument, "list '" + ls.name + "' is defined twice");
    std::optional<Served<List>> old;
    if (previous) {
      for (std::size_t i = 0; i < previous->lists_.size(); ++i)
        if (previous->spec_.lists[i] == ls)
          old = Served<List>{previous->lists_[i], previous->stamps_[i], previous->status_[i]};
    }
    auto served = refresh<List>(
        "list '" + ls.name + "'", ls.path, std::move(old), [&] { return load_list(ls); }, warnings);
    if (!served) return tl::unexpected(served.error());
    p->lists_.push_back(std::move(served->value));
    p->stamps_.push_back(served->stamp);
    p->status_.push_back(std::move(served->status));
  }
  for (const auto& t : spec.tenants) {
    if (t.networks_file.empty()) {
      p->tenant_files_.emplace_back();
      continue;
    }
    std::optional<Served<std::vector<IpNet>>> old;
    if (previous) {
      for (std::size_t i = 0; i < previous->spec_.tenants.size(); ++i) {
        const TenantSpec& pt = previous->spec_.tenants[i];
        const TenantFile& pf = previous->tenant_files_[i];
        if (pt.name == t.name && pt.networks_file == t.networks_file && pf.networks)
          old = Served<std::vector<IpNet>>{pf.networks, pf.stamp, pf.status};
      }
    }
    auto load = [&]() -> Result<std::shared_ptr<const std::vector<IpNet>>> {
      auto nets = load_network_list(t.networks_file);
      if (!nets) return tl::unexpected(nets.error());
      return std::make_shared<const std::vector<IpNet>>(std::move(*nets));
    };
    auto served = refresh<std::vector<IpNet>>("tenant '" + t.name + "': networks_file", t.networks_file, std::move(old),
                                              load, warnings);
    if (!served) return tl::unexpected(served.error());
    p->tenant_files_.push_back(TenantFile{std::move(served->value), served->stamp, std::move(served->status)});
  }
  auto list_index = [&](const std::string& name) -> std::optional<uint16_t> {
    for (std::size_t i = 0; i < p->lists_.size(); ++i)
      if (p->lists_[i]->name == name) return static_cast<uint16_t>(i);
    return std::nullopt;
  };
  p->profiles_.push_back(Profile{std::string(kPlainProfile), {}, {}, {}, {}});
  for (const auto& ps : spec.profiles) {
    if (p->profile_id(ps.name)) return fail(ErrorCode::kInvalidArgument, "profile '" + ps.name + "' is defined twice (or is the built-in 'plain')");
    Profile prof{ps.name, {}, {}, ps.sinkhole_v4, ps.sinkhole_v6};
    for (const auto& e : ps.lists) {
      auto i = list_index(e.list);
      if (!i) return fail(ErrorCode::kInvalidArgument, "profile '" + ps.name + "': no list named '" + e.list + "'");
      prof.lists.push_back({*i, e.action});
      const List& l = *p->lists_[*i];
      if (l.names.memory_bytes() >= kEarlyPrefetchBytes) prof.early.push_back(*i);
      else if (l.names.size() > 0) prof.late.push_back(*i);
      prof.has_ip_triggers |= !l.response_ips.empty();
      prof.has_client_ip_triggers |= !l.client_ips.empty();
      prof.has_nsdname_triggers |= l.nsdnames.size() > 0;
      prof.has_nsip_triggers |= !l.ns_ips.empty();
    }
    for (const auto& a : ps.allow) {
      auto i = list_index(a);
      if (!i) return fail(ErrorCode::kInvalidArgument, "profile '" + ps.name + "': no allowlist named '" + a + "'");
      prof.allow.push_back(*i);
      if (p->lists_[*i]->names.memory_bytes() >= kEarlyPrefetchBytes) prof.early.push_back(*i);
    }
    p->profiles_.push_back(std::move(prof));
  }
  // The suffix filter: every list's owners; those of a list that some
  // profile uses as an allowlist also carry the allowlist mark (their bits
  // count twice in the filter's size).
  std::vector<bool> is_allow(p->lists_.size());
  for (const auto& prof : p->profiles_)
    for (uint16_t a : prof.allow) is_allow[a] = true;
  std::size_t keys = 0;
  for (std::size_t i = 0; i < p->lists_.size(); ++i) keys += p->lists_[i]->names.size() * (is_allow[i] ? 2 : 1);
  p->filter_ = SuffixFilter(keys);
  for (std::size_t i = 0; i < p->lists_.size(); ++i) {
    const bool allow = is_allow[i];
    p->lists_[i]->names.for_each_key([&](uint64_t k) { p->filter_.add(k, allow); });
  }
  for (const auto& t : spec.tenants) {
    auto id = p->profile_id(t.profile);
    if (!id) return fail(ErrorCode::kInvalidArgument, "tenant '" + t.name + "': no profile named '" + t.profile + "'");
    // A network given twice (in one tenant or two, inline or in a file)
    // stays with the first.
    auto spec_index = static_cast<uint32_t>(&t - spec.tenants.data());
    for (const auto& n : t.networks) p->tenants_.add(n, Tenant{*id, spec_index});
    if (const auto& file = p->tenant_files_[spec_index].networks)
      for (const auto& n : *file) p->tenants_.add(n, Tenant{*id, spec_index});
  }
  for (const auto& s : spec.server_names) {
    auto id = p->profile_id(s.profile);
    if (!id) return fail(ErrorCode::kInvalidArgument, "server name '" + s.name + "': no profile named '" + s.profile + "'");
    if (!p->server_names_.try_emplace(s.name, Selection{.profile = *id, .by = ChosenBy::kServerName}).second)
      return fail(ErrorCode::kInvalidArgument, "server name '" + s.name + "' is given twice");
  }
  for (const auto& c : spec.client_ids) {
    auto id = p->profile_id(c.profile);
    std::string name = c.id + "." + c.domain;
    if (!id) return fail(ErrorCode::kInvalidArgument, "client ID '" + name + "': no profile named '" + c.profile + "'");
    if (!p->server_names_.try_emplace(name, Selection{.profile = *id, .by = ChosenBy::kClientId}).second)
      return fail(ErrorCode::kInvalidArgument, "client ID '" + name + "' is also a server name or given twice");
    p->client_id_domains_.insert(c.domain);
  }
  for (const auto& f : spec.client_id_files) {
    std::optional<Served<std::vector<ClientIdEntry>>> old;
    if (previous) {
      for (std::size_t i = 0; i < previous->spec_.client_id_files.size(); ++i)
        if (previous->spec_.client_id_files[i] == f) {
          const ClientIdFile& pf = previous->client_id_files_[i];
          old = Served<std::vector<ClientIdEntry>>{pf.ids, pf.stamp, pf.status};
        }
    }
    const std::string what = "client ID file '" + f.domain + "'";
    auto load = [&]() -> Result<std::shared_ptr<const std::vector<ClientIdEntry>>> {
      auto ids = load_client_id_list(f.path);
      if (!ids) return tl::unexpected(ids.error());
      return std::make_shared<const std::vector<ClientIdEntry>>(std::move(*ids));
    };
    auto served = refresh<std::vector<ClientIdEntry>>(what, f.path, old, load, warnings);
    if (!served) return tl::unexpected(served.error());
    // References are checked against this snapshot: a new version that names
    // a profile that does not exist is refused like a broken file.
    if (auto added = p->add_client_ids(f, *served->value); !added) {
      // A new version falls back to the previous one; with none (or when the
      // previous one fails as well: the config changed) the build fails.
      const bool fallback = old && old->value != served->value;
      if (!fallback || !p->add_client_ids(f, *old->value))
        return fail(added.error().code, what + ": " + added.error().message);
      if (warnings)
        warnings->push_back(what + " refused, the previous version keeps serving: " + added.error().message);
      const FileStamp refused = served->stamp;  // not read again until it changes
      served = std::move(*old);
      served->stamp = refused;
      served->status.last_error = added.error().message;
      served->status.last_error_unix = unix_now();
    }
    p->client_id_domains_.insert(f.domain);
    p->client_id_files_.push_back(ClientIdFile{std::move(served->value), served->stamp, std::move(served->status)});
  }
  return std::shared_ptr<const Policy>(std::move(p));
}

Status Policy::add_client_ids(const ClientIdFileSpec& f, const std::vector<ClientIdEntry>& ids) {
  std::vector<std::pair<std::string, uint16_t>> names;
  names.reserve(ids.size());
  for (const auto& e : ids) {
    auto where = [&] { return f.path + ":" + std::to_string(e.line) + ": "; };
    auto id = profile_id(e.profile);
    if (!id) return fail(ErrorCode::kInvalidArgument, where() + "no profile named '" + e.profile + "'");
    std::string name = e.id + "." + f.domain;
    if (server_names_.contains(name))
      return fail(ErrorCode::kInvalidArgument,
                  where() + "'" + name + "' is also a server name or a client ID of the config");
    names.emplace_back(std::move(name), *id);
  }
  for (auto& [name, id] : names)
    server_names_.try_emplace(std::move(name), Selection{.profile = id, .by = ChosenBy::kClientId});
  return {};
}

std::optional<uint16_t> Policy::profile_id(std::string_view name) const {
  for (std::size_t i = 0; i < profiles_.size(); ++i)
    if (profiles_[i].name == name) return static_cast<uint16_t>(i);
  return std::nullopt;
}

std::size_t Policy::memory_bytes() const {
  std::size_t n = filter_.memory_bytes();
  for (const auto& l : lists_) n += l->memory_bytes();
  return n;
}

bool Policy::files_changed() const {
  for (std::size_t i = 0; i < lists_.size(); ++i)
    if (FileStamp::of(spec_.lists[i].path) != stamps_[i]) return true;
  for (std::size_t i = 0; i < tenant_files_.size(); ++i)
    if (tenant_files_[i].networks && FileStamp::of(spec_.tenants[i].networks_file) != tenant_files_[i].stamp)
      return true;
  for (std::size_t i = 0; i < client_id_files_.size(); ++i)
    if (FileStamp::of(spec_.client_id_files[i].path) != client_id_files_[i].stamp) return true;
  return false;
}

Selection Policy::choose(uint16_t endpoint_profile, const IpAddr* client, std::string_view server_name) const {
  Selection s{.profile = endpoint_profile < profiles_.size() ? endpoint_profile : uint16_t{0}};
  if (client && !tenants_.empty()) {
    if (const Tenant* t = tenants_.match(*client))
      return {.profile = t->profile, .by = ChosenBy::kTenant, .tenant = spec_.tenants[t->spec].name};
  }
  if (server_name.empty() || server_names_.empty()) return s;
  if (server_name.back() == '.') server_name.remove_suffix(1);
  char lower[dns::Name::kMaxWireSize];
  if (server_name.size() > sizeof lower) return s;
  for (std::size_t i = 0; i < server_name.size(); ++i)
    lower[i] = static_cast<char>(dns::ascii_lower(static_cast<uint8_t>(server_name[i])));
  std::string_view name(lower, server_name.size());
  // absl's string hash takes absl::string_view (not std's in Debian's build).
  if (auto it = server_names_.find(absl::string_view(name.data(), name.size())); it != server_names_.end())
    return it->second;
  // <id>.<domain> with an ID nobody configured: what <domain> itself gets.
  auto dot = name.find('.');
  if (dot == std::string_view::npos || client_id_domains_.empty()) return s;
  std::string_view domain = name.substr(dot + 1);
  absl::string_view domain_key(domain.data(), domain.size());
  if (!client_id_domains_.contains(domain_key)) return s;
  if (auto it = server_names_.find(domain_key); it != server_names_.end()) s = it->second;
  s.unknown_client_id = true;
  return s;
}

void Policy::fetch(const Profile& p, const NameKeys& keys, const SuffixFilter::Block** blocks) const {
  for (int i = 0; i < keys.count(); ++i) SuffixFilter::prefetch(blocks[i] = filter_.where(keys.key(i)));
  // Lists too big for the caches: their slots for every suffix but the
  // top-level domain are fetched now, alongside the filter's blocks, so that
  // a listed name costs one memory round trip, not two (filter, then list).
  for (uint16_t l : p.early) {
    const DomainSet& set = lists_[l]->names;
    for (int i = 0; i + 1 < keys.count(); ++i) set.prefetch_key(keys.key(i));
  }
}

void Policy::prefetch_qname(uint16_t profile, const dns::Name& name) const {
  const Profile& p = profiles_[profile];
  if (!p.filters()) return;
  NameKeys keys(name);
  const SuffixFilter::Block* blocks[dns::Name::kMaxWireSize / 2];
  fetch(p, keys, blocks);
}

Verdict Policy::check_qname(uint16_t profile, const dns::Name& name, Trigger as) const {
  Verdict v;
  v.trigger = as;
  const Profile& p = profiles_[profile];
  if (!p.filters()) return v;
  NameKeys keys(name);
  const SuffixFilter::Block* blocks[dns::Name::kMaxWireSize / 2];
  fetch(p, keys, blocks);
  unsigned any = 0;
  for (int i = 0; i < keys.count(); ++i) {
    unsigned t = SuffixFilter::test(blocks[i], keys.key(i));
    any |= t;
    if (!t) keys.skip(i);
  }
  if (!any) return v;
  // Allowlists are probed only when the filter marks a suffix as perhaps
  // allowlisted: a listed name then skips their probes (~30 ns for the 1k-name
  // allowlist of policy_bench).
  if (any & SuffixFilter::kMaybeAllowed) {
    for (uint16_t a : p.allow) {
      if (auto m = lists_[a]->match_name(keys)) {
        v.action = Action::kPassthru;
        v.allowlisted = true;
        v.list = lists_[a].get();
        v.match = *m;
        return v;
      }
    }
  }
  bool rest_fetched = false;
  for (const auto& e : p.lists) {
    const List& l = *lists_[e.list];
    if (auto m = l.match_name(keys)) {
      if (e.action == ProfileAction::kLog) {  // a dry run: reported, and the next lists decide
        if (!v.logged) v.logged = &l;
        continue;
      }
      v.list = &l;
      v.match = *m;
      v.data = m->data;
      v.action = resolve_action(e.action, m->action, m->data != nullptr);
      return v;
    }
    // The first list did not decide: the smaller lists' slots of the
    // suffixes the filter admitted (most often one) are fetched together
    // now, not one list after another as they are probed.
    if (!rest_fetched) {
      rest_fetched = true;
      for (uint16_t r : p.late) {
        const DomainSet& set = lists_[r]->names;
        for (int i = keys.next(0); i < keys.count(); i = keys.next(i + 1)) set.prefetch_key(keys.key(i));
      }
    }
  }
  return v;
}

Verdict Policy::check_nsdname(uint16_t profile, const dns::Name& ns) const {
  Verdict v;
  v.trigger = Trigger::kNsdname;
  const Profile& p = profiles_[profile];
  if (!p.has_nsdname_triggers) return v;
  NameKeys keys(ns);
  for (const auto& e : p.lists) {
    const List& l = *lists_[e.list];
    if (auto m = l.match_nsdname(keys)) {
      if (e.action == ProfileAction::kLog) {
        if (!v.logged) v.logged = &l;
        continue;
      }
      v.list = &l;
      v.match = *m;
      v.data = m->data;
      v.action = resolve_action(e.action, m->action, m->data != nullptr);
      return v;
    }
  }
  return v;
}

Verdict Policy::check_ip(uint16_t profile, bool Profile::*has_triggers,
                         const IpRule* (List::*match)(const IpAddr&) const, const IpAddr& address, Trigger t) const {
  const Profile& p = profiles_[profile];
  Verdict v;
  v.trigger = t;
  if (!(p.*has_triggers)) return v;
  for (const auto& e : p.lists) {
    const IpRule* r = (*lists_[e.list].*match)(address);
    if (!r) continue;
    if (e.action == ProfileAction::kLog) {
      if (!v.logged) v.logged = lists_[e.list].get();
      continue;
    }
    Verdict d = from_ip_rule(e, *lists_[e.list], *r, t);
    d.logged = v.logged;
    return d;
  }
  return v;
}

Verdict Policy::check_client_ip(uint16_t profile, const IpAddr& client) const {
  return check_ip(profile, &Profile::has_client_ip_triggers, &List::match_client_ip, client, Trigger::kClientIp);
}

Verdict Policy::check_nsip(uint16_t profile, const IpAddr& address) const {
  return check_ip(profile, &Profile::has_nsip_triggers, &List::match_ns_ip, address, Trigger::kNsip);
}

Verdict Policy::check_response_ip(uint16_t profile, const IpAddr& address) const {
  return check_ip(profile, &Profile::has_ip_triggers, &List::match_response_ip, address, Trigger::kResponseIp);
}

std::string Policy::explain(const Verdict& v, const dns::Name& qname) const {
  std::string dry_run;
  if (v.logged)
    dry_run = "; list " + v.logged->name +
              " (action log, a dry run) matched too: reported in metrics and the query log, not applied";
  if (v.action == Action::kNone) return "not listed: resolved normally" + dry_run;
  std::string rule;
  if (v.ip_rule) {
    rule = "network " + v.ip_rule->net.to_string();
  } else {
    dns::Name owner = qname.suffix(qname.label_count() - v.match.suffix);
    rule = v.match.below ? "names below " + owner.to_text() : owner.to_text();
  }
  std::string where = "rule '" + rule + "' (" + std::string(to_string(v.trigger)) + " trigger) of list " + v.list->name +
                      " (category " + std::string(to_string(v.list->category)) + ", " +
                      std::string(to_string(v.list->format)) + " file " + v.list->source + ")";
  if (v.allowlisted) return "allowed: " + where + " is an allowlist of this profile: resolved normally";
  if (v.action == Action::kPassthru) return "passed: " + where + " says pass-through: resolved normally" + dry_run;
  std::string out = "blocked: " + where + ", action " + std::string(to_string(v.action));
  if (auto e = v.ede()) out += ", EDE " + std::to_string(static_cast<int>(e->code)) + " \"" + e->extra_text + "\"";
  return out + dry_run;
}

}  // namespace dns4eu::policy
