// lists_status.cc — see lists_status.h.
#include "daemon/lists_status.h"

#include <ctime>

#include "intel/fetch_source.h"

namespace dns4eu::daemon {
namespace {

std::string utc(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// When the served version's file was written and loaded, and why its newest
// file was refused (if it was).
void add_file_status(nlohmann::json& j, const policy::ListStatus& s) {
  j["file_mtime"] = utc(s.version_mtime_ns / 1000000000);
  j["loaded"] = utc(s.loaded_unix);
  if (!s.last_error.empty()) {
    j["last_error"] = s.last_error;
    j["last_error_time"] = utc(s.last_error_unix);
  }
}

nlohmann::json tenants_json(const policy::Policy& p) {
  nlohmann::json out = nlohmann::json::array();
  const auto& files = p.tenant_files();
  for (std::size_t i = 0; i < p.spec().tenants.size(); ++i) {
    const policy::TenantSpec& t = p.spec().tenants[i];
    const auto* file = i < files.size() && files[i].networks ? &files[i] : nullptr;
    nlohmann::json j{{"name", t.name},
                     {"profile", t.profile},
                     {"networks", t.networks.size() + (file ? file->networks->size() : 0)}};
    if (file) {
      j["networks_file"] = t.networks_file;
      add_file_status(j, file->status);
    }
    out.push_back(std::move(j));
  }
  return out;
}

nlohmann::json client_id_files_json(const policy::Policy& p) {
  nlohmann::json out = nlohmann::json::array();
  const auto& files = p.client_id_files();
  for (std::size_t i = 0; i < p.spec().client_id_files.size() && i < files.size(); ++i) {
    const policy::ClientIdFileSpec& f = p.spec().client_id_files[i];
    nlohmann::json j{{"domain", f.domain}, {"file", f.path}, {"ids", files[i].ids ? files[i].ids->size() : 0}};
    add_file_status(j, files[i].status);
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

nlohmann::json lists_status_json(const Runtime& rt, const std::vector<intel::FeedStatus>& feeds) {
  nlohmann::json lists = nlohmann::json::array();
  if (rt.policy) {
    const auto& all = rt.policy->lists();
    const auto& status = rt.policy->list_status();
    for (std::size_t i = 0; i < all.size(); ++i) {
      const policy::List& l = *all[i];
      nlohmann::json j{{"name", l.name},
                       {"category", std::string(policy::to_string(l.category))},
                       {"format", std::string(policy::to_string(l.format))},
                       {"file", l.source},
                       {"source", "file"},
                       {"entries", l.rule_count}};
      for (const auto& x : rt.config.policy.xfr) {
        if (x.list != l.name) continue;
        j["source"] = "xfr";
        j["zone"] = x.source.zone.to_text();
      }
      for (const auto& x : rt.config.policy.fetch) {
        if (x.list != l.name) continue;
        j["source"] = "fetch";
        j["url"] = intel::url_for_logs(x.source.url);  // no query: it may hold a key
      }
      // Where it applies: each profile that uses it, with the entry's action
      // ("log": a dry run), or "allow" for an allowlist.
      nlohmann::json used = nlohmann::json::array();
      for (const auto& p : rt.policy->spec().profiles) {
        for (const auto& e : p.lists)
          if (e.list == l.name)
            used.push_back({{"profile", p.name}, {"action", std::string(policy::to_string(e.action))}});
        for (const auto& a : p.allow)
          if (a == l.name) used.push_back({{"profile", p.name}, {"action", "allow"}});
      }
      j["used_by"] = std::move(used);
      if (l.serial) j["serial"] = *l.serial;
      if (i < status.size()) {
        const policy::ListStatus& s = status[i];
        int64_t mtime = s.version_mtime_ns / 1000000000;
        j["version"] = l.serial ? std::to_string(*l.serial) : utc(mtime);
        add_file_status(j, s);
      }
      for (const auto& f : feeds) {
        if (f.list != l.name) continue;
        if (f.last_success_unix) j["last_success_time"] = utc(f.last_success_unix);
        // A refused transfer or fetch is newer news than a refused file.
        if (f.last_error.empty()) continue;
        if (i < status.size() && !status[i].last_error.empty() && status[i].last_error_unix > f.last_error_unix)
          continue;
        j["last_error"] = (f.kind == intel::FeedKind::kXfr ? "zone transfer: " : "fetch: ") + f.last_error;
        j["last_error_time"] = utc(f.last_error_unix);
      }
      lists.push_back(std::move(j));
    }
  }
  return {{"generation", rt.generation},
          {"lists", std::move(lists)},
          {"tenants", rt.policy ? tenants_json(*rt.policy) : nlohmann::json::array()},
          {"client_id_files", rt.policy ? client_id_files_json(*rt.policy) : nlohmann::json::array()}};
}

}  // namespace dns4eu::daemon
