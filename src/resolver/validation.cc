// validation.cc — DNSSEC validation inside the iterator (RFC 4035 §5):
// the chain of trust of a zone (zone_keys: trust anchor or parent DS →
// DNSKEY, fetched with the same budget as the resolution and kept in the key
// cache) and the verdict on one upstream response (validate: every answer
// RRset, wildcard expansions, negative answers with their NSEC/NSEC3
// proofs). Verdicts go into the caches with the data (cache_fill.cc), so
// validation happens once per RRset, when it enters the cache.
#include <algorithm>
#include <ctime>

#include "dnssec/denial.h"
#include "dnssec/key_validation.h"
#include "dnssec/rrset_validation.h"
#include "resolver/iterator.h"

namespace dns4eu::resolver {

using cache::Security;
using dns::EdeCode;
using dns::Name;
using dns::RRset;
using dns::RRType;

namespace {

int strength(Security s) {
  switch (s) {
    case Security::kBogus: return 0;
    case Security::kUnchecked: return 1;
    case Security::kInsecure:
    case Security::kIndeterminate: return 2;
    case Security::kSecure: return 3;
  }
  return 1;
}

uint32_t now_unix() { return static_cast<uint32_t>(::time(nullptr)); }

// The zone that signed `rrset` (its first RRSIG's signer), or `fallback`.
Name signer_of(const RRset& rrset, const Name& fallback) {
  for (const auto& sig : rrset.rrsigs)
    if (auto v = dns::RrsigView::parse(sig); v && rrset.owner.is_subdomain_of(v->signer)) return v->signer;
  return fallback;
}

bool is_denial_type(RRType t) { return t == RRType::kNSEC || t == RRType::kNSEC3 || t == RRType::kSOA; }

}  // namespace

Security combine(Security a, Security b) { return strength(a) <= strength(b) ? a : b; }

std::optional<dns::ExtendedError> Iterator::cached_bogus_reason(const Name& name, RRType type, uint32_t now) {
  if (auto why = caches_.keys.bogus_reason(name, type, now)) return why;
  return dns::ExtendedError{EdeCode::kDnssecBogus, "cached bogus data for " + name.to_text()};
}

asio::awaitable<dnssec::KeyEntry> Iterator::zone_keys(Name zone, Budget& budget) {
  const auto& anchors = *config_.trust_anchors;
  const auto& limits = config_.validation;
  if (anchors.negative_for(zone)) co_return dnssec::KeyEntry{Security::kInsecure, {}, {}};
  if (!anchors.covers(zone)) co_return dnssec::KeyEntry{Security::kIndeterminate, {}, {}};
  if (auto hit = caches_.keys.get(zone, now_seconds())) co_return *hit;
  const dnssec::TrustAnchor* anchor = anchors.find(zone);
  // Below a proven insecure delegation everything is insecure: no DS queries
  // for the zones of an unsigned TLD (unless an anchor sits in between).
  if (!anchor) {
    for (Name n = zone.parent();; n = n.parent()) {
      if (anchors.find(n)) break;
      if (auto e = caches_.keys.get(n, now_seconds()); e && e->security == Security::kInsecure)
        co_return dnssec::KeyEntry{Security::kInsecure, {}, {}};
      if (n.is_root()) break;
    }
  }
  if (std::find(budget.keying.begin(), budget.keying.end(), zone) != budget.keying.end())
    co_return dnssec::KeyEntry{Security::kBogus, {}, dns::ExtendedError{EdeCode::kDnssecBogus,
                                                                        "DS/DNSKEY loop at " + zone.to_text()}};
  budget.keying.push_back(zone);
  struct Pop {
    std::vector<Name>& v;
    ~Pop() { v.pop_back(); }
  } pop{budget.keying};

  std::vector<dns::Rdata> ds;
  uint32_t ds_ttl = 86400;
  bool have_ds = false;
  if (anchor) {
    ds = anchor->ds;
    have_ds = true;
  } else if (auto hit = caches_.rrsets.lookup(zone, RRType::kDS, dns::RRClass::kIN, now_seconds());
             hit && hit->rrsigs().count() > 0) {
    // The DS RRset of the referral that led here: check it with the parent's
    // keys instead of asking the parent again.
    RRset ds_set = hit->to_rrset(now_seconds());
    ds_set.owner = zone;
    Name parent = signer_of(ds_set, zone.parent());
    if (!(parent == zone) && zone.is_subdomain_of(parent)) {
      auto pk = co_await zone_keys(parent, budget);
      if (pk.security == Security::kSecure) {
        int before = budget.validation.used();
        auto v = dnssec::verify_rrset(ds_set, parent, pk.keys, now_unix(), budget.validation, limits);
        stats_.signature_checks += static_cast<uint64_t>(budget.validation.used() - before);
        if (v.security == Security::kSecure) {
          ds = ds_set.rdatas;
          ds_ttl = std::min(ds_set.ttl, v.ttl_cap);
          have_ds = true;
        }
      }
    }
  }
  if (!have_ds) {
    // The DS RRset comes from the parent and is validated there (recursively
    // up to the anchor) by resolve_name's own validation.
    Step s = co_await resolve_name(zone, RRType::kDS, budget);
    dnssec::KeyEntry e;
    if (s.security == Security::kBogus) {
      e.security = Security::kBogus;
      e.why = s.ede ? s.ede : dns::ExtendedError{EdeCode::kDnssecBogus, "bogus DS for " + zone.to_text()};
      caches_.keys.put(zone, e, limits.bogus_ttl, now_seconds());
      co_return e;
    }
    if (s.kind == Step::kFailed) {  // no proof either way: do not cache, say why
      e.security = Security::kBogus;
      e.why = dns::ExtendedError{EdeCode::kDnssecBogus, "could not fetch the DS of " + zone.to_text()};
      co_return e;
    }
    const RRset* ds_set = nullptr;
    for (const auto& rr : s.answer)
      if (rr.type == RRType::kDS && rr.owner == zone) ds_set = &rr;
    if (!ds_set || s.security != Security::kSecure) {
      // A proven absence of DS (or an insecure parent): an insecure delegation.
      e.security = s.security == Security::kSecure || s.security == Security::kInsecure ||
                           s.security == Security::kIndeterminate
                       ? Security::kInsecure
                       : Security::kBogus;
      if (e.security == Security::kBogus)
        e.why = dns::ExtendedError{EdeCode::kDnssecBogus, "unvalidated DS answer for " + zone.to_text()};
      uint32_t ttl = 60;
      for (const auto& rr : s.authority) ttl = std::max(ttl, std::min<uint32_t>(rr.ttl, 3600));
      caches_.keys.put(zone, e, e.security == Security::kBogus ? limits.bogus_ttl : ttl, now_seconds());
      co_return e;
    }
    ds = ds_set->rdatas;
    ds_ttl = ds_set->ttl;
  }

  // The zone's DNSKEY RRset: from the cache whatever its state, else upstream.
  std::optional<RRset> dnskeys;
  if (auto hit = caches_.rrsets.lookup(zone, RRType::kDNSKEY, dns::RRClass::kIN, now_seconds()))
    dnskeys = hit->to_rrset(now_seconds());
  if (!dnskeys) {
    Step s = co_await resolve_name(zone, RRType::kDNSKEY, budget, /*validate=*/false);
    for (auto& rr : s.answer)
      if (rr.type == RRType::kDNSKEY && rr.owner == zone) dnskeys = rr;
  }
  if (!dnskeys) {
    dnssec::KeyEntry e{Security::kBogus, {}, dns::ExtendedError{EdeCode::kDnskeyMissing,
                                                               "no DNSKEY RRset for " + zone.to_text()}};
    if (!budget.exhausted()) caches_.keys.put(zone, e, limits.bogus_ttl, now_seconds());
    co_return e;
  }
  dnskeys->owner = zone;
  std::vector<dns::Rdata> anchor_keys = anchor ? anchor->dnskeys : std::vector<dns::Rdata>{};
  int before = budget.validation.used();
  auto kv = dnssec::validate_dnskeys(zone, *dnskeys, ds, anchor_keys, now_unix(), budget.validation, limits);
  stats_.signature_checks += static_cast<uint64_t>(budget.validation.used() - before);
  dnssec::KeyEntry e{kv.security, std::move(kv.keys), kv.why};
  uint32_t ttl = kv.security == Security::kSecure ? std::min(kv.ttl, ds_ttl) : kv.ttl;
  if (!budget.validation.exhausted()) caches_.keys.put(zone, e, std::max<uint32_t>(ttl, 1), now_seconds());
  caches_.rrsets.set_security(zone, RRType::kDNSKEY, dns::RRClass::kIN, kv.security, now_seconds());
  co_return e;
}

asio::awaitable<Validated> Iterator::validate_response(const ClassifiedResponse& c, const Name& asked_zone, RRType qtype,
                                              Budget& budget) {
  Validated v;
  v.answer.assign(c.answer.size(), Security::kUnchecked);
  v.authority.assign(c.authority.size(), Security::kUnchecked);
  if (!validating()) co_return v;
  const auto& limits = config_.validation;
  const uint32_t now = now_unix();
  v.overall = Security::kSecure;
  auto mark_bogus = [&](Security& slot, const dns::ExtendedError& why) {
    slot = Security::kBogus;
    if (!v.why) v.why = why;
  };
  int before = budget.validation.used();

  // Answer RRsets, each with the keys of its own signer.
  for (std::size_t i = 0; i < c.answer.size(); ++i) {
    const RRset& rr = c.answer[i];
    // A CNAME synthesised from a DNAME (RFC 6672 §5.3.1) is unsigned: it is as
    // good as the DNAME it comes from.
    if (rr.type == RRType::kCNAME && rr.rrsigs.empty() && i > 0 && c.answer[i - 1].type == RRType::kDNAME) {
      v.answer[i] = v.answer[i - 1];
      continue;
    }
    Name signer = signer_of(rr, asked_zone);
    auto keys = co_await zone_keys(signer, budget);
    if (keys.security == Security::kBogus) {
      mark_bogus(v.answer[i], keys.why.value_or(dns::ExtendedError{EdeCode::kDnssecBogus, "bogus keys"}));
      continue;
    }
    if (keys.security != Security::kSecure) {
      v.answer[i] = Security::kInsecure;
      if (keys.why && !v.insecure_why) v.insecure_why = keys.why;
      continue;
    }
    auto verdict = dnssec::verify_rrset(rr, signer, keys.keys, now, budget.validation, limits);
    if (verdict.security != Security::kSecure) {
      mark_bogus(v.answer[i], verdict.why.value_or(dns::ExtendedError{EdeCode::kDnssecBogus, "bogus"}));
      continue;
    }
    v.answer[i] = Security::kSecure;
    const int owner_labels = rr.owner.label_count() - (!rr.owner.is_root() && rr.owner.label(0) == "*" ? 1 : 0);
    if (verdict.labels < owner_labels) {  // wildcard expansion: prove qname absent
      std::vector<RRset> proofs;
      for (const auto& a : c.authority)
        if (a.type == RRType::kNSEC || a.type == RRType::kNSEC3) {
          auto pv = dnssec::verify_rrset(a, signer, keys.keys, now, budget.validation, limits);
          if (pv.security == Security::kSecure) proofs.push_back(a);
        }
      auto proof = dnssec::prove_wildcard_answer(proofs, rr.owner, verdict.labels, signer, limits);
      if (proof.result == dnssec::Denial::kNotProven)
        mark_bogus(v.answer[i], dns::ExtendedError{EdeCode::kNsecMissing, proof.why});
      else if (proof.result == dnssec::Denial::kInsecure) {
        v.answer[i] = Security::kInsecure;
        if (proof.iterations_exceeded && !v.insecure_why)
          v.insecure_why = dns::ExtendedError{EdeCode::kUnsupportedNsec3Iterations, proof.why};
      }
    }
  }

  // Negative answers: the SOA and the NSEC/NSEC3 records, then the proof.
  if (c.kind == ResponseKind::kNxDomain || c.kind == ResponseKind::kNoData) {
    Name zone = asked_zone;
    for (const auto& a : c.authority)
      if (a.type == RRType::kSOA) zone = signer_of(a, a.owner);
    auto keys = co_await zone_keys(zone, budget);
    Security denial = Security::kSecure;
    if (keys.security == Security::kBogus) {
      denial = Security::kBogus;
      if (!v.why) v.why = keys.why;
    } else if (keys.security != Security::kSecure) {
      denial = Security::kInsecure;
      if (keys.why && !v.insecure_why) v.insecure_why = keys.why;
    } else {
      std::vector<RRset> proofs;
      for (std::size_t i = 0; i < c.authority.size(); ++i) {
        const RRset& a = c.authority[i];
        if (!is_denial_type(a.type)) continue;
        auto verdict = dnssec::verify_rrset(a, zone, keys.keys, now, budget.validation, limits);
        if (verdict.security != Security::kSecure) {
          mark_bogus(v.authority[i], verdict.why.value_or(dns::ExtendedError{EdeCode::kDnssecBogus, "bogus"}));
          denial = Security::kBogus;
          continue;
        }
        v.authority[i] = Security::kSecure;
        if (a.type != RRType::kSOA) proofs.push_back(a);
      }
      if (denial == Security::kSecure) {
        auto proof = c.kind == ResponseKind::kNxDomain
                         ? dnssec::prove_nxdomain(proofs, c.final_name, zone, limits)
                         : dnssec::prove_nodata(proofs, c.final_name, qtype, zone, limits);
        if (proof.result == dnssec::Denial::kInsecure) {
          denial = Security::kInsecure;
          if (proof.iterations_exceeded && !v.insecure_why)
            v.insecure_why = dns::ExtendedError{EdeCode::kUnsupportedNsec3Iterations, proof.why};
        } else if (proof.result == dnssec::Denial::kNotProven) {
          denial = Security::kBogus;
          if (!v.why) v.why = dns::ExtendedError{EdeCode::kNsecMissing, proof.why + " (zone " + zone.to_text() + ")"};
        }
      }
    }
    for (std::size_t i = 0; i < c.authority.size(); ++i)
      if (is_denial_type(c.authority[i].type) && v.authority[i] != Security::kBogus) v.authority[i] = denial;
    v.overall = combine(v.overall, denial);
  }
  for (auto s : v.answer) v.overall = combine(v.overall, s);
  stats_.signature_checks += static_cast<uint64_t>(budget.validation.used() - before);
  if (v.overall == Security::kSecure) ++stats_.validations_secure;
  else if (v.overall == Security::kBogus) ++stats_.validations_bogus;
  else ++stats_.validations_insecure;
  co_return v;
}

}  // namespace dns4eu::resolver
