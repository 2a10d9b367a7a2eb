// response_summary.h — what the query log needs from an answer the resolver
// is about to send (question, rcode with its EDNS bits, header flags, first
// EDE info-code), read straight from the wire on the worker: no parse into a
// MessageView, no allocation, bounds-checked. Sections before the additional
// one are only skipped (names by their labels or pointer, records by their
// RDLENGTH) and only when the answer has additional records.
//
//   QueryRecord r;
//   summarize_response(response, r);   // fills qname/qtype/rcode/flags/ede
//
// A malformed or truncated message leaves the fields it could not read at
// their defaults (no question: qname_size 0; no EDE: 0xFFFF).
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <span>

#include "telemetry/query_log.h"

namespace dns4eu::telemetry {

void summarize_response(std::span<const uint8_t> response, QueryRecord& r);

}  // namespace dns4eu::telemetry
