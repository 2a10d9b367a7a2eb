// message_fuzz — libFuzzer target for dns::MessageView / MessageBuilder.
//
// Input: one DNS message. When MessageView::parse accepts it, every record is
// walked and its RDATA decompressed and printed; the message is then rebuilt
// with MessageBuilder and the copy must parse back to the same header, question,
// records (owner octets, type, class, TTL, RDATA) and EDNS. truncate_message to a
// size derived from the input must give a parseable message within the limit.
// Only real bugs trap: rejections (parse errors, RDATA that does not validate,
// a rebuilt message over 65535 octets) are fine.
#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "dns/builder.h"
#include "dns/message.h"
#include "dns/rdata.h"

using namespace dns4eu::dns;

namespace {

constexpr Section kSections[] = {Section::kAnswer, Section::kAuthority, Section::kAdditional};

struct Rec {
  Name owner;
  RRType type;
  RRClass rclass;
  uint32_t ttl;
  bool rdata_ok;   // rdata_from_packet accepted it
  Rdata rdata;     // decompressed, or the raw octets when it did not validate
};

std::vector<Rec> collect(const MessageView& m, Section s) {
  std::vector<Rec> out;
  for (const RecordRef& rr : m.records(s)) {
    auto owner = m.name_at(rr.owner_offset);
    if (!owner) __builtin_trap();  // parse() validated every owner name
    auto rd = m.rdata(rr);
    Rec r{*owner, rr.type, rr.rclass, rr.ttl, rd.has_value(), {}};
    if (rd) {
      r.rdata = std::move(*rd);
      (void)rdata_to_text(rr.type, r.rdata);
    } else {
      auto raw = m.packet().subspan(rr.rdata_offset, rr.rdlength);
      r.rdata.assign(raw.begin(), raw.end());
      (void)rdata_to_text(rr.type, raw);
    }
    out.push_back(std::move(r));
  }
  if (out.size() != m.count(s)) __builtin_trap();
  return out;
}

bool same(const Rec& a, const Rec& b) {
  return std::ranges::equal(a.owner.wire(), b.owner.wire()) && a.type == b.type && a.rclass == b.rclass &&
         a.ttl == b.ttl && a.rdata_ok == b.rdata_ok && a.rdata == b.rdata;
}

// Rebuilds `m` record by record; std::nullopt when the builder validly refuses.
std::optional<std::vector<uint8_t>> rebuild(const MessageView& m) {
  std::vector<uint8_t> out;
  MessageBuilder b(out, 65535);
  b.set_id(m.header().id);
  b.set_flags(m.header().flags);
  if (const auto& e = m.edns()) {
    EdnsParams p;
    p.udp_size = e->udp_size;
    p.do_bit = e->do_bit;
    p.version = e->version;
    for (EdnsOption o : e->options()) p.options.emplace_back(o.code, std::vector<uint8_t>(o.data.begin(), o.data.end()));
    if (!b.set_edns(std::move(p))) return std::nullopt;
  }
  b.set_rcode(m.rcode());
  if (auto q = m.question()) {
    auto qname = m.question_name();
    if (!qname) __builtin_trap();  // never fails after parse when qdcount ≥ 1
    if (!b.add_question(*qname, q->type, q->rclass)) __builtin_trap();  // the original held it
  }
  for (Section s : kSections) {
    for (const RecordRef& rr : m.records(s)) {
      if (!b.add_record_from(s, m, rr)) return std::nullopt;  // invalid RDATA, or too long
    }
  }
  if (!b.finish()) return std::nullopt;
  return out;
}

void check_round_trip(const MessageView& m) {
  if (m.header().qdcount > 1) return;  // the builder writes one question
  std::vector<Rec> orig[3];
  for (int i = 0; i < 3; ++i) orig[i] = collect(m, kSections[i]);
  auto copy = rebuild(m);
  if (!copy) return;
  auto m2 = MessageView::parse(*copy);
  if (!m2) __builtin_trap();
  const Header &h1 = m.header(), &h2 = m2->header();
  if (h1.id != h2.id || h1.flags != h2.flags || h1.qdcount != h2.qdcount) __builtin_trap();
  if (m.rcode() != m2->rcode()) __builtin_trap();
  if (auto q = m.question()) {
    auto q2 = m2->question();
    if (!q2 || q->type != q2->type || q->rclass != q2->rclass) __builtin_trap();
    auto n1 = m.question_name(), n2 = m2->question_name();
    if (!n1 || !n2 || !std::ranges::equal(n1->wire(), n2->wire())) __builtin_trap();
  }
  for (int i = 0; i < 3; ++i) {
    auto again = collect(*m2, kSections[i]);
    if (again.size() != orig[i].size()) __builtin_trap();
    for (std::size_t j = 0; j < again.size(); ++j)
      if (!same(orig[i][j], again[j])) __builtin_trap();
  }
  const auto &e1 = m.edns(), &e2 = m2->edns();
  if (e1.has_value() != e2.has_value()) __builtin_trap();
  if (e1) {
    if (e1->udp_size != e2->udp_size || e1->do_bit != e2->do_bit || e1->version != e2->version ||
        !std::ranges::equal(e1->rdata, e2->rdata))
      __builtin_trap();
  }
}

void check_truncate(const MessageView& orig, std::span<const uint8_t> in) {
  // A limit between 0 and a little above the input size, from the last two octets.
  std::size_t limit = (in[in.size() - 1] | (in[in.size() - 2] << 8)) % (in.size() + 64);
  auto t = truncate_message(in, limit);
  if (!t) return;  // e.g. not even the question and OPT fit
  if (t->size() > limit) __builtin_trap();
  auto m = MessageView::parse(*t);
  if (!m) __builtin_trap();
  if (in.size() <= limit) {
    if (!std::ranges::equal(*t, in)) __builtin_trap();  // fits: returned unchanged
    return;
  }
  // Rebuilt: the first question only.
  if (m->header().id != orig.header().id || m->header().qdcount != std::min<uint16_t>(orig.header().qdcount, 1))
    __builtin_trap();
  // RFC 2181 §9: losing answer or authority records sets TC.
  bool lost = m->count(Section::kAnswer) < orig.count(Section::kAnswer) ||
              m->count(Section::kAuthority) < orig.count(Section::kAuthority);
  if (lost && !m->header().tc()) __builtin_trap();
  if (m->count(Section::kAdditional) > orig.count(Section::kAdditional)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> in(data, size);
  auto m = MessageView::parse(in);
  if (!m) return 0;
  check_round_trip(*m);
  check_truncate(*m, in);
  return 0;
}
