// verify.cc — see verify.h.
#include "dnssec/verify.h"

#include <string>

#include <openssl/evp.h>

#include "dnssec/internal/evp_key.h"
#include "dnssec/signed_data.h"

namespace dns4eu::dnssec {
namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

const EVP_MD* digest_for(uint8_t algorithm) {
  switch (algorithm) {
    case 5: case 7: return EVP_sha1();
    case 8: case 13: return EVP_sha256();
    case 14: return EVP_sha384();
    case 10: return EVP_sha512();
    default: return nullptr;  // Ed25519 / Ed448: no pre-hash
  }
}

}  // namespace

bool algorithm_supported(uint8_t algorithm) {
  switch (algorithm) {
    case 5: case 7: case 8: case 10: case 13: case 14: case 15: case 16: return true;
    default: return false;
  }
}

bool signature_time_valid(const dns::RrsigView& sig, uint32_t now_unix) {
  // RFC 1982: a <= b iff (b - a) mod 2^32 < 2^31.
  return int32_t(now_unix - sig.inception) >= 0 && int32_t(sig.expiration - now_unix) >= 0;
}

Status verify_rrsig(const dns::RRset& rrset, std::span<const uint8_t> rrsig_rdata,
                    std::span<const uint8_t> dnskey_rdata) {
  auto sig = dns::RrsigView::parse(rrsig_rdata);
  if (!sig) return fail(ErrorCode::kMalformed, "RRSIG: " + sig.error().message);
  auto key = dns::DnskeyView::parse(dnskey_rdata);
  if (!key) return fail(ErrorCode::kMalformed, "DNSKEY: " + key.error().message);
  const std::string where = " (RRSIG " + std::to_string(sig->algorithm) + "/" +
                            std::to_string(sig->key_tag) + " over " + rrset.owner.to_text() + ")";

  if (!algorithm_supported(sig->algorithm))
    return fail(ErrorCode::kUnsupported, "unsupported DNSSEC algorithm " + std::to_string(sig->algorithm) + where);
  if (sig->type_covered != rrset.type)
    return fail(ErrorCode::kInvalidArgument, "RRSIG type covered differs from the RRset type" + where);
  if (sig->labels > rrset.owner.label_count())
    return fail(ErrorCode::kInvalidArgument, "RRSIG labels " + std::to_string(sig->labels) +
                                                 " exceed the owner's label count" + where);
  if (key->algorithm != sig->algorithm)
    return fail(ErrorCode::kNotFound, "DNSKEY algorithm " + std::to_string(key->algorithm) + " does not match" + where);
  if (key->protocol != 3)
    return fail(ErrorCode::kNotFound, "DNSKEY protocol " + std::to_string(key->protocol) + " is not 3" + where);
  if (!key->is_zone_key()) return fail(ErrorCode::kNotFound, "DNSKEY lacks the zone key flag" + where);
  if (dns::dnskey_key_tag(dnskey_rdata) != sig->key_tag)
    return fail(ErrorCode::kNotFound, "DNSKEY key tag " + std::to_string(dns::dnskey_key_tag(dnskey_rdata)) +
                                          " does not match" + where);

  auto pkey = internal::dnskey_to_evp(key->algorithm, key->public_key);
  if (!pkey) return fail(pkey.error().code, pkey.error().message + where);

  std::span<const uint8_t> signature = sig->signature;
  std::vector<uint8_t> der;
  if (sig->algorithm == 13 || sig->algorithm == 14) {
    auto d = internal::ecdsa_raw_to_der(signature, sig->algorithm == 13 ? 32 : 48);
    if (!d) return fail(ErrorCode::kInvalidArgument, d.error().message + where);
    der = std::move(*d);
    signature = der;
  }
  if (signature.empty()) return fail(ErrorCode::kInvalidArgument, "empty signature" + where);

  const std::vector<uint8_t> data = signed_data(*sig, rrsig_rdata, rrset);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, digest_for(sig->algorithm), nullptr, pkey->get()) <= 0)
    return fail(ErrorCode::kLimit, "OpenSSL: cannot initialise verification" + where);
  int rc = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(), data.size());
  if (rc != 1) return fail(ErrorCode::kInvalidArgument, "signature does not verify" + where);
  return {};
}

}  // namespace dns4eu::dnssec
