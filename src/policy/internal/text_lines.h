// text_lines.h — the line loop shared by the policy's line-oriented parsers
// (domain lists, hosts files, adblock lists, tenant networks files, client
// ID files), and reading a small text file whole: each
// line without its comment and surrounding blanks, blank lines skipped, and
// the first error prefixed with "source:line: ".
//
//   Status s = for_each_line(text, "/etc/nets.txt", '#', [&](std::string_view line) -> Status { ... });
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>

#include "dns/result.h"

namespace dns4eu::policy::internal {

// The whole of a small text file (a tenant's networks, client IDs): "path:
// cannot open: reason" when it cannot be read, "path: not a regular file".
Result<std::string> read_text_file(const std::string& path);

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Calls fn(line) — or fn(line_number, line) — for every line with its
// comment (from `comment` on) and surrounding blanks removed, skipping empty
// ones; stops at the first error.
template <typename Fn>
Status for_each_line(std::string_view text, std::string_view source, char comment, Fn&& fn) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (auto c = line.find(comment); c != std::string_view::npos) line = line.substr(0, c);
    line = trim(line);
    if (line.empty()) continue;
    Status s;
    if constexpr (std::is_invocable_v<Fn, std::size_t, std::string_view>)
      s = fn(line_no, line);
    else
      s = fn(line);
    if (!s) return fail(s.error().code, std::string(source) + ":" + std::to_string(line_no) + ": " + s.error().message);
  }
  return {};
}

}  // namespace dns4eu::policy::internal
