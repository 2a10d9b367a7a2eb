// client_id_list.h — reads a file of client IDs for one client-ID domain
// (policy.client_id_files): the IDs of a telco's or a ministry's customers,
// too many for the config, kept by their own tooling and reloaded when the
// file changes. One ID and its profile a line:
//
//   # ID            PROFILE
//   ministry-7f3a   protective
//   school-19       family
//
// '#' starts a comment; blank lines and surrounding blanks are ignored. IDs
// are case-insensitive (kept in lower case). Parsing is strict: the first bad
// line (an ID that is not one label, a bad profile name, an ID given twice)
// fails the whole file with "source:line: reason", so the caller keeps its
// previous version. Whether each profile exists is the policy's to check.
//
//   auto ids = load_client_id_list("/var/lib/dns4eu/org-ids.txt");
//
// Thread-safety: reentrant functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dns/result.h"

namespace dns4eu::policy {

struct ClientIdEntry {
  std::string id;  // lower case
  std::string profile;
  std::size_t line = 0;  // in the file, for messages
  friend bool operator==(const ClientIdEntry&, const ClientIdEntry&) = default;
};

// One DNS label of a-z, 0-9 and '-' (not first or last), at most 63; `id`
// already in lower case.
bool is_client_id(std::string_view id);

// `text` is the whole file; `source` names it in messages.
Result<std::vector<ClientIdEntry>> parse_client_id_list(std::string_view text, std::string_view source);
Result<std::vector<ClientIdEntry>> load_client_id_list(const std::string& path);

}  // namespace dns4eu::policy
