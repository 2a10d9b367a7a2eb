// client_limiter.h — connections per client address, across every worker of
// one stream listener (TCP, DoT, DoH, DoQ), so one address cannot take a
// listener's whole connection budget (slowloris, handshake floods).
//
// Addresses are kept in memory only, while they have connections open.
//
//   auto lim = std::make_shared<ClientLimiter>(16);
//   if (!lim->try_acquire(client)) reject();   // ... else on close:
//   lim->release(client);
//
// Thread-safety: every method may be called from any thread (one mutex; the
// accept path takes it once per connection, never per query).
#pragma once

#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "net/endpoint.h"

namespace dns4eu::net {

class ClientLimiter {
 public:
  // `max_per_client` 0: no limit (try_acquire always succeeds and counts nothing).
  explicit ClientLimiter(unsigned max_per_client) : max_(max_per_client) {}
  // Changes the limit (reload); connections above a lowered limit stay.
  void set_max(unsigned max_per_client);
  // True (and counted) when `a` has fewer than the limit open.
  bool try_acquire(const Address& a);
  // Ends one connection counted by try_acquire.
  void release(const Address& a);
  // Open connections of `a` (tests).
  unsigned count(const Address& a) const;

 private:
  struct Hash {
    std::size_t operator()(const Address& a) const { return a.hash(); }
  };
  mutable std::mutex mu_;  // guards everything below
  unsigned max_;
  std::unordered_map<Address, unsigned, Hash> open_;
};

}  // namespace dns4eu::net
