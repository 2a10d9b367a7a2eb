// rrset_validation.h — is this RRset signed by one of these (already
// trusted) zone keys? (RFC 4035 §5.3, with RFC 6840 and KeyTrap limits).
//
// verify_rrset() looks at the RRset's RRSIGs whose signer is `zone` (case-
// insensitively) and whose owner lies at or below it, checks the validity
// period against `now_unix`, and verifies with each key of `keys` carrying the
// RRSIG's key tag and algorithm until one verifies. The verdict is:
//   kSecure  — one signature verified; `labels` is that RRSIG's label count
//              (smaller than the owner's: wildcard expansion, the caller must
//              prove the next closer name does not exist) and `ttl_cap` the
//              seconds until it expires (RFC 4035 §5.3.3);
//   kBogus   — none did, with the most specific EDE: 10 RRSIGs Missing, 7
//              Signature Expired, 8 Not Yet Valid, 9 DNSKEY Missing (no key
//              with the tag), 6 DNSSEC Bogus (bad signature, work limit).
//
//   auto v = verify_rrset(rrset, zone, keys, time(nullptr), meter, limits);
//   if (v.security != Security::kSecure) servfail(v.why);
//
// Thread-safety: pure function (OpenSSL per call).
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "cache/cache_types.h"
#include "dns/edns.h"
#include "dns/name.h"
#include "dns/rrset.h"
#include "dnssec/work_limit.h"

namespace dns4eu::dnssec {

struct RRsetVerdict {
  cache::Security security = cache::Security::kBogus;
  std::optional<dns::ExtendedError> why;  // set when bogus
  uint8_t labels = 0;                     // RRSIG labels field of the signature that verified
  uint32_t ttl_cap = 0;                   // seconds until that signature expires
};

RRsetVerdict verify_rrset(const dns::RRset& rrset, const dns::Name& zone, std::span<const dns::Rdata> keys,
                          uint32_t now_unix, WorkMeter& meter, const ValidationLimits& limits);

// "owner/TYPE" for messages.
std::string describe(const dns::RRset& rrset);

}  // namespace dns4eu::dnssec
