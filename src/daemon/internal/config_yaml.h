// config_yaml.h — parses the config text into one yaml-cpp document,
// working around yaml-cpp 0.7 defects: YAML::LoadAll loops forever on a
// stray ',' (jbeder/yaml-cpp#1040, fixed upstream by PR #1319), and
// YAML::Load then returns an empty document, silently ignoring the file.
//
//   Diagnostics diag("dns4eud.yaml");
//   YAML::Node root = parse_document(text, diag);   // may throw YAML::Exception
//
// Reports extra documents and ignored content into `diag`. Syntax errors are
// thrown as YAML::ParserException for the caller to report with their mark.
// Thread-safety: stateless.
#pragma once

#include <string_view>

#include <yaml-cpp/yaml.h>

#include "daemon/internal/config_reader.h"

namespace dns4eu::daemon::internal {

YAML::Node parse_document(std::string_view text, Diagnostics& diag);

}  // namespace dns4eu::daemon::internal
