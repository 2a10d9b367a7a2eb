// server.h — one running dns4eud: the shared caches, the worker pool with
// its listeners, and the published runtime snapshot. The app's main() makes
// one, starts it, calls reload() on SIGHUP and stop() on SIGTERM.
//
//   auto server = Server::create(config);          // Result<unique_ptr<Server>>
//   if (auto s = (*server)->start(); !s) die(s.error().message);
//   (*server)->reload(new_config);                 // old config stays on error
//   (*server)->stop(std::chrono::seconds(2));      // drain, then close
//
// Reload keeps the caches (the answer cache is flushed, as local zones,
// limits or policy may have changed) and every unchanged listener socket: no query is
// dropped. Cache sizes and the worker count apply at the next start; a reload
// that changes server.profile, privacy, query_log or dnstap is refused (they
// decide where client data goes: restart to change them).
// Thread-safety: call from one control thread.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/config.h"
#include "daemon/query_handler.h"
#include "daemon/runtime.h"
#include "daemon/telemetry.h"
#include "net/tls.h"
#include "net/worker.h"
#include "resolver/caches.h"

namespace dns4eu::daemon {

// Loaded certificates by their files (see tls_identity); one object per set
// of pairs, kept across reloads so unchanged TLS listeners keep their sockets.
using TlsCertificates = std::map<std::string, std::shared_ptr<net::TlsCertificate>>;
// The certificate, key and by-name pairs of a TLS listener as one map key.
std::string tls_identity(const Listener& l);

class Server {
 public:
  static Result<std::unique_ptr<Server>> create(const Config& config);
  ~Server();

  Status start();
  Status reload(const Config& config);
  // Rebuilds the policy when a list file changed (a broken list keeps its
  // previous version; see warnings()). Returns whether a new snapshot was published.
  Result<bool> reload_changed_lists();
  // What the last build refused but survived (lists kept at their previous version).
  std::vector<std::string> warnings() const { return holder_.current()->warnings; }
  // The published runtime snapshot.
  std::shared_ptr<const Runtime> runtime() const { return holder_.current(); }
  void stop(std::chrono::milliseconds drain);

  // The sum of every worker's handler counters.
  void sum_stats(HandlerStats& out) const;
  // Where workers hand NOTIFY messages (set by the app when lists are fed by zone transfer).
  NotifyHook& notify_hook() { return notify_; }
  const resolver::Caches& caches() const { return *caches_; }
  // Removes `name` and everything below it from the RRset, negative and
  // answer caches (the root: everything). Returns the entries removed.
  std::size_t flush_cache(const dns::Name& name);
  Telemetry& telemetry() { return *telemetry_; }
  const Config& config() const { return config_; }
  // Sums of one listener's transport counters over the workers.
  net::ListenerCounters::Snapshot listener_stats(uint32_t listener_id) const { return pool_->stats(listener_id); }
  std::vector<net::BoundListener> listeners() const { return pool_->listeners(); }
  // Listeners of the config that this version does not serve yet (doq).
  std::vector<std::string> unserved_listeners() const;

 private:
  explicit Server(const Config& config);
  void publish_policy_names();
  // Loads new and re-reads known certificate/key pairs of the TLS listeners.
  Status load_certificates(const Config& config);
  Config config_;
  RuntimeHolder holder_;
  uint64_t generation_ = 0;
  std::vector<std::unique_ptr<HandlerStats>> stats_;  // one per worker
  std::unique_ptr<Telemetry> telemetry_;
  NotifyHook notify_;
  std::unique_ptr<resolver::Caches> caches_;
  std::unique_ptr<net::WorkerPool> pool_;
  TlsCertificates certificates_;
  std::shared_ptr<net::ClientLimiter> per_client_;  // one for the daemon's life: specs stay equal
};

// The net/ listener specs for the served listeners of `config`, with ids
// that stay the same for the same transport/address/port across reloads.
// TLS listeners (dot, doh, doq) whose pair is not in `certificates` are skipped.
// Stream listeners share `per_client` (the tcp.max_connections_per_client limit).
std::vector<net::ListenerSpec> listener_specs(const Config& config, const TlsCertificates& certificates = {},
                                              std::shared_ptr<net::ClientLimiter> per_client = nullptr);
// The id net/ gives requests that reach listener `l` (stable across reloads).
uint32_t listener_id(const Listener& l);
resolver::CachesConfig caches_config(const Config& config);

}  // namespace dns4eu::daemon
