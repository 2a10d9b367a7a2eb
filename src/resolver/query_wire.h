// query_wire.h — the queries the resolver sends upstream: random ID, RD=0,
// one question, EDNS with our buffer size and DO when wanted.
//
//   auto wire = make_upstream_query(random_u16(), qname, RRType::kA, {.edns = true, .do_bit = true});
//
// Thread-safety: a pure function.
#pragma once

#include <cstdint>
#include <vector>

#include "dns/name.h"
#include "dns/types.h"

namespace dns4eu::resolver {

struct UpstreamQueryOptions {
  bool edns = true;
  bool do_bit = true;
  uint16_t udp_size = 1232;
};

std::vector<uint8_t> make_upstream_query(uint16_t id, const dns::Name& qname, dns::RRType qtype,
                                         const UpstreamQueryOptions& options);

}  // namespace dns4eu::resolver
