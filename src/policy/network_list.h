// network_list.h — reads a file of client networks, one prefix a line: the
// networks of a tenant kept outside the YAML config (a telco's or a
// ministry's address plan, exported from its IPAM), reloaded when it changes.
//
//   10.1.0.0/16          # a network
//   2001:db8:1::/48
//   192.0.2.7            # an address alone is a host (/32, /128)
//
// '#' starts a comment; blank lines and surrounding blanks are ignored.
// Parsing is strict, like the lists': the first bad line (not a prefix, a
// prefix length too long, host bits set past the length) fails the whole file
// with "source:line: reason", so the caller keeps its previous version.
//
//   auto nets = load_network_list("/var/lib/dns4eu/tenants/isp-a.txt");
//   if (!nets) log(nets.error().message);  // ".../isp-a.txt:12: '10.1.2.0/16' has host bits set; ..."
//
// Thread-safety: reentrant functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dns/result.h"
#include "policy/types.h"

namespace dns4eu::policy {

// `text` is the whole file; `source` names it in messages.
Result<std::vector<IpNet>> parse_network_list(std::string_view text, std::string_view source);
// Reads `path` and parses it; an unreadable file fails with "path: reason".
Result<std::vector<IpNet>> load_network_list(const std::string& path);

}  // namespace dns4eu::policy
