// runtime.h — the immutable snapshot of everything a query needs that comes
// from the config: the resolver's settings, the ACL, the local zones, the
// policy (loaded lists, profiles, views). A
// reload builds a new Runtime and publishes it; workers pick it up at their
// next query, in-flight resolutions finish on the one they started with.
//
//   auto rt = build_runtime(config, generation);   // Result<shared_ptr<const Runtime>>
//   holder.publish(*rt);
//   auto snap = holder.current();                   // shared_ptr<const Runtime>
//
// Thread-safety: a Runtime is immutable; RuntimeHolder::publish/current are
// thread-safe (a mutex, but workers only take it when the generation changed).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "daemon/access_control.h"
#include "daemon/config.h"
#include "daemon/local_zones.h"
#include "policy/policy.h"
#include "resolver/resolver_config.h"

namespace dns4eu::daemon {

struct Runtime {
  Config config;
  resolver::ResolverConfig resolver;
  AccessControl acl;
  LocalZones local_zones;
  std::vector<net::Address> sources_v4, sources_v6;
  uint64_t generation = 0;
  uint32_t max_in_flight_per_worker = 0;
  // Filtering: null when the config has no policy profiles (every listener plain).
  std::shared_ptr<const policy::Policy> policy;
  std::vector<std::pair<uint32_t, uint16_t>> listener_profiles;  // listener id -> profile (absent: plain)
  struct PathProfile {  // a DoH path with a flavour of its own (listeners[].paths[].flavour)
    uint32_t listener_id;
    std::string path;  // as net::Request::doh_path carries it
    uint16_t profile;
  };
  std::vector<PathProfile> path_profiles;
  std::vector<std::string> warnings;  // lists refused at this build (the previous version serves)

  // The DoH path's flavour when it has one, else the listener's.
  uint16_t profile_for_endpoint(uint32_t listener_id, std::string_view doh_path) const {
    for (const auto& p : path_profiles)
      if (p.listener_id == listener_id && p.path == doh_path) return p.profile;
    return profile_for_listener(listener_id);
  }
  uint16_t profile_for_listener(uint32_t listener_id) const {
    for (const auto& [id, profile] : listener_profiles)
      if (id == listener_id) return profile;
    return 0;
  }
};

inline constexpr const char* kDebianRootKey = "/usr/share/dns/root.key";

// The trust anchors of `config`: its file, else Debian's root.key when
// readable, else the built-in root KSKs; plus the negative anchors.
Result<std::shared_ptr<const dnssec::TrustAnchors>> load_trust_anchors(const DnssecConfig& config);

// Fails when the root hints or trust anchor file cannot be read, or a policy list cannot be
// loaded and `previous` has no version of it to keep serving.
Result<std::shared_ptr<const Runtime>> build_runtime(const Config& config, uint64_t generation,
                                                     const Runtime* previous = nullptr);

class RuntimeHolder {
 public:
  void publish(std::shared_ptr<const Runtime> rt) {
    std::lock_guard lock(mu_);
    current_ = std::move(rt);
    generation_.store(current_->generation, std::memory_order_release);
  }
  std::shared_ptr<const Runtime> current() const {
    std::lock_guard lock(mu_);
    return current_;
  }
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const Runtime> current_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace dns4eu::daemon
