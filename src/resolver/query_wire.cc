// query_wire.cc — see query_wire.h.
#include "resolver/query_wire.h"

#include "dns/builder.h"

namespace dns4eu::resolver {

std::vector<uint8_t> make_upstream_query(uint16_t id, const dns::Name& qname, dns::RRType qtype,
                                         const UpstreamQueryOptions& options) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out, 512);
  b.set_id(id);
  b.set_flags(0);
  if (options.edns) {
    dns::EdnsParams e;
    e.udp_size = options.udp_size;
    e.do_bit = options.do_bit;
    (void)b.set_edns(std::move(e));  // always fits in 512 octets with one question
  }
  (void)b.add_question(qname, qtype, dns::RRClass::kIN);
  (void)b.finish();
  return out;
}

}  // namespace dns4eu::resolver
