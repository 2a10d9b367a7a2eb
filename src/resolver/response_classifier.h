// response_classifier.h — what an authoritative server's answer means, and
// which of its records we may believe.
//
// classify_response() looks at one upstream response to the question
// (qname, qtype) sent to a server of zone `zone_cut`, and returns its kind
// (answer, alias, NXDOMAIN, NODATA, referral, lame, error) together with the
// RRsets that pass the bailiwick and relevance checks (the cache-poisoning
// defence): every kept record lies inside `zone_cut`; answer records belong
// to the CNAME/DNAME chain that starts at qname; a referral must go down
// towards qname; glue must belong to the referral's NS names.
//
//   auto c = classify_response(msg, qname, RRType::kA, zone_cut);
//   if (c.kind == ResponseKind::kReferral) descend(c.referral_zone, c.authority, c.additional);
//
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/rrset.h"
#include "dns/types.h"

namespace dns4eu::resolver {

enum class ResponseKind {
  kAnswer,     // the chain from qname ends in RRsets of qtype
  kAlias,      // the chain ends in a CNAME whose target this server cannot answer
  kNxDomain,   // the last name of the chain does not exist
  kNoData,     // the last name exists, without qtype
  kReferral,   // a delegation to a zone below zone_cut, towards qname
  kLame,       // the server does not serve zone_cut (REFUSED, upward referral, no data)
  kServerFailure,  // SERVFAIL, NOTIMP, FORMERR or another error rcode
  kMalformed,  // the records could not be read
};

const char* response_kind_name(ResponseKind k);

struct ClassifiedResponse {
  ResponseKind kind = ResponseKind::kMalformed;
  dns::Rcode rcode = dns::Rcode::kNoError;
  bool authoritative = false;
  std::vector<dns::RRset> answer;      // the chain (CNAME/DNAME/synthesised CNAME, final RRsets)
  std::vector<dns::RRset> authority;   // SOA (negative), NS (referral), DS/NSEC/NSEC3 + RRSIGs
  std::vector<dns::RRset> additional;  // glue addresses of the referral's NS names
  dns::Name final_name;                // the last name of the chain (qname if no alias)
  dns::Name referral_zone;             // for kReferral
  std::string why;                     // for kLame / kMalformed / kServerFailure
};

ClassifiedResponse classify_response(const dns::MessageView& msg, const dns::Name& qname,
                                     dns::RRType qtype, const dns::Name& zone_cut);

// The synthesised CNAME of a DNAME (RFC 6672): `name` below `dname_owner`
// rewritten to below `target`; fails when the result is too long (YXDOMAIN).
Result<dns::Name> dname_substitute(const dns::Name& name, const dns::Name& dname_owner,
                                   const dns::Name& target);

}  // namespace dns4eu::resolver
