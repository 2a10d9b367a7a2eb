// truncate.cc — truncate_message() (see builder.h): rebuilds a message to fit
// a size limit keeping whole RRsets (RFC 2181 §9).
#include <vector>

#include "dns/builder.h"

namespace dns4eu::dns {

namespace {

bool same_rrset(const MessageView& m, const RecordRef& a, const RecordRef& b) {
  if (a.type != b.type || a.rclass != b.rclass) return false;
  if (a.owner_offset == b.owner_offset) return true;
  auto n = m.name_at(a.owner_offset);
  return n && m.name_at_equals(b.owner_offset, *n);
}

EdnsParams params_from(const EdnsView& e) {
  EdnsParams p;
  p.udp_size = e.udp_size;
  p.do_bit = e.do_bit;
  p.version = e.version;
  for (EdnsOption o : e.options()) {
    // The old padding was sized for the old message; pad the new one afresh.
    if (o.code == kOptionPadding) p.pad_to_block = 468;  // RFC 8467 §4.1 response block
    else p.options.emplace_back(o.code, std::vector<uint8_t>(o.data.begin(), o.data.end()));
  }
  return p;
}

// Copies section `s` RRset by RRset; returns false at the first RRset that does not fit.
bool copy_section(MessageBuilder& b, const MessageView& m, Section s, std::vector<RecordRef>& run) {
  run.clear();
  for (const RecordRef& rr : m.records(s)) {
    if (!run.empty() && !same_rrset(m, run.front(), rr)) {
      if (!b.add_records_from(s, m, run)) return false;
      run.clear();
    }
    run.push_back(rr);
  }
  return run.empty() || b.add_records_from(s, m, run).has_value();
}

}  // namespace

Result<std::vector<uint8_t>> truncate_message(std::span<const uint8_t> packet, std::size_t max_size) {
  auto m = MessageView::parse(packet);
  if (!m) return tl::unexpected(m.error());
  if (packet.size() <= max_size) return std::vector<uint8_t>(packet.begin(), packet.end());
  if (max_size < kHeaderSize)
    return fail(ErrorCode::kTooLong, "cannot truncate to " + std::to_string(max_size) + " octets: less than a header");
  std::vector<uint8_t> out;
  MessageBuilder b(out, max_size);
  b.set_id(m->header().id);
  b.set_flags(m->header().flags);
  if (m->edns()) {
    if (auto st = b.set_edns(params_from(*m->edns())); !st) return tl::unexpected(st.error());
  }
  b.set_rcode(m->rcode());
  if (auto q = m->question()) {
    auto qname = m->question_name();
    if (!qname) return tl::unexpected(qname.error());
    if (auto st = b.add_question(*qname, q->type, q->rclass); !st) return tl::unexpected(st.error());
  }
  std::vector<RecordRef> run;
  // RFC 2181 §9: whole RRsets only; TC when answer or authority data is lost.
  bool complete = copy_section(b, *m, Section::kAnswer, run) && copy_section(b, *m, Section::kAuthority, run);
  if (complete) {
    // Additional data is optional: keep the RRsets that fit, drop the rest silently.
    run.clear();
    for (const RecordRef& rr : m->records(Section::kAdditional)) {
      if (!run.empty() && !same_rrset(*m, run.front(), rr)) {
        (void)b.add_records_from(Section::kAdditional, *m, run);
        run.clear();
      }
      run.push_back(rr);
    }
    if (!run.empty()) (void)b.add_records_from(Section::kAdditional, *m, run);
  } else {
    b.set_tc();
  }
  auto size = b.finish();
  if (!size) return tl::unexpected(size.error());
  return out;
}

}  // namespace dns4eu::dns
