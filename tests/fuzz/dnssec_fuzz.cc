// dnssec_fuzz — DNSSEC primitives on hostile bytes: RRSIG and DNSKEY RDATA
// come from the network, so signed_data/verify_rrsig/ds_digest/nsec3_hash
// must reject anything malformed with an error, never crash or read out of
// bounds.
//
// Input: u16 length + DNSKEY RDATA, u16 length + RRSIG RDATA, then the RRset
// RDATAs as (u16 length + RDATA)*. The RRset is "mail.example." of the type
// the RRSIG covers. Seeds (corpus/dnssec_fuzz/) hold real ldns-signed
// records from tests/data/dnssec, so the fuzzer starts from valid signatures.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/rrset.h"
#include "dnssec/ds.h"
#include "dnssec/nsec3_hash.h"
#include "dnssec/verify.h"

namespace {

using namespace dns4eu;

bool take(std::span<const uint8_t>& in, std::span<const uint8_t>& out) {
  if (in.size() < 2) return false;
  std::size_t n = (std::size_t(in[0]) << 8) | in[1];
  if (in.size() < 2 + n) return false;
  out = in.subspan(2, n);
  in = in.subspan(2 + n);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::span<const uint8_t> in(data, size), dnskey, rrsig, rd;
  if (!take(in, dnskey) || !take(in, rrsig)) return 0;
  static const dns::Name owner = *dns::Name::from_text("mail.example.");
  dns::RRset rrset{owner, rrsig.size() >= 2 ? static_cast<dns::RRType>((rrsig[0] << 8) | rrsig[1]) : dns::RRType::kA,
                   dns::RRClass::kIN, 3600, {}, {}};
  while (rrset.rdatas.size() < 16 && take(in, rd)) rrset.rdatas.emplace_back(rd.begin(), rd.end());
  (void)dnssec::verify_rrsig(rrset, rrsig, dnskey);
  if (auto view = dns::RrsigView::parse(rrsig)) (void)dnssec::signature_time_valid(*view, 1'800'000'000u);
  for (uint8_t digest : {1, 2, 4}) (void)dnssec::ds_digest(owner, dnskey, digest);
  (void)dnssec::nsec3_hash(owner, rrsig.first(std::min<std::size_t>(rrsig.size(), 255)), 10, 1);
  return 0;
}
