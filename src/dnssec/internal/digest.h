// digest.h — one-shot message digests through OpenSSL EVP (private to
// dns4eu::dnssec).
//
// Contract: digest(md, parts) hashes the concatenation of `parts`; an empty
// result means OpenSSL failed.
//
//   auto h = internal::digest(EVP_sha256(), {a, b});
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include <openssl/evp.h>

namespace dns4eu::dnssec::internal {

std::vector<uint8_t> digest(const EVP_MD* md, std::initializer_list<std::span<const uint8_t>> parts);

}  // namespace dns4eu::dnssec::internal
