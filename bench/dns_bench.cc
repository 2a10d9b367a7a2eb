// dns_bench.cc — micro-benchmarks of the dns library's per-query operations:
// parsing a typical response and walking its records, building one with name
// compression, canonical name comparison, Name::from_text and rdata_to_text.
// Goal (issue): each operation well under 1 µs on one core.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "dns/builder.h"
#include "dns/message.h"
#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/types.h"

namespace {

using dns4eu::dns::MessageBuilder;
using dns4eu::dns::MessageView;
using dns4eu::dns::Name;
using dns4eu::dns::Rdata;
using dns4eu::dns::RRClass;
using dns4eu::dns::RRType;
using dns4eu::dns::Section;

Name name(const char* text) { return *Name::from_text(text); }

// A typical 10-record response for www.example.com A: 2 A in the answer,
// 4 NS in the authority, 4 glue records (2 A + 2 AAAA) in the additional
// section, plus OPT — the shape of a referral-carrying answer (~300 octets).
struct TypicalResponse {
  Name qname = name("www.example.com.");
  Name zone = name("example.com.");
  std::vector<Name> ns = {name("ns1.example.com."), name("ns2.example.com."), name("ns3.example.net."),
                          name("ns4.example.org.")};
  std::vector<Rdata> a = {{192, 0, 2, 1}, {192, 0, 2, 2}};
  Rdata aaaa = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53};

  // Builds the response into `out` (compression on); returns false on error.
  bool build(std::vector<uint8_t>& out) const {
    MessageBuilder b(out, 1232);
    b.set_id(0x1234);
    b.set_flags(dns4eu::dns::flags::kQR | dns4eu::dns::flags::kRD | dns4eu::dns::flags::kRA);
    if (!b.set_edns({}) || !b.add_question(qname, RRType::kA, RRClass::kIN)) return false;
    if (!b.add_rrset(Section::kAnswer, qname, RRType::kA, RRClass::kIN, 300, a)) return false;
    std::vector<Rdata> ns_rdata;
    for (const Name& n : ns) ns_rdata.emplace_back(n.wire().begin(), n.wire().end());
    if (!b.add_rrset(Section::kAuthority, zone, RRType::kNS, RRClass::kIN, 86400, ns_rdata)) return false;
    for (int i = 0; i < 2; ++i) {
      Rdata v4 = {192, 0, 2, uint8_t(53 + i)};
      if (!b.add_record(Section::kAdditional, ns[i], RRType::kA, RRClass::kIN, 86400, v4)) return false;
      if (!b.add_record(Section::kAdditional, ns[i], RRType::kAAAA, RRClass::kIN, 86400, aaaa)) return false;
    }
    return b.finish().has_value();
  }
};

const std::vector<uint8_t>& typical_packet() {
  static const std::vector<uint8_t> p = [] {
    std::vector<uint8_t> out;
    if (!TypicalResponse{}.build(out)) out.clear();
    return out;
  }();
  return p;
}

void BM_ParseAndIterate(benchmark::State& state) {
  const auto& p = typical_packet();
  if (p.empty()) return state.SkipWithError("building the typical response failed");
  for (auto _ : state) {
    auto msg = MessageView::parse(p);
    if (!msg) return state.SkipWithError(msg.error().message.c_str());
    uint32_t sum = 0;
    for (Section s : {Section::kAnswer, Section::kAuthority, Section::kAdditional})
      for (const auto& rr : msg->records(s)) sum += rr.ttl + rr.rdlength + uint16_t(rr.type);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["octets"] = double(p.size());
}
BENCHMARK(BM_ParseAndIterate);

// Parse, then decode the question name and every RDATA (what the resolver
// does when it ingests an upstream response).
void BM_ParseAndDecodeRdata(benchmark::State& state) {
  const auto& p = typical_packet();
  if (p.empty()) return state.SkipWithError("building the typical response failed");
  for (auto _ : state) {
    auto msg = MessageView::parse(p);
    if (!msg) return state.SkipWithError(msg.error().message.c_str());
    auto q = msg->question_name();
    benchmark::DoNotOptimize(q);
    for (Section s : {Section::kAnswer, Section::kAuthority, Section::kAdditional})
      for (const auto& rr : msg->records(s)) {
        auto rd = msg->rdata(rr);
        benchmark::DoNotOptimize(rd);
      }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAndDecodeRdata);

void BM_BuildCompressed(benchmark::State& state) {
  TypicalResponse r;
  std::vector<uint8_t> out;
  out.reserve(1232);
  for (auto _ : state) {
    if (!r.build(out)) return state.SkipWithError("build failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["octets"] = double(out.size());
}
BENCHMARK(BM_BuildCompressed);

void BM_CanonicalCompare(benchmark::State& state) {
  // Pairs that share a suffix and differ in case, as in DNSSEC RRset sorting.
  std::vector<Name> names = {name("a.example.com."), name("A.Example.COM."), name("z.example.com."),
                             name("www.sub.example.com."), name("example.com."), name("yljkjljk.a.example.")};
  std::size_t i = 0;
  for (auto _ : state) {
    int c = names[i % names.size()].canonical_compare(names[(i + 1) % names.size()]);
    ++i;
    benchmark::DoNotOptimize(c);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CanonicalCompare);

void BM_NameFromText(benchmark::State& state) {
  const std::string text = "www.Example-Site.co.uk.";
  for (auto _ : state) {
    auto n = Name::from_text(text);
    benchmark::DoNotOptimize(n);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NameFromText);

void BM_RdataToTextA(benchmark::State& state) {
  const Rdata a = {192, 0, 2, 1};
  for (auto _ : state) {
    std::string s = dns4eu::dns::rdata_to_text(RRType::kA, a);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RdataToTextA);

void BM_RdataToTextAAAA(benchmark::State& state) {
  const Rdata aaaa = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53};
  for (auto _ : state) {
    std::string s = dns4eu::dns::rdata_to_text(RRType::kAAAA, aaaa);
    benchmark::DoNotOptimize(s);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RdataToTextAAAA);

}  // namespace

BENCHMARK_MAIN();
