// ds.cc — see ds.h.
#include "dnssec/ds.h"

#include <algorithm>
#include <string>

#include "dns/rdata.h"
#include "dnssec/internal/digest.h"

namespace dns4eu::dnssec {
namespace {

const EVP_MD* md_for(uint8_t digest_type) {
  switch (digest_type) {
    case 1: return EVP_sha1();
    case 2: return EVP_sha256();
    case 4: return EVP_sha384();
    default: return nullptr;
  }
}

}  // namespace

bool digest_supported(uint8_t digest_type) { return md_for(digest_type) != nullptr; }

Result<std::vector<uint8_t>> ds_digest(const dns::Name& owner, std::span<const uint8_t> dnskey_rdata,
                                       uint8_t digest_type) {
  const EVP_MD* md = md_for(digest_type);
  if (!md) return fail(ErrorCode::kUnsupported, "DS digest type " + std::to_string(digest_type) + " unsupported");
  dns::Name lower = owner.lowercased();
  auto out = internal::digest(md, {lower.wire(), dnskey_rdata});
  if (out.empty()) return fail(ErrorCode::kLimit, "OpenSSL: digest failed");
  return out;
}

bool ds_matches(const dns::Name& owner, std::span<const uint8_t> ds_rdata, std::span<const uint8_t> dnskey_rdata) {
  auto ds = dns::DsView::parse(ds_rdata);
  auto key = dns::DnskeyView::parse(dnskey_rdata);
  if (!ds || !key) return false;
  if (ds->algorithm != key->algorithm || ds->key_tag != dns::dnskey_key_tag(dnskey_rdata)) return false;
  auto d = ds_digest(owner, dnskey_rdata, ds->digest_type);
  return d && d->size() == ds->digest.size() && std::equal(d->begin(), d->end(), ds->digest.begin());
}

}  // namespace dns4eu::dnssec
