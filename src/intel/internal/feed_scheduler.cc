// feed_scheduler.cc — see feed_scheduler.h.
#include "intel/internal/feed_scheduler.h"

#include <algorithm>
#include <optional>

namespace dns4eu::intel::internal {

void FeedScheduler::start(std::function<void(std::size_t)> refresh) {
  if (thread_.joinable() || due_.empty()) return;
  refresh_ = std::move(refresh);
  std::fill(due_.begin(), due_.end(), Clock::now());
  thread_ = std::thread([this] { run(); });
}

void FeedScheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void FeedScheduler::due_now(std::size_t i) {
  {
    std::lock_guard lock(mu_);
    due_[i] = Clock::now();
    asked_[i] = true;
  }
  cv_.notify_all();
}

void FeedScheduler::due_now_all() {
  {
    std::lock_guard lock(mu_);
    std::fill(due_.begin(), due_.end(), Clock::now());
    std::fill(asked_.begin(), asked_.end(), true);
  }
  cv_.notify_all();
}

void FeedScheduler::due_in(std::size_t i, Clock::duration wait) {
  std::lock_guard lock(mu_);
  if (!asked_[i]) due_[i] = Clock::now() + wait;
}

void FeedScheduler::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    auto now = Clock::now();
    auto next = now + std::chrono::hours(24);
    std::optional<std::size_t> due;
    for (std::size_t i = 0; i < due_.size(); ++i) {
      if (due_[i] <= now && !due) due = i;
      next = std::min(next, due_[i]);
    }
    if (!due) {
      cv_.wait_until(lock, next);
      continue;
    }
    due_[*due] = now + std::chrono::hours(24);  // until due_in() or due_now()
    asked_[*due] = false;
    lock.unlock();
    refresh_(*due);
    lock.lock();
  }
}

}  // namespace dns4eu::intel::internal
