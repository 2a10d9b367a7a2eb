// types.cc — see types.h.
#include "dns/types.h"

#include <array>
#include <charconv>
#include <strings.h>

namespace dns4eu::dns {
namespace {

struct TypeName {
  RRType type;
  std::string_view name;
};

constexpr std::array kTypeNames = {
    TypeName{RRType::kA, "A"},         TypeName{RRType::kNS, "NS"},
    TypeName{RRType::kCNAME, "CNAME"}, TypeName{RRType::kSOA, "SOA"},
    TypeName{RRType::kPTR, "PTR"},     TypeName{RRType::kHINFO, "HINFO"},
    TypeName{RRType::kMX, "MX"},       TypeName{RRType::kTXT, "TXT"},
    TypeName{RRType::kAAAA, "AAAA"},   TypeName{RRType::kSRV, "SRV"},
    TypeName{RRType::kNAPTR, "NAPTR"}, TypeName{RRType::kDNAME, "DNAME"},
    TypeName{RRType::kOPT, "OPT"},     TypeName{RRType::kDS, "DS"},
    TypeName{RRType::kSSHFP, "SSHFP"}, TypeName{RRType::kRRSIG, "RRSIG"},
    TypeName{RRType::kNSEC, "NSEC"},   TypeName{RRType::kDNSKEY, "DNSKEY"},
    TypeName{RRType::kNSEC3, "NSEC3"}, TypeName{RRType::kNSEC3PARAM, "NSEC3PARAM"},
    TypeName{RRType::kTLSA, "TLSA"},   TypeName{RRType::kCDS, "CDS"},
    TypeName{RRType::kCDNSKEY, "CDNSKEY"}, TypeName{RRType::kZONEMD, "ZONEMD"},
    TypeName{RRType::kSVCB, "SVCB"},   TypeName{RRType::kHTTPS, "HTTPS"},
    TypeName{RRType::kTSIG, "TSIG"},   TypeName{RRType::kIXFR, "IXFR"},
    TypeName{RRType::kAXFR, "AXFR"},   TypeName{RRType::kANY, "ANY"},
    TypeName{RRType::kCAA, "CAA"},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::optional<uint16_t> parse_generic(std::string_view s, std::string_view prefix) {
  if (s.size() <= prefix.size() || !iequals(s.substr(0, prefix.size()), prefix)) return std::nullopt;
  uint16_t v = 0;
  auto rest = s.substr(prefix.size());
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), v);
  if (ec != std::errc() || p != rest.data() + rest.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string rrtype_to_text(RRType t) {
  for (const auto& tn : kTypeNames)
    if (tn.type == t) return std::string(tn.name);
  return "TYPE" + std::to_string(static_cast<uint16_t>(t));
}

std::optional<RRType> rrtype_from_text(std::string_view s) {
  for (const auto& tn : kTypeNames)
    if (iequals(tn.name, s)) return tn.type;
  if (auto v = parse_generic(s, "TYPE")) return static_cast<RRType>(*v);
  return std::nullopt;
}

std::string rrclass_to_text(RRClass c) {
  switch (c) {
    case RRClass::kIN: return "IN";
    case RRClass::kCH: return "CH";
    case RRClass::kHS: return "HS";
    case RRClass::kNONE: return "NONE";
    case RRClass::kANY: return "ANY";
  }
  return "CLASS" + std::to_string(static_cast<uint16_t>(c));
}

std::optional<RRClass> rrclass_from_text(std::string_view s) {
  if (iequals(s, "IN")) return RRClass::kIN;
  if (iequals(s, "CH")) return RRClass::kCH;
  if (iequals(s, "HS")) return RRClass::kHS;
  if (iequals(s, "NONE")) return RRClass::kNONE;
  if (iequals(s, "ANY")) return RRClass::kANY;
  if (auto v = parse_generic(s, "CLASS")) return static_cast<RRClass>(*v);
  return std::nullopt;
}

std::string rcode_to_text(Rcode r) {
  switch (r) {
    case Rcode::kNoError: return "NOERROR";
    case Rcode::kFormErr: return "FORMERR";
    case Rcode::kServFail: return "SERVFAIL";
    case Rcode::kNXDomain: return "NXDOMAIN";
    case Rcode::kNotImp: return "NOTIMP";
    case Rcode::kRefused: return "REFUSED";
    case Rcode::kYXDomain: return "YXDOMAIN";
    case Rcode::kYXRRSet: return "YXRRSET";
    case Rcode::kNXRRSet: return "NXRRSET";
    case Rcode::kNotAuth: return "NOTAUTH";
    case Rcode::kNotZone: return "NOTZONE";
    case Rcode::kBadVers: return "BADVERS";
    case Rcode::kBadCookie: return "BADCOOKIE";
  }
  return "RCODE" + std::to_string(static_cast<uint16_t>(r));
}

std::string opcode_to_text(Opcode o) {
  switch (o) {
    case Opcode::kQuery: return "QUERY";
    case Opcode::kIQuery: return "IQUERY";
    case Opcode::kStatus: return "STATUS";
    case Opcode::kNotify: return "NOTIFY";
    case Opcode::kUpdate: return "UPDATE";
  }
  return "OPCODE" + std::to_string(static_cast<unsigned>(o));
}

bool is_meta_type(RRType t) {
  auto v = static_cast<uint16_t>(t);
  return v == 41 || (v >= 128 && v <= 255);
}

}  // namespace dns4eu::dns
