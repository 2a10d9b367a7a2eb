// denial.cc — see denial.h. NSEC proofs are in internal/denial_nsec.cc,
// NSEC3 proofs in internal/denial_nsec3.cc.
#include "dnssec/denial.h"

#include "dnssec/internal/denial_nsec.h"

namespace dns4eu::dnssec {

namespace {
DenialProof none(const char* what, const dns::Name& qname) {
  return {Denial::kNotProven, std::string("no NSEC or NSEC3 record proves ") + what + " for " + qname.to_text()};
}
}  // namespace

DenialProof prove_nxdomain(std::span<const dns::RRset> records, const dns::Name& qname, const dns::Name& zone,
                           const ValidationLimits& limits) {
  if (auto p = internal::nsec_nxdomain(records, qname, zone)) return *p;
  if (auto p = internal::nsec3_nxdomain(records, qname, zone, limits)) return *p;
  return none("NXDOMAIN", qname);
}

DenialProof prove_nodata(std::span<const dns::RRset> records, const dns::Name& qname, dns::RRType qtype,
                         const dns::Name& zone, const ValidationLimits& limits) {
  if (auto p = internal::nsec_nodata(records, qname, qtype, zone)) return *p;
  if (auto p = internal::nsec3_nodata(records, qname, qtype, zone, limits)) return *p;
  return none("NODATA", qname);
}

DenialProof prove_wildcard_answer(std::span<const dns::RRset> records, const dns::Name& qname, uint8_t sig_labels,
                                  const dns::Name& zone, const ValidationLimits& limits) {
  if (auto p = internal::nsec_wildcard(records, qname, sig_labels, zone)) return *p;
  if (auto p = internal::nsec3_wildcard(records, qname, sig_labels, zone, limits)) return *p;
  return none("the wildcard expansion", qname);
}

}  // namespace dns4eu::dnssec
