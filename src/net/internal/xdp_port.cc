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
  p->attached_fd_ = fd;
  registry()[interface] = p;
  return p;
}

XdpProgram::~XdpProgram() {
  if (attached_fd_ >= 0) {
    // Only if it is still ours: another XdpProgram may have replaced it since.
    bpf_xdp_attach_opts opts{};
    opts.sz = sizeof(opts);
    opts.old_prog_fd = attached_fd_;
    bpf_xdp_detach(static_cast<int>(ifindex_),
                   XDP_FLAGS_REPLACE | (mode_ == XdpMode::kNative ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE), &opts);
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

namespace {
std::mutex ports_mu;
std::map<std::pair<asio::io_context*, std::string>, std::weak_ptr<XdpPort>>& ports() {
  static std::map<std::pair<asio::io_context*, std::string>, std::weak_ptr<XdpPort>> p;
  return p;
}
}  // namespace

Result<std::shared_ptr<XdpPort>> XdpPort::for_worker(asio::io_context& io, std::shared_ptr<XdpProgram> program,
                                                     unsigned worker) {
  std::lock_guard lock(ports_mu);
  auto key = std::make_pair(&io, program->interface());
  if (auto p = ports()[key].lock(); p && p->open_) return p;
  auto port = std::make_shared<XdpPort>(io, std::move(program), worker);
  if (auto r = port->open_socket(); !r) {
    port->close();
    return tl::unexpected(r.error());
  }
  ports()[key] = port;
  return port;
}

XdpPort::XdpPort(asio::io_context& io, std::shared_ptr<XdpProgram> program, unsigned worker)
    : program_(std::move(program)), io_(io), queue_(worker), rings_(std::make_unique<Rings>()), wait_(io) {
  response_.reserve(65535);
}

XdpPort::~XdpPort() { close(); }

Result<void> XdpPort::open_socket() {
  const std::string where = program_->interface() + " queue " + std::to_string(queue_);
  const std::size_t bytes = std::size_t{kXdpFrames} * kXdpFrameSize;
  void* area = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return tl::unexpected(xdp_error("umem for " + where, errno));
  area_ = area;
  xsk_umem_config uc{};
  uc.fill_size = kRingSize;
  uc.comp_size = kRingSize;
  uc.frame_size = kXdpFrameSize;
  uc.frame_headroom = 0;
  if (int r = xsk_umem__create(&umem_, area, bytes, &rings_->fill, &rings_->completion, &uc); r != 0)
    return tl::unexpected(xdp_error("umem for " + where, r));
  xsk_socket_config sc{};
  sc.rx_size = kRingSize;
  sc.tx_size = kRingSize;
  sc.libxdp_flags = XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD;
  sc.xdp_flags = program_->mode() == XdpMode::kNative ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
  sc.bind_flags = XDP_USE_NEED_WAKEUP;
  if (program_->mode() == XdpMode::kGeneric) sc.bind_flags |= XDP_COPY;
  if (int r = xsk_socket__create(&xsk_, program_->interface().c_str(), queue_, umem_, &rings_->rx, &rings_->tx, &sc);
      r != 0)
    return tl::unexpected(xdp_error("socket on " + where, r));
  // Receive frames [0, kRingSize) go to the fill ring; the rest are for sending.
  uint32_t idx = 0;
  if (xsk_ring_prod__reserve(&rings_->fill, kRingSize, &idx) != kRingSize)
    return fail(ErrorCode::kIo, "xdp: fill ring of " + where + " refused its frames");
  for (uint32_t i = 0; i < kRingSize; ++i) *xsk_ring_prod__fill_addr(&rings_->fill, idx + i) = uint64_t{i} * kXdpFrameSize;
  xsk_ring_prod__submit(&rings_->fill, kRingSize);
  free_send_.reserve(kXdpFrames - kRingSize);
  for (uint32_t i = kRingSize; i < kXdpFrames; ++i) free_send_.push_back(uint64_t{i} * kXdpFrameSize);
  if (auto r = program_->set_socket(queue_, xsk_socket__fd(xsk_)); !r) return r;
  asio::error_code ec;
  wait_.assign(xsk_socket__fd(xsk_), ec);
  if (ec) return fail(ErrorCode::kIo, "xdp: watch socket of " + where + ": " + ec.message());
  open_ = true;
  return {};
}

void XdpPort::close() {
  running_ = false;
  if (wait_.is_open()) {
    asio::error_code ec;
    wait_.cancel(ec);
    (void)wait_.release();  // the xsk owns the descriptor
  }
  if (open_) program_->clear_socket(queue_);
  open_ = false;
  if (xsk_) xsk_socket__delete(xsk_);
  xsk_ = nullptr;
  if (umem_) xsk_umem__delete(umem_);
  umem_ = nullptr;
  if (area_) ::munmap(area_, std::size_t{kXdpFrames} * kXdpFrameSize);
  area_ = nullptr;
}

void XdpPort::add_route(XdpRoute* r) { routes_.push_back(r); }

void XdpPort::remove_route(XdpRoute* r) {
  std::erase(routes_, r);
  if (routes_.empty()) close();
}

void XdpPort::start() {
  if (!open_ || running_) return;
  running_ = true;
  asio::co_spawn(wait_.get_executor(), [self = shared_from_this()]() { return self->run(); }, asio::detached);
}

asio::awaitable<void> XdpPort::run() {
  auto self = shared_from_this();
  while (running_) {
    auto [ec] = co_await wait_.async_wait(asio::posix::descriptor_base::wait_read,
                                          asio::experimental::as_tuple(asio::use_awaitable));
    if (!running_ || ec == asio::error::operation_aborted) break;
    if (!ec) receive_batch();
  }
}

void XdpPort::receive_batch() {
  for (unsigned round = 0; round < 8 && open_; ++round) {
    reclaim_sent();
    uint32_t idx = 0;
    const uint32_t n = xsk_ring_cons__peek(&rings_->rx, kBatch, &idx);
    if (n == 0) break;
    uint32_t fill_idx = 0;
    // The fill ring has room for every receive frame: they go back at once.
    while (xsk_ring_prod__reserve(&rings_->fill, n, &fill_idx) != n) {
    }
    for (uint32_t i = 0; i < n; ++i) {
      const xdp_desc* d = xsk_ring_cons__rx_desc(&rings_->rx, idx + i);
      *xsk_ring_prod__fill_addr(&rings_->fill, fill_idx + i) = xsk_umem__extract_addr(d->addr);
      std::span<const uint8_t> frame(static_cast<const uint8_t*>(xsk_umem__get_data(area_, d->addr)), d->len);
      auto f = parse_udp_frame(frame);
      if (!f) continue;  // the program redirects only what parses; anything else is not ours
      for (XdpRoute* r : routes_) {  // during a reload the old and the new listener may both be here
        if (r->address() != f->local || !r->accepting()) continue;
        r->handle(*f, response_);
        break;
      }
    }
    xsk_ring_cons__release(&rings_->rx, n);
    xsk_ring_prod__submit(&rings_->fill, n);
    flush_sends();
    if (n < kBatch) break;
  }
}

bool XdpPort::queue_answer(const LinkAddresses& link, const Endpoint& from, const Endpoint& to,
                           std::span<const uint8_t> response) {
  if (!open_) return false;
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
  return true;
}

void XdpPort::flush_sends() {
  if (queued_sends_ == 0 || !open_) return;
  queued_sends_ = 0;
  // In copy mode the kernel sends a bounded number of frames per call: kick
  // until the ring is empty or it stops making progress.
  for (int tries = 0; tries < 64; ++tries) {
    if (program_->mode() == XdpMode::kNative && !xsk_ring_prod__needs_wakeup(&rings_->tx)) break;
    if (::sendto(xsk_socket__fd(xsk_), nullptr, 0, MSG_DONTWAIT, nullptr, 0) < 0 && errno != EAGAIN &&
        errno != EBUSY && errno != ENOBUFS)
      break;
    if (xsk_prod_nb_free(&rings_->tx, kRingSize) == kRingSize) break;  // the kernel took them all
  }
}

void XdpPort::reclaim_sent() {
  uint32_t idx = 0;
  const uint32_t n = xsk_ring_cons__peek(&rings_->completion, kRingSize, &idx);
  for (uint32_t i = 0; i < n; ++i) free_send_.push_back(*xsk_ring_cons__comp_addr(&rings_->completion, idx + i));
  if (n) xsk_ring_cons__release(&rings_->completion, n);
}

// ---- XdpRoute ---------------------------------------------------------------

Result<std::shared_ptr<XdpRoute>> XdpRoute::open(asio::io_context& io, const ListenerSpec& spec,
                                                 QueryHandler& handler, unsigned worker, ListenerCounters& counters,
                                                 Counter& in_flight, Fallback fallback) {
  if (if_nametoindex(spec.udp.xdp.interface.c_str()) == 0)
    return fail(ErrorCode::kIo, "xdp: no interface named '" + spec.udp.xdp.interface + "'");
  if (worker >= count_rx_queues(spec.udp.xdp.interface)) return std::shared_ptr<XdpRoute>();  // no queue: socket only
  auto program = XdpProgram::attach(spec.udp.xdp.interface, spec.udp.xdp.mode);
  if (!program) return tl::unexpected(program.error());
  auto port = XdpPort::for_worker(io, *program, worker);
  if (!port) return tl::unexpected(port.error());
  if (auto r = (*port)->program().add_target(spec.address); !r) return tl::unexpected(r.error());
  auto route = std::make_shared<XdpRoute>(spec, handler, worker, counters, in_flight, std::move(fallback));
  route->port_ = *port;
  route->open_ = true;
  (*port)->add_route(route.get());
  return route;
}

XdpRoute::XdpRoute(const ListenerSpec& spec, QueryHandler& handler, unsigned worker, ListenerCounters& counters,
                   Counter& in_flight, Fallback fallback)
    : spec_(spec),
      handler_(handler),
      worker_(worker),
      counters_(counters),
      in_flight_(in_flight),
      fallback_(std::move(fallback)) {}

XdpRoute::~XdpRoute() { close(); }

void XdpRoute::start() {
  if (!open_) return;
  accepting_ = true;
  port_->start();
}

void XdpRoute::close() {
  accepting_ = false;
  if (!open_) return;
  open_ = false;
  port_->program().remove_target(spec_.address);
  port_->remove_route(this);
  port_.reset();
}

void XdpRoute::handle(const UdpFrame& f, std::vector<uint8_t>& response) {
  counters_.inc(ListenerStat::kXdpReceived);
  if (f.payload.size() < dns::kHeaderSize) {
    counters_.inc(ListenerStat::kInputTooSmall);
    return;
  }
  Request req;
  req.query = f.payload;
  req.client = f.client;
  req.local = f.local;
  req.listener_id = spec_.id;
  req.transport = Transport::kUdp;
  req.max_response_size = spec_.udp.max_response_size;
  req.worker = worker_;
  req.channel = this;
  req.link = f.link;
  counters_.inc(ListenerStat::kReceived);
  response.clear();
  switch (handler_.handle(req, response)) {
    case Action::kDrop: counters_.inc(ListenerStat::kDroppedByHandler); return;
    case Action::kDefer: counters_.inc(ListenerStat::kDeferred); return;
    case Action::kReply: break;
  }
  if (response.size() > spec_.udp.max_response_size) {
    counters_.inc(ListenerStat::kResponseTooLarge);
    return;
  }
  counters_.inc(ListenerStat::kAnsweredSync);
  if (port_->queue_answer(f.link, f.local, f.client, response)) {
    counters_.inc(ListenerStat::kXdpSent);
  } else if (!fallback_(f.client, f.local, response)) {
    counters_.inc(ListenerStat::kSendErrors);
  }
}

bool XdpRoute::deliver(const PendingReply& p, std::span<const uint8_t> response) {
  if (response.size() > p.max_response_size) {
    counters_.inc(ListenerStat::kResponseTooLarge);
    return false;
  }
  if (port_ && port_->queue_answer(p.link, p.local, p.client, response)) {
    port_->flush_sends();
    counters_.inc(ListenerStat::kXdpSent);
  } else if (!fallback_(p.client, p.local, response)) {
    return false;
  }
  counters_.inc(ListenerStat::kAnsweredAsync);
  return true;
}

void XdpRoute::on_released(bool sent) {
  in_flight_.dec();
  if (!sent) counters_.inc(ListenerStat::kDroppedByHandler);
}

}  // namespace dns4eu::net::internal
