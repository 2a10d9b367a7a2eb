// client_id_list.cc — see client_id_list.h.
#include "policy/client_id_list.h"

#include <algorithm>
#include <cctype>

#include <absl/container/flat_hash_map.h>
#include <absl/strings/string_view.h>

#include "policy/internal/text_lines.h"

namespace dns4eu::policy {
namespace {

bool is_profile_name(std::string_view s) {
  return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-' || c == '_';
  });
}

}  // namespace

bool is_client_id(std::string_view id) {
  return !id.empty() && id.size() <= 63 && id.front() != '-' && id.back() != '-' &&
         std::all_of(id.begin(), id.end(),
                     [](unsigned char c) { return std::islower(c) || std::isdigit(c) || c == '-'; });
}

Result<std::vector<ClientIdEntry>> parse_client_id_list(std::string_view text, std::string_view source) {
  std::vector<ClientIdEntry> out;
  absl::flat_hash_map<std::string, std::size_t> seen;  // ID -> its line
  auto s = internal::for_each_line(text, source, '#', [&](std::size_t line_no, std::string_view line) -> Status {
    auto sp = line.find_first_of(" \t");
    if (sp == std::string_view::npos)
      return fail(ErrorCode::kMalformed, "expected 'ID PROFILE', got '" + std::string(line) + "'");
    std::string id(line.substr(0, sp));
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string_view profile = internal::trim(line.substr(sp));
    if (!is_client_id(id))
      return fail(ErrorCode::kMalformed,
                  "a client ID is one label of a-z, 0-9 and '-' (not first or last, at most 63), got '" +
                      std::string(line.substr(0, sp)) + "'");
    if (!is_profile_name(profile))
      return fail(ErrorCode::kMalformed, "expected one profile name after the ID, got '" + std::string(profile) + "'");
    if (auto [it, fresh] = seen.try_emplace(id, line_no); !fresh)
      return fail(ErrorCode::kMalformed,
                  "client ID '" + id + "' is given twice (first on line " + std::to_string(it->second) + ")");
    out.push_back(ClientIdEntry{std::move(id), std::string(profile), line_no});
    return {};
  });
  if (!s) return tl::unexpected(s.error());
  return out;
}

Result<std::vector<ClientIdEntry>> load_client_id_list(const std::string& path) {
  auto text = internal::read_text_file(path);
  if (!text) return tl::unexpected(text.error());
  return parse_client_id_list(*text, path);
}

}  // namespace dns4eu::policy
