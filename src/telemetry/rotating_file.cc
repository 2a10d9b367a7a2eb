// rotating_file.cc — see rotating_file.h.
#include "telemetry/rotating_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

namespace dns4eu::telemetry {
namespace {

namespace fs = std::filesystem;

std::string stamp(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

RotatingFile::RotatingFile(RotatingFileConfig config) : config_(std::move(config)) {}

RotatingFile::~RotatingFile() {
  if (file_) std::fclose(file_);
}

std::chrono::milliseconds RotatingFile::rotation_interval() const {
  auto every = config_.rotate_every;
  if (config_.retention.count() > 0) every = std::min(every, config_.retention / 4);
  return std::max(every, std::chrono::milliseconds(250));
}

Status RotatingFile::open() {
  file_ = std::fopen(config_.path.c_str(), "a");
  if (!file_) return fail(ErrorCode::kIo, config_.path + ": cannot open for appending: " + std::strerror(errno));
  struct stat st {};
  size_ = ::fstat(fileno(file_), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
  opened_ = std::chrono::system_clock::now();
  return {};
}

Status RotatingFile::write(std::string_view bytes) {
  if (!file_) return fail(ErrorCode::kIo, config_.path + ": not open");
  if (size_ > 0 && size_ + bytes.size() > config_.max_size) {
    if (auto s = rotate(); !s) return s;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
    return fail(ErrorCode::kIo, config_.path + ": write failed: " + std::strerror(errno));
  size_ += bytes.size();
  return {};
}

Status RotatingFile::flush() {
  if (file_ && std::fflush(file_) != 0) return fail(ErrorCode::kIo, config_.path + ": " + std::strerror(errno));
  return {};
}

Status RotatingFile::rotate() {
  std::fclose(file_);
  file_ = nullptr;
  std::string base = config_.path + "." + stamp(std::chrono::system_clock::now());
  std::string target = base;
  std::error_code ec;
  for (int n = 1; fs::exists(target, ec); ++n) target = base + "." + std::to_string(n);
  fs::rename(config_.path, target, ec);
  if (ec) {
    (void)open();
    return fail(ErrorCode::kIo, config_.path + ": cannot rotate to " + target + ": " + ec.message());
  }
  return open();
}

std::size_t RotatingFile::tick() {
  if (file_ && size_ > 0 && std::chrono::system_clock::now() - opened_ >= rotation_interval()) {
    (void)flush();
    (void)rotate();
  }
  return config_.retention.count() > 0 ? enforce_retention() : 0;
}

std::size_t RotatingFile::enforce_retention() {
  fs::path live(config_.path);
  std::string prefix = live.filename().string() + ".";
  auto dir = live.has_parent_path() ? live.parent_path() : fs::path(".");
  auto limit = fs::file_time_type::clock::now() - (config_.retention - rotation_interval());
  std::size_t deleted = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    std::error_code e2;
    auto mtime = fs::last_write_time(entry.path(), e2);
    if (!e2 && mtime < limit && fs::remove(entry.path(), e2)) ++deleted;
  }
  return deleted;
}

}  // namespace dns4eu::telemetry
