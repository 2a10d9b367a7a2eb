// ds.h — DS digests of DNSKEYs (RFC 4034 §5.1.4, RFC 4509, RFC 6605).
//
// Contract: ds_digest() = digest_type hash over canonical (lower-cased) owner
// wire name || DNSKEY RDATA, for SHA-1 (1), SHA-256 (2) and SHA-384 (4);
// other types → kUnsupported (RFC 8624: GOST 3 is not validated).
// ds_matches() additionally checks the DS key tag and algorithm against the
// DNSKEY; it is false for unsupported digest types and malformed input.
//
//   auto d = ds_digest(owner, dnskey_rdata, 2);           // 32 octets
//   if (ds_matches(owner, ds_rdata, dnskey_rdata)) { /* trusted key */ }
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"

namespace dns4eu::dnssec {

bool digest_supported(uint8_t digest_type);

Result<std::vector<uint8_t>> ds_digest(const dns::Name& owner, std::span<const uint8_t> dnskey_rdata,
                                       uint8_t digest_type);

bool ds_matches(const dns::Name& owner, std::span<const uint8_t> ds_rdata, std::span<const uint8_t> dnskey_rdata);

}  // namespace dns4eu::dnssec
