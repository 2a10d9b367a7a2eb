// response_classifier.cc — see response_classifier.h.
#include "resolver/response_classifier.h"

#include <algorithm>

namespace dns4eu::resolver {
namespace {

using dns::Name;
using dns::RRset;
using dns::RRType;

constexpr int kMaxChainInOneResponse = 16;

const RRset* find(const std::vector<RRset>& v, const Name& owner, RRType type) {
  for (const auto& s : v)
    if (s.type == type && s.owner == owner) return &s;
  return nullptr;
}

// The DNAME whose owner is the closest proper ancestor of `name`, if any.
const RRset* find_dname(const std::vector<RRset>& v, const Name& name) {
  const RRset* best = nullptr;
  for (const auto& s : v) {
    if (s.type != RRType::kDNAME || s.rdatas.empty() || s.owner == name) continue;
    if (!name.is_subdomain_of(s.owner)) continue;
    if (best == nullptr || s.owner.label_count() > best->owner.label_count()) best = &s;
  }
  return best;
}

void keep_in_bailiwick(std::vector<RRset>& v, const Name& zone_cut) {
  std::erase_if(v, [&](const RRset& s) {
    return !s.owner.is_subdomain_of(zone_cut) || s.rclass != dns::RRClass::kIN;
  });
}

bool is_denial_type(RRType t) {
  return t == RRType::kNSEC || t == RRType::kNSEC3 || t == RRType::kRRSIG;
}

// Follows qname through CNAMEs and DNAMEs inside `answer`; fills c.answer and c.final_name.
// Returns true when RRsets of qtype (or all RRsets, for ANY) were found at the end;
// the final RRset is then moved out of `answer` (the chain's aliases are copied).
bool follow_chain(std::vector<RRset>& answer, const Name& qname, RRType qtype,
                  ClassifiedResponse& c) {
  Name cur = qname;
  for (int step = 0; step < kMaxChainInOneResponse; ++step) {
    if (qtype == RRType::kANY) {
      bool any = false;
      for (const auto& s : answer)
        if (s.owner == cur) { c.answer.push_back(s); any = true; }
      if (any) { c.final_name = cur; return true; }
    } else if (const RRset* hit = find(answer, cur, qtype)) {
      c.answer.push_back(std::move(answer[static_cast<std::size_t>(hit - answer.data())]));
      c.final_name = cur;
      return true;
    }
    // A DNAME first: the server's synthesised CNAME next to it is unsigned and
    // says nothing the DNAME does not (RFC 6672 §3.4); we synthesise our own.
    if (const RRset* dname = find_dname(answer, cur)) {
      auto target = dns::rdata_single_name(dname->rdatas.front());
      if (!target) break;
      auto synth = dname_substitute(cur, dname->owner, *target);
      if (!synth) break;
      c.answer.push_back(*dname);
      RRset cname{cur, RRType::kCNAME, dns::RRClass::kIN, dname->ttl, {}, {}};
      cname.rdatas.emplace_back(synth->wire().begin(), synth->wire().end());
      c.answer.push_back(std::move(cname));
      cur = *synth;
      continue;
    }
    if (const RRset* cname = find(answer, cur, RRType::kCNAME)) {
      auto target = dns::rdata_single_name(cname->rdatas.front());
      if (!target || cname->rdatas.size() != 1) break;
      c.answer.push_back(*cname);
      cur = *target;
      continue;
    }
    break;
  }
  c.final_name = cur;
  return false;
}

// The negative-answer authority: the SOA of a zone enclosing `name`, plus DNSSEC proofs.
bool keep_negative_authority(const std::vector<RRset>& authority, const Name& name,
                             ClassifiedResponse& c) {
  bool soa = false;
  for (const auto& s : authority) {
    if (s.type == RRType::kSOA && name.is_subdomain_of(s.owner)) {
      c.authority.push_back(s);
      soa = true;
    } else if (is_denial_type(s.type)) {
      c.authority.push_back(s);
    }
  }
  return soa;
}

const RRset* find_referral_ns(const std::vector<RRset>& authority, const Name& name, const Name& zone_cut) {
  const RRset* best = nullptr;
  for (const auto& s : authority) {
    if (s.type != RRType::kNS || s.rdatas.empty()) continue;
    if (s.owner == zone_cut || !s.owner.is_subdomain_of(zone_cut) || !name.is_subdomain_of(s.owner)) continue;
    if (best == nullptr || s.owner.label_count() > best->owner.label_count()) best = &s;
  }
  return best;
}

// Address records in `additional` for the names of an NS RRset.
void keep_ns_addresses(const RRset& ns, const std::vector<RRset>& additional, ClassifiedResponse& c) {
  for (const auto& s : additional) {
    if (s.type != RRType::kA && s.type != RRType::kAAAA) continue;
    bool is_ns_name = std::any_of(ns.rdatas.begin(), ns.rdatas.end(), [&](const dns::Rdata& rd) {
      auto n = dns::rdata_single_name(rd);
      return n && *n == s.owner;
    });
    if (is_ns_name) c.additional.push_back(s);
  }
}

void classify_referral(const RRset& ns, const std::vector<RRset>& authority,
                       const std::vector<RRset>& additional, ClassifiedResponse& c) {
  c.kind = ResponseKind::kReferral;
  c.referral_zone = ns.owner;
  c.authority.push_back(ns);
  for (const auto& s : authority)  // DS or its absence proof for the child
    if (s.owner == ns.owner && (s.type == RRType::kDS || is_denial_type(s.type))) c.authority.push_back(s);
    else if (s.type == RRType::kNSEC3 || (s.type == RRType::kRRSIG && s.owner != ns.owner)) c.authority.push_back(s);
  keep_ns_addresses(ns, additional, c);
}

}  // namespace

const char* response_kind_name(ResponseKind k) {
  switch (k) {
    case ResponseKind::kAnswer: return "answer";
    case ResponseKind::kAlias: return "alias";
    case ResponseKind::kNxDomain: return "nxdomain";
    case ResponseKind::kNoData: return "nodata";
    case ResponseKind::kReferral: return "referral";
    case ResponseKind::kLame: return "lame";
    case ResponseKind::kServerFailure: return "server-failure";
    case ResponseKind::kMalformed: return "malformed";
  }
  return "?";
}

Result<Name> dname_substitute(const Name& name, const Name& dname_owner, const Name& target) {
  return name.replace_suffix(dname_owner, target);
}

ClassifiedResponse classify_response(const dns::MessageView& msg, const Name& qname, RRType qtype,
                                     const Name& zone_cut) {
  ClassifiedResponse c;
  c.final_name = qname;
  c.rcode = msg.rcode();
  c.authoritative = msg.header().aa();
  if (c.rcode == dns::Rcode::kRefused) {
    c.kind = ResponseKind::kLame;
    c.why = "REFUSED";
    return c;
  }
  if (c.rcode != dns::Rcode::kNoError && c.rcode != dns::Rcode::kNXDomain) {
    c.kind = ResponseKind::kServerFailure;
    c.why = dns::rcode_to_text(c.rcode);
    return c;
  }
  auto answer = dns::collect_rrsets(msg, dns::Section::kAnswer);
  auto authority = dns::collect_rrsets(msg, dns::Section::kAuthority);
  auto additional = dns::collect_rrsets(msg, dns::Section::kAdditional);
  if (!answer || !authority || !additional) {
    c.kind = ResponseKind::kMalformed;
    c.why = !answer ? answer.error().message : !authority ? authority.error().message : additional.error().message;
    return c;
  }
  keep_in_bailiwick(*answer, zone_cut);
  keep_in_bailiwick(*authority, zone_cut);
  keep_in_bailiwick(*additional, zone_cut);

  if (follow_chain(*answer, qname, qtype, c)) {
    c.kind = ResponseKind::kAnswer;
    for (auto& s : *authority) {
      // the zone's own NS, for the cache (low trust); NSEC/NSEC3 prove wildcard expansions
      if ((s.type == RRType::kNS && c.final_name.is_subdomain_of(s.owner)) || s.type == RRType::kNSEC ||
          s.type == RRType::kNSEC3)
        c.authority.push_back(std::move(s));
    }
    if (qtype == RRType::kNS) keep_ns_addresses(c.answer.back(), *additional, c);  // priming, NS answers
    return c;
  }
  const Name& name = c.final_name;
  if (c.rcode == dns::Rcode::kNXDomain) {
    c.kind = ResponseKind::kNxDomain;
    keep_negative_authority(*authority, name, c);
    return c;
  }
  if (!c.answer.empty()) {
    // The chain left this server's data: an alias to resolve from its own zone cut
    // (a referral for the target is not followed from here), unless the server
    // proves the target exists without the type (NODATA at the target).
    c.kind = keep_negative_authority(*authority, name, c) ? ResponseKind::kNoData : ResponseKind::kAlias;
    return c;
  }
  if (const RRset* ns = find_referral_ns(*authority, name, zone_cut); ns != nullptr && !c.authoritative) {
    classify_referral(*ns, *authority, *additional, c);
    return c;
  }
  if (keep_negative_authority(*authority, name, c) || c.authoritative) {
    c.kind = ResponseKind::kNoData;
    return c;
  }
  c.kind = ResponseKind::kLame;
  c.why = "no answer, no referral and not authoritative";
  return c;
}

}  // namespace dns4eu::resolver
