// zone_fixture.h — test-only helper (header only, not in the library): reads
// a signed zone from tests/data/dnssec/ and groups it into RRsets with their
// RRSIGs attached, as the validator will receive them.
//
// Contract: load_signed_zone("alg13.signed") → RRsets in order of first
// appearance; RRSIGs are attached to the RRset with the same owner/class and
// type covered; an error if the file cannot be read.
//
//   auto sets = internal::load_signed_zone("alg13.signed");
//   for (auto& s : *sets) for (auto& sig : s.rrsigs) verify_rrsig(s, sig, key);
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "dns/rdata.h"
#include "dns/rrset.h"
#include "dns/zone_reader.h"

namespace dns4eu::dnssec::internal {

inline std::string dnssec_data_path(const std::string& file) {
#ifdef DNS4EU_SOURCE_DIR
  return std::string(DNS4EU_SOURCE_DIR) + "/tests/data/dnssec/" + file;
#else
  return "tests/data/dnssec/" + file;
#endif
}

inline Result<std::vector<dns::ZoneRecord>> load_records(const std::string& file) {
  dns::ZoneReaderOptions opt;
  opt.origin = *dns::Name::from_text("example.");
  return dns::read_zone_file(dnssec_data_path(file), opt);
}

inline Result<std::vector<dns::RRset>> load_signed_zone(const std::string& file) {
  auto recs = load_records(file);
  if (!recs) return tl::unexpected(recs.error());
  std::vector<dns::RRset> sets;
  auto find = [&](const dns::Name& owner, dns::RRType type, dns::RRClass rclass) -> dns::RRset& {
    for (auto& s : sets)
      if (s.owner == owner && s.type == type && s.rclass == rclass) return s;
    dns::RRset s;
    s.owner = owner;
    s.type = type;
    s.rclass = rclass;
    sets.push_back(std::move(s));
    return sets.back();
  };
  for (const auto& r : *recs) {
    if (r.type == dns::RRType::kRRSIG) {
      auto v = dns::RrsigView::parse(r.rdata);
      if (!v) return tl::unexpected(v.error());
      find(r.owner, v->type_covered, r.rclass).rrsigs.push_back(r.rdata);
    } else {
      auto& s = find(r.owner, r.type, r.rclass);
      s.ttl = r.ttl;
      s.rdatas.push_back(r.rdata);
    }
  }
  return sets;
}

}  // namespace dns4eu::dnssec::internal
