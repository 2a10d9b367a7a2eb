// internal/denial_nsec.h — the NSEC and NSEC3 halves of denial.h. Each
// returns std::nullopt when the records hold no record of its kind, so the
// public functions can try NSEC first and NSEC3 next.
#pragma once

#include <optional>

#include "dnssec/denial.h"

namespace dns4eu::dnssec::internal {

std::optional<DenialProof> nsec_nxdomain(std::span<const dns::RRset> records, const dns::Name& qname,
                                         const dns::Name& zone);
std::optional<DenialProof> nsec_nodata(std::span<const dns::RRset> records, const dns::Name& qname,
                                       dns::RRType qtype, const dns::Name& zone);
std::optional<DenialProof> nsec_wildcard(std::span<const dns::RRset> records, const dns::Name& qname,
                                         uint8_t sig_labels, const dns::Name& zone);

std::optional<DenialProof> nsec3_nxdomain(std::span<const dns::RRset> records, const dns::Name& qname,
                                          const dns::Name& zone, const ValidationLimits& limits);
std::optional<DenialProof> nsec3_nodata(std::span<const dns::RRset> records, const dns::Name& qname,
                                        dns::RRType qtype, const dns::Name& zone, const ValidationLimits& limits);
std::optional<DenialProof> nsec3_wildcard(std::span<const dns::RRset> records, const dns::Name& qname,
                                          uint8_t sig_labels, const dns::Name& zone, const ValidationLimits& limits);

}  // namespace dns4eu::dnssec::internal
