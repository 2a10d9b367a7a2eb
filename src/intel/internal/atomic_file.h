// atomic_file.h — writes a feed's new version of a list file whole or not at
// all: a temporary file next to it, then rename, so the policy's file watcher
// never reads half a list.
#pragma once

#include <string>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::intel::internal {

Status write_atomically(const std::string& path, std::string_view text);

}  // namespace dns4eu::intel::internal
