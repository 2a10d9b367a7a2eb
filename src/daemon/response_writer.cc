// response_writer.cc — see response_writer.h.
#include "daemon/response_writer.h"

#include "dns/builder.h"
#include "dns/wire.h"

namespace dns4eu::daemon {
namespace {

uint16_t response_flags(const ClientQuery& q, bool authoritative) {
  uint16_t f = dns::flags::kQR | dns::flags::kRA;
  f |= q.flags & (dns::flags::kRD | dns::flags::kCD);
  f |= q.flags & 0x7800;  // opcode
  if (authoritative) f |= dns::flags::kAA;
  return f;
}

void add_section(dns::MessageBuilder& b, dns::Section s, const std::vector<dns::RRset>& sets, bool with_sigs) {
  for (const auto& rrset : sets) {
    // Denial-of-existence records only for DNSSEC-aware clients (RFC 4035 §3.2.1).
    if (!with_sigs && (rrset.type == dns::RRType::kNSEC || rrset.type == dns::RRType::kNSEC3)) continue;
    (void)b.add_rrset(s, rrset.owner, rrset.type, rrset.rclass, rrset.ttl, rrset.rdatas);
    if (with_sigs && !rrset.rrsigs.empty())
      (void)b.add_rrset(s, rrset.owner, dns::RRType::kRRSIG, rrset.rclass, rrset.ttl, rrset.rrsigs);
  }
}

dns::EdnsParams our_edns(const ClientQuery& q, const std::optional<dns::ExtendedError>& ede) {
  dns::EdnsParams e;
  e.udp_size = kOurUdpSize;
  e.do_bit = q.do_bit;
  if (ede) e.options.emplace_back(dns::kOptionExtendedError, dns::encode_extended_error(*ede));
  if (q.keepalive_100ms) e.options.emplace_back(dns::kOptionKeepalive, dns::encode_keepalive(q.keepalive_100ms));
  e.pad_to_block = q.pad_block;
  return e;
}

// Appends an OPT record to a finished message without one (with RFC 8467
// block padding when e.pad_to_block is set).
void append_opt(std::vector<uint8_t>& msg, const dns::EdnsParams& e, uint8_t ext_rcode) {
  std::size_t rdlen = 0;
  for (const auto& [code, data] : e.options) rdlen += 4 + data.size();
  std::size_t pad = e.pad_to_block ? dns::padding_length(msg.size() + 11 + rdlen, e.pad_to_block) : 0;
  if (e.pad_to_block) rdlen += 4 + pad;
  msg.reserve(msg.size() + 11 + rdlen);
  dns::WireWriter w(msg);
  w.u8(0);  // root owner
  w.u16(static_cast<uint16_t>(dns::RRType::kOPT));
  w.u16(e.udp_size);
  w.u32((uint32_t(ext_rcode) << 24) | (e.do_bit ? 0x8000u : 0u));
  w.u16(static_cast<uint16_t>(rdlen));
  for (const auto& [code, data] : e.options) {
    w.u16(code);
    w.u16(static_cast<uint16_t>(data.size()));
    w.bytes(data);
  }
  if (e.pad_to_block) {
    w.u16(dns::kOptionPadding);
    w.u16(static_cast<uint16_t>(pad));
    msg.resize(msg.size() + pad, 0);
  }
  dns::store_u16(&msg[10], static_cast<uint16_t>(dns::load_u16(&msg[10]) + 1));  // ARCOUNT
}

}  // namespace

bool is_cacheable(const resolver::Resolution& r) {
  return !r.ede && (r.rcode == dns::Rcode::kNoError || r.rcode == dns::Rcode::kNXDomain);
}

void write_cacheable(const ClientQuery& q, const resolver::Resolution& r, std::vector<uint8_t>& out,
                     bool authoritative) {
  if (r.security == cache::Security::kBogus && !q.cd()) {  // RFC 4035 §5.5: bogus → SERVFAIL
    dns::MessageBuilder b(out, 65535);
    b.set_id(q.id);
    b.set_flags(response_flags(q, false));
    b.set_rcode(dns::Rcode::kServFail);
    (void)b.add_question(q.qname, q.qtype, q.qclass);
    (void)b.finish();
    return;
  }
  dns::MessageBuilder b(out, 65535);
  b.set_id(q.id);
  // AD on validated data; finish_for_client clears it for clients that did
  // not ask DNSSEC-aware (RFC 6840 §5.8).
  b.set_flags(response_flags(q, authoritative) | (r.security == cache::Security::kSecure ? dns::flags::kAD : 0));
  b.set_rcode(r.rcode);
  (void)b.add_question(q.qname, q.qtype, q.qclass);
  add_section(b, dns::Section::kAnswer, r.answer, q.do_bit);
  add_section(b, dns::Section::kAuthority, r.authority, q.do_bit);
  (void)b.finish();
}

void finish_for_client(const ClientQuery& q, std::span<const uint8_t> packet, std::vector<uint8_t>& out,
                       const std::optional<dns::ExtendedError>& ede) {
  out.assign(packet.begin(), packet.end());
  if (out.size() > 3 && !q.do_bit && !(q.flags & dns::flags::kAD)) out[3] &= static_cast<uint8_t>(~0x20);  // AD
  if (q.has_edns) append_opt(out, our_edns(q, ede), 0);
  if (out.size() <= q.max_response) return;
  auto cut = dns::truncate_message(out, q.max_response);
  if (cut) {
    out = std::move(*cut);
    return;
  }
  // Not even the question fits (cannot happen with max_response ≥ 512): header only, TC.
  out.resize(dns::kHeaderSize);
  out[2] |= 0x02;
  for (int i = 4; i < 12; ++i) out[i] = 0;
}

void write_error(const ClientQuery& q, dns::Rcode rcode, std::vector<uint8_t>& out,
                 const std::optional<dns::ExtendedError>& ede) {
  dns::MessageBuilder b(out, 65535);
  b.set_id(q.id);
  b.set_flags(response_flags(q, false));
  if (q.has_edns || rcode == dns::Rcode::kBadVers) (void)b.set_edns(our_edns(q, ede));
  b.set_rcode(rcode);
  if (q.has_question) (void)b.add_question(q.qname, q.qtype, q.qclass);
  (void)b.finish();
}

}  // namespace dns4eu::daemon
