// client_query.cc — see client_query.h.
#include "daemon/client_query.h"

#include <algorithm>

namespace dns4eu::daemon {

ClientQuery parse_client_query(const dns::MessageView& msg, std::size_t transport_limit, bool stream) {
  ClientQuery q;
  const auto& h = msg.header();
  q.id = h.id;
  q.flags = h.flags;
  if (const auto& e = msg.edns()) {
    q.has_edns = true;
    q.do_bit = e->do_bit;
    q.client_udp_size = std::max<uint16_t>(512, e->udp_size);
    if (e->version != 0) q.error_rcode = dns::Rcode::kBadVers;  // RFC 6891 §6.1.3
    q.client_keepalive = e->find(dns::kOptionKeepalive).has_value();
  }
  q.max_response = stream ? transport_limit : std::min<std::size_t>(transport_limit, q.client_udp_size);
  if (auto question = msg.question(); question && h.qdcount == 1) {
    auto name = msg.question_name();
    if (name) {
      q.qname = *name;
      q.qtype = question->type;
      q.qclass = question->rclass;
      q.has_question = true;
    }
  }
  if (q.error_rcode != dns::Rcode::kNoError) return q;
  if (h.qr()) q.error_rcode = dns::Rcode::kFormErr;
  else if (h.opcode() != dns::Opcode::kQuery) q.error_rcode = dns::Rcode::kNotImp;
  else if (!q.has_question || h.ancount != 0 || h.nscount != 0) q.error_rcode = dns::Rcode::kFormErr;
  else if (q.qtype == dns::RRType::kAXFR || q.qtype == dns::RRType::kIXFR) q.error_rcode = dns::Rcode::kRefused;
  else if (dns::is_meta_type(q.qtype) && q.qtype != dns::RRType::kANY) q.error_rcode = dns::Rcode::kNotImp;
  return q;
}

std::optional<ClientQuery> parse_broken_query(std::span<const uint8_t> packet) {
  auto h = dns::parse_header(packet);
  if (!h || h->qr()) return std::nullopt;
  ClientQuery q;
  q.id = h->id;
  q.flags = h->flags;
  q.error_rcode = dns::Rcode::kFormErr;
  return q;
}

}  // namespace dns4eu::daemon
