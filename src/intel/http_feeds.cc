// http_feeds.cc — see http_feeds.h.
#include "intel/http_feeds.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "dns/name.h"
#include "intel/internal/atomic_file.h"
#include "intel/internal/misp_mirror.h"
#include "intel/rpz_feeds.h"
#include "policy/internal/text_lines.h"

namespace dns4eu::intel {
namespace {

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void set_mtime(const std::string& path, int64_t unix_seconds) {
  timespec times[2] = {{0, UTIME_OMIT}, {static_cast<time_t>(unix_seconds), 0}};
  (void)::utimensat(AT_FDCWD, path.c_str(), times, 0);  // only the version's timestamp: fine if refused
}

// A MISP feed (its manifest's URL) mirrored into the list's directory.
bool is_mirror(const FetchFeedSpec& f) {
  return f.list.format == policy::ListFormat::kMisp && internal::is_misp_feed_url(f.source.url);
}

}  // namespace

std::string placeholder_list(policy::ListFormat format) {
  switch (format) {
    case policy::ListFormat::kRpz:
      return placeholder_zone(*dns::Name::from_text("fetch.invalid."));
    case policy::ListFormat::kMisp:
      return "{\"response\": []}\n";
    case policy::ListFormat::kAdblock:
      return "! dns4eu: no version fetched yet\n";
    default:
      return "# dns4eu: no version fetched yet\n";
  }
}

HttpFeeds::HttpFeeds(std::vector<FetchFeedSpec> feeds, std::function<void(const std::string&)> on_update, FeedLog log)
    : specs_(std::move(feeds)), state_(specs_.size()), on_update_(std::move(on_update)), log_(std::move(log)) {
  internal::init_curl();
  for (const auto& f : specs_) {
    std::error_code ec;
    if (std::filesystem::exists(f.list.path, ec)) continue;
    auto s = is_mirror(f) ? internal::make_empty_feed(f.list.path)
                          : internal::write_atomically(f.list.path, placeholder_list(f.list.format));
    if (!s)
      log_(LogLevel::kError, "fetch " + f.list.name + ": " + s.error().message);
    else
      log_(LogLevel::kWarn, "fetch " + f.list.name + ": " + f.list.path + " did not exist: the list is empty until " +
                                url_for_logs(f.source.url) + " answers");
  }
}

HttpFeeds::~HttpFeeds() { stop(); }

void HttpFeeds::start() {
  scheduler_.start([this](std::size_t i) { refresh(i); });
}

void HttpFeeds::stop() {
  abort_.store(true);  // ends a request in progress
  scheduler_.stop();
}

void HttpFeeds::check_now() { scheduler_.due_now_all(); }

void HttpFeeds::refresh(std::size_t i) {
  const FetchFeedSpec& f = specs_[i];
  internal::Validators held;
  {
    std::lock_guard lock(mu_);
    held = state_[i].held;
  }
  const std::string who = "fetch " + f.list.name + " (" + url_for_logs(f.source.url) + ")";
  Result<bool> changed = false;
  std::optional<internal::Validators> validators;  // of the version now held, when it was fetched
  if (is_mirror(f)) {
    auto m = internal::mirror_misp_feed(f.source, f.list, held, abort_);
    if (!m)
      changed = tl::unexpected(m.error());
    else if (!m->not_modified)
      validators = m->validators, changed = m->changed;
    if (m && m->changed)
      log_(LogLevel::kInfo, who + ": new version, " + std::to_string(m->fetched) + " events fetched, " +
                                std::to_string(m->kept) + " kept, " + std::to_string(m->rules) + " rules");
  } else {
    auto got = internal::https_get(f.source, held, abort_);
    if (!got)
      changed = tl::unexpected(got.error());
    else if (!got->not_modified && (changed = publish(i, *got)))
      validators = got->validators;
  }
  if (!changed && abort_.load()) return;  // stopping: no error to report
  const int64_t now = unix_now();
  std::string error;
  std::chrono::seconds wait;
  {
    std::lock_guard lock(mu_);
    State& s = state_[i];
    if (changed) {
      s.last_success_unix = now;
      s.last_error.clear(), s.last_error_unix = 0;
      s.backoff = std::chrono::seconds(0);
      if (validators) s.held = *validators;
      wait = f.source.interval;
    } else {
      s.last_error = error = changed.error().message;
      s.last_error_unix = now;
      s.backoff = wait = std::min(s.backoff.count() == 0 ? f.source.retry : s.backoff * 2, f.source.interval);
    }
  }
  scheduler_.due_in(i, wait);                        // unless check_now() came meanwhile
  if (changed && *changed) on_update_(f.list.name);  // after the status says so
  if (!changed)
    log_(LogLevel::kError, who + ": update refused, the previous version keeps serving (next try in " +
                               std::to_string(wait.count()) + " s): " + error);
}

Result<bool> HttpFeeds::publish(std::size_t i, internal::HttpsResponse& r) {
  const FetchFeedSpec& f = specs_[i];
  std::error_code ec;
  if (std::filesystem::file_size(f.list.path, ec) == r.body.size() && !ec)  // read only a possible twin
    if (auto same = policy::internal::read_text_file(f.list.path); same && *same == r.body) return false;
  // The same parser the policy build runs: a body it would refuse never
  // replaces the file. Its messages name the URL and the line.
  policy::ListSpec check = f.list;
  check.path = url_for_logs(f.source.url);
  auto parsed = policy::parse_list(r.body, check);
  if (!parsed) return fail(parsed.error().code, parsed.error().message);
  if (auto s = internal::write_atomically(f.list.path, r.body); !s) return tl::unexpected(s.error());
  if (r.validators.modified_unix > 0) set_mtime(f.list.path, r.validators.modified_unix);
  log_(LogLevel::kInfo, "fetch " + f.list.name + " (" + check.path + "): new version, " +
                            std::to_string(r.body.size()) + " octets, " + std::to_string((*parsed)->rule_count) +
                            ((*parsed)->rule_count == 1 ? " rule" : " rules"));
  return true;
}

std::vector<FeedStatus> HttpFeeds::status() const {
  std::lock_guard lock(mu_);
  std::vector<FeedStatus> out;
  for (std::size_t i = 0; i < specs_.size(); ++i)
    out.push_back({specs_[i].list.name, state_[i].last_error_unix, state_[i].last_error, state_[i].last_success_unix,
                   FeedKind::kFetch});
  return out;
}

}  // namespace dns4eu::intel
