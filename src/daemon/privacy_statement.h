// privacy_statement.h — the text an operator publishes about what this
// resolver keeps about its clients, for how long and why, generated from the
// config so it cannot drift from what the daemon does (RFC 8932 §6, the
// "DNS Recursive Operator Privacy" statement: policy part).
//
//   std::cout << privacy_statement(config);   // dns4eud --config F --privacy-statement
//
// Thread-safety: pure function.
#pragma once

#include <string>

#include "daemon/config.h"

namespace dns4eu::daemon {

std::string privacy_statement(const Config& config);

}  // namespace dns4eu::daemon
