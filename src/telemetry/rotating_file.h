// rotating_file.h — an append-only log file that rotates by size and age and
// deletes rotated files past a retention, all done by the process itself
// (no logrotate): the live file is `path`; a rotated file is
// `path.YYYYmmddTHHMMSSZ[.N]` in the same directory.
//
// Retention promise: no record is kept longer than `retention`. The file is
// rotated at least every min(rotate_every, retention / 4), and a rotated file
// is deleted once its oldest possible record is older than the retention
// (its modification time is older than retention - rotation interval).
//
//   RotatingFile f({.path = "/var/log/q.jsonl", .max_size = 1 << 20});
//   if (auto s = f.open(); !s) die(s.error().message);
//   f.write("{...}\n");
//   f.tick();      // now and then: time rotation and retention
//
// Thread-safety: one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::telemetry {

struct RotatingFileConfig {
  std::string path{};
  uint64_t max_size = 100ull << 20;
  std::chrono::milliseconds rotate_every{std::chrono::hours(24)};
  std::chrono::milliseconds retention{0};  // 0: keep rotated files
};

class RotatingFile {
 public:
  explicit RotatingFile(RotatingFileConfig config);
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  Status open();
  // Appends (buffered); rotates first when the size limit would be passed.
  Status write(std::string_view bytes);
  Status flush();
  // Rotates when the live file is older than the rotation interval (and not
  // empty), then deletes rotated files past the retention. Returns how many
  // files were deleted.
  std::size_t tick();
  std::chrono::milliseconds rotation_interval() const;

 private:
  Status rotate();
  std::size_t enforce_retention();
  RotatingFileConfig config_;
  std::FILE* file_ = nullptr;
  uint64_t size_ = 0;
  std::chrono::system_clock::time_point opened_;
};

}  // namespace dns4eu::telemetry
