// xfr_fuzz.cc — the zone-transfer response path (src/intel): a TCP stream of
// length-prefixed messages read as AXFR, as IXFR against a small base zone
// (the records knotd's recorded deltas delete), or with TSIG verification.
// Input: one mode octet (0 AXFR, 1 IXFR, 2 AXFR+TSIG), then the stream.
// Seeds: knotd AXFR/IXFR captures (tests/integration/rpz_xfr/capture.sh).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dns/rdata.h"
#include "intel/xfr_client.h"
#include "intel/zone.h"
#include "policy/list_parser.h"

using namespace dns4eu;

namespace {

intel::Rr rr(const char* owner, dns::RRType t, const char* rdata) {
  return {*dns::Name::from_text(owner), t, 60, *dns::rdata_from_text(t, rdata)};
}

const intel::Zone& base() {
  static const intel::Zone z = [] {
    intel::Zone b;
    b.origin = *dns::Name::from_text("rpz.test.");
    b.soa = rr("rpz.test.", dns::RRType::kSOA, "ns.rpz.test. hostmaster.rpz.test. 1 3600 600 86400 60");
    b.serial = 1;
    for (auto r : {rr("rpz.test.", dns::RRType::kNS, "localhost."), rr("nx.example.rpz.test.", dns::RRType::kCNAME, "."),
                   rr("host7.bad.example.rpz.test.", dns::RRType::kCNAME, ".")})
      b.records[intel::Zone::key_of(r)] = r;
    return b;
  }();
  return z;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  uint8_t mode = data[0] % 3;
  std::vector<std::vector<uint8_t>> msgs;
  for (size_t i = 1; i + 2 <= size && msgs.size() < 64;) {
    size_t n = (size_t(data[i]) << 8) | data[i + 1];
    i += 2;
    if (i + n > size) n = size - i;  // a cut stream: the reader must say "truncated"
    msgs.emplace_back(data + i, data + i + n);
    i += n;
  }
  static const dns::Name zone = *dns::Name::from_text("rpz.test.");
  std::optional<intel::TsigSession> session;
  if (mode == 2) {
    intel::TsigKey key{*dns::Name::from_text("xfr-key."), intel::TsigAlgorithm::kHmacSha256, {1, 2, 3, 4}};
    session.emplace(key);
    std::vector<uint8_t> q(12, 0);
    (void)session->sign(q, 1795877376);
  }
  auto got = intel::read_transfer(msgs, zone, mode == 1 ? intel::XfrKind::kIxfr : intel::XfrKind::kAxfr,
                                  mode == 1 ? &base() : nullptr, session ? &*session : nullptr, 1795877376);
  if (got) {
    // What the feed publishes must be a zone the RPZ parser reads (or refuses cleanly).
    policy::ListSpec spec{"rpz", "xfr", policy::ListFormat::kRpz, policy::Category::kMalware};
    (void)policy::parse_list(got->zone.to_text(), spec);
  }
  return 0;
}
