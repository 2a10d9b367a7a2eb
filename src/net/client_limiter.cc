// client_limiter.cc — see client_limiter.h.
#include "net/client_limiter.h"

namespace dns4eu::net {

void ClientLimiter::set_max(unsigned max_per_client) {
  std::lock_guard lock(mu_);
  max_ = max_per_client;
}

bool ClientLimiter::try_acquire(const Address& a) {
  std::lock_guard lock(mu_);
  if (max_ == 0) return true;
  unsigned& n = open_[a];
  if (n >= max_) return false;
  ++n;
  return true;
}

void ClientLimiter::release(const Address& a) {
  std::lock_guard lock(mu_);
  auto it = open_.find(a);
  if (it == open_.end()) return;  // counted before a set_max(0): nothing to undo
  if (--it->second == 0) open_.erase(it);
}

unsigned ClientLimiter::count(const Address& a) const {
  std::lock_guard lock(mu_);
  auto it = open_.find(a);
  return it == open_.end() ? 0 : it->second;
}

}  // namespace dns4eu::net
