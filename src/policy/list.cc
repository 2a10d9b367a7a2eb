// list.cc — see list.h.
#include "policy/list.h"

namespace dns4eu::policy {

const IpRule* List::match_ip(const std::vector<IpRule>& rules, const IpAddr& a) {
  const IpRule* best = nullptr;
  for (const auto& r : rules)
    if (r.net.contains(a) && (!best || r.net.length > best->net.length)) best = &r;
  return best;
}

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
  n += (response_ips.capacity() + client_ips.capacity() + ns_ips.capacity()) * sizeof(IpRule);
  for (const auto& d : data)
    for (const auto& r : d) n += sizeof(r) + r.rdata.capacity();
  return n;
}

}  // namespace dns4eu::policy
