// iterator.cc — resolve() and resolve_name(): the top of the algorithm.
// Zone cuts live in zone_cut.cc, upstream exchanges in exchange.cc and cache
// writes in cache_fill.cc.
#include "resolver/iterator.h"

#include <algorithm>

#include "resolver/internal/proof_codec.h"

namespace dns4eu::resolver {

using dns::Name;
using dns::RRset;
using dns::RRType;

Iterator::Iterator(const ResolverConfig& config, Caches& caches, Upstream& upstream)
    : config_(config), caches_(caches), upstream_(upstream) {}

Budget Iterator::new_budget() const {
  Budget b;
  b.upstream_queries_left = config_.max_upstream_queries;
  b.glueless_left = config_.max_glueless_lookups;
  b.deadline = std::chrono::steady_clock::now() + config_.max_resolution_time;
  b.validation = dnssec::WorkMeter(config_.validation);
  return b;
}

asio::awaitable<Resolution> Iterator::resolve(Name qname, RRType qtype, Budget& budget) {
  Resolution res;
  const int queries_at_start = budget.upstream_queries_left;
  std::vector<Name> seen{qname};
  Name name = qname;
  int cnames = 0;  // one step may bring several (a server's in-zone chain): count them all
  cache::Security security = validating() ? cache::Security::kSecure : cache::Security::kUnchecked;
  std::optional<dns::ExtendedError> bogus_why;
  for (int link = 0; link <= config_.max_cname_chain; ++link) {
    Step s = co_await resolve_name(name, qtype, budget);
    security = combine(security, s.security);
    if (s.security == cache::Security::kBogus && !bogus_why) bogus_why = s.ede;
    for (auto& rr : s.answer) {
      if (rr.type == RRType::kCNAME) ++cnames;
      res.answer.push_back(std::move(rr));
    }
    if (s.kind == Step::kAlias && std::find(seen.begin(), seen.end(), s.final_name) != seen.end()) {
      res.rcode = dns::Rcode::kServFail;
      res.ede = dns::ExtendedError{dns::EdeCode::kOther, "CNAME loop at " + s.final_name.to_text()};
      break;
    }
    if (cnames > config_.max_cname_chain || (s.kind == Step::kAlias && link == config_.max_cname_chain)) {
      res.rcode = dns::Rcode::kServFail;
      res.ede = dns::ExtendedError{dns::EdeCode::kOther, "CNAME chain longer than " +
                                                            std::to_string(config_.max_cname_chain)};
      break;
    }
    if (s.kind == Step::kAlias) {
      seen.push_back(s.final_name);
      name = s.final_name;
      continue;
    }
    res.rcode = s.rcode;
    res.authority = std::move(s.authority);
    res.ede = std::move(s.ede);
    break;
  }
  res.upstream_queries = queries_at_start - budget.upstream_queries_left;
  res.from_cache = res.upstream_queries == 0;
  res.security = security;
  if (security == cache::Security::kBogus && !res.ede) res.ede = bogus_why;
  co_return res;
}

// The cached DNAME at an ancestor of `name` whose substitution gives
// `target`: the CNAME at `name` was synthesised from it (RFC 6672 §3.4 wants
// the DNAME in the answer too).
std::optional<RRset> Iterator::cached_dname_for(const Name& name, const Name& target, uint32_t now) {
  for (Name owner = name.parent(); !owner.is_root(); owner = owner.parent()) {
    auto hit = caches_.rrsets.lookup(owner, RRType::kDNAME, dns::RRClass::kIN, now);
    if (!hit || hit->trust() < cache::Trust::kAnswerNonAuth) continue;
    RRset dname = hit->to_rrset(now);
    auto dtarget = dns::rdata_single_name(dname.rdatas.front());
    if (!dtarget) return std::nullopt;
    auto synth = dname_substitute(name, owner, *dtarget);
    if (!synth || !(*synth == target)) return std::nullopt;
    dname.owner = name.suffix(owner.label_count());  // the question's case
    return dname;
  }
  return std::nullopt;
}

std::optional<Resolution> Iterator::resolve_cached(const Name& qname, RRType qtype) {
  const uint32_t now = now_seconds();
  Resolution res;
  std::vector<Name> seen{qname};
  Name name = qname;
  res.security = validating() ? cache::Security::kSecure : cache::Security::kUnchecked;
  for (int link = 0; link <= config_.max_cname_chain; ++link) {
    auto s = from_cache(name, qtype, now);
    if (!s) return std::nullopt;
    res.security = combine(res.security, s->security);
    if (s->security == cache::Security::kBogus && !res.ede) res.ede = s->ede;
    for (auto& rr : s->answer) res.answer.push_back(std::move(rr));
    if (s->kind != Step::kAlias) {
      res.rcode = s->rcode;
      res.authority = std::move(s->authority);
      return res;
    }
    // Loops and over-long chains: leave the verdict (and its EDE) to resolve().
    if (std::find(seen.begin(), seen.end(), s->final_name) != seen.end()) return std::nullopt;
    seen.push_back(s->final_name);
    name = s->final_name;
  }
  return std::nullopt;
}

std::optional<Iterator::Step> Iterator::from_cache(const Name& name, RRType qtype, uint32_t now) {
  auto usable = [this](const cache::RRsetRef& r) {
    return r.trust() >= cache::Trust::kAnswerNonAuth && usable_security(r.security());
  };
  if (auto hit = caches_.rrsets.lookup(name, qtype, dns::RRClass::kIN, now); hit && usable(*hit)) {
    Step s{Step::kFinal, dns::Rcode::kNoError, {hit->to_rrset(now)}, {}, name, {}, hit->security()};
    s.answer.back().owner = name;  // the cache lower-cases owners: answer in the question's case
    if (s.security == cache::Security::kBogus) s.ede = cached_bogus_reason(name, qtype, now);
    return s;
  }
  if (qtype != RRType::kCNAME) {
    if (auto hit = caches_.rrsets.lookup(name, RRType::kCNAME, dns::RRClass::kIN, now); hit && usable(*hit)) {
      RRset cname = hit->to_rrset(now);
      cname.owner = name;
      auto target = dns::rdata_single_name(cname.rdatas.front());
      if (target) {
        Step s{Step::kAlias, dns::Rcode::kNoError, {}, {}, *target, {}, hit->security()};
        if (s.security == cache::Security::kBogus) s.ede = cached_bogus_reason(name, RRType::kCNAME, now);
        if (auto dname = cached_dname_for(name, *target, now)) s.answer.push_back(std::move(*dname));
        s.answer.push_back(std::move(cname));
        return s;
      }
    }
  }
  if (auto neg = caches_.negative.lookup(name, qtype, dns::RRClass::kIN, now); neg && usable_security(neg->security())) {
    const bool nx = neg->kind() == cache::NegativeKind::kNxDomain;
    Step s{Step::kFinal, nx ? dns::Rcode::kNXDomain : dns::Rcode::kNoError, {}, {}, name, {}, neg->security()};
    RRset soa{neg->soa_owner(), RRType::kSOA, dns::RRClass::kIN, neg->ttl(now), {}, {}};
    soa.rdatas.emplace_back(neg->soa_rdata().begin(), neg->soa_rdata().end());
    for (auto sig : neg->soa_rrsigs()) soa.rrsigs.emplace_back(sig.begin(), sig.end());
    s.authority.push_back(std::move(soa));
    for (auto& p : internal::decode_proof(neg->proof(), neg->ttl(now))) s.authority.push_back(std::move(p));
    if (s.security == cache::Security::kBogus) s.ede = cached_bogus_reason(name, nx ? RRType::kANY : qtype, now);
    return s;
  }
  if (validating()) {  // RFC 8198: a denial the cached NSEC/NSEC3 chain already proves
    if (auto syn = caches_.aggressive.lookup(name, qtype, now, config_.validation)) {
      ++stats_.aggressive_answers;
      Step s{Step::kFinal, syn->rcode, {}, {}, name, {}, cache::Security::kSecure};
      s.authority.push_back(std::move(syn->soa));
      for (auto& p : syn->proofs) s.authority.push_back(std::move(p));
      return s;
    }
  }
  return std::nullopt;
}

Iterator::Intermediate Iterator::known_intermediate(const Name& name, uint32_t now) {
  if (auto hit = caches_.rrsets.lookup(name, RRType::kA, dns::RRClass::kIN, now)) return Intermediate::kExists;
  if (auto neg = caches_.negative.lookup(name, RRType::kA, dns::RRClass::kIN, now))
    return neg->kind() == cache::NegativeKind::kNxDomain ? Intermediate::kNxDomain : Intermediate::kExists;
  return Intermediate::kUnknown;
}

Iterator::Step Iterator::step_from(ClassifiedResponse&& c, RRType /*qtype*/) const {
  Step s;
  s.answer = std::move(c.answer);
  s.final_name = std::move(c.final_name);
  switch (c.kind) {
    case ResponseKind::kAnswer:
      s.kind = Step::kFinal;
      s.rcode = dns::Rcode::kNoError;
      for (auto& rr : c.authority)  // a wildcard expansion's proof, for DNSSEC-aware clients
        if (rr.type == RRType::kNSEC || rr.type == RRType::kNSEC3) s.authority.push_back(std::move(rr));
      break;
    case ResponseKind::kAlias:
      s.kind = Step::kAlias;
      s.rcode = dns::Rcode::kNoError;
      break;
    case ResponseKind::kNxDomain:
    case ResponseKind::kNoData:
      s.kind = Step::kFinal;
      s.rcode = c.kind == ResponseKind::kNxDomain ? dns::Rcode::kNXDomain : dns::Rcode::kNoError;
      for (auto& rr : c.authority)
        if (rr.type == RRType::kSOA || rr.type == RRType::kNSEC || rr.type == RRType::kNSEC3)
          s.authority.push_back(std::move(rr));
      break;
    default:
      s.kind = Step::kFailed;
      s.rcode = dns::Rcode::kServFail;
  }
  return s;
}

asio::awaitable<Iterator::Step> Iterator::resolve_name(Name name, RRType qtype, Budget& budget, bool validate) {
  if (auto cached = from_cache(name, qtype, now_seconds())) co_return *cached;
  // DS lives in the parent zone: start from the parent's cut.
  Name cut_for = (qtype == RRType::kDS && !name.is_root()) ? name.parent() : name;
  auto zone = co_await find_zone_cut(cut_for, budget);
  if (!zone) {
    Step s;
    s.ede = dns::ExtendedError{dns::EdeCode::kNoReachableAuthority, "no usable root or zone servers"};
    co_return s;
  }
  bool minimise = config_.qname_minimisation;
  int extra_labels = 1, referrals = 0, minimised_queries = 0;
  while (true) {
    if (budget.exhausted()) {
      ++stats_.budget_exhausted;
      Step s;
      s.ede = dns::ExtendedError{dns::EdeCode::kOther, "work budget exhausted resolving " + name.to_text()};
      co_return s;
    }
    int zone_labels = zone->zone.label_count();
    // Underscore labels (RFC 8552 attribute leaves: _tcp, _dmarc, _25 ...) are
    // no delegation points: step over them instead of asking for each
    // (_imap._tcp.example. SRV goes straight to example.'s servers).
    while (minimise && zone_labels + extra_labels < name.label_count() &&
           name.label(name.label_count() - zone_labels - extra_labels).starts_with('_'))
      ++extra_labels;
    bool minimised = minimise && zone_labels + extra_labels < name.label_count() &&
                     minimised_queries < config_.max_minimised_queries;
    Name ask = minimised ? name.suffix(zone_labels + extra_labels) : name;
    RRType ask_type = minimised ? RRType::kA : qtype;  // RFC 9156 §2.1: A hides the real type
    if (minimised) {
      // The cache may already know this step: the name exists below the cut
      // (an answer or NODATA for its A query) or does not exist at all.
      auto known = known_intermediate(ask, now_seconds());
      if (known == Intermediate::kExists) {
        ++extra_labels;
        continue;
      }
      if (known == Intermediate::kNxDomain) {  // RFC 8020
        Step s = *from_cache(ask, RRType::kA, now_seconds());
        s.final_name = name;
        co_return s;
      }
    }
    auto c = co_await ask_zone(*zone, ask, ask_type, budget);
    if (!c) {
      if (minimised) {  // RFC 9156 §2.3: errors on minimised queries → ask the full name
        ++stats_.minimisation_fallbacks;
        minimise = false;
        continue;
      }
      Step s;
      s.ede = budget.exhausted()
                  ? dns::ExtendedError{dns::EdeCode::kOther, "work budget exhausted resolving " + name.to_text()}
                  : dns::ExtendedError{dns::EdeCode::kNoReachableAuthority,
                                       "no server of " + zone->zone.to_text() + " answered"};
      co_return s;
    }
    uint32_t now = now_seconds();
    // Final responses are validated before they enter the cache; referrals and
    // the intermediate steps of QNAME minimisation are only used to iterate.
    const bool final_step = c->kind != ResponseKind::kReferral && (!minimised || c->kind == ResponseKind::kNxDomain);
    Validated verdict;
    if (final_step && validate && validating()) {
      // A zone's own DNSKEY RRset is checked by zone_keys(), from the cache.
      if (ask_type == RRType::kDNSKEY) cache_response(*c, ask_type, now);
      verdict = co_await validate_response(*c, zone->zone, ask_type, budget);
      now = now_seconds();
      cache_response(*c, ask_type, now, &verdict);
    } else {
      cache_response(*c, ask_type, now);
    }
    if (c->kind == ResponseKind::kReferral) {
      if (++referrals > config_.max_referrals) {
        Step s;
        s.ede = dns::ExtendedError{dns::EdeCode::kOther, "too many referrals for " + name.to_text()};
        co_return s;
      }
      zone = zone_from_referral(*c, now);
      extra_labels = 1;
      continue;
    }
    if (minimised) {
      ++minimised_queries;
      if (c->kind == ResponseKind::kNxDomain) {  // RFC 8020: nothing exists below
        Step s = step_from(std::move(*c), qtype);
        s.answer.clear();
        s.final_name = name;
        s.security = verdict.overall;
        if (s.security == cache::Security::kBogus) s.ede = verdict.why;
        else if (s.security == cache::Security::kInsecure) s.ede = verdict.insecure_why;
        co_return s;
      }
      if (c->kind == ResponseKind::kAlias || (!c->answer.empty() && c->answer.front().type != RRType::kA)) {
        minimise = false;  // an alias on the way: ask the full name
        continue;
      }
      ++extra_labels;  // the name exists (or is an empty non-terminal) here: one label deeper
      continue;
    }
    Step s = step_from(std::move(*c), qtype);
    s.security = verdict.overall;
    if (s.security == cache::Security::kBogus) s.ede = verdict.why;
    else if (s.security == cache::Security::kInsecure) s.ede = verdict.insecure_why;
    co_return s;
  }
}

}  // namespace dns4eu::resolver
