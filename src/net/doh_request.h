// doh_request.h — DNS over HTTPS request semantics (RFC 8484), as pure
// functions: from an HTTP method, request target, content type and body to
// the DNS query, or to the HTTP error status to answer. Shared by the
// HTTP/2 and HTTP/1.1 front ends; fuzzed by tests/fuzz/doh_request_fuzz.cc.
//
//   DohRequest r = parse_doh_request("GET", "/dns-query?dns=AAABAAAB...", "", {}, paths);
//   if (r.status != 200) reply_error(r.status, r.reason);  // 400, 404, 405, 413, 415
//   else handle(r.query);
//
// Rules: the path (before '?') must be one of `paths` (404); GET takes the
// `dns` parameter, base64url without padding (padding tolerated), 400 when
// missing or invalid; POST needs Content-Type application/dns-message (415)
// and a body; a query shorter than a DNS header is 400, longer than 65535
// octets 413; any other method is 405.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dns4eu::net {

inline constexpr std::size_t kMaxDohMessage = 65535;

struct DohRequest {
  uint16_t status = 200;           // 200: `query` holds the DNS message
  std::string_view reason;         // short text for an error status
  std::vector<uint8_t> query;
  uint16_t path = 0;               // 200: the index of the request's path in `paths`
};

DohRequest parse_doh_request(std::string_view method, std::string_view target, std::string_view content_type,
                             std::span<const uint8_t> body, std::span<const std::string> paths);

// RFC 4648 §5 base64url, unpadded or padded; false on any other character.
bool base64url_decode(std::string_view text, std::vector<uint8_t>& out);

// The smallest TTL of the answer's records (RFC 8484 §5.1 freshness), or
// nullopt-like -1 when the message has no records or does not parse.
int64_t doh_max_age(std::span<const uint8_t> response);

}  // namespace dns4eu::net
