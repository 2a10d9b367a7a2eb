// rdata.cc — see rdata.h. The per-type work is schema-driven and lives in
// internal/rdata_{schema,wire,text_*,svcb}.cc; this file is the public glue
// and the RFC 3597 generic form. Typed views are in internal/rdata_views.cc,
// encodings in internal/rdata_encoding.cc.
#include "dns/rdata.h"

#include "dns/internal/rdata_schema.h"
#include "dns/internal/rdata_text.h"
#include "dns/internal/rdata_wire.h"

namespace dns4eu::dns {
namespace {

using internal::find_schema;
using internal::WalkOptions;

// RFC 3597 §5: "\# <length> <hex>..." (hex may be split into several tokens).
Result<Rdata> generic_from_tokens(RRType type, std::span<const std::string> tokens) {
  if (tokens.size() < 2) return fail(ErrorCode::kMalformed, "generic RDATA needs '\\# <length> <hex>'");
  auto len = internal::parse_decimal(tokens[1], 0xFFFF, "generic RDATA length");
  if (!len) return tl::unexpected(len.error());
  std::string hex;
  for (const auto& t : tokens.subspan(2)) hex += t;
  auto data = hex_decode(hex);
  if (!data) return fail(ErrorCode::kMalformed, "generic RDATA: " + data.error().message);
  if (data->size() != *len)
    return fail(ErrorCode::kMalformed, "generic RDATA length " + std::to_string(*len) + " does not match its " +
                                           std::to_string(data->size()) + " octets of data");
  // Generic RDATA of a known type must still be valid for that type.
  if (auto s = rdata_validate(type, *data); !s)
    return fail(s.error().code, "generic RDATA: " + s.error().message);
  return std::move(*data);
}

std::string generic_to_text(std::span<const uint8_t> rdata) {
  std::string s = "\\# " + std::to_string(rdata.size());
  if (!rdata.empty()) s += " " + hex_encode(rdata);
  return s;
}

}  // namespace

Result<Rdata> rdata_from_text(RRType type, std::string_view text, const Name* origin) {
  auto tokens = internal::split_rdata_text(text);
  if (!tokens) return fail(tokens.error().code, rrtype_to_text(type) + " RDATA: " + tokens.error().message);
  return rdata_from_tokens(type, *tokens, origin);
}

Result<Rdata> rdata_from_tokens(RRType type, std::span<const std::string> tokens, const Name* origin) {
  if (!tokens.empty() && tokens[0] == "\\#") return generic_from_tokens(type, tokens);
  const auto* schema = find_schema(type);
  if (!schema)
    return fail(ErrorCode::kUnsupported, "RDATA of type " + rrtype_to_text(type) + " must use the generic '\\#' form");
  auto rd = internal::parse_rdata_tokens(*schema, tokens, origin);
  if (!rd) return rd;
  if (rd->size() > 0xFFFF) return fail(ErrorCode::kTooLong, rrtype_to_text(type) + " RDATA longer than 65535 octets");
  return rd;
}

std::string rdata_to_text(RRType type, std::span<const uint8_t> rdata) {
  const auto* schema = find_schema(type);
  if (!schema || !rdata_validate(type, rdata)) return generic_to_text(rdata);
  auto text = internal::print_rdata(*schema, rdata);
  return text ? *text : generic_to_text(rdata);
}

Status rdata_validate(RRType type, std::span<const uint8_t> rdata) {
  const auto* schema = find_schema(type);
  if (!schema) return {};
  return internal::walk_rdata(*schema, rdata, 0, rdata.size(), WalkOptions{});
}

Result<Rdata> rdata_from_packet(RRType type, std::span<const uint8_t> packet, std::size_t offset,
                                uint16_t rdlength) {
  if (offset > packet.size() || packet.size() - offset < rdlength)
    return fail_at(ErrorCode::kOutOfBounds, offset, rrtype_to_text(type) + " RDATA of " + std::to_string(rdlength) +
                                                        " octets runs past the end of the packet");
  const auto* schema = find_schema(type);
  if (!schema) return Rdata(packet.begin() + offset, packet.begin() + offset + rdlength);
  Rdata out;
  out.reserve(rdlength);
  WalkOptions opts{.allow_compression = true, .out = &out};
  if (auto s = internal::walk_rdata(*schema, packet, offset, offset + rdlength, opts); !s)
    return fail(s.error().code, rrtype_to_text(type) + " " + s.error().message);
  return out;
}

bool rdata_names_compressible(RRType type) {
  const auto* schema = find_schema(type);
  return schema && schema->compressible;
}

bool rdata_for_each_name(RRType type, std::span<const uint8_t> rdata,
                         const std::function<void(std::size_t offset, const Name&)>& fn) {
  const auto* schema = find_schema(type);
  if (!schema) return true;
  return internal::walk_rdata(*schema, rdata, 0, rdata.size(), WalkOptions{.on_name = &fn}).has_value();
}

Rdata rdata_canonical(RRType type, std::span<const uint8_t> rdata) {
  Rdata out(rdata.begin(), rdata.end());
  const auto* schema = find_schema(type);
  if (!schema || !schema->canonical_lower) return out;
  Rdata lowered = out;
  internal::NameFn lower = [&lowered](std::size_t off, const Name& n) {
    for (std::size_t i = 0; i < n.wire_size(); ++i) lowered[off + i] = ascii_lower(lowered[off + i]);
  };
  // Malformed RDATA is returned unchanged.
  if (!internal::walk_rdata(*schema, rdata, 0, rdata.size(), WalkOptions{.on_name = &lower})) return out;
  return lowered;
}

}  // namespace dns4eu::dns
