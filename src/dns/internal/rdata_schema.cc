// rdata_schema.cc — the table of RDATA layouts; see rdata_schema.h.
//
// Canonical form (`canonical_lower`): RFC 4034 §6.2 item 3 lists the types
// whose embedded names are lower-cased. RFC 6840 §5.1 corrects that list:
// names in NSEC RDATA are NOT lower-cased, names in RRSIG RDATA (the signer)
// ARE. RFC 3597 §7 freezes the list: types defined later (SVCB, HTTPS, ...)
// never lower-case. Of the types below that leaves NS, CNAME, SOA, PTR, MX,
// NAPTR, SRV, DNAME and RRSIG.
//
// Compression (`compressible`): RFC 3597 §4 allows compressed names on output
// only in the RFC 1035 types (NS, CNAME, SOA, PTR, MX here).
#include "dns/internal/rdata_schema.h"

#include <array>

namespace dns4eu::dns::internal {
namespace {

using F = FieldKind;

constexpr F kA[] = {F::kIpv4};
constexpr F kAAAA[] = {F::kIpv6};
constexpr F kOneName[] = {F::kName};
constexpr F kSOA[] = {F::kName, F::kName, F::kU32, F::kPeriod, F::kPeriod, F::kPeriod, F::kPeriod};
constexpr F kMX[] = {F::kU16, F::kName};
constexpr F kTXT[] = {F::kCharStrings};
constexpr F kHINFO[] = {F::kCharString, F::kCharString};
constexpr F kSRV[] = {F::kU16, F::kU16, F::kU16, F::kName};
constexpr F kNAPTR[] = {F::kU16, F::kU16, F::kCharString, F::kCharString, F::kCharString, F::kName};
constexpr F kCAA[] = {F::kU8, F::kCaaTag, F::kCaaValue};
constexpr F kDS[] = {F::kU16, F::kU8, F::kU8, F::kHexRest};
constexpr F kDNSKEY[] = {F::kU16, F::kU8, F::kU8, F::kBase64Rest};
constexpr F kRRSIG[] = {F::kType, F::kU8, F::kU8,  F::kU32,  F::kTime,
                        F::kTime, F::kU16, F::kName, F::kBase64Rest};
constexpr F kNSEC[] = {F::kName, F::kTypeBitmap};
constexpr F kNSEC3[] = {F::kU8, F::kU8, F::kU16, F::kHexU8, F::kBase32U8, F::kTypeBitmap};
constexpr F kNSEC3PARAM[] = {F::kU8, F::kU8, F::kU16, F::kHexU8};
constexpr F kTLSA[] = {F::kU8, F::kU8, F::kU8, F::kHexRest};
constexpr F kSSHFP[] = {F::kU8, F::kU8, F::kHexRest};
constexpr F kZONEMD[] = {F::kU32, F::kU8, F::kU8, F::kHexRest};
constexpr F kSVCB[] = {F::kU16, F::kName, F::kSvcParams};

//                      type               fields        compressible canonical_lower
const std::array kSchemas = {
    TypeSchema{RRType::kA, kA, false, false},
    TypeSchema{RRType::kNS, kOneName, true, true},
    TypeSchema{RRType::kCNAME, kOneName, true, true},
    TypeSchema{RRType::kSOA, kSOA, true, true},
    TypeSchema{RRType::kPTR, kOneName, true, true},
    TypeSchema{RRType::kHINFO, kHINFO, false, false},
    TypeSchema{RRType::kMX, kMX, true, true},
    TypeSchema{RRType::kTXT, kTXT, false, false},
    TypeSchema{RRType::kAAAA, kAAAA, false, false},
    TypeSchema{RRType::kSRV, kSRV, false, true},
    TypeSchema{RRType::kNAPTR, kNAPTR, false, true},
    TypeSchema{RRType::kDNAME, kOneName, false, true},
    TypeSchema{RRType::kDS, kDS, false, false},
    TypeSchema{RRType::kSSHFP, kSSHFP, false, false},
    TypeSchema{RRType::kRRSIG, kRRSIG, false, true},
    TypeSchema{RRType::kNSEC, kNSEC, false, false},
    TypeSchema{RRType::kDNSKEY, kDNSKEY, false, false},
    TypeSchema{RRType::kNSEC3, kNSEC3, false, false},
    TypeSchema{RRType::kNSEC3PARAM, kNSEC3PARAM, false, false},
    TypeSchema{RRType::kTLSA, kTLSA, false, false},
    TypeSchema{RRType::kCDS, kDS, false, false},
    TypeSchema{RRType::kCDNSKEY, kDNSKEY, false, false},
    TypeSchema{RRType::kZONEMD, kZONEMD, false, false},
    TypeSchema{RRType::kSVCB, kSVCB, false, false},
    TypeSchema{RRType::kHTTPS, kSVCB, false, false},
    TypeSchema{RRType::kCAA, kCAA, false, false},
};

}  // namespace

const TypeSchema* find_schema(RRType type) {
  for (const auto& s : kSchemas)
    if (s.type == type) return &s;
  return nullptr;
}

bool is_rest_kind(FieldKind k) {
  switch (k) {
    case F::kCharStrings: case F::kBase64Rest: case F::kHexRest: case F::kTypeBitmap:
    case F::kSvcParams: case F::kCaaValue:
      return true;
    default:
      return false;
  }
}

}  // namespace dns4eu::dns::internal
