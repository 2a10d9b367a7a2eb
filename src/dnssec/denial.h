// denial.h — authenticated denial of existence: does a set of (already
// verified) NSEC / NSEC3 RRsets prove that a name or a type does not exist?
// (RFC 4035 §5.4, RFC 5155 §8, RFC 6840 §4, RFC 7129, RFC 9276)
//
// Each function gets the authority RRsets of one response (other types are
// ignored), the zone that signed them and the question, and answers:
//   kProven    — the records prove it;
//   kInsecure  — an NSEC3 opt-out span covers the name (an unsigned
//                delegation may exist: RFC 5155 §6/§8), or the NSEC3
//                iterations exceed limits.max_nsec3_iterations (RFC 9276 §3.2);
//   kNotProven — they do not (bogus, EDE 12 "NSEC Missing").
// NSEC records at a delegation point (NS without SOA) or a DNAME never prove
// anything about names below them. `why` explains kNotProven / kInsecure.
//
//   auto d = prove_nxdomain(authority, qname, zone, limits);
//   if (d.result == Denial::kProven) secure(); else if (d.result == Denial::kInsecure) insecure();
//
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string>

#include "dns/name.h"
#include "dns/rrset.h"
#include "dns/types.h"
#include "dnssec/work_limit.h"

namespace dns4eu::dnssec {

enum class Denial { kProven, kInsecure, kNotProven };

struct DenialProof {
  Denial result = Denial::kNotProven;
  std::string why;
  bool iterations_exceeded = false;  // kInsecure because of the NSEC3 iteration limit (EDE 27)
};

// qname does not exist (NXDOMAIN), nor does a wildcard that could answer it.
DenialProof prove_nxdomain(std::span<const dns::RRset> records, const dns::Name& qname, const dns::Name& zone,
                           const ValidationLimits& limits);

// qname exists (possibly as an empty non-terminal or through a wildcard) but
// has no qtype and no CNAME. For qtype DS this is also the proof of an
// insecure delegation (NSEC: NS without DS; NSEC3: match, or opt-out span).
DenialProof prove_nodata(std::span<const dns::RRset> records, const dns::Name& qname, dns::RRType qtype,
                         const dns::Name& zone, const ValidationLimits& limits);

// An answer synthesised from a wildcard whose RRSIG has `sig_labels` labels:
// the next closer name of qname does not exist (RFC 4035 §5.3.4, RFC 5155 §8.8).
DenialProof prove_wildcard_answer(std::span<const dns::RRset> records, const dns::Name& qname, uint8_t sig_labels,
                                  const dns::Name& zone, const ValidationLimits& limits);

}  // namespace dns4eu::dnssec
