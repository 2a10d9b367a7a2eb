// list_check.h — offline checks of the policy's source files, for operators
// and list maintainers before a file or a config goes live:
//
//   dns4eud --check-list FILE --format rpz           one file, no config
//   dns4eud --check-config FILE --check-lists        every list and tenant
//                                                    networks file of a config
//
// Each returns the report to print (one line per source: what it holds) or
// the first error with "source:line: reason", exactly as a reload would
// refuse the file. Nothing is sent or written.
//
//   auto r = check_list_file("/srv/feeds/legal.rpz", "rpz");
//   // "/srv/feeds/legal.rpz: 1520 rules (rpz, serial 2026112901)\n"
//
// Thread-safety: reentrant functions (they read files).
#pragma once

#include <string>
#include <string_view>

#include "dns/result.h"
#include "policy/policy.h"

namespace dns4eu::daemon {

// `format`: a list format (domains, hosts, adblock, rpz, misp), "networks"
// (a tenant networks file) or "client-ids" (a client ID file: its syntax; the
// profiles it names are checked against a config by check_policy_sources).
Result<std::string> check_list_file(const std::string& path, std::string_view format);

// Loads every list and networks file of `spec` (as the daemon does at start)
// and describes each: "list NAME: N rules (FORMAT), FILE", "tenant NAME: N
// networks from FILE", "client IDs of DOMAIN: N IDs from FILE".
Result<std::string> check_policy_sources(const policy::PolicySpec& spec);

}  // namespace dns4eu::daemon
