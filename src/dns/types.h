// types.h — numeric codes of the DNS protocol: RR types, classes, opcodes,
// rcodes, header flags, and their presentation mnemonics.
//
// RRType and RRClass are plain 16-bit wrappers so that unknown values (RFC
// 3597 "TYPE65280", "CLASS7") flow through unchanged.
//
//   auto t = rrtype_from_text("AAAA");   // RRType::kAAAA
//   rrtype_to_text(RRType{65280});       // "TYPE65280"
//
// Thread-safety: constants and pure functions only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dns4eu::dns {

enum class RRType : uint16_t {
  kA = 1, kNS = 2, kCNAME = 5, kSOA = 6, kPTR = 12, kHINFO = 13, kMX = 15, kTXT = 16,
  kAAAA = 28, kSRV = 33, kNAPTR = 35, kDNAME = 39, kOPT = 41, kDS = 43,
  kSSHFP = 44, kRRSIG = 46, kNSEC = 47, kDNSKEY = 48, kNSEC3 = 50, kNSEC3PARAM = 51,
  kTLSA = 52, kCDS = 59, kCDNSKEY = 60, kZONEMD = 63, kSVCB = 64, kHTTPS = 65,
  kTSIG = 250, kIXFR = 251, kAXFR = 252, kANY = 255, kCAA = 257,
};

enum class RRClass : uint16_t { kIN = 1, kCH = 3, kHS = 4, kNONE = 254, kANY = 255 };

enum class Opcode : uint8_t { kQuery = 0, kIQuery = 1, kStatus = 2, kNotify = 4, kUpdate = 5 };

// Extended rcodes (12 bits: 4 in the header, 8 in the OPT record).
enum class Rcode : uint16_t {
  kNoError = 0, kFormErr = 1, kServFail = 2, kNXDomain = 3, kNotImp = 4, kRefused = 5,
  kYXDomain = 6, kYXRRSet = 7, kNXRRSet = 8, kNotAuth = 9, kNotZone = 10,
  kBadVers = 16, kBadCookie = 23,
};

// Header flag bits in the 16-bit flags word (after the ID).
namespace flags {
inline constexpr uint16_t kQR = 0x8000;
inline constexpr uint16_t kAA = 0x0400;
inline constexpr uint16_t kTC = 0x0200;
inline constexpr uint16_t kRD = 0x0100;
inline constexpr uint16_t kRA = 0x0080;
inline constexpr uint16_t kAD = 0x0020;
inline constexpr uint16_t kCD = 0x0010;
}  // namespace flags

std::string rrtype_to_text(RRType t);
std::optional<RRType> rrtype_from_text(std::string_view s);  // also "TYPEnnn"
std::string rrclass_to_text(RRClass c);
std::optional<RRClass> rrclass_from_text(std::string_view s);  // also "CLASSnnn"
std::string rcode_to_text(Rcode r);
std::string opcode_to_text(Opcode o);

// Meta types (RFC 6895 §3.1) may not appear in zone data.
bool is_meta_type(RRType t);

}  // namespace dns4eu::dns
