// rdata.h — typed RDATA: wire ↔ presentation conversion for every RR type we
// know, RFC 3597 generic form for the rest, and decompression of names inside
// RDATA read from a packet.
//
// RDATA is held as its uncompressed wire form (std::vector<uint8_t>). Each
// known type is described once by a field schema (see internal/rdata_schema.h)
// from which parsing, printing, decompression and canonicalisation follow, so
// adding a type means adding one table row.
//
//   auto rd = rdata_from_text(RRType::kMX, "10 mail", &origin);   // wire form
//   rdata_to_text(RRType::kMX, *rd);                               // "10 mail.example.com."
//
// Typed views (SoaView, RrsigView, ...) read fields out of uncompressed RDATA
// without copying; make them with the view's parse(), which validates.
//
// Thread-safety: pure functions and value types.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"
#include "dns/types.h"

namespace dns4eu::dns {

using Rdata = std::vector<uint8_t>;

// Presentation text of one RR's RDATA (the fields after the type, already
// joined: parentheses and comments removed, quoted strings kept quoted).
// Relative names are completed with `origin` (absolute when origin is null).
// Accepts the RFC 3597 form "\# <len> <hex>" for every type.
Result<Rdata> rdata_from_text(RRType type, std::string_view text, const Name* origin = nullptr);

// Same, from already split tokens (the zone reader's output; a token may be a
// quoted string including its quotes).
Result<Rdata> rdata_from_tokens(RRType type, std::span<const std::string> tokens, const Name* origin);

// Presentation form; unknown types as "\# len hex". Never fails: malformed
// RDATA of a known type is printed in the generic form.
std::string rdata_to_text(RRType type, std::span<const uint8_t> rdata);

// Validates RDATA of a known type (field layout, embedded names); unknown
// types are accepted as opaque.
Status rdata_validate(RRType type, std::span<const uint8_t> rdata);

// Reads RDATA at `offset` (length `rdlength`) of `packet`, expanding
// compression pointers inside names of the types that may carry them
// (RFC 3597 §4: NS, CNAME, SOA, PTR, MX, ... and, leniently, the others with
// embedded names), and validates it. Errors name the packet offset.
Result<Rdata> rdata_from_packet(RRType type, std::span<const uint8_t> packet, std::size_t offset,
                                uint16_t rdlength);

// True when names in this type's RDATA may be compressed when we write it
// (RFC 3597 §4: only the RFC 1035 types).
bool rdata_names_compressible(RRType type);

// Calls `fn(offset, name)` for each embedded domain name in uncompressed
// RDATA of a known type (used by the builder for compression and by DNSSEC
// canonicalisation). Returns false for malformed RDATA.
bool rdata_for_each_name(RRType type, std::span<const uint8_t> rdata,
                         const std::function<void(std::size_t offset, const Name&)>& fn);

// RFC 4034 §6.2 canonical form: names in RDATA of the listed types lower-cased.
Rdata rdata_canonical(RRType type, std::span<const uint8_t> rdata);

// ---- typed views over uncompressed RDATA --------------------------------

struct SoaView {
  Name mname, rname;
  uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
  static Result<SoaView> parse(std::span<const uint8_t> rdata);
};

struct RrsigView {
  RRType type_covered{};
  uint8_t algorithm = 0;
  uint8_t labels = 0;
  uint32_t original_ttl = 0, expiration = 0, inception = 0;
  uint16_t key_tag = 0;
  Name signer;
  std::span<const uint8_t> signature;  // borrowed from the RDATA
  std::size_t signed_fields_size = 0;  // octets before the signature (incl. signer)
  static Result<RrsigView> parse(std::span<const uint8_t> rdata);
};

struct DnskeyView {
  uint16_t flags = 0;
  uint8_t protocol = 0, algorithm = 0;
  std::span<const uint8_t> public_key;
  static Result<DnskeyView> parse(std::span<const uint8_t> rdata);
  bool is_zone_key() const { return flags & 0x0100; }
  bool is_sep() const { return flags & 0x0001; }
  bool is_revoked() const { return flags & 0x0080; }
};
// RFC 4034 Appendix B key tag of a DNSKEY RDATA.
uint16_t dnskey_key_tag(std::span<const uint8_t> rdata);

struct DsView {
  uint16_t key_tag = 0;
  uint8_t algorithm = 0, digest_type = 0;
  std::span<const uint8_t> digest;
  static Result<DsView> parse(std::span<const uint8_t> rdata);
};

// Type bitmap (NSEC/NSEC3) membership test.
bool type_bitmap_has(std::span<const uint8_t> bitmap, RRType type);

struct NsecView {
  Name next;
  std::span<const uint8_t> type_bitmap;
  static Result<NsecView> parse(std::span<const uint8_t> rdata);
  bool has_type(RRType t) const { return type_bitmap_has(type_bitmap, t); }
};

struct Nsec3View {
  uint8_t hash_algorithm = 0, flags = 0;
  uint16_t iterations = 0;
  std::span<const uint8_t> salt, next_hashed_owner, type_bitmap;
  static Result<Nsec3View> parse(std::span<const uint8_t> rdata);
  bool opt_out() const { return flags & 0x01; }
  bool has_type(RRType t) const { return type_bitmap_has(type_bitmap, t); }
};

struct Nsec3ParamView {
  uint8_t hash_algorithm = 0, flags = 0;
  uint16_t iterations = 0;
  std::span<const uint8_t> salt;
  static Result<Nsec3ParamView> parse(std::span<const uint8_t> rdata);
};

// A/AAAA addresses are plain 4/16-octet RDATA; NS/CNAME/DNAME/PTR are one name.
Result<Name> rdata_single_name(std::span<const uint8_t> rdata);

// Encodings used by presentation forms.
std::string base64_encode(std::span<const uint8_t> data);
Result<std::vector<uint8_t>> base64_decode(std::string_view text);  // whitespace ignored
std::string base32hex_encode(std::span<const uint8_t> data);          // lower-case, no padding
Result<std::vector<uint8_t>> base32hex_decode(std::string_view text);
std::string hex_encode(std::span<const uint8_t> data);                // upper-case
Result<std::vector<uint8_t>> hex_decode(std::string_view text);

}  // namespace dns4eu::dns
