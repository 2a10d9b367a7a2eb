// explain.h — `dns4eud --explain NAME [--from ADDR] [--endpoint E]`: what a
// query would get under a config's policy — the profile chosen (listener
// flavour, tenant), the verdict, the rule and list that decided, and the
// answer with its EDE — without sending anything. The lists are loaded as
// the daemon would load them.
//
//   auto text = explain_query(config, "www.evil.test", "10.1.2.3", "127.0.0.2:53");
//   std::cout << *text;
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <string_view>

#include "daemon/config.h"
#include "dns/result.h"

namespace dns4eu::daemon {

// `from`: client address (empty: none, so no tenant or client-IP rule applies).
// `endpoint`: a listener as "address", "address:port" or "[v6]:port", or a
// profile name; empty: the first listener.
Result<std::string> explain_query(const Config& config, std::string_view name, std::string_view from,
                                  std::string_view endpoint);

}  // namespace dns4eu::daemon
