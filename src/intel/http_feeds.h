// http_feeds.h — keeps lists fetched over HTTPS fresh: one thread per daemon
// asks each list's URL every `interval` with the validators of the version it
// holds (If-None-Match with its ETag, If-Modified-Since with its
// Last-Modified), so a list that did not change costs its server a 304. A new
// body is checked with the policy's parser for the list's format and written
// to the list's file (atomically; its mtime set to the server's
// Last-Modified, the version's age); the daemon then reloads it the way it
// reloads a changed file. The first request after a start is unconditional
// (validators live in memory), and a body equal to the file is not written
// again. A failed request (TLS, HTTP status, timeout, size), an empty body or
// a body the parser refuses is logged and reported with its reason while the
// file, hence the served list, stays at the previous version; it is tried
// again after `retry`, then twice as long each time up to `interval`. A MISP
// feed (format misp, a URL ending in /manifest.json) is mirrored into the
// list's directory instead (internal/misp_mirror.h).
//
//   HttpFeeds feeds(specs, [&](const std::string& list) { post_reload(); }, log);
//   feeds.start();        // a list file that does not exist yet gets an empty list
//   feeds.check_now();    // POST /reload, SIGHUP: ask every URL again now
//
// Thread-safety: check_now() and status() from any thread; the rest from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "intel/feed_status.h"
#include "intel/fetch_source.h"
#include "intel/internal/feed_scheduler.h"
#include "intel/internal/https_get.h"
#include "policy/list_parser.h"

namespace dns4eu::intel {

struct FetchFeedSpec {
  policy::ListSpec list;  // list.path is where each version is written
  FetchSource source;
};

class HttpFeeds {
 public:
  // Writes an empty list in the list's format to every list file that does
  // not exist yet, so the first policy build finds one.
  HttpFeeds(std::vector<FetchFeedSpec> feeds, std::function<void(const std::string& list)> on_update, FeedLog log);
  ~HttpFeeds();
  void start();
  void stop();
  void check_now();
  const std::vector<FetchFeedSpec>& specs() const { return specs_; }
  std::vector<FeedStatus> status() const;  // kind kFetch

 private:
  struct State {
    std::chrono::seconds backoff{0};  // the last wait after a failure; 0: none
    internal::Validators held;
    int64_t last_error_unix = 0;
    std::string last_error;
    int64_t last_success_unix = 0;
  };
  void refresh(std::size_t i);
  Result<bool> publish(std::size_t i, internal::HttpsResponse& r);  // true: the file changed
  std::vector<FetchFeedSpec> specs_;
  std::vector<State> state_;
  std::function<void(const std::string&)> on_update_;
  FeedLog log_;
  mutable std::mutex mu_;           // guards state_
  std::atomic<bool> abort_{false};  // read by a request in progress
  internal::FeedScheduler scheduler_{specs_.size()};
};

// An empty list in `format` (a comment, or an RPZ zone with only its SOA, or
// an empty MISP export): what a fetched list serves before its first version.
std::string placeholder_list(policy::ListFormat format);

}  // namespace dns4eu::intel
