// rdata_text.h — presentation-format helpers behind rdata_from_text /
// rdata_to_text: the RDATA tokenizer, character-string escaping, RRSIG time
// stamps, and the schema-driven parser and printer.
//
//   auto toks = split_rdata_text("10 \"a b\" c");   // {"10", "\"a b\"", "c"}
//   auto oct = decode_text_token("\"a\\032b\"");    // "a b"
//   escape_text(bytes);                             // "a b" -> a b, '"' -> \"
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"
#include "dns/internal/rdata_schema.h"

namespace dns4eu::dns::internal {

// Splits on unquoted, unescaped whitespace. Quoted parts keep their quotes
// and escapes stay as written; a token may mix both (alpn="h2,h3").
Result<std::vector<std::string>> split_rdata_text(std::string_view text);

// The octets of one token: surrounding quotes removed, \X and \DDD decoded.
Result<std::string> decode_text_token(std::string_view token);

// Escapes octets for use inside a quoted string: '"' and '\' get a backslash,
// octets outside 0x20..0x7E become \DDD. `extra` lists further characters to
// backslash-escape (e.g. "," inside SVCB value lists).
std::string escape_text(std::span<const uint8_t> octets, std::string_view extra = {});

// RRSIG time: "YYYYMMDDHHmmSS" (UTC) or decimal seconds since the epoch.
Result<uint32_t> parse_rrsig_time(std::string_view token);
std::string format_rrsig_time(uint32_t seconds);

// Unsigned decimal no larger than `max`; `what` names the field in errors.
Result<uint32_t> parse_decimal(std::string_view token, uint32_t max, std::string_view what);

// Schema-driven conversion. The printer expects RDATA that walk_rdata accepted.
Result<std::vector<uint8_t>> parse_rdata_tokens(const TypeSchema& schema,
                                                std::span<const std::string> tokens,
                                                const Name* origin);
// nullopt when a field cannot be shown in its own syntax (an empty base64 or
// hex field); the caller then prints the RFC 3597 generic form.
std::optional<std::string> print_rdata(const TypeSchema& schema, std::span<const uint8_t> rdata);

}  // namespace dns4eu::dns::internal
