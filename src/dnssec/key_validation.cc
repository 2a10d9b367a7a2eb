// key_validation.cc — see key_validation.h.
#include "dnssec/key_validation.h"

#include <algorithm>

#include "dnssec/ds.h"
#include "dnssec/rrset_validation.h"
#include "dnssec/verify.h"

namespace dns4eu::dnssec {

using cache::Security;
using dns::EdeCode;

KeyVerdict validate_dnskeys(const dns::Name& zone, const dns::RRset& dnskeys, std::span<const dns::Rdata> ds,
                            std::span<const dns::Rdata> anchor_keys, uint32_t now_unix, WorkMeter& meter,
                            const ValidationLimits& limits) {
  KeyVerdict out;
  // DS records we can use (RFC 8624: digest and algorithm both supported).
  std::vector<const dns::Rdata*> usable_ds;
  bool unsupported_alg = false, unsupported_digest = false;
  for (const auto& d : ds) {
    auto v = dns::DsView::parse(d);
    if (!v) continue;
    if (!algorithm_supported(v->algorithm)) {
      unsupported_alg = true;
      continue;
    }
    if (!digest_supported(v->digest_type)) {
      unsupported_digest = true;
      continue;
    }
    usable_ds.push_back(&d);
  }
  if (usable_ds.empty() && anchor_keys.empty()) {
    out.security = Security::kInsecure;
    out.ttl = dnskeys.ttl;
    if (unsupported_alg)
      out.why = dns::ExtendedError{EdeCode::kUnsupportedDnskeyAlgorithm,
                                   "DS of " + zone.to_text() + " uses only unsupported algorithms: insecure"};
    else if (unsupported_digest)
      out.why = dns::ExtendedError{EdeCode::kUnsupportedDsDigestType,
                                   "DS of " + zone.to_text() + " uses only unsupported digest types: insecure"};
    return out;
  }
  // The keys the parent (or the anchor) vouches for.
  std::vector<dns::Rdata> trusted;
  for (const auto& key : dnskeys.rdatas) {
    auto kv = dns::DnskeyView::parse(key);
    if (!kv || !kv->is_zone_key() || kv->is_revoked()) continue;
    bool ok = std::any_of(anchor_keys.begin(), anchor_keys.end(), [&](const dns::Rdata& a) { return a == key; });
    for (const auto* d : usable_ds)
      if (!ok && ds_matches(zone, *d, key)) ok = true;
    if (ok) trusted.push_back(key);
  }
  if (trusted.empty()) {
    out.why = dns::ExtendedError{EdeCode::kDnskeyMissing,
                                 "no DNSKEY of " + zone.to_text() + " matches its DS or trust anchor"};
    out.ttl = limits.bogus_ttl;
    return out;
  }
  RRsetVerdict v = verify_rrset(dnskeys, zone, trusted, now_unix, meter, limits);
  if (v.security != Security::kSecure) {
    out.why = v.why;
    out.ttl = limits.bogus_ttl;
    return out;
  }
  out.security = Security::kSecure;
  out.ttl = std::min(dnskeys.ttl, v.ttl_cap);
  for (const auto& key : dnskeys.rdatas) {
    auto kv = dns::DnskeyView::parse(key);
    if (kv && kv->is_zone_key() && !kv->is_revoked()) out.keys.push_back(key);
  }
  return out;
}

}  // namespace dns4eu::dnssec
