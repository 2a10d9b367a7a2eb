// client_query.h — what the daemon needs to know about one client query:
// ID, flags, question (in the client's case), EDNS, and the largest response
// the client can take on its transport.
//
// parse_client_query() applies the RFC 1035/6891 checks that decide between
// an answer and FORMERR / NOTIMP / BADVERS, and says which.
//
//   auto q = parse_client_query(msg, transport_limit);
//   if (!q.ok()) write_error(q, q.error_rcode, out);
//
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "dns/message.h"
#include "dns/name.h"
#include "dns/types.h"

namespace dns4eu::daemon {

struct ClientQuery {
  uint16_t id = 0;
  uint16_t flags = 0;          // the client's header flags (RD, CD, opcode...)
  dns::Name qname;             // as the client wrote it
  dns::RRType qtype{};
  dns::RRClass qclass = dns::RRClass::kIN;
  bool has_question = false;
  bool has_edns = false;
  bool do_bit = false;
  uint16_t client_udp_size = 512;
  std::size_t max_response = 512;  // what we may send back on this transport
  dns::Rcode error_rcode = dns::Rcode::kNoError;  // kNoError: answerable
  bool client_keepalive = false;  // the query carried edns-tcp-keepalive (RFC 7828)
  // Set by the caller from the transport:
  std::size_t pad_block = 0;         // RFC 8467 block padding of our OPT (encrypted transports); 0 = none
  uint16_t keepalive_100ms = 0;      // RFC 7828 timeout to announce (TCP/DoT, client asked); 0 = none

  bool ok() const { return error_rcode == dns::Rcode::kNoError; }
  bool rd() const { return flags & dns::flags::kRD; }
  bool cd() const { return flags & dns::flags::kCD; }
};

// `transport_limit`: the listener's UDP limit, or 65535 for streams.
// `stream`: TCP-like transports ignore the EDNS size for the response limit.
ClientQuery parse_client_query(const dns::MessageView& msg, std::size_t transport_limit, bool stream);

// For packets MessageView rejects: the ID and flags, if at least a header is
// there and it is a query (QR=0) — enough to answer FORMERR.
std::optional<ClientQuery> parse_broken_query(std::span<const uint8_t> packet);

}  // namespace dns4eu::daemon
