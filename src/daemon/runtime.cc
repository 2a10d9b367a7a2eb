// runtime.cc — see runtime.h.
#include "daemon/runtime.h"

#include <unistd.h>

#include "daemon/server.h"
#include "resolver/root_hints.h"

namespace dns4eu::daemon {
namespace {

resolver::AddressPrefix to_prefix(const IpPrefix& p) {
  return resolver::AddressPrefix{to_net_address(p.address()), static_cast<uint8_t>(p.length())};
}

// The policy snapshot and each listener's profile; nothing when no profile is configured.
Status build_policy(const Config& config, const Runtime* previous, Runtime& rt) {
  if (config.policy.spec.profiles.empty() && config.policy.spec.tenants.empty()) return {};
  const policy::Policy* old = previous ? previous->policy.get() : nullptr;
  auto p = policy::Policy::build(config.policy.spec, old, &rt.warnings);
  if (!p) return fail(p.error().code, "policy: " + p.error().message);
  rt.policy = *p;
  for (const auto& l : config.listeners) {
    auto profile = rt.policy->profile_id(l.flavour);
    if (profile && *profile != 0) rt.listener_profiles.emplace_back(listener_id(l), *profile);
    for (const DohPath& p : l.doh_paths) {
      if (p.flavour.empty()) continue;
      auto path_profile = rt.policy->profile_id(p.flavour);  // the config reader checked that it exists
      if (path_profile) rt.path_profiles.push_back({listener_id(l), p.path, *path_profile});
    }
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<const dnssec::TrustAnchors>> load_trust_anchors(const DnssecConfig& config) {
  dnssec::TrustAnchors anchors;
  std::string file = config.trust_anchor_file;
  if (file.empty() && ::access(kDebianRootKey, R_OK) == 0) file = kDebianRootKey;
  if (file.empty()) {
    anchors = dnssec::TrustAnchors::builtin_root();
  } else {
    auto loaded = dnssec::TrustAnchors::from_file(file);
    if (!loaded) return fail(loaded.error().code, "dnssec.trust_anchor_file: " + loaded.error().message);
    anchors = std::move(*loaded);
  }
  for (const auto& n : config.negative_trust_anchors) anchors.add_negative(n);
  return std::make_shared<const dnssec::TrustAnchors>(std::move(anchors));
}

Result<std::shared_ptr<const Runtime>> build_runtime(const Config& config, uint64_t generation,
                                                     const Runtime* previous) {
  resolver::ResolverConfig rc;
  rc.qname_minimisation = config.resolver.qname_minimisation;
  rc.use_ipv4 = config.upstream.ipv4;
  rc.use_ipv6 = config.upstream.ipv6;
  rc.edns_buffer_size = config.resolver.edns_buffer_size;
  rc.max_upstream_queries = static_cast<int>(config.limits.max_upstream_queries);
  rc.max_glueless_lookups = static_cast<int>(config.limits.max_glueless_ns);
  rc.max_cname_chain = static_cast<int>(config.limits.max_cname_chain);
  rc.max_resolution_time = config.limits.max_resolution_time;
  rc.server_filter.allow_loopback = config.upstream.allow_loopback_servers;
  rc.server_filter.allow_private = config.upstream.allow_private_servers;
  for (const auto& p : config.upstream.deny) rc.server_filter.deny.push_back(to_prefix(p));
  if (!config.resolver.root_hints.empty()) {
    auto hints = resolver::load_root_hints(config.resolver.root_hints);
    if (!hints) return fail(hints.error().code, "resolver.root_hints: " + hints.error().message);
    rc.root_hints = std::move(*hints);
  }
  if (config.dnssec.validation) {
    auto anchors = load_trust_anchors(config.dnssec);
    if (!anchors) return tl::unexpected(anchors.error());
    rc.trust_anchors = std::move(*anchors);
    rc.validation.max_nsec3_iterations = static_cast<uint16_t>(config.dnssec.nsec3_max_iterations);
    rc.validation.max_verifications_per_query = static_cast<int>(config.dnssec.max_verifications_per_query);
    rc.validation.max_signatures_per_rrset = static_cast<int>(config.dnssec.max_signatures_per_rrset);
    rc.validation.max_keys_per_signature = static_cast<int>(config.dnssec.max_keys_per_signature);
    rc.validation.bogus_ttl = static_cast<uint32_t>(config.dnssec.bogus_ttl.count());
  }
  auto rt = std::make_shared<Runtime>(Runtime{config, std::move(rc), AccessControl(config.access),
                                              LocalZones(config.local_zones), {}, {}, generation, 0, {}, {}, {}, {}});
  for (const auto& a : config.upstream.source_v4) rt->sources_v4.push_back(to_net_address(a));
  for (const auto& a : config.upstream.source_v6) rt->sources_v6.push_back(to_net_address(a));
  if (auto s = build_policy(config, previous, *rt); !s) return tl::unexpected(s.error());
  rt->max_in_flight_per_worker =
      std::max<uint32_t>(1, config.limits.max_concurrent_resolutions / config.effective_workers());
  return std::shared_ptr<const Runtime>(std::move(rt));
}

}  // namespace dns4eu::daemon
