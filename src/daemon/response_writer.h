// response_writer.h — turns a Resolution (or an error, or local data) into
// the response a client receives: header flags, the question in the client's
// case, answer and authority RRsets (with RRSIGs when the client set DO),
// our OPT record with Extended DNS Errors, and truncation to what the client
// can take (whole RRsets, TC set, RFC 2181 §9).
//
// Cacheable responses are built once without an OPT record
// (write_cacheable) and finished per client (finish_for_client), so the
// answer cache serves every client, with or without EDNS.
//
//   std::vector<uint8_t> packet;
//   write_cacheable(q, resolution, packet);
//   finish_for_client(q, packet, out);
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "daemon/client_query.h"
#include "dns/edns.h"
#include "resolver/resolution.h"

namespace dns4eu::daemon {

inline constexpr uint16_t kOurUdpSize = 1232;

// The full response for `q` from `r`, without OPT and without size limit.
// Flags: QR, RA, RD and CD echoed; AA when `authoritative` (local data).
void write_cacheable(const ClientQuery& q, const resolver::Resolution& r, std::vector<uint8_t>& out,
                     bool authoritative = false);

// `packet` (from write_cacheable or the answer cache) for this client: our
// OPT record appended when the client sent EDNS (with `ede` if given), then
// truncated to q.max_response if needed.
void finish_for_client(const ClientQuery& q, std::span<const uint8_t> packet, std::vector<uint8_t>& out,
                       const std::optional<dns::ExtendedError>& ede = std::nullopt);

// An error response (FORMERR, SERVFAIL, REFUSED, NOTIMP, BADVERS): header,
// the question when there is one, OPT with `ede` when the client sent EDNS.
void write_error(const ClientQuery& q, dns::Rcode rcode, std::vector<uint8_t>& out,
                 const std::optional<dns::ExtendedError>& ede = std::nullopt);

// True when a response with this resolution may go to the answer cache.
bool is_cacheable(const resolver::Resolution& r);

}  // namespace dns4eu::daemon
