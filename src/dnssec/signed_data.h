// signed_data.h — the octet string an RRSIG signs (RFC 4034 §3.1.8.1).
//
// Contract: signed_data() = RRSIG RDATA up to and excluding the signature
// field (signer name lower-cased) followed by every RR of `rrset` in
// canonical form (RFC 4034 §6.2): owner lower-cased — replaced by
// "*." + its rightmost `sig.labels` labels when the RRSIG label count is
// smaller than the owner's (wildcard expansion, RFC 4035 §5.3.2) — type,
// class, the RRSIG's ORIGINAL TTL, RDLENGTH and canonical RDATA; RRs sorted
// by canonical RDATA (RFC 4034 §6.3) with duplicates removed. The RRset's own
// TTL and its rrsigs member are ignored. No validation of the result.
//
//   auto sig = dns::RrsigView::parse(rrsig_rdata);
//   auto data = signed_data(*sig, rrsig_rdata, rrset);
//   // feed `data` to EVP_DigestVerify (see verify.h)
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns/rdata.h"
#include "dns/rrset.h"

namespace dns4eu::dnssec {

std::vector<uint8_t> signed_data(const dns::RrsigView& sig, std::span<const uint8_t> rrsig_rdata,
                                 const dns::RRset& rrset);

}  // namespace dns4eu::dnssec
