// rrset.h — an RRset as a value: owner, type, class, TTL, the RDATAs
// (uncompressed wire form) and the RRSIGs that cover it.
//
// This is the unit the resolver passes between the wire, the validator and
// the caches. It owns its data; caches store it in their own compact form.
//
//   RRset s{.owner = name, .type = RRType::kA, .ttl = 300};
//   s.rdatas.push_back({192, 0, 2, 1});
//
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/types.h"

namespace dns4eu::dns {

struct RRset {
  Name owner;
  RRType type{};
  RRClass rclass = RRClass::kIN;
  uint32_t ttl = 0;
  std::vector<Rdata> rdatas;
  std::vector<Rdata> rrsigs;  // RRSIG RDATAs whose type covered is `type`

  bool same_key(const RRset& o) const { return type == o.type && rclass == o.rclass && owner == o.owner; }
};

}  // namespace dns4eu::dns

namespace dns4eu::dns {

class MessageView;
enum class Section : uint8_t;

// Groups the records of one section into RRsets in order of first
// appearance; RRSIGs are attached to the RRset they cover (same owner and
// class, type covered); an RRSIG whose RRset is absent becomes an RRset of
// type RRSIG. The TTL of an RRset is the smallest of its members (RFC 2181
// §5.2). Fails (with the offset) only when RDATA cannot be decompressed.
Result<std::vector<RRset>> collect_rrsets(const MessageView& msg, Section section);

}  // namespace dns4eu::dns
