// rdata_schema.h — the field schema of every RR type that rdata.h knows.
//
// Each known type is one row: the ordered list of its RDATA fields. The text
// parser, the printer, the wire walker (validation, decompression, name
// iteration) and canonicalisation all interpret the same rows, so a new type
// is one table entry in rdata_schema.cc.
//
//   const TypeSchema* s = find_schema(RRType::kMX);   // {kU16, kName}
//   if (s && s->compressible) { ... }
//
// Thread-safety: immutable static data.
#pragma once

#include <cstdint>
#include <span>

#include "dns/types.h"

namespace dns4eu::dns::internal {

enum class FieldKind : uint8_t {
  kU8,           // decimal
  kU16,          // decimal
  kU32,          // decimal
  kPeriod,       // u32; text also accepts TTL units ("1h30m"), printed as decimal
  kName,         // uncompressed domain name
  kIpv4,         // 4 octets, dotted quad
  kIpv6,         // 16 octets, RFC 5952 text
  kCharString,   // <character-string>: u8 length + octets, text quoted
  kCharStrings,  // one or more <character-string>s up to the end (TXT)
  kBase64Rest,   // octets up to the end, base64 (one token printed)
  kHexRest,      // octets up to the end, hex (upper-case printed)
  kHexU8,        // u8 length + octets, hex; "-" is empty (NSEC3 salt)
  kBase32U8,     // u8 length + octets, base32hex (NSEC3 next hashed owner)
  kTypeBitmap,   // RFC 4034 §4.1.2 windowed type bitmap up to the end
  kTime,         // u32 seconds, text YYYYMMDDHHmmSS (or plain seconds)
  kType,         // u16 RR type, text mnemonic (RRSIG type covered)
  kSvcParams,    // RFC 9460 SvcParams up to the end
  kCaaTag,       // u8 length + 1..255 alphanumeric octets, unquoted
  kCaaValue,     // octets up to the end, text a quoted string
};

struct TypeSchema {
  RRType type;
  std::span<const FieldKind> fields;
  bool compressible;  // names may be compressed on output (RFC 3597 §4)
  bool canonical_lower;  // names lower-cased in canonical form (RFC 4034 §6.2)
};

// The schema of `type`, or nullptr for types handled as opaque (RFC 3597).
const TypeSchema* find_schema(RRType type);

// True for kinds that consume everything up to the end of the RDATA.
bool is_rest_kind(FieldKind k);

}  // namespace dns4eu::dns::internal
