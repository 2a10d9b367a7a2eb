// list.cc — see list.h.
#include "policy/list.h"

namespace dns4eu::policy {

std::optional<dns::Rdata> local_cname_target(const dns::Rdata& target, const dns::Name& qname) {
  if (target.size() < 3 || target[0] != 1 || target[1] != '*') return target;  // not "*." + a name
  auto q = qname.wire();  // ends with the root octet
  if (q.size() - 1 + target.size() - 2 > dns::Name::kMaxWireSize) return std::nullopt;
  dns::Rdata out(q.begin(), q.end() - 1);
  out.insert(out.end(), target.begin() + 2, target.end());
  return out;
}

std::size_t List::memory_bytes() const {
  std::size_t n = names.memory_bytes() + nsdnames.memory_bytes() + side.capacity() * (sizeof(SideRule) + 9);
  n += response_ips.memory_bytes() + client_ips.memory_bytes() + ns_ips.memory_bytes();
  for (const auto& d : data)
    for (const auto& r : d) n += sizeof(r) + r.rdata.capacity();
  return n;
}

}  // namespace dns4eu::policy
