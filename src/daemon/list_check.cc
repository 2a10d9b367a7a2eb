// list_check.cc — see list_check.h.
#include "daemon/list_check.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "intel/http_feeds.h"
#include "intel/rpz_feeds.h"
#include "policy/network_list.h"

namespace dns4eu::daemon {
namespace {

// "1 rule", "2 rules".
std::string count(std::size_t n, const char* what) { return std::to_string(n) + " " + what + (n == 1 ? "" : "s"); }

std::string describe(const policy::List& l) {
  std::string out = count(l.rule_count, "rule") + " (" + std::string(policy::to_string(l.format));
  if (l.serial) out += ", serial " + std::to_string(*l.serial);
  return out + ")";
}

}  // namespace

Result<std::string> check_list_file(const std::string& path, std::string_view format) {
  if (format == "networks") {
    auto nets = policy::load_network_list(path);
    if (!nets) return tl::unexpected(nets.error());
    return path + ": " + count(nets->size(), "network") + "\n";
  }
  if (format == "client-ids") {  // the syntax only: whether each profile exists depends on a config
    auto ids = policy::load_client_id_list(path);
    if (!ids) return tl::unexpected(ids.error());
    return path + ": " + count(ids->size(), "ID") + "\n";
  }
  auto f = policy::format_from_text(format);
  if (!f)
    return fail(ErrorCode::kInvalidArgument,
                "--format: expected one of domains, hosts, adblock, rpz, misp, networks, client-ids, got '" +
                    std::string(format) + "'");
  auto list = policy::load_list(policy::ListSpec{"check", path, *f, policy::Category::kCustom});
  if (!list) return tl::unexpected(list.error());
  return path + ": " + describe(**list) + "\n";
}

Result<std::string> check_policy_sources(const policy::PolicySpec& spec) {
  auto p = policy::Policy::build(spec, nullptr, nullptr);
  if (!p) return tl::unexpected(p.error());
  std::string out;
  for (const auto& l : (*p)->lists()) out += "list " + l->name + ": " + describe(*l) + ", " + l->source + "\n";
  const auto& files = (*p)->tenant_files();
  for (std::size_t i = 0; i < spec.tenants.size() && i < files.size(); ++i) {
    if (!files[i].networks) continue;
    out += "tenant " + spec.tenants[i].name + ": " + count(files[i].networks->size(), "network") + " from " +
           spec.tenants[i].networks_file + "\n";
  }
  const auto& id_files = (*p)->client_id_files();
  for (std::size_t i = 0; i < spec.client_id_files.size() && i < id_files.size(); ++i)
    out += "client IDs of " + spec.client_id_files[i].domain + ": " + count(id_files[i].ids->size(), "ID") + " from " +
           spec.client_id_files[i].path + "\n";
  return out;
}

Result<std::string> check_policy_sources(const PolicyConfig& config) {
  policy::PolicySpec spec = config.spec;
  std::string tmp;  // a temporary directory, made when a fed list needs it
  std::string notes;
  for (auto& l : spec.lists) {
    std::error_code ec;
    if (std::filesystem::exists(l.path, ec)) continue;
    std::string empty, what;
    for (const auto& x : config.xfr)
      if (x.list == l.name) empty = intel::placeholder_zone(x.source.zone), what = "transferred";
    for (const auto& x : config.fetch)
      if (x.list == l.name) empty = intel::placeholder_list(l.format), what = "fetched";
    if (what.empty()) continue;  // a plain file: missing is an error, as at start
    if (tmp.empty()) {
      std::string pattern = (std::filesystem::temp_directory_path() / "dns4eu-check-XXXXXX").string();
      if (!::mkdtemp(pattern.data())) return fail(ErrorCode::kIo, "cannot make a temporary directory for empty lists");
      tmp = pattern;
    }
    notes +=
        "list " + l.name + ": not " + what + " yet: " + l.path + " does not exist; empty until its first version\n";
    l.path = tmp + "/" + l.name;
    std::ofstream(l.path) << empty;
  }
  auto report = check_policy_sources(spec);
  if (!tmp.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
  }
  if (!report) return report;
  // The lines of the temporary lists name their temporary files: the notes replace them.
  std::string out;
  std::istringstream lines(*report);
  for (std::string line; std::getline(lines, line);)
    if (tmp.empty() || line.find(tmp + "/") == std::string::npos) out += line + "\n";
  return notes + out;
}

}  // namespace dns4eu::daemon
