// internal/xdp_port.h — the AF_XDP fast path of a UDP listener: the XDP
// program on an interface (one per interface per process) and one AF_XDP
// socket per worker on that worker's receive queue.
//
// XdpProgram loads bpf/dns_redirect.bpf.c (embedded in the binary), attaches
// it to the interface and keeps the set of listener addresses whose UDP
// datagrams it redirects; it is shared by every XdpPort on the interface and
// detached when the last one goes. XdpPort owns a umem (kXdpFrames frames of
// kXdpFrameSize octets: half for receiving, half for sending) and the socket
// bound to one queue, shared by the worker's listeners on the interface; an
// XdpRoute per listener takes the datagrams sent to its address, hands them to
// the listener's QueryHandler and sends answers as frames (xdp_frame.h).
// Answers that do not fit a frame, or when the send ring is full, go out
// through the listener's ordinary socket (`fallback`), so nothing is lost.
//
//   auto route = XdpRoute::open(io, spec, handler, worker, counters, in_flight, fallback);
//   if (!route) return route.error();   // "xdp attach (generic) to eth0: Operation not permitted (needs root...)"
//   (*route)->start();                  // on the worker's thread; close() when the listener closes
//
// Requirements: Linux with AF_XDP, root (or CAP_NET_ADMIN, CAP_BPF,
// CAP_NET_RAW). Errors say which step failed on which interface/queue.
// Thread-safety: XdpProgram is shared and internally locked; XdpPort and
// XdpRoute are used on their worker's thread only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>

#include "dns/result.h"
#include "net/counters.h"
#include "net/handler.h"
#include "net/listener.h"
#include "net/internal/reply_channel.h"
#include "net/internal/xdp_frame.h"

struct bpf_object;
struct xsk_umem;
struct xsk_socket;

namespace dns4eu::net::internal {

inline constexpr uint32_t kXdpFrameSize = 2048;  // = DNS4EU_XDP_FRAME in bpf/dns_redirect.bpf.c
inline constexpr uint32_t kXdpFrames = 4096;     // per port: 2048 receive + 2048 send

class XdpProgram {
 public:
  // The program attached to `interface` (attaching it on first use).
  static Result<std::shared_ptr<XdpProgram>> attach(const std::string& interface, XdpMode mode);
  ~XdpProgram();
  XdpProgram(const XdpProgram&) = delete;
  XdpProgram& operator=(const XdpProgram&) = delete;

  const std::string& interface() const { return interface_; }
  unsigned queues() const { return queues_; }
  XdpMode mode() const { return mode_; }  // what attached (kNative or kGeneric)
  // Redirect UDP datagrams to `ep` (a specific address, not a wildcard).
  Result<void> add_target(const Endpoint& ep);
  void remove_target(const Endpoint& ep);
  // Puts socket `fd` in the redirect map for `queue` / takes it out.
  Result<void> set_socket(uint32_t queue, int fd);
  void clear_socket(uint32_t queue);

 private:
  XdpProgram() = default;
  std::string interface_;
  unsigned ifindex_ = 0;
  unsigned queues_ = 1;
  XdpMode mode_ = XdpMode::kGeneric;
  bpf_object* object_ = nullptr;
  int targets_fd_ = -1;
  int xsks_fd_ = -1;
  int attached_fd_ = -1;  // the program fd attached to the interface (owned by object_)
  std::mutex mu_;
  std::vector<std::pair<Endpoint, unsigned>> targets_;  // refcounted: several workers add the same
};

class XdpRoute;

// One AF_XDP socket: the queue of one worker on one interface, shared by all
// of that worker's listeners on the interface (a queue takes one socket).
class XdpPort : public std::enable_shared_from_this<XdpPort> {
 public:
  // The port of (io, interface) — opened on first use.
  static Result<std::shared_ptr<XdpPort>> for_worker(asio::io_context& io, std::shared_ptr<XdpProgram> program,
                                                     unsigned worker);
  XdpPort(asio::io_context& io, std::shared_ptr<XdpProgram> program, unsigned worker);
  ~XdpPort();

  XdpProgram& program() { return *program_; }
  void add_route(XdpRoute* r);
  void remove_route(XdpRoute* r);  // the last one closes the port
  void start();
  // Queues one answer frame; false when no send frame was free or it does
  // not fit one. flush_sends() hands queued frames to the kernel.
  bool queue_answer(const LinkAddresses& link, const Endpoint& from, const Endpoint& to,
                    std::span<const uint8_t> response);
  void flush_sends();

 private:
  Result<void> open_socket();
  void close();
  asio::awaitable<void> run();
  void receive_batch();
  void reclaim_sent();

  std::shared_ptr<XdpProgram> program_;
  asio::io_context& io_;
  uint32_t queue_ = 0;
  void* area_ = nullptr;
  struct Rings;
  std::unique_ptr<Rings> rings_;
  xsk_umem* umem_ = nullptr;
  xsk_socket* xsk_ = nullptr;
  asio::posix::stream_descriptor wait_;
  std::vector<XdpRoute*> routes_;
  std::vector<uint64_t> free_send_;  // send frames not in the kernel's hands
  uint32_t queued_sends_ = 0;        // queued in the send ring, not yet kicked
  std::vector<uint8_t> response_;
  bool open_ = false;
  bool running_ = false;
};

// A UDP listener's share of an XdpPort: the frames addressed to it, and the
// reply channel of its deferred answers (counted in the listener's counters).
class XdpRoute : public ReplyChannel {
 public:
  // Sends an answer through the listener's ordinary socket: (client, local, response).
  using Fallback = std::function<bool(const Endpoint&, const Endpoint&, std::span<const uint8_t>)>;

  static Result<std::shared_ptr<XdpRoute>> open(asio::io_context& io, const ListenerSpec& spec,
                                                QueryHandler& handler, unsigned worker, ListenerCounters& counters,
                                                Counter& in_flight, Fallback fallback);
  XdpRoute(const ListenerSpec& spec, QueryHandler& handler, unsigned worker, ListenerCounters& counters,
           Counter& in_flight, Fallback fallback);
  ~XdpRoute() override;

  const Endpoint& address() const { return spec_.address; }
  bool accepting() const { return accepting_; }
  void start();
  void drain() { accepting_ = false; }  // frames for it are dropped; deferred answers still go out
  void close();
  // One received datagram addressed to this listener.
  void handle(const UdpFrame& frame, std::vector<uint8_t>& response);

  // ReplyChannel
  bool is_open() const override { return open_; }
  bool deliver(const PendingReply& p, std::span<const uint8_t> response) override;
  void on_deferred() override { in_flight_.inc(); }
  void on_released(bool sent) override;
  void on_client_gone() override { counters_.inc(ListenerStat::kAsyncClientGone); }

 private:
  ListenerSpec spec_;
  QueryHandler& handler_;
  unsigned worker_;
  ListenerCounters& counters_;
  Counter& in_flight_;
  Fallback fallback_;
  std::shared_ptr<XdpPort> port_;
  bool open_ = false;
  bool accepting_ = false;
};

}  // namespace dns4eu::net::internal
