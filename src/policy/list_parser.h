// list_parser.h — reads a list source into a List: plain domain lists, hosts
// files, adblock domain rules, RPZ zone files and MISP JSON exports (see
// ListFormat in types.h for what each line or attribute means).
//
// Parsing is strict: the first line that is not a valid rule fails the whole
// list with "source:line: reason", so a broken or truncated feed is refused
// and the caller keeps serving the previous version of the list.
//
//   ListSpec spec{"malware", "/var/lib/dns4eu/malware.txt", ListFormat::kDomains, Category::kMalware};
//   auto list = load_list(spec);     // Result<std::shared_ptr<const List>>
//   if (!list) log(list.error().message);   // "/var/lib/.../malware.txt:12: empty label in 'a..b'"
//
// Thread-safety: reentrant functions.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "dns/result.h"
#include "policy/list.h"
#include "policy/types.h"

namespace dns4eu::policy {

struct ListSpec {
  std::string name;
  std::string path;
  ListFormat format = ListFormat::kDomains;
  Category category = Category::kCustom;
  friend bool operator==(const ListSpec&, const ListSpec&) = default;
};

// `text` is the whole source; `spec.path` names it in messages.
Result<std::shared_ptr<const List>> parse_list(std::string_view text, const ListSpec& spec);
// Reads spec.path (any size) and parses it. For format misp, spec.path may
// also be a MISP feed directory: the events its manifest.json lists.
Result<std::shared_ptr<const List>> load_list(const ListSpec& spec);

namespace internal {
// Adds presentation-form `name` with `flags` to `b`; "*.name" is for the
// caller to strip (a '*' left anywhere is refused, as is a bad name).
Status add_name(std::string_view name, uint8_t flags, DomainSet::Builder& b);
Status parse_domains(std::string_view text, List& out);
Status parse_hosts(std::string_view text, List& out);
Status parse_adblock(std::string_view text, List& out);
Status parse_rpz(std::string_view text, List& out);
Status parse_misp(std::string_view text, List& out);  // misp_parser.cc
// A MISP feed directory: manifest.json and <event uuid>.json for each event it lists.
Status load_misp_feed(const std::string& dir, List& out);
// A MISP feed's event uuids are file names: letters, digits and '-' only (at most 64).
bool is_misp_event_id(std::string_view id);
}  // namespace internal

}  // namespace dns4eu::policy
