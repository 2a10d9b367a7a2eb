// list.cc — see list.h.
#include "policy/list.h"

namespace dns4eu::policy {

const IpRule* List::match_ip(const std::vector<IpRule>& rules, const IpAddr& a) {
  const IpRule* best = nullptr;
  for (const auto& r : rules)
    if (r.net.contains(a) && (!best || r.net.length > best->net.length)) best = &r;
  return best;
}

std::size_t List::memory_bytes() const {
  std::size_t n = names.memory_bytes() + nsdnames.memory_bytes() + side.capacity() * (sizeof(SideRule) + 9);
  n += (response_ips.capacity() + client_ips.capacity()) * sizeof(IpRule);
  for (const auto& d : data)
    for (const auto& r : d) n += sizeof(r) + r.rdata.capacity();
  return n;
}

}  // namespace dns4eu::policy
