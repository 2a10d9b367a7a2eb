// rdata_svcb.h — RFC 9460 SvcParams (SVCB/HTTPS): wire checks, presentation
// parsing and printing.
//
// Wire rules enforced: keys strictly increasing (so unique), key 65535
// invalid, and per-key value syntax for mandatory (sorted unique keys, not
// "mandatory" itself), alpn (non-empty list of non-empty strings),
// no-default-alpn (empty), port (2 octets), ipv4hint / ipv6hint (non-empty
// address lists), ech (any), dohpath (any octets). Unknown keys are opaque.
//
//   std::vector<uint8_t> wire;
//   auto st = svc_params_from_tokens({"alpn=h2,h3", "port=443"}, wire);
//   svc_params_to_text(wire);   // "alpn=h2,h3 port=443"
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dns/result.h"

namespace dns4eu::dns::internal {

// `params` is the SvcParams part of the RDATA; `base` its offset in the
// caller's input (used in messages).
Status check_svc_params(std::span<const uint8_t> params, std::size_t base);

// Presentation tokens ("key=value", "key", or "key=" followed by a quoted
// token) in any order; appends the wire form with keys sorted.
Status svc_params_from_tokens(std::span<const std::string> tokens, std::vector<uint8_t>& out);

// Space-separated presentation of checked params; "" when there are none.
std::string svc_params_to_text(std::span<const uint8_t> params);

}  // namespace dns4eu::dns::internal
