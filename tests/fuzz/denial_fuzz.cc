// denial_fuzz — NSEC/NSEC3 denial proofs and the RFC 8198 aggressive cache on
// hostile records: whatever NSEC/NSEC3 records a server sends (after their
// signatures were checked — a zone's own servers can sign anything), proofs
// must answer without crashing, reading out of bounds or running unbounded.
//
// Input: text. First line "QNAME QTYPE"; the rest is zone-file text
// ($ORIGIN example.) whose records are the proof candidates of zone
// "example.". Seeds (corpus/denial_fuzz/) are the NSEC and NSEC3 chains
// ldns-signzone made for tests/data/dnssec/example.zone.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/rrset.h"
#include "dns/zone_reader.h"
#include "dnssec/aggressive_cache.h"
#include "dnssec/denial.h"

using namespace dns4eu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size > 16384) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto nl = text.find('\n');
  if (nl == std::string_view::npos) return 0;
  std::string_view first = text.substr(0, nl);
  auto sp = first.find(' ');
  if (sp == std::string_view::npos) return 0;
  static const dns::Name zone = *dns::Name::from_text("example.");
  auto qname = dns::Name::from_text(first.substr(0, sp), &zone);
  auto qtype = dns::rrtype_from_text(first.substr(sp + 1));
  if (!qname || !qtype) return 0;
  dns::ZoneReaderOptions opt;
  opt.origin = zone;
  opt.default_ttl = 300;
  opt.allow_include = false;
  auto records = dns::read_zone_text(std::string(text.substr(nl + 1)), "fuzz", opt);
  if (!records) return 0;
  std::vector<dns::RRset> sets;
  dns::RRset soa{zone, dns::RRType::kSOA, dns::RRClass::kIN, 300, {}, {}};
  for (const auto& r : *records) {
    if (r.type == dns::RRType::kSOA) soa.rdatas.push_back(r.rdata);
    if (r.type != dns::RRType::kNSEC && r.type != dns::RRType::kNSEC3) continue;
    sets.push_back(dns::RRset{r.owner, r.type, r.rclass, r.ttl, {r.rdata}, {}});
  }
  dnssec::ValidationLimits limits;
  (void)dnssec::prove_nxdomain(sets, *qname, zone, limits);
  (void)dnssec::prove_nodata(sets, *qname, *qtype, zone, limits);
  for (uint8_t labels = 0; labels < 4; ++labels) (void)dnssec::prove_wildcard_answer(sets, *qname, labels, zone, limits);
  dnssec::AggressiveCache cache;
  cache.insert(zone, soa, sets, 100);
  (void)cache.lookup(*qname, *qtype, 110, limits);
  return 0;
}
