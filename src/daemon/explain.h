// explain.h — what a query would get under a policy, and why, without
// sending it: the profile chosen (tenant, TLS server name, DoH path, listener
// flavour), the verdict, the rule and list that decided, and the answer with
// its EDE. `dns4eud --explain NAME [--from ADDR] [--endpoint E]` asks a
// config (its lists loaded as the daemon would); the management API's
// GET /explain asks the running daemon's snapshot.
//
//   auto text = explain_query(config, "www.evil.test", "10.1.2.3", "127.0.0.2:53");   // --explain
//   auto e = explain(rt.config, *rt.policy, {.name = "www.evil.test", .doh_path = "/family"});
//   if (e) use(e->profile, e->verdict, e->answer);
//
// Thread-safety: reentrant (the policy snapshot is immutable).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "daemon/config.h"
#include "dns/edns.h"
#include "dns/result.h"
#include "policy/policy.h"

namespace dns4eu::daemon {

struct ExplainQuery {
  std::string_view name;
  std::string_view from;         // client address; empty: none (no tenant or client-IP rule applies)
  std::string_view endpoint;     // "address", "address:port", "[v6]:port", or a profile name; empty: the first listener
  std::string_view server_name;  // the TLS server name (SNI) the client sent; empty: none
  std::string_view doh_path;     // a DoH path of that listener; empty: none
};

struct Explanation {
  std::string query;                 // the name, absolute
  std::string client;                // the client address; empty when none was given
  std::string reached;               // "udp 127.0.0.2:53 (flavour protective)", "an endpoint of flavour child"
  std::string profile;
  std::string chosen_by;             // "tenant", "server name", "client id", "doh path" or "endpoint"
  bool unknown_client_id = false;    // the server name carries a client ID nobody configured
  std::string tenant;                // chosen_by "tenant": which one
  bool filters = false;              // false: the profile filters nothing (no verdict below)
  std::string client_rule;           // an rpz-client-ip rule that matched (Policy::explain); empty: none
  std::string verdict;               // Policy::explain of the deciding check
  std::string action;                // policy::to_string(Action)
  std::string answer;                // what the client gets, in words
  std::optional<dns::ExtendedError> ede;
  bool answer_checked = false;       // the answer's CNAME targets (and addresses) are checked after resolution
};

// Errors name the field: "name: …", "from: …", "endpoint: …", "doh_path: …".
Result<Explanation> explain(const Config& config, const policy::Policy& policy, const ExplainQuery& q);

// The --explain text: "query: …\nprofile: …\nverdict: …\nanswer: …\n[then: …]".
std::string to_text(const Explanation& e);

// --explain: builds the config's policy (its lists loaded), then to_text, then
// a "warning:" line for each list refused. Errors say which option: "--from: …".
Result<std::string> explain_query(const Config& config, std::string_view name, std::string_view from,
                                  std::string_view endpoint, std::string_view server_name = {},
                                  std::string_view doh_path = {});

}  // namespace dns4eu::daemon
