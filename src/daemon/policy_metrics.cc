// policy_metrics.cc — see policy_metrics.h.
#include "daemon/policy_metrics.h"

#include <algorithm>

namespace dns4eu::daemon {
namespace {

using telemetry::PromWriter;

// One gauge family over every list: `value(i, list)` for list i.
template <typename Fn>
void list_family(PromWriter& w, const policy::Policy& p, const char* name, const char* help, Fn&& value) {
  w.family(name, help, "gauge");
  const auto& lists = p.lists();
  for (std::size_t i = 0; i < lists.size(); ++i)
    if (auto v = value(i, *lists[i])) w.sample(name, {{"list", lists[i]->name}}, *v);
}

const intel::FeedStatus* feed_of(const std::string& list, const std::vector<intel::FeedStatus>& feeds) {
  auto it = std::find_if(feeds.begin(), feeds.end(), [&](const auto& f) { return f.list == list; });
  return it == feeds.end() ? nullptr : &*it;
}

void write_lists(PromWriter& w, const policy::Policy& p, const std::vector<intel::FeedStatus>& feeds) {
  const auto& status = p.list_status();
  auto at = [&](std::size_t i) { return i < status.size() ? status[i] : policy::ListStatus{}; };
  list_family(w, p, "dns4eu_policy_list_rules", "Rules the served version of a policy list holds.",
              [](std::size_t, const policy::List& l) { return std::optional<double>(double(l.rule_count)); });
  list_family(w, p, "dns4eu_policy_list_version_timestamp_seconds",
              "Modification time of the served version's file (Unix seconds): how old the list is.",
              [&](std::size_t i, const policy::List&) {
                return std::optional<double>(double(at(i).version_mtime_ns / 1000000000));
              });
  list_family(w, p, "dns4eu_policy_list_loaded_timestamp_seconds",
              "When the served version of a policy list was loaded (Unix seconds).",
              [&](std::size_t i, const policy::List&) { return std::optional<double>(double(at(i).loaded_unix)); });
  list_family(w, p, "dns4eu_policy_list_serial", "SOA serial of the served version of an RPZ list.",
              [](std::size_t, const policy::List& l) {
                return l.serial ? std::optional<double>(double(*l.serial)) : std::nullopt;
              });
  list_family(w, p, "dns4eu_policy_list_update_refused",
              "1 while the newest update of a list (its file, a zone transfer or a fetch) is refused and the previous "
              "version serves (see GET /lists for why), else 0.",
              [&](std::size_t i, const policy::List& l) {
                const auto* feed = feed_of(l.name, feeds);
                bool refused = !at(i).last_error.empty() || (feed && !feed->last_error.empty());
                return std::optional<double>(refused ? 1 : 0);
              });
  list_family(w, p, "dns4eu_policy_xfr_last_success_timestamp_seconds",
              "When a primary of a zone-transfer list last answered: a serial check that found the zone current, "
              "or a transfer (Unix seconds; 0: not yet).",
              [&](std::size_t, const policy::List& l) {
                const auto* feed = feed_of(l.name, feeds);
                return feed && feed->kind == intel::FeedKind::kXfr
                           ? std::optional<double>(double(feed->last_success_unix))
                           : std::nullopt;
              });
  list_family(w, p, "dns4eu_policy_fetch_last_success_timestamp_seconds",
              "When the URL of a fetched list last answered: a 304, a version equal to the one served, or a new "
              "version that parsed (Unix seconds; 0: not yet).",
              [&](std::size_t, const policy::List& l) {
                const auto* feed = feed_of(l.name, feeds);
                return feed && feed->kind == intel::FeedKind::kFetch
                           ? std::optional<double>(double(feed->last_success_unix))
                           : std::nullopt;
              });
}

void write_tenants(PromWriter& w, const policy::Policy& p) {
  const auto& tenants = p.spec().tenants;
  const auto& files = p.tenant_files();
  auto with_file = [&](auto&& fn) {
    for (std::size_t i = 0; i < tenants.size() && i < files.size(); ++i)
      if (files[i].networks) fn(tenants[i], files[i]);
  };
  w.family("dns4eu_policy_tenant_networks", "Networks of a tenant that has a networks_file (inline and from the file).",
           "gauge");
  with_file([&](const policy::TenantSpec& t, const policy::Policy::TenantFile& f) {
    w.sample("dns4eu_policy_tenant_networks", {{"tenant", t.name}}, double(t.networks.size() + f.networks->size()));
  });
  w.family("dns4eu_policy_tenant_networks_file_refused",
           "1 while the newest version of a tenant's networks_file is refused and the previous networks serve, else 0.",
           "gauge");
  with_file([&](const policy::TenantSpec& t, const policy::Policy::TenantFile& f) {
    w.sample("dns4eu_policy_tenant_networks_file_refused", {{"tenant", t.name}}, f.status.last_error.empty() ? 0 : 1);
  });
}

void write_client_id_files(PromWriter& w, const policy::Policy& p) {
  const auto& specs = p.spec().client_id_files;
  const auto& files = p.client_id_files();
  const std::size_t n = std::min(specs.size(), files.size());
  w.family("dns4eu_policy_client_id_file_ids", "Client IDs served from a client ID file.", "gauge");
  for (std::size_t i = 0; i < n; ++i)
    w.sample("dns4eu_policy_client_id_file_ids", {{"domain", specs[i].domain}},
             files[i].ids ? double(files[i].ids->size()) : 0);
  w.family("dns4eu_policy_client_id_file_refused",
           "1 while the newest version of a client ID file is refused and the previous IDs serve, else 0.", "gauge");
  for (std::size_t i = 0; i < n; ++i)
    w.sample("dns4eu_policy_client_id_file_refused", {{"domain", specs[i].domain}},
             files[i].status.last_error.empty() ? 0 : 1);
}

}  // namespace

void write_policy_sources(PromWriter& w, const Runtime& rt, const std::vector<intel::FeedStatus>& feeds) {
  if (!rt.policy) return;
  write_lists(w, *rt.policy, feeds);
  write_tenants(w, *rt.policy);
  write_client_id_files(w, *rt.policy);
}

}  // namespace dns4eu::daemon
