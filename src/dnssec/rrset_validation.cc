// rrset_validation.cc — see rrset_validation.h.
#include "dnssec/rrset_validation.h"

#include "dnssec/verify.h"

namespace dns4eu::dnssec {

using cache::Security;
using dns::EdeCode;

std::string describe(const dns::RRset& rrset) {
  return rrset.owner.to_text() + "/" + dns::rrtype_to_text(rrset.type);
}

RRsetVerdict verify_rrset(const dns::RRset& rrset, const dns::Name& zone, std::span<const dns::Rdata> keys,
                          uint32_t now_unix, WorkMeter& meter, const ValidationLimits& limits) {
  RRsetVerdict v;
  // The most specific reason among the signatures that failed, by priority.
  enum Reason { kNone, kNoSig, kNoKey, kNotYet, kExpired, kBadSig, kLimit } reason = kNoSig;
  auto note = [&](Reason r) {
    if (r > reason || reason == kNoSig) reason = r;
  };
  int looked = 0;
  for (const auto& sig_rdata : rrset.rrsigs) {
    if (looked >= limits.max_signatures_per_rrset) {
      note(kLimit);
      break;
    }
    auto sig = dns::RrsigView::parse(sig_rdata);
    if (!sig || !(sig->signer == zone) || !rrset.owner.is_subdomain_of(sig->signer) ||
        sig->labels > rrset.owner.label_count() - (!rrset.owner.is_root() && rrset.owner.label(0) == "*" ? 1 : 0))
      continue;
    ++looked;
    if (!algorithm_supported(sig->algorithm)) {
      note(kNoKey);
      continue;
    }
    if (!signature_time_valid(*sig, now_unix)) {
      note(int32_t(now_unix - sig->inception) < 0 ? kNotYet : kExpired);
      continue;
    }
    int tried = 0;
    bool key_seen = false;
    for (const auto& key : keys) {
      if (dns::dnskey_key_tag(key) != sig->key_tag) continue;
      auto kv = dns::DnskeyView::parse(key);
      if (!kv || kv->algorithm != sig->algorithm || !kv->is_zone_key() || kv->is_revoked()) continue;
      key_seen = true;
      if (tried++ >= limits.max_keys_per_signature || !meter.take()) {
        note(kLimit);
        break;
      }
      auto st = verify_rrsig(rrset, sig_rdata, key);
      if (st) {
        v.security = Security::kSecure;
        v.labels = sig->labels;
        v.ttl_cap = sig->expiration - now_unix;
        v.why.reset();
        return v;
      }
      if (st.error().code != ErrorCode::kNotFound) note(kBadSig);
    }
    if (!key_seen) note(kNoKey);
    if (reason == kLimit) break;
  }
  const std::string what = describe(rrset) + " in " + zone.to_text();
  switch (reason) {
    case kNone:
    case kNoSig:
      v.why = dns::ExtendedError{EdeCode::kRrsigsMissing, "no RRSIG by " + zone.to_text() + " for " + describe(rrset)};
      break;
    case kNoKey:
      v.why = dns::ExtendedError{EdeCode::kDnskeyMissing, "no DNSKEY matches the RRSIG of " + what};
      break;
    case kNotYet:
      v.why = dns::ExtendedError{EdeCode::kSignatureNotYetValid, "signature not yet valid: " + what};
      break;
    case kExpired:
      v.why = dns::ExtendedError{EdeCode::kSignatureExpired, "signature expired: " + what};
      break;
    case kBadSig:
      v.why = dns::ExtendedError{EdeCode::kDnssecBogus, "signature does not verify: " + what};
      break;
    case kLimit:
      v.why = dns::ExtendedError{EdeCode::kDnssecBogus, "validation work limit exceeded (KeyTrap defence): " + what};
      break;
  }
  return v;
}

}  // namespace dns4eu::dnssec
