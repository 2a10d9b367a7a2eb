// feed_status.h — what a list feed (zone transfer or HTTPS fetch) reports:
// its status for the management API (GET /lists) and /metrics (the last
// refused update with its reasons, the last time its source answered), and
// the log callback through which it tells the daemon what it did.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace dns4eu::intel {

enum class LogLevel : uint8_t { kInfo, kWarn, kError };
using FeedLog = std::function<void(LogLevel, const std::string&)>;

enum class FeedKind : uint8_t { kXfr, kFetch };

struct FeedStatus {
  std::string list;
  // 0: none since the last published version, or since the source showed
  // nothing newer than the version served.
  int64_t last_error_unix = 0;
  std::string last_error;
  // The last time the source answered: a check that found the list current,
  // or a new version (seconds since the epoch; 0: not yet).
  int64_t last_success_unix = 0;
  FeedKind kind = FeedKind::kXfr;
};

}  // namespace dns4eu::intel
