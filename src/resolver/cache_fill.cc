// cache_fill.cc — what enters the shared caches from a classified upstream
// response, with its RFC 2181 §5.4.1 trust rank: answers above authority
// data above glue, so additional-section data never overrides an answer.
#include "resolver/iterator.h"

namespace dns4eu::resolver {

using dns::RRType;

namespace {

const dns::RRset* find_soa(const std::vector<dns::RRset>& v) {
  for (const auto& s : v)
    if (s.type == RRType::kSOA) return &s;
  return nullptr;
}

}  // namespace

void Iterator::cache_response(const ClassifiedResponse& c, RRType qtype, uint32_t now) {
  using cache::Security;
  using cache::Trust;
  const Trust answer_trust = c.authoritative ? Trust::kAnswerAuth : Trust::kAnswerNonAuth;
  for (const auto& rrset : c.answer) caches_.rrsets.insert(rrset, answer_trust, Security::kUnchecked, now);
  switch (c.kind) {
    case ResponseKind::kReferral:
      for (const auto& rrset : c.authority)
        if (rrset.type == RRType::kNS || rrset.type == RRType::kDS)
          caches_.rrsets.insert(rrset, Trust::kAuthority, Security::kUnchecked, now);
      for (const auto& rrset : c.additional) caches_.rrsets.insert(rrset, Trust::kGlue, Security::kUnchecked, now);
      break;
    case ResponseKind::kAnswer:
      for (const auto& rrset : c.authority)
        if (rrset.type == RRType::kNS)
          caches_.rrsets.insert(rrset, c.authoritative ? Trust::kAuthorityAuth : Trust::kAuthority,
                                Security::kUnchecked, now);
      for (const auto& rrset : c.additional)
        caches_.rrsets.insert(rrset, Trust::kAdditional, Security::kUnchecked, now);
      break;
    case ResponseKind::kNxDomain:
      if (const auto* soa = find_soa(c.authority))
        caches_.negative.insert_nxdomain(c.final_name, dns::RRClass::kIN, *soa, {}, Security::kUnchecked, now);
      break;
    case ResponseKind::kNoData:
      if (const auto* soa = find_soa(c.authority))
        caches_.negative.insert_nodata(c.final_name, qtype, dns::RRClass::kIN, *soa, {}, Security::kUnchecked, now);
      break;
    default:
      break;
  }
}

}  // namespace dns4eu::resolver
