// lists_status.h — the management API's GET /lists: what each policy list
// of a runtime snapshot serves (name, category, format, source file or zone
// transfer, entries, version, when it was loaded, why its newest file was
// refused). Read-only; nothing here touches the files.
//
//   nlohmann::json j = lists_status_json(*server.runtime());
//
// Thread-safety: reads an immutable Runtime.
#pragma once

#include <nlohmann/json.hpp>

#include "daemon/runtime.h"

namespace dns4eu::daemon {

nlohmann::json lists_status_json(const Runtime& rt);

}  // namespace dns4eu::daemon
