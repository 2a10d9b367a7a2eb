// iterator.h — the iterative resolution algorithm (RFC 1034 §5.3.3, with
// RFC 2308 negative caching, RFC 8109 priming, RFC 9156 QNAME minimisation,
// RFC 6672 DNAME and RFC 2181 credibility rules).
//
// One Iterator per worker thread. resolve() is a coroutine: it reads top to
// bottom, `co_await`ing each upstream exchange, and follows CNAME chains,
// referrals and glueless delegations within the Budget it is given. Results
// enter the shared caches as they arrive; the returned Resolution carries
// the answer chain, the negative-answer authority and an EDE on failure.
//
//   Iterator it(config, caches, upstream);
//   Budget b = it.new_budget();
//   Resolution r = co_await it.resolve(qname, RRType::kA, b);
//
// Thread-safety: an Iterator and its coroutines belong to one worker thread;
// the caches it shares are thread-safe.
#pragma once

#include <optional>
#include <random>
#include <vector>

#include <asio/awaitable.hpp>

#include "dns/name.h"
#include "dns/rrset.h"
#include "dnssec/key_cache.h"
#include "resolver/caches.h"
#include "resolver/resolution.h"
#include "resolver/resolver_config.h"
#include "resolver/response_classifier.h"
#include "resolver/upstream.h"

namespace dns4eu::resolver {

// Counters an operator wants to see (plain integers: one Iterator per thread).
struct IteratorStats {
  uint64_t upstream_queries = 0;
  uint64_t upstream_timeouts = 0;
  uint64_t upstream_tcp = 0;
  uint64_t edns_fallbacks = 0;
  uint64_t lame_or_failed = 0;
  uint64_t refused_by_filter = 0;   // server addresses not allowed
  uint64_t budget_exhausted = 0;
  uint64_t minimisation_fallbacks = 0;
  uint64_t primings = 0;
  uint64_t validations_secure = 0;    // responses validated (final steps)
  uint64_t validations_insecure = 0;
  uint64_t validations_bogus = 0;
  uint64_t signature_checks = 0;
  uint64_t aggressive_answers = 0;    // denials synthesised from cached NSEC/NSEC3 (RFC 8198)
};

// DNSSEC verdicts on one classified response, parallel to its sections.
struct Validated {
  std::vector<cache::Security> answer;
  std::vector<cache::Security> authority;
  cache::Security overall = cache::Security::kUnchecked;
  std::optional<dns::ExtendedError> why;  // the first reason for bogus
  // Why an answer is insecure although its zone is under a trust anchor
  // (unsupported algorithm or digest, NSEC3 iterations): an informational EDE.
  std::optional<dns::ExtendedError> insecure_why;
};

// The weaker of two verdicts: bogus < unchecked < insecure/indeterminate < secure.
cache::Security combine(cache::Security a, cache::Security b);

class Iterator {
 public:
  Iterator(const ResolverConfig& config, Caches& caches, Upstream& upstream);

  Budget new_budget() const;
  asio::awaitable<Resolution> resolve(dns::Name qname, dns::RRType qtype, Budget& budget);
  // The answer the caches alone give, without any upstream query or
  // coroutine (the daemon's second-fastest path); nullopt when resolve() is needed.
  std::optional<Resolution> resolve_cached(const dns::Name& qname, dns::RRType qtype);

  // Primes the root (RFC 8109) unless the cache already holds the root's
  // NS RRset with addresses; returns the upstream queries it sent. The daemon
  // calls it at start, so the first client query does not wait for it.
  asio::awaitable<int> prime_if_needed();

  const IteratorStats& stats() const { return stats_; }
  const ResolverConfig& config() const { return config_; }

  // One authoritative server of a zone cut and the addresses we know for it.
  struct NsServer {
    dns::Name name;
    std::vector<net::Endpoint> addresses;
    bool lookup_done = false;
  };
  struct ZoneCut {
    dns::Name zone;
    std::vector<NsServer> servers;
  };

 private:
  // The outcome of resolving one name (no CNAME following across names).
  struct Step {
    enum Kind { kFinal, kAlias, kFailed } kind = kFailed;
    dns::Rcode rcode = dns::Rcode::kServFail;
    std::vector<dns::RRset> answer;
    std::vector<dns::RRset> authority;
    dns::Name final_name;
    std::optional<dns::ExtendedError> ede;
    cache::Security security = cache::Security::kUnchecked;
  };

  // validate=false only for a zone's own DNSKEY RRset, which zone_keys() checks.
  asio::awaitable<Step> resolve_name(dns::Name name, dns::RRType qtype, Budget& budget, bool validate = true);
  std::optional<Step> from_cache(const dns::Name& name, dns::RRType qtype, uint32_t now);
  // What the cache knows of a name on the way down (QNAME minimisation).
  enum class Intermediate { kUnknown, kExists, kNxDomain };
  Intermediate known_intermediate(const dns::Name& name, uint32_t now);
  std::optional<dns::RRset> cached_dname_for(const dns::Name& name, const dns::Name& target, uint32_t now);
  // Takes the response's RRsets (no copies): `c` is spent afterwards.
  Step step_from(ClassifiedResponse&& c, dns::RRType qtype) const;

  // zone_cut.cc
  asio::awaitable<std::optional<ZoneCut>> find_zone_cut(dns::Name name, Budget& budget);
  std::optional<ZoneCut> cached_zone_cut(const dns::Name& zone, uint32_t now);
  ZoneCut zone_from_hints() const;
  ZoneCut zone_from_referral(const ClassifiedResponse& c, uint32_t now);
  void add_cached_addresses(NsServer& ns, uint32_t now);
  asio::awaitable<void> prime(Budget& budget);
  asio::awaitable<bool> resolve_ns_address(ZoneCut& zone, Budget& budget);

  // exchange.cc
  asio::awaitable<std::optional<ClassifiedResponse>> ask_zone(ZoneCut& zone, dns::Name qname,
                                                              dns::RRType qtype, Budget& budget);
  asio::awaitable<std::optional<std::vector<uint8_t>>> exchange(net::Endpoint server, dns::Name qname,
                                                               dns::RRType qtype, Budget& budget);
  std::vector<net::Endpoint> candidates(const ZoneCut& zone, const std::vector<net::Endpoint>& tried);

  // cache_fill.cc
  void cache_response(const ClassifiedResponse& c, dns::RRType qtype, uint32_t now,
                      const Validated* v = nullptr);

  void remember_denial(const ClassifiedResponse& c, uint32_t now);

  // validation.cc (DNSSEC, RFC 4035 §5)
  bool validating() const { return config_.trust_anchors != nullptr; }
  asio::awaitable<dnssec::KeyEntry> zone_keys(dns::Name zone, Budget& budget);
  asio::awaitable<Validated> validate_response(const ClassifiedResponse& c, const dns::Name& asked_zone, dns::RRType qtype,
                                      Budget& budget);
  // A cached entry's verdict is usable as is (not kUnchecked while validating).
  bool usable_security(cache::Security s) const { return !validating() || s != cache::Security::kUnchecked; }
  std::optional<dns::ExtendedError> cached_bogus_reason(const dns::Name& name, dns::RRType type, uint32_t now);

  ResolverConfig config_;  // a copy: a reload builds new Iterators
  Caches& caches_;
  Upstream& upstream_;
  IteratorStats stats_;
};

}  // namespace dns4eu::resolver
