// internal/xdp_port.cc — AF_XDP sockets and the XDP program (see xdp_port.h).
#include "net/internal/xdp_port.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xdp/xsk.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <filesystem>
#include <map>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include "dns/message.h"

namespace dns4eu::net::internal {

extern const std::span<const uint8_t> kDnsRedirectBpf;  // generated: the compiled bpf/dns_redirect.bpf.c

namespace {

constexpr uint32_t kRingSize = 2048;
constexpr uint32_t kBatch = 64;

// libbpf's diagnostics: kept (not printed) for the error message of the failing step.
thread_local std::string libbpf_last;
int keep_libbpf_message(enum libbpf_print_level level, const char* fmt, va_list args) {
  if (level == LIBBPF_DEBUG) return 0;
  char buf[512];
  int n = std::vsnprintf(buf, sizeof(buf), fmt, args);
  if (n > 0) {
    libbpf_last.assign(buf);
    while (!libbpf_last.empty() && libbpf_last.back() == '\n') libbpf_last.pop_back();
  }
  return 0;
}

Error xdp_error(const std::string& where, int err) {
  std::string m = "xdp " + where + ": " + std::strerror(err < 0 ? -err : err);
  if (err == -EPERM || err == EPERM) m += " (needs root: CAP_NET_ADMIN, CAP_BPF, CAP_NET_RAW)";
  if (!libbpf_last.empty()) m += " (libbpf: " + libbpf_last + ")";
  libbpf_last.clear();
  return Error{ErrorCode::kIo, m};
}

unsigned count_rx_queues(const std::string& interface) {
  std::error_code ec;
  unsigned n = 0;
  for (auto& e : std::filesystem::directory_iterator("/sys/class/net/" + interface + "/queues", ec))
    if (e.path().filename().string().rfind("rx-", 0) == 0) ++n;
  return n == 0 ? 1 : n;
}

struct TargetKey {
  uint8_t addr[16];
  uint16_t port;  // network order
  uint16_t family;
};

TargetKey target_key(const Endpoint& ep) {
  TargetKey k{};
  std::memcpy(k.addr, ep.address().data(), ep.address().size());
  k.port = htons(ep.port());
  k.family = ep.address().is_v4() ? 4 : 6;
  return k;
}

std::mutex registry_mu;
std::map<std::string, std::weak_ptr<XdpProgram>>& registry() {
  static std::map<std::string, std::weak_ptr<XdpProgram>> r;
  return r;
}

}  // namespace

// ---- XdpProgram -------------------------------------------------------------

Result<std::shared_ptr<XdpProgram>> XdpProgram::attach(const std::string& interface, XdpMode mode) {
  std::lock_guard lock(registry_mu);
  if (auto p = registry()[interface].lock()) return p;
  libbpf_set_print(keep_libbpf_message);
  std::shared_ptr<XdpProgram> p(new XdpProgram());
  p->interface_ = interface;
  p->ifindex_ = if_nametoindex(interface.c_str());
  if (p->ifindex_ == 0) return fail(ErrorCode::kIo, "xdp: no interface named '" + interface + "'");
  p->queues_ = count_rx_queues(interface);
  p->object_ = bpf_object__open_mem(kDnsRedirectBpf.data(), kDnsRedirectBpf.size(), nullptr);
  if (!p->object_) return tl::unexpected(xdp_error("open program", errno));
  if (int r = bpf_object__load(p->object_); r != 0) return tl::unexpected(xdp_error("load program", r));
  bpf_program* prog = bpf_object__find_program_by_name(p->object_, "dns_redirect");
  bpf_map* targets = bpf_object__find_map_by_name(p->object_, "targets");
  bpf_map* xsks = bpf_object__find_map_by_name(p->object_, "xsks");
  if (!prog || !targets || !xsks) return fail(ErrorCode::kIo, "xdp: embedded program lacks its maps");
  p->targets_fd_ = bpf_map__fd(targets);
  p->xsks_fd_ = bpf_map__fd(xsks);
  int fd = bpf_program__fd(prog);
  int r = -EOPNOTSUPP;
  if (mode != XdpMode::kGeneric) {
    r = bpf_xdp_attach(static_cast<int>(p->ifindex_), fd, XDP_FLAGS_DRV_MODE, nullptr);
    if (r == 0) p->mode_ = XdpMode::kNative;
    else if (mode == XdpMode::kNative) return tl::unexpected(xdp_error("attach (native) to " + interface, r));
  }
  if (r != 0) {
    r = bpf_xdp_attach(static_cast<int>(p->ifindex_), fd, XDP_FLAGS_SKB_MODE, nullptr);
    if (r != 0) return tl::unexpected(xdp_error("attach (generic) to " + interface, r));
    p->mode_ = XdpMode::kGeneric;
  }
  registry()[interface] = p;
  return p;
}

XdpProgram::~XdpProgram() {
  if (ifindex_ != 0 && object_ != nullptr) {
    bpf_xdp_detach(static_cast<int>(ifindex_),
                   mode_ == XdpMode::kNative ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE, nullptr);
  }
  if (object_) bpf_object__close(object_);
}

Result<void> XdpProgram::add_target(const Endpoint& ep) {
  if (ep.address().is_unspecified())
    return fail(ErrorCode::kUnsupported, "xdp: listener " + ep.to_string() + " needs a specific address, not a wildcard");
  std::lock_guard lock(mu_);
  for (auto& [e, n] : targets_)
    if (e == ep) {
      ++n;
      return {};
    }
  TargetKey k = target_key(ep);
  uint8_t one = 1;
  if (bpf_map_update_elem(targets_fd_, &k, &one, BPF_ANY) != 0)
    return tl::unexpected(xdp_error("add " + ep.to_string() + " on " + interface_, errno));
  targets_.emplace_back(ep, 1);
  return {};
}

void XdpProgram::remove_target(const Endpoint& ep) {
  std::lock_guard lock(mu_);
  for (auto it = targets_.begin(); it != targets_.end(); ++it) {
    if (it->first != ep) continue;
    if (--it->second == 0) {
      TargetKey k = target_key(ep);
      bpf_map_delete_elem(targets_fd_, &k);
      targets_.erase(it);
    }
    return;
  }
}

Result<void> XdpProgram::set_socket(uint32_t queue, int fd) {
  if (bpf_map_update_elem(xsks_fd_, &queue, &fd, BPF_ANY) != 0)
    return tl::unexpected(xdp_error("register socket of queue " + std::to_string(queue), errno));
  return {};
}

void XdpProgram::clear_socket(uint32_t queue) { bpf_map_delete_elem(xsks_fd_, &queue); }

// ---- XdpPort ----------------------------------------------------------------

struct XdpPort::Rings {
  xsk_ring_prod fill{};
  xsk_ring_cons completion{};
  xsk_ring_cons rx{};
  xsk_ring_prod tx{};
};

Result<std::shared_ptr<XdpPort>> XdpPort::open(asio::io_context& io, std::shared_ptr<XdpProgram> program,
                                               const ListenerSpec& spec, QueryHandler& handler, unsigned worker,
                                               ListenerCounters& counters, Counter& in_flight, Fallback fallback) {
  auto port = std::make_shared<XdpPort>(io, program, spec, handler, worker, counters, in_flight, std::move(fallback));
  port->queue_ = worker;
  const std::string where = program->interface() + " queue " + std::to_string(worker);
  const std::size_t bytes = std::size_t{kXdpFrames} * kXdpFrameSize;
  void* area = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return tl::unexpected(xdp_error("umem for " + where, errno));
  port->area_ = area;
  xsk_umem_config uc{};
  uc.fill_size = kRingSize;
  uc.comp_size = kRingSize;
  uc.frame_size = kXdpFrameSize;
  uc.frame_headroom = 0;
  if (int r = xsk_umem__create(&port->umem_, area, bytes, &port->rings_->fill, &port->rings_->completion, &uc); r != 0)
    return tl::unexpected(xdp_error("umem for " + where, r));
  xsk_socket_config sc{};
  sc.rx_size = kRingSize;
  sc.tx_size = kRingSize;
  sc.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD;
  sc.xdp_flags = program->mode() == XdpMode::kNative ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
  sc.bind_flags = XDP_USE_NEED_WAKEUP;
  if (program->mode() == XdpMode::kGeneric) sc.bind_flags |= XDP_COPY;
  if (int r = xsk_socket__create(&port->xsk_, program->interface().c_str(), port->queue_, port->umem_,
                                 &port->rings_->rx, &port->rings_->tx, &sc);
      r != 0)
    return tl::unexpected(xdp_error("socket on " + where, r));
  // Receive frames [0, kRingSize) go to the fill ring; the rest are for sending.
  uint32_t idx = 0;
  if (xsk_ring_prod__reserve(&port->rings_->fill, kRingSize, &idx) != kRingSize)
    return fail(ErrorCode::kIo, "xdp: fill ring of " + where + " refused its frames");
  for (uint32_t i = 0; i < kRingSize; ++i)
    *xsk_ring_prod__fill_addr(&port->rings_->fill, idx + i) = uint64_t{i} * kXdpFrameSize;
  xsk_ring_prod__submit(&port->rings_->fill, kRingSize);
  port->free_send_.reserve(kXdpFrames - kRingSize);
  for (uint32_t i = kRingSize; i < kXdpFrames; ++i) port->free_send_.push_back(uint64_t{i} * kXdpFrameSize);
  if (auto r = program->add_target(spec.address); !r) return tl::unexpected(r.error());
  if (auto r = program->set_socket(port->queue_, xsk_socket__fd(port->xsk_)); !r) {
    program->remove_target(spec.address);
    return tl::unexpected(r.error());
  }
  asio::error_code ec;
  port->wait_.assign(xsk_socket__fd(port->xsk_), ec);
  if (ec) return fail(ErrorCode::kIo, "xdp: watch socket of " + where + ": " + ec.message());
  port->open_ = true;
  return port;
}

XdpPort::XdpPort(asio::io_context& io, std::shared_ptr<XdpProgram> program, const ListenerSpec& spec,
                 QueryHandler& handler, unsigned worker, ListenerCounters& counters, Counter& in_flight,
                 Fallback fallback)
    : spec_(spec),
      handler_(handler),
      worker_(worker),
      counters_(counters),
      in_flight_(in_flight),
      fallback_(std::move(fallback)),
      program_(std::move(program)),
      rings_(std::make_unique<Rings>()),
      wait_(io) {
  response_.reserve(spec.udp.max_response_size);
}

XdpPort::~XdpPort() { close(); }

void XdpPort::start() {
  if (!open_ || receiving_) return;
  receiving_ = true;
  auto self = std::static_pointer_cast<XdpPort>(shared_from_this());
  asio::co_spawn(wait_.get_executor(), [self]() { return self->run(); }, asio::detached);
}

void XdpPort::drain() {
  receiving_ = false;
  asio::error_code ec;
  wait_.cancel(ec);
}

void XdpPort::close() {
  receiving_ = false;
  if (wait_.is_open()) {
    asio::error_code ec;
    wait_.cancel(ec);
    (void)wait_.release();  // the xsk owns the descriptor
  }
  if (open_) {
    program_->clear_socket(queue_);
    program_->remove_target(spec_.address);
    open_ = false;
  }
  if (xsk_) xsk_socket__delete(xsk_);
  xsk_ = nullptr;
  if (umem_) xsk_umem__delete(umem_);
  umem_ = nullptr;
  if (area_) ::munmap(area_, std::size_t{kXdpFrames} * kXdpFrameSize);
  area_ = nullptr;
}

asio::awaitable<void> XdpPort::run() {
  auto self = shared_from_this();
  while (receiving_) {
    auto [ec] = co_await wait_.async_wait(asio::posix::descriptor_base::wait_read,
                                          asio::experimental::as_tuple(asio::use_awaitable));
    if (!receiving_ || ec == asio::error::operation_aborted) break;
    if (ec) {
      counters_.inc(ListenerStat::kRecvErrors);
      continue;
    }
    receive_batch();
  }
}

void XdpPort::receive_batch() {
  for (unsigned round = 0; round < 8; ++round) {
    reclaim_sent();
    uint32_t idx = 0;
    const uint32_t n = xsk_ring_cons__peek(&rings_->rx, kBatch, &idx);
    if (n == 0) break;
    counters_.inc(ListenerStat::kBatches);
    counters_.inc(ListenerStat::kXdpReceived, n);
    uint32_t fill_idx = 0;
    // The fill ring has room for every receive frame: they come back at once.
    while (xsk_ring_prod__reserve(&rings_->fill, n, &fill_idx) != n) {
    }
    for (uint32_t i = 0; i < n; ++i) {
      const xdp_desc* d = xsk_ring_cons__rx_desc(&rings_->rx, idx + i);
      const uint64_t addr = xsk_umem__extract_addr(d->addr);
      *xsk_ring_prod__fill_addr(&rings_->fill, fill_idx + i) = addr;
      std::span<const uint8_t> frame(static_cast<const uint8_t*>(xsk_umem__get_data(area_, d->addr)), d->len);
      auto f = parse_udp_frame(frame);
      if (!f) {
        counters_.inc(ListenerStat::kRecvErrors);
        continue;
      }
      if (f->payload.size() < dns::kHeaderSize) {
        counters_.inc(ListenerStat::kInputTooSmall);
        continue;
      }
      Request req;
      req.query = f->payload;
      req.client = f->client;
      req.local = f->local;
      req.listener_id = spec_.id;
      req.transport = Transport::kUdp;
      req.max_response_size = spec_.udp.max_response_size;
      req.worker = worker_;
      req.channel = this;
      req.link = f->link;
      counters_.inc(ListenerStat::kReceived);
      response_.clear();
      switch (handler_.handle(req, response_)) {
        case Action::kDrop: counters_.inc(ListenerStat::kDroppedByHandler); continue;
        case Action::kDefer: counters_.inc(ListenerStat::kDeferred); continue;
        case Action::kReply: break;
      }
      if (response_.size() > spec_.udp.max_response_size) {
        counters_.inc(ListenerStat::kResponseTooLarge);
        continue;
      }
      counters_.inc(ListenerStat::kAnsweredSync);
      if (!queue_answer(f->link, f->local, f->client, response_)) fallback_(f->client, f->local, response_);
    }
    xsk_ring_cons__release(&rings_->rx, n);
    xsk_ring_prod__submit(&rings_->fill, n);
    flush_sends();
    if (n < kBatch) break;
  }
}

bool XdpPort::queue_answer(const LinkAddresses& link, const Endpoint& from, const Endpoint& to,
                           std::span<const uint8_t> response) {
  if (free_send_.empty()) reclaim_sent();
  if (free_send_.empty()) return false;
  const uint64_t addr = free_send_.back();
  std::span<uint8_t> out(static_cast<uint8_t*>(xsk_umem__get_data(area_, addr)), kXdpFrameSize);
  const std::size_t len = build_udp_frame(out, link, from, to, response);
  if (len == 0) return false;
  uint32_t idx = 0;
  if (xsk_ring_prod__reserve(&rings_->tx, 1, &idx) != 1) return false;
  free_send_.pop_back();
  xdp_desc* d = xsk_ring_prod__tx_desc(&rings_->tx, idx);
  d->addr = addr;
  d->len = static_cast<uint32_t>(len);
  xsk_ring_prod__submit(&rings_->tx, 1);
  ++queued_sends_;
  counters_.inc(ListenerStat::kXdpSent);
  return true;
}

void XdpPort::flush_sends() {
  if (queued_sends_ == 0) return;
  queued_sends_ = 0;
  // In copy mode the kernel sends a bounded number of frames per call: kick
  // until the ring is empty or it stops making progress.
  for (int tries = 0; tries < 64; ++tries) {
    if (!xsk_ring_prod__needs_wakeup(&rings_->tx) && program_->mode() == XdpMode::kNative) break;
    if (::sendto(xsk_socket__fd(xsk_), nullptr, 0, MSG_DONTWAIT, nullptr, 0) < 0 && errno != EAGAIN &&
        errno != EBUSY && errno != ENOBUFS) {
      counters_.inc(ListenerStat::kSendErrors);
      break;
    }
    if (xsk_prod_nb_free(&rings_->tx, kRingSize) == kRingSize) break;  // all taken by the kernel
  }
}

void XdpPort::reclaim_sent() {
  uint32_t idx = 0;
  const uint32_t n = xsk_ring_cons__peek(&rings_->completion, kRingSize, &idx);
  for (uint32_t i = 0; i < n; ++i)
    free_send_.push_back(*xsk_ring_cons__comp_addr(&rings_->completion, idx + i));
  if (n) xsk_ring_cons__release(&rings_->completion, n);
}

bool XdpPort::deliver(const PendingReply& p, std::span<const uint8_t> response) {
  if (response.size() > p.max_response_size) {
    counters_.inc(ListenerStat::kResponseTooLarge);
    return false;
  }
  if (!queue_answer(p.link, p.local, p.client, response)) {
    if (!fallback_(p.client, p.local, response)) return false;
  } else {
    flush_sends();
  }
  counters_.inc(ListenerStat::kAnsweredAsync);
  return true;
}

void XdpPort::on_deferred() { in_flight_.inc(); }

void XdpPort::on_released(bool sent) {
  in_flight_.dec();
  if (!sent) counters_.inc(ListenerStat::kDroppedByHandler);
}

void XdpPort::on_client_gone() { counters_.inc(ListenerStat::kAsyncClientGone); }

}  // namespace dns4eu::net::internal
