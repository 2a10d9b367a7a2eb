// handler.h — the contract between the transports and the daemon: a Request
// handed to a QueryHandler, and the Responder used for answers that come later.
//
// A listener calls QueryHandler::handle() once per query, on the worker thread
// that received it. In that ONE call the handler decides:
//   * kReply  — it wrote the complete response into `response` (cache hit,
//               refusal, FORMERR...). UDP queues it for the batch's sendmmsg;
//               TCP queues it on the connection's writer.
//   * kDefer  — it called req.defer() and kept the Responder; it will call
//               Responder::send() later (e.g. when the resolution coroutine
//               finishes), on the same worker thread — or drop the Responder
//               without sending, which drops the query.
//   * kDrop   — no answer (rate limited, ACL drop...).
//
//   Action handle(const Request& req, std::vector<uint8_t>& response) override {
//     if (auto hit = cache.lookup(req.query, response)) return Action::kReply;
//     co_spawn(io, resolve(copy(req.query), req.defer()), detached); return Action::kDefer;
//   }
//
// Lifetimes: `req.query` and `response` are valid only during the call (they
// are the listener's reused buffers): copy the query before deferring.
// A Responder is cheap to copy (one shared pointer) and safe to keep after the
// client, connection or listener is gone: send() then does nothing and returns
// false. It must be used on the worker thread that created it.
// Thread-safety: a QueryHandler instance is called by one worker only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "net/endpoint.h"

namespace dns4eu::net {

enum class Transport : uint8_t { kUdp, kTcp, kDot, kDoh, kDoq };

// "udp", "tcp", "dot", "doh", "doq".
const char* transport_name(Transport t);
inline bool is_stream(Transport t) { return t != Transport::kUdp; }

namespace internal {
class ReplyChannel;
struct PendingReply;
}  // namespace internal

class Responder {
 public:
  Responder() = default;  // empty: send() returns false

  // Sends `response` to the client the query came from. The first call sends;
  // later calls, calls on an empty Responder and calls after the client is
  // gone return false. UDP answers longer than max_response_size() are not
  // sent (the handler must truncate: set TC and trim).
  bool send(std::span<const uint8_t> response) const;
  // False once the connection/listener that received the query has closed.
  bool alive() const;
  uint16_t max_response_size() const;
  explicit operator bool() const { return p_ != nullptr; }

 private:
  friend struct Request;
  explicit Responder(std::shared_ptr<internal::PendingReply> p) : p_(std::move(p)) {}
  std::shared_ptr<internal::PendingReply> p_;
};

struct Request {
  std::span<const uint8_t> query;  // the DNS message (no TCP length prefix)
  Endpoint client;                 // where the query came from
  Endpoint local;                  // address+port the query reached (from PKTINFO on wildcard UDP)
  uint32_t listener_id = 0;        // ListenerSpec::id
  Transport transport = Transport::kUdp;
  uint16_t max_response_size = 512;  // UDP: the listener's limit (also apply EDNS/512); streams: 65535
  unsigned worker = 0;               // index of the worker thread handling it
  // DoT/DoH: the TLS server name the client asked for (SNI), lower case as
  // sent; empty when none (or plain transports). Valid during handle() only.
  std::string_view server_name;
  // DoH: the request's path (one of ListenerSpec::tls.doh_paths, without the
  // query string); empty for every other transport. Valid during handle() only.
  std::string_view doh_path;

  // Takes the answer path for a later reply (see file comment). Call at most
  // once per request, during handle(). Allocates one small object.
  Responder defer() const;

  // Set by the listener: how defer() finds its way back. Not for handlers.
  internal::ReplyChannel* channel = nullptr;
  uint32_t ifindex = 0;  // interface the UDP query arrived on (for IPv6 PKTINFO)
  uint64_t stream = 0;   // DoH: the HTTP request the answer goes to
  std::array<uint8_t, 12> link{};  // AF_XDP: the frame's MAC addresses (destination, source)
};

enum class Action : uint8_t { kReply, kDefer, kDrop };

class QueryHandler {
 public:
  virtual ~QueryHandler() = default;
  // `response` is empty on entry (its capacity is reused across queries).
  virtual Action handle(const Request& req, std::vector<uint8_t>& response) = 0;
};

}  // namespace dns4eu::net
