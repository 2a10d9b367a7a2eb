// list_check.h — offline checks of the policy's source files, for operators
// and list maintainers before a file or a config goes live:
//
//   dns4eud --check-list FILE --format rpz           one file, no config
//   dns4eud --check-config FILE --check-lists        every list and tenant
//                                                    networks file of a config
//
// Each returns the report to print (one line per source: what it holds) or
// the first error with "source:line: reason", exactly as a reload would
// refuse the file. Nothing is sent; nothing is written but, for a list fed by
// zone transfer or fetch whose file does not exist yet, a temporary empty
// list (as the daemon starts it), removed before the call returns.
//
//   auto r = check_list_file("/srv/feeds/legal.rpz", "rpz");
//   // "/srv/feeds/legal.rpz: 1520 rules (rpz, serial 2026112901)\n"
//
// Thread-safety: reentrant functions (they read files).
#pragma once

#include <string>
#include <string_view>

#include "daemon/config.h"
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
// The same for a config's policy, where a list fed by zone transfer or fetch
// whose file does not exist yet is reported as "list NAME: not transferred
// yet" / "not fetched yet: FILE does not exist; empty until its first
// version" instead of failing.
Result<std::string> check_policy_sources(const PolicyConfig& config);

}  // namespace dns4eu::daemon
