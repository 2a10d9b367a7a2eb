// feed_scheduler.h — the thread behind a set of feeds (zone transfers, HTTPS
// fetches): it runs refresh(i) for each feed when the feed is due, one at a
// time. A feed is due at start, when due_now() asks (a NOTIFY, a reload), or
// once the wait its last refresh gave (due_in) has passed.
//
//   FeedScheduler s(feeds.size());
//   s.start([&](std::size_t i) { ...; s.due_in(i, std::chrono::minutes(5)); });
//   s.due_now(2);     // from any thread
//   s.stop();         // waits for a refresh in progress
//
// Thread-safety: every member from any thread; start() and stop() from the owner.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dns4eu::intel::internal {

class FeedScheduler {
 public:
  using Clock = std::chrono::steady_clock;
  explicit FeedScheduler(std::size_t feeds) : due_(feeds), asked_(feeds, false) {}
  ~FeedScheduler() { stop(); }
  FeedScheduler(const FeedScheduler&) = delete;
  FeedScheduler& operator=(const FeedScheduler&) = delete;

  void start(std::function<void(std::size_t)> refresh);  // every feed is due at once
  void stop();
  void due_now(std::size_t i);
  void due_now_all();
  // From refresh(i): due again after `wait`, unless due_now(i) came meanwhile.
  void due_in(std::size_t i, Clock::duration wait);

 private:
  void run();
  std::vector<Clock::time_point> due_;
  std::vector<bool> asked_;  // due_now() since the feed's refresh began
  std::function<void(std::size_t)> refresh_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dns4eu::intel::internal
