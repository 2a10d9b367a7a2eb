// evp_key.h — builds OpenSSL EVP_PKEYs from DNSKEY public key fields and
// converts DNSSEC signature encodings (private to dns4eu::dnssec).
//
// Contract: dnskey_to_evp() returns an owned key for algorithms 5/7/8/10
// (RFC 3110), 13/14 (RFC 6605) and 15/16 (RFC 8080), or kMalformed /
// kUnsupported. ecdsa_raw_to_der() turns RFC 6605 r||s into DER ECDSA-Sig.
//
//   auto key = internal::dnskey_to_evp(13, view.public_key);
//   auto der = internal::ecdsa_raw_to_der(sig.signature, 32);
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <openssl/evp.h>

#include "dns/result.h"

namespace dns4eu::dnssec::internal {

struct EvpPkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;

Result<EvpPkeyPtr> dnskey_to_evp(uint8_t algorithm, std::span<const uint8_t> public_key);

// r||s (each `half` octets) → DER; kMalformed if the size is not 2*half.
Result<std::vector<uint8_t>> ecdsa_raw_to_der(std::span<const uint8_t> raw, std::size_t half);

}  // namespace dns4eu::dnssec::internal
