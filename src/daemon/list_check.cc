// list_check.cc — see list_check.h.
#include "daemon/list_check.h"

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

}  // namespace dns4eu::daemon
