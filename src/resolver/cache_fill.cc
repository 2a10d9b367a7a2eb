// cache_fill.cc — what enters the shared caches from a classified upstream
// response, with its RFC 2181 §5.4.1 trust rank: answers above authority
// data above glue, so additional-section data never overrides an answer.
#include "resolver/internal/proof_codec.h"
#include "resolver/iterator.h"

namespace dns4eu::resolver {

using dns::RRType;

namespace {

const dns::RRset* find_soa(const std::vector<dns::RRset>& v) {
  for (const auto& s : v)
    if (s.type == RRType::kSOA) return &s;
  return nullptr;
}

std::vector<dns::RRset> proof_sets(const std::vector<dns::RRset>& v) {
  std::vector<dns::RRset> out;
  for (const auto& s : v)
    if (s.type == RRType::kNSEC || s.type == RRType::kNSEC3) out.push_back(s);
  return out;
}

}  // namespace

// RFC 8198: the validated NSEC/NSEC3 records of a secure negative answer,
// for synthesising later denials in the same zone.
void Iterator::remember_denial(const ClassifiedResponse& c, uint32_t now) {
  const dns::RRset* soa = find_soa(c.authority);
  if (!soa || soa->rdatas.empty()) return;
  auto view = dns::SoaView::parse(soa->rdatas.front());
  if (!view) return;
  dns::RRset negative_soa = *soa;
  negative_soa.ttl = std::min(soa->ttl, view->minimum);
  dns::Name zone = soa->owner;
  for (const auto& sig : soa->rrsigs)
    if (auto rv = dns::RrsigView::parse(sig)) zone = rv->signer;
  auto proofs = proof_sets(c.authority);
  caches_.aggressive.insert(zone, negative_soa, proofs, now);
}

void Iterator::cache_response(const ClassifiedResponse& c, RRType qtype, uint32_t now, const Validated* v) {
  using cache::Security;
  using cache::Trust;
  const Trust answer_trust = c.authoritative ? Trust::kAnswerAuth : Trust::kAnswerNonAuth;
  const uint32_t bogus_ttl = config_.validation.bogus_ttl;
  for (std::size_t i = 0; i < c.answer.size(); ++i) {
    Security sec = v ? v->answer[i] : Security::kUnchecked;
    if (sec != Security::kBogus) {
      caches_.rrsets.insert(c.answer[i], answer_trust, sec, now);
      continue;
    }
    dns::RRset capped = c.answer[i];  // bogus data is kept briefly (RFC 4035 §4.7), for CD clients
    capped.ttl = std::min(capped.ttl, bogus_ttl);
    caches_.rrsets.insert(capped, answer_trust, sec, now);
    if (v->why) caches_.keys.put_bogus_reason(capped.owner, capped.type, *v->why, bogus_ttl, now);
  }
  // The verdict on a negative answer: its SOA and proofs together.
  Security negative = Security::kUnchecked;
  if (v && (c.kind == ResponseKind::kNxDomain || c.kind == ResponseKind::kNoData)) {
    negative = v->overall;
    if (negative == Security::kSecure) remember_denial(c, now);
    if (negative == Security::kBogus && v->why)
      caches_.keys.put_bogus_reason(c.final_name, c.kind == ResponseKind::kNxDomain ? RRType::kANY : qtype, *v->why,
                                    bogus_ttl, now);
  }
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
      if (const auto* soa = find_soa(c.authority)) {
        auto proof = internal::encode_proof(proof_sets(c.authority));
        dns::RRset s = *soa;
        if (negative == Security::kBogus) s.ttl = std::min(s.ttl, bogus_ttl);
        caches_.negative.insert_nxdomain(c.final_name, dns::RRClass::kIN, s, proof, negative, now);
      }
      break;
    case ResponseKind::kNoData:
      if (const auto* soa = find_soa(c.authority)) {
        auto proof = internal::encode_proof(proof_sets(c.authority));
        dns::RRset s = *soa;
        if (negative == Security::kBogus) s.ttl = std::min(s.ttl, bogus_ttl);
        caches_.negative.insert_nodata(c.final_name, qtype, dns::RRClass::kIN, s, proof, negative, now);
      }
      break;
    default:
      break;
  }
}

}  // namespace dns4eu::resolver
