// policy_list_fuzz.h — shared body of the policy list fuzz targets
// (policy_domains_fuzz, policy_hosts_fuzz, policy_adblock_fuzz, policy_rpz_fuzz,
// policy_misp_fuzz).
//
// Input: list text in one format. A refused list must say where
// ("fuzz:LINE: ...", or "fuzz: ..." for a MISP attribute); an accepted list
// must answer lookups of names taken from its own lines and of the root-most
// names without crashing, and for domain lists every accepted name must match
// itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "policy/list_parser.h"

inline int fuzz_policy_list(const uint8_t* data, size_t size, dns4eu::policy::ListFormat format) {
  using namespace dns4eu;
  if (size > 64 * 1024) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto list = policy::parse_list(text, policy::ListSpec{"fuzz", "fuzz", format, policy::Category::kCustom});
  if (!list) {
    if (list.error().message.rfind("fuzz", 0) != 0) __builtin_trap();  // errors name the source
    return 0;
  }
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    auto name = dns::Name::from_text(line);
    if (!name) continue;
    policy::NameKeys keys(*name);
    auto m = (*list)->match_name(keys);
    (void)(*list)->match_nsdname(keys);
    if (format == policy::ListFormat::kDomains && line.find_first_of("#*\\ \t\r") == std::string_view::npos &&
        !name->is_root() && !m) {
      __builtin_trap();  // an accepted plain-list name matches itself
    }
    if (m && m->suffix >= keys.count()) __builtin_trap();
  }
  return 0;
}
