// signed_data.cc — see signed_data.h.
#include "dnssec/signed_data.h"

#include <algorithm>

namespace dns4eu::dnssec {
namespace {

void put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(uint8_t(v >> 8));
  out.push_back(uint8_t(v));
}
void put32(std::vector<uint8_t>& out, uint32_t v) {
  put16(out, uint16_t(v >> 16));
  put16(out, uint16_t(v));
}

// Owner name as signed: lower-cased, wildcard-reconstructed when the RRSIG
// has fewer labels than the owner (RFC 4035 §5.3.2).
std::vector<uint8_t> signed_owner(const dns::Name& owner, uint8_t labels) {
  dns::Name lower = owner.lowercased();
  std::vector<uint8_t> out;
  if (labels < lower.label_count()) {
    out.push_back(1);
    out.push_back('*');
    const dns::Name suffix = lower.suffix(labels);  // keep alive: wire() borrows
    out.insert(out.end(), suffix.wire().begin(), suffix.wire().end());
  } else {
    auto w = lower.wire();
    out.assign(w.begin(), w.end());
  }
  return out;
}

}  // namespace

std::vector<uint8_t> signed_data(const dns::RrsigView& sig, std::span<const uint8_t> rrsig_rdata,
                                 const dns::RRset& rrset) {
  std::vector<uint8_t> out;
  // RRSIG RDATA fields before the signer (18 octets), then the lower-cased signer.
  constexpr std::size_t kFixed = 18;
  std::size_t fixed = std::min(kFixed, rrsig_rdata.size());
  out.insert(out.end(), rrsig_rdata.begin(), rrsig_rdata.begin() + std::ptrdiff_t(fixed));
  const dns::Name signer = sig.signer.lowercased();  // keep alive: wire() borrows
  out.insert(out.end(), signer.wire().begin(), signer.wire().end());

  std::vector<dns::Rdata> rdatas;
  rdatas.reserve(rrset.rdatas.size());
  for (const auto& rd : rrset.rdatas) rdatas.push_back(dns::rdata_canonical(rrset.type, rd));
  // Canonical RDATA order: left-justified octet comparison, shorter first on a tie.
  std::sort(rdatas.begin(), rdatas.end());
  rdatas.erase(std::unique(rdatas.begin(), rdatas.end()), rdatas.end());

  const std::vector<uint8_t> owner = signed_owner(rrset.owner, sig.labels);
  for (const auto& rd : rdatas) {
    out.insert(out.end(), owner.begin(), owner.end());
    put16(out, uint16_t(rrset.type));
    put16(out, uint16_t(rrset.rclass));
    put32(out, sig.original_ttl);
    put16(out, uint16_t(rd.size()));
    out.insert(out.end(), rd.begin(), rd.end());
  }
  return out;
}

}  // namespace dns4eu::dnssec
