// evp_key.cc — see evp_key.h.
#include "dnssec/internal/evp_key.h"

#include <string>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>

namespace dns4eu::dnssec::internal {
namespace {

struct BnFree {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
struct BldFree {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct CtxFree {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

Result<EvpPkeyPtr> fromdata(const char* type, OSSL_PARAM_BLD* bld) {
  std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
  std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!params || !ctx) return fail(ErrorCode::kLimit, std::string("OpenSSL: cannot set up ") + type + " key");
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0 || !key)
    return fail(ErrorCode::kMalformed, std::string("DNSKEY: invalid ") + type + " public key");
  return EvpPkeyPtr(key);
}

// RFC 3110 §2: exponent length (1 octet, or 0 then 2 octets), exponent, modulus.
Result<EvpPkeyPtr> rsa_key(std::span<const uint8_t> pk) {
  if (pk.empty()) return fail(ErrorCode::kMalformed, "DNSKEY: empty RSA public key");
  std::size_t off = 1, elen = pk[0];
  if (elen == 0) {
    if (pk.size() < 3) return fail(ErrorCode::kMalformed, "DNSKEY: truncated RSA exponent length");
    elen = std::size_t(pk[1]) << 8 | pk[2];
    off = 3;
  }
  if (elen == 0 || pk.size() <= off + elen)
    return fail(ErrorCode::kMalformed, "DNSKEY: RSA exponent length " + std::to_string(elen) +
                                           " leaves no modulus in " + std::to_string(pk.size()) + " octets");
  std::size_t mlen = pk.size() - off - elen;
  if (mlen < 64 || mlen > 512)  // RFC 3110: 512..4096 bits
    return fail(ErrorCode::kMalformed, "DNSKEY: RSA modulus of " + std::to_string(mlen * 8) + " bits");
  BnPtr e(BN_bin2bn(pk.data() + off, int(elen), nullptr));
  BnPtr n(BN_bin2bn(pk.data() + off + elen, int(mlen), nullptr));
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!e || !n || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get()))
    return fail(ErrorCode::kLimit, "OpenSSL: cannot build RSA parameters");
  return fromdata("RSA", bld.get());
}

// RFC 6605 §4: X||Y → uncompressed point 0x04||X||Y.
Result<EvpPkeyPtr> ec_key(std::span<const uint8_t> pk, const char* group, std::size_t half) {
  if (pk.size() != 2 * half)
    return fail(ErrorCode::kMalformed, "DNSKEY: ECDSA key of " + std::to_string(pk.size()) +
                                           " octets, expected " + std::to_string(2 * half));
  std::vector<uint8_t> point;
  point.reserve(pk.size() + 1);
  point.push_back(0x04);
  point.insert(point.end(), pk.begin(), pk.end());
  std::unique_ptr<OSSL_PARAM_BLD, BldFree> bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
    return fail(ErrorCode::kLimit, "OpenSSL: cannot build EC parameters");
  return fromdata("EC", bld.get());
}

// RFC 8080 §3: the raw public key.
Result<EvpPkeyPtr> raw_key(std::span<const uint8_t> pk, int type, std::size_t size, const char* what) {
  if (pk.size() != size)
    return fail(ErrorCode::kMalformed, std::string("DNSKEY: ") + what + " key of " + std::to_string(pk.size()) +
                                           " octets, expected " + std::to_string(size));
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(type, nullptr, pk.data(), pk.size());
  if (!key) return fail(ErrorCode::kMalformed, std::string("DNSKEY: invalid ") + what + " key");
  return EvpPkeyPtr(key);
}

}  // namespace

Result<EvpPkeyPtr> dnskey_to_evp(uint8_t algorithm, std::span<const uint8_t> public_key) {
  switch (algorithm) {
    case 5: case 7: case 8: case 10: return rsa_key(public_key);
    case 13: return ec_key(public_key, "prime256v1", 32);
    case 14: return ec_key(public_key, "secp384r1", 48);
    case 15: return raw_key(public_key, EVP_PKEY_ED25519, 32, "Ed25519");
    case 16: return raw_key(public_key, EVP_PKEY_ED448, 57, "Ed448");
    default: return fail(ErrorCode::kUnsupported, "DNSKEY algorithm " + std::to_string(algorithm) + " unsupported");
  }
}

Result<std::vector<uint8_t>> ecdsa_raw_to_der(std::span<const uint8_t> raw, std::size_t half) {
  if (raw.size() != 2 * half)
    return fail(ErrorCode::kMalformed, "RRSIG: ECDSA signature of " + std::to_string(raw.size()) +
                                           " octets, expected " + std::to_string(2 * half));
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(raw.data(), int(half), nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + half, int(half), nullptr);
  if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return fail(ErrorCode::kLimit, "OpenSSL: cannot build ECDSA signature");
  }
  std::vector<uint8_t> der;
  int len = i2d_ECDSA_SIG(sig, nullptr);
  if (len > 0) {
    der.resize(std::size_t(len));
    unsigned char* p = der.data();
    len = i2d_ECDSA_SIG(sig, &p);
  }
  ECDSA_SIG_free(sig);
  if (len <= 0) return fail(ErrorCode::kLimit, "OpenSSL: cannot encode ECDSA signature");
  return der;
}

}  // namespace dns4eu::dnssec::internal
