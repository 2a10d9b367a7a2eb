// key_validation.h — does a zone's DNSKEY RRset chain up to its parent's DS
// RRset or to a trust anchor? (RFC 4035 §5.2, RFC 6840 §5.2/§5.11, RFC 8624)
//
// validate_dnskeys(zone, dnskeys, ds, anchor_keys) decides:
//   kSecure    — a DNSKEY matching a supported DS (or equal to an anchor key)
//                signed the DNSKEY RRset; `keys` are then every zone key of
//                the RRset (not revoked) for validating the zone's data;
//   kInsecure  — the DS RRset has no record with a supported digest type and
//                algorithm (EDE 1/2 in `why`, informational);
//   kBogus     — no DNSKEY matches (EDE 9) or the RRset's signature by the
//                matching keys fails (EDE 6/7/8, see rrset_validation.h).
// `ttl` is how long the verdict may be kept: the smallest of the DNSKEY TTL
// and the signature's remaining validity.
//
//   auto kv = validate_dnskeys(zone, dnskey_rrset, ds_rdatas, {}, now, meter, limits);
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "cache/cache_types.h"
#include "dns/edns.h"
#include "dns/rrset.h"
#include "dnssec/work_limit.h"

namespace dns4eu::dnssec {

struct KeyVerdict {
  cache::Security security = cache::Security::kBogus;
  std::vector<dns::Rdata> keys;  // zone keys, when secure
  std::optional<dns::ExtendedError> why;
  uint32_t ttl = 0;
};

KeyVerdict validate_dnskeys(const dns::Name& zone, const dns::RRset& dnskeys, std::span<const dns::Rdata> ds,
                            std::span<const dns::Rdata> anchor_keys, uint32_t now_unix, WorkMeter& meter,
                            const ValidationLimits& limits);

}  // namespace dns4eu::dnssec
