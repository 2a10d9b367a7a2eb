// verify.h — RRSIG verification with one DNSKEY (RFC 4034, RFC 4035 §5.3),
// algorithm support policy (RFC 8624) and signature validity periods.
//
// Contract of verify_rrsig(rrset, rrsig_rdata, dnskey_rdata): checks that the
// RRSIG covers rrset.type, that its label count does not exceed the owner's,
// that the DNSKEY has protocol 3, the zone-key bit, the RRSIG's algorithm and
// key tag, then verifies the signature over signed_data() with OpenSSL.
// It does NOT check times (signature_time_valid), that the signer is the
// DNSKEY owner / an ancestor of the RRset owner, or revocation — the
// validator does. Error codes (all failures are distinct and say why):
//   kUnsupported     algorithm not in algorithm_supported() → treat as insecure
//   kNotFound        this DNSKEY is not the RRSIG's key (tag / algorithm /
//                    zone bit / protocol) → try the next key
//   kInvalidArgument the RRSIG does not apply to the RRset, or the
//                    signature does not verify → bogus
//   kMalformed       RRSIG / DNSKEY RDATA or key material unusable → bogus
//
//   auto st = verify_rrsig(rrset, rrset.rrsigs[0], dnskey_rdata);
//   if (!st && st.error().code == ErrorCode::kNotFound) { /* next key */ }
//   bool fresh = signature_time_valid(*dns::RrsigView::parse(rrset.rrsigs[0]), now);
//
// Thread-safety: pure functions (OpenSSL 3 objects are per call).
#pragma once

#include <cstdint>
#include <span>

#include "dns/rdata.h"
#include "dns/result.h"
#include "dns/rrset.h"

namespace dns4eu::dnssec {

// RFC 8624 §3.1 "MUST/RECOMMENDED validate": 5, 7, 8, 10, 13, 14, 15, 16.
// Anything else (RSAMD5, DSA, GOST, unknown) is unsupported: the zone is
// insecure, not bogus.
bool algorithm_supported(uint8_t algorithm);

// RFC 4034 §3.1.5: inception <= now <= expiration in RFC 1982 serial number
// arithmetic (32-bit, wraps in 2106).
bool signature_time_valid(const dns::RrsigView& sig, uint32_t now_unix);

Status verify_rrsig(const dns::RRset& rrset, std::span<const uint8_t> rrsig_rdata,
                    std::span<const uint8_t> dnskey_rdata);

}  // namespace dns4eu::dnssec
