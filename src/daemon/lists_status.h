// lists_status.h — the management API's GET /lists: what each policy list
// of a runtime snapshot serves (name, category, format, source file or zone
// transfer, entries, version, when it was loaded, why its newest file was
// refused, or why its last zone transfer failed, and when; which profiles
// use it and how: `used_by` [{profile, action}], action "log" for a dry run,
// "allow" for an allowlist); and each tenant: its profile, how many networks
// it has, and for a tenant with a `networks_file` that file's status as a
// list's; and each client ID file: its domain, file, how many IDs, and its
// status as a list's. Read-only; nothing here touches the files.
//
//   nlohmann::json j = lists_status_json(*server.runtime(), feeds->status());
//
// `last_error` / `last_error_time`: the newest refused update of a list
// that still serves its previous version — a file ("source:line: reason")
// or a zone transfer (the reason per primary tried, e.g. a TSIG failure).
// Thread-safety: reads an immutable Runtime.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "daemon/runtime.h"
#include "intel/feed_status.h"

namespace dns4eu::daemon {

nlohmann::json lists_status_json(const Runtime& rt, const std::vector<intel::FeedStatus>& feeds = {});

}  // namespace dns4eu::daemon
