// root_hints.h — where resolution starts: the root servers' names and
// addresses, built in (IANA's list) or read from a root hints file such as
// Debian's /usr/share/dns/root.hints or a test Internet's own.
//
// Hints are only used to prime (RFC 8109): the resolver asks a hinted server
// for ". NS" and then trusts the answer, not the hints.
//
//   auto hints = load_root_hints("/usr/share/dns/root.hints");  // Result<RootHints>
//   RootHints builtin = builtin_root_hints();
//
// Thread-safety: value types and pure functions.
#pragma once

#include <string>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"
#include "net/endpoint.h"

namespace dns4eu::resolver {

struct RootServer {
  dns::Name name;
  std::vector<net::Address> addresses;
};

struct RootHints {
  std::vector<RootServer> servers;
};

RootHints builtin_root_hints();
// Reads NS records of "." and the A/AAAA records of their targets; fails with
// file:line on syntax errors and when no server with an address remains.
Result<RootHints> load_root_hints(const std::string& path);

}  // namespace dns4eu::resolver
