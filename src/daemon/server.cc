// server.cc — see server.h.
#include "daemon/server.h"

#include <algorithm>

#include "daemon/access_control.h"
#include "daemon/observed_handler.h"
#include "net/random.h"

namespace dns4eu::daemon {
namespace {

net::Transport to_net(Transport t) {
  switch (t) {
    case Transport::kUdp: return net::Transport::kUdp;
    case Transport::kTcp: return net::Transport::kTcp;
    case Transport::kDot: return net::Transport::kDot;
    case Transport::kDoh: return net::Transport::kDoh;
    case Transport::kDoq: return net::Transport::kDoq;
  }
  return net::Transport::kUdp;
}

uint32_t stable_id(const std::string& text) {
  uint32_t h = 2166136261u;  // FNV-1a: stable across runs and builds
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return h;
}

}  // namespace

std::string tls_identity(const Listener& l) {
  std::string id = l.tls_certificate + '\n' + l.tls_key;
  for (const auto& [cert, key] : l.tls_by_name) id += '\n' + cert + '\n' + key;
  return id;
}

static bool uses_tls(Transport t) { return t == Transport::kDot || t == Transport::kDoh || t == Transport::kDoq; }

std::vector<net::ListenerSpec> listener_specs(const Config& config, const TlsCertificates& certificates,
                                              std::shared_ptr<net::ClientLimiter> per_client) {
  std::vector<net::ListenerSpec> specs;
  for (const auto& l : config.listeners) {
    if (!is_served(l.transport)) continue;
    net::ListenerSpec s;
    if (uses_tls(l.transport)) {
      auto it = certificates.find(tls_identity(l));
      if (it == certificates.end()) continue;
      s.tls.certificate = it->second;
      s.tls.doh_paths.clear();
      for (const DohPath& p : l.doh_paths) s.tls.doh_paths.push_back(p.path);
      if (s.tls.doh_paths.empty()) s.tls.doh_paths.push_back("/dns-query");
    }
    s.transport = to_net(l.transport);
    s.address = net::Endpoint(to_net_address(l.address), l.port);
    s.id = listener_id(l);
    s.udp.max_response_size = config.resolver.edns_buffer_size;
    s.tcp.idle_timeout = config.tcp.idle_timeout;
    s.tls.handshake_timeout = config.tcp.handshake_timeout;
    if (l.transport != Transport::kUdp) s.tcp.per_client = per_client;
    for (const IpPrefix& p : l.proxy_protocol)
      s.tcp.proxy_from.push_back(net::AddressPrefix{to_net_address(p.address()), static_cast<uint8_t>(p.length())});
    s.tcp.max_connections = std::max<uint32_t>(1, config.tcp.max_connections / config.effective_workers());
    s.udp.xdp.interface = l.xdp_interface;
    s.udp.xdp.mode = l.xdp_mode == "native"    ? net::XdpMode::kNative
                     : l.xdp_mode == "generic" ? net::XdpMode::kGeneric
                                               : net::XdpMode::kAuto;
    bool duplicate = std::any_of(specs.begin(), specs.end(), [&](const auto& o) { return o.id == s.id; });
    if (!duplicate) specs.push_back(s);
  }
  return specs;
}

uint32_t listener_id(const Listener& l) {
  net::Endpoint address(to_net_address(l.address), l.port);
  return stable_id(std::string(to_string(l.transport)) + " " + address.to_string());
}

resolver::CachesConfig caches_config(const Config& config) {
  resolver::CachesConfig c;
  cache::CacheConfig base;
  base.min_ttl = static_cast<uint32_t>(config.cache.min_ttl.count());
  base.max_ttl = static_cast<uint32_t>(config.cache.max_ttl.count());
  base.max_negative_ttl = static_cast<uint32_t>(config.cache.negative_max_ttl.count());
  base.stale_retention = static_cast<uint32_t>(config.serve_stale.max_stale_ttl.count());
  c.rrsets = base;
  c.rrsets.max_bytes = config.cache.size / 8 * 7;
  c.negative = base;
  c.negative.max_bytes = config.cache.size / 8;
  c.answers.base = base;
  c.answers.base.max_bytes = std::max<uint64_t>(config.cache.answer_cache_size, 64u << 10);
  // answer_cache_size 0 disables the answer cache (config.h): no packet is small enough to store.
  if (config.cache.answer_cache_size == 0) c.answers.max_packet = 0;
  c.infra.initial_rto_ms = static_cast<uint32_t>(config.upstream.timeout.initial.count());
  c.infra.min_rto_ms = static_cast<uint32_t>(config.upstream.timeout.min.count());
  c.infra.max_rto_ms = static_cast<uint32_t>(config.upstream.timeout.max.count());
  return c;
}

Server::Server(const Config& config)
    : config_(config), per_client_(std::make_shared<net::ClientLimiter>(config.tcp.max_connections_per_client)) {}
Server::~Server() { stop(std::chrono::milliseconds(0)); }

Result<std::unique_ptr<Server>> Server::create(const Config& config) {
  std::unique_ptr<Server> s(new Server(config));
  auto rt = build_runtime(config, ++s->generation_);
  if (!rt) return tl::unexpected(rt.error());
  s->holder_.publish(*rt);
  s->caches_ = std::make_unique<resolver::Caches>(caches_config(config));
  unsigned workers = config.effective_workers();
  for (unsigned i = 0; i < workers; ++i) s->stats_.push_back(std::make_unique<HandlerStats>());
  auto telemetry = Telemetry::create(config, workers);
  if (!telemetry) return tl::unexpected(telemetry.error());
  s->telemetry_ = std::move(*telemetry);
  s->publish_policy_names();
  Server* self = s.get();
  s->pool_ = std::make_unique<net::WorkerPool>(workers, [self](net::Worker& w) -> std::unique_ptr<net::QueryHandler> {
    HandlerStats& stats = *self->stats_[w.index()];
    QueryObserver& observer = self->telemetry_->observer(w.index());
    auto inner =
        std::make_unique<ResolverHandler>(w, self->holder_, *self->caches_, stats, &observer, &self->notify_);
    if (w.index() == 0) inner->prime_root();  // RFC 8109: a resolver primes when it starts
    return std::make_unique<ObservedHandler>(std::move(inner), observer, stats);
  });
  if (auto st = s->load_certificates(config); !st) return tl::unexpected(st.error());
  return s;
}

Status Server::load_certificates(const Config& config) {
  for (const auto& l : config.listeners) {
    if (!uses_tls(l.transport) || !is_served(l.transport)) continue;
    auto key = tls_identity(l);
    auto it = certificates_.find(key);
    Status st;
    std::vector<net::TlsPair> by_name;
    for (const auto& [cert, k] : l.tls_by_name) by_name.push_back(net::TlsPair{cert, k});
    if (it != certificates_.end()) {
      st = it->second->reload();
    } else if (auto c = net::TlsCertificate::load(l.tls_certificate, l.tls_key, std::move(by_name)); c) {
      certificates_.emplace(key, *c);
    } else {
      st = tl::unexpected(c.error());
    }
    if (!st) {
      std::string where = l.origin.empty() ? "" : l.origin + ": ";
      return fail(st.error().code, where + "listeners: " + st.error().message);
    }
  }
  return {};
}

Status Server::start() {
  if (auto s = pool_->start(); !s) return s;
  // The first draw from OpenSSL's CSPRNG sets up its providers and per-thread
  // generators (about 2 ms): do it now, not in the first client's resolution.
  for (unsigned i = 0; i < pool_->size(); ++i) pool_->post(i, [] { (void)net::random_u64(); });
  return pool_->set_listeners(listener_specs(config_, certificates_, per_client_));
}

Status Server::reload(const Config& config) {
  // What decides where client data goes is fixed at start: a reload must not
  // leave a file written under the old rules while it claims the new ones.
  if (config.profile != config_.profile || config.privacy != config_.privacy || config.query_log != config_.query_log ||
      config.dnstap != config_.dnstap)
    return fail(ErrorCode::kUnsupported,
                "server.profile, privacy, query_log and dnstap cannot change on reload: restart dns4eud to apply them");
  if (auto s = telemetry_->reload_asn(); !s) return s;  // the AS database file may have been updated
  auto rt = build_runtime(config, generation_ + 1, holder_.current().get());
  if (!rt) return tl::unexpected(rt.error());
  if (auto s = load_certificates(config); !s) return s;
  if (auto s = pool_->set_listeners(listener_specs(config, certificates_, per_client_)); !s) return s;
  per_client_->set_max(config.tcp.max_connections_per_client);
  ++generation_;
  holder_.publish(*rt);
  publish_policy_names();
  // Validation verdicts in the caches depend on the anchors and limits.
  if (!(config.dnssec == config_.dnssec)) caches_->flush_all();
  caches_->answers.flush_all();
  telemetry_->set_listeners(config);
  config_ = config;
  return {};
}

Result<bool> Server::reload_changed_lists() {
  auto current = holder_.current();
  if (!current->policy || !current->policy->files_changed()) return false;
  auto rt = build_runtime(config_, generation_ + 1, current.get());
  if (!rt) return tl::unexpected(rt.error());
  ++generation_;
  holder_.publish(*rt);
  publish_policy_names();
  caches_->answers.flush_all();  // answers were filtered by the old lists
  return true;
}

// The telemetry's list slots (1 + index, see policy_answer.h list_slot) name
// the current policy's lists.
void Server::publish_policy_names() {
  auto rt = holder_.current();
  std::vector<std::string> names;
  if (rt->policy)
    for (const auto& l : rt->policy->lists()) names.push_back(l->name);
  telemetry_->set_policy_lists(std::move(names));
}

void Server::sum_stats(HandlerStats& out) const {
  for (const auto& s : stats_) s->add_to(out);
}

std::size_t Server::flush_cache(const dns::Name& name) {
  return caches_->rrsets.flush_below(name) + caches_->negative.flush_below(name) + caches_->answers.flush_below(name);
}

void Server::stop(std::chrono::milliseconds drain) {
  if (pool_) pool_->stop(drain);
  if (telemetry_) telemetry_->stop();  // after the workers: what they queued is written
}

std::vector<std::string> Server::unserved_listeners() const {
  std::vector<std::string> out;
  for (const auto& l : config_.listeners)
    if (!is_served(l.transport))
      out.push_back(std::string(to_string(l.transport)) + " " + l.address.to_string() + ":" + std::to_string(l.port));
  return out;
}

}  // namespace dns4eu::daemon
