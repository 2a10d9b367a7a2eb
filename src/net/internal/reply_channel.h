// internal/reply_channel.h — how a deferred answer finds its way back.
//
// A ReplyChannel is the listener (UDP) or connection (TCP) a query arrived
// on. Request::defer() creates a PendingReply that holds a weak pointer to the
// channel plus the route (client, local address, interface). Responder::send()
// locks the weak pointer: if the channel is gone or closed, nothing is sent.
// When the last Responder copy dies, the channel is told (in-flight
// accounting, TCP back-pressure), whether or not an answer was sent.
//
//   class UdpListener : public ReplyChannel { bool deliver(...) override; ... };
//
// Thread-safety: everything on the channel's worker thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "net/endpoint.h"

namespace dns4eu::net::internal {

struct PendingReply;

class ReplyChannel : public std::enable_shared_from_this<ReplyChannel> {
 public:
  virtual ~ReplyChannel() = default;
  // True while answers can still be sent.
  virtual bool is_open() const = 0;
  // Sends one answer for `p`; false when it could not be sent.
  virtual bool deliver(const PendingReply& p, std::span<const uint8_t> response) = 0;
  virtual void on_deferred() = 0;           // a PendingReply was created
  virtual void on_released(bool sent) = 0;  // ... and destroyed
  virtual void on_client_gone() = 0;        // send() after close (counted)
};

struct PendingReply {
  std::weak_ptr<ReplyChannel> channel;
  Endpoint client;
  Endpoint local;
  uint32_t ifindex = 0;
  uint64_t stream = 0;  // DoH: the HTTP stream/request the answer belongs to
  std::array<uint8_t, 12> link{};  // AF_XDP: MAC addresses of the query's frame
  uint16_t max_response_size = 0;
  bool sent = false;

  PendingReply() = default;
  PendingReply(const PendingReply&) = delete;
  PendingReply& operator=(const PendingReply&) = delete;
  ~PendingReply() {
    if (auto c = channel.lock()) c->on_released(sent);
  }
};

}  // namespace dns4eu::net::internal
