// dnssec_bench.cc — the validator's costs: one RRSIG verification per
// algorithm (RFC 8624 set, keys made by ldns-keygen in tests/data/dnssec;
// RSA keys are 2048 bits), a DS digest, and NSEC3 hashing by iteration count.
// items_per_second of BM_Verify is signature verifications per second on one core.
#include <benchmark/benchmark.h>

#include <string>

#include "dnssec/ds.h"
#include "dnssec/internal/zone_fixture.h"
#include "dnssec/nsec3_hash.h"
#include "dnssec/verify.h"

namespace {

using namespace dns4eu;

struct Signed {
  dns::RRset rrset;
  dns::Rdata key;
};

Signed load(int alg) {
  Signed s;
  auto sets = dnssec::internal::load_signed_zone("alg" + std::to_string(alg) + ".signed");
  if (!sets) return s;
  std::vector<dns::Rdata> keys;
  for (const auto& r : *sets) {
    if (r.type == dns::RRType::kDNSKEY) keys = r.rdatas;
    if (r.type == dns::RRType::kA && r.owner == *dns::Name::from_text("www.example.")) s.rrset = r;
  }
  auto sig = dns::RrsigView::parse(s.rrset.rrsigs.at(0));
  for (const auto& k : keys)
    if (dns::dnskey_key_tag(k) == sig->key_tag) s.key = k;
  return s;
}

void BM_Verify(benchmark::State& state) {
  Signed s = load(static_cast<int>(state.range(0)));
  if (s.key.empty()) {
    state.SkipWithError("test vector missing");
    return;
  }
  for (auto _ : state) {
    auto st = dnssec::verify_rrsig(s.rrset, s.rrset.rrsigs[0], s.key);
    if (!st) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(st);
  }
  state.SetItemsProcessed(state.iterations());
  static const char* names[] = {"", "", "", "", "", "RSASHA1", "", "RSASHA1-NSEC3", "RSASHA256", "",
                                "RSASHA512", "", "", "ECDSAP256", "ECDSAP384", "ED25519", "ED448"};
  state.SetLabel(names[state.range(0)]);
}
BENCHMARK(BM_Verify)->Arg(5)->Arg(7)->Arg(8)->Arg(10)->Arg(13)->Arg(14)->Arg(15)->Arg(16);

void BM_DsDigestSha256(benchmark::State& state) {
  Signed s = load(13);
  const auto owner = *dns::Name::from_text("example.");
  for (auto _ : state) benchmark::DoNotOptimize(dnssec::ds_digest(owner, s.key, 2));
}
BENCHMARK(BM_DsDigestSha256);

void BM_Nsec3Hash(benchmark::State& state) {
  const auto name = *dns::Name::from_text("www.example.");
  const uint8_t salt[] = {0xaa, 0xbb, 0xcc, 0xdd};
  const auto iterations = static_cast<uint16_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(dnssec::nsec3_hash(name, salt, iterations, 1, 2500));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Nsec3Hash)->Arg(0)->Arg(10)->Arg(150)->Arg(500);

}  // namespace

BENCHMARK_MAIN();
