// policy_client_ids_fuzz — libFuzzer target for client ID files
// (policy/client_id_list.h).
//
// Input: file text. A refused file must say where ("fuzz:LINE: ..."); every
// entry of an accepted one has a valid lower-case ID, a profile name, a line
// number within the text, and no ID twice.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "policy/client_id_list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dns4eu::policy;
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ids = parse_client_id_list(text, "fuzz");
  if (!ids) {
    if (ids.error().message.rfind("fuzz:", 0) != 0) __builtin_trap();
    return 0;
  }
  std::set<std::string> seen;
  for (const ClientIdEntry& e : *ids) {
    if (!is_client_id(e.id) || e.profile.empty() || e.line == 0 || e.line > size) __builtin_trap();
    if (!seen.insert(e.id).second) __builtin_trap();
  }
  return 0;
}
