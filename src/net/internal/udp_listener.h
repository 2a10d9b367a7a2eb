// internal/udp_listener.h — one worker's Do53/UDP socket, served in batches.
//
// Loop: wait for readability (asio), recvmmsg up to `batch` datagrams, call
// the handler for each, sendmmsg every synchronous answer in one call, repeat
// (at most max_batches_per_wakeup times before yielding to the io_context).
// Deferred answers leave at once with one sendmsg each (they arrive one at a
// time from resolution coroutines; there is no batch to join).
// With udp.xdp set, worker N also serves receive queue N of that interface
// through AF_XDP (xdp_port.h); the socket keeps serving everything else.
// All buffers (receive slots, control messages, response vectors) are
// allocated once at open: the steady-state packet path does not allocate.
//
//   auto l = UdpListener::open(io, spec, handler, 0);  l->start();
//
// Thread-safety: the owning io_context's thread (see listener.h).
#pragma once

#include <sys/socket.h>

#include <memory>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/ip/udp.hpp>

#include "net/internal/reply_channel.h"
#include "net/internal/sockets.h"
#include "net/internal/xdp_port.h"
#include "net/listener.h"

namespace dns4eu::net::internal {

class UdpListener final : public Listener, public ReplyChannel {
 public:
  // Largest query we accept; longer datagrams are counted and dropped.
  static constexpr std::size_t kMaxQuery = 4096;

  static Result<std::shared_ptr<UdpListener>> open(asio::io_context& io, const ListenerSpec& spec,
                                                   QueryHandler& handler, unsigned worker);
  UdpListener(asio::io_context& io, const ListenerSpec& spec, QueryHandler& handler, unsigned worker);

  const ListenerSpec& spec() const override { return spec_; }
  Endpoint local_endpoint() const override { return local_; }
  void start() override;
  void drain() override;
  void close() override;
  std::size_t in_flight() const override { return in_flight_.get(); }
  const ListenerCounters& counters() const override { return counters_; }

  bool is_open() const override { return !closed_; }
  bool deliver(const PendingReply& p, std::span<const uint8_t> response) override;
  void on_deferred() override;
  void on_released(bool sent) override;
  void on_client_gone() override { counters_.inc(ListenerStat::kAsyncClientGone); }

 private:
  struct Slot {
    uint8_t in[kMaxQuery];
    sockaddr_storage peer;
    alignas(cmsghdr) uint8_t cmsg_in[kPktinfoSpace];
    alignas(cmsghdr) uint8_t cmsg_out[kPktinfoSpace];
    iovec iov_in, iov_out;
    std::vector<uint8_t> out;
  };

  asio::awaitable<void> run();
  int receive_batch();
  void dispatch_batch(int n);
  unsigned dispatch_one(Slot& s, const mmsghdr& m, unsigned queued);
  void send_batch(unsigned count);
  bool response_fits(std::size_t size);
  // One answer by sendmsg (deferred answers, and the AF_XDP path's overflow).
  bool send_one(const Endpoint& client, const Endpoint& local, uint32_t ifindex, std::span<const uint8_t> response);

  ListenerSpec spec_;
  QueryHandler& handler_;
  unsigned worker_;
  asio::ip::udp::socket socket_;
  Endpoint local_;
  bool wildcard_ = false;
  bool receiving_ = false;
  bool closed_ = false;
  std::vector<Slot> slots_;
  std::vector<mmsghdr> recv_msgs_;
  std::vector<mmsghdr> send_msgs_;
  ListenerCounters counters_;
  Counter in_flight_;
  std::shared_ptr<XdpRoute> xdp_;  // udp.xdp set and this worker has a queue on the interface
};

}  // namespace dns4eu::net::internal
