// digest.cc — see digest.h.
#include "dnssec/internal/digest.h"

#include <memory>

namespace dns4eu::dnssec::internal {

std::vector<uint8_t> digest(const EVP_MD* md, std::initializer_list<std::span<const uint8_t>> parts) {
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) return {};
  for (auto p : parts)
    if (EVP_DigestUpdate(ctx.get(), p.data(), p.size()) != 1) return {};
  std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) return {};
  out.resize(len);
  return out;
}

}  // namespace dns4eu::dnssec::internal
