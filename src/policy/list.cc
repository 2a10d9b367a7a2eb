// list.cc — see list.h.
#include "policy/list.h"

namespace dns4eu::policy {

std::optional<NameMatch> List::match_in(const DomainSet& set, const NameKeys& keys) const {
  if (set.size() == 0) return std::nullopt;
  std::optional<NameMatch> best;
  for (int i = 0; i < keys.count(); ++i) {
    if (keys.skipped(i)) continue;
    uint8_t f = set.probe(keys.hash(i));
    if (f == 0) continue;
    if (f & (i == 0 ? kExceptSelf : kExceptBelow)) return std::nullopt;  // adblock @@ wins at any depth
    if (best || !(f & (i == 0 ? kSelf : kBelow))) continue;
    NameMatch m{i, i != 0, static_cast<RuleAction>((f & kActionMask) >> kActionShift), nullptr};
    if (f & kSideTable) {
      if (auto it = side.find(DomainSet::key_of(keys.hash(i))); it != side.end()) {
        m.action = i == 0 ? it->second.self : it->second.below;
        uint32_t d = i == 0 ? it->second.self_data : it->second.below_data;
        if (d < data.size()) m.data = &data[d];
      }
    }
    best = m;
    if (format != ListFormat::kAdblock) break;  // only adblock lists have exceptions to look for further up
  }
  return best;
}

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
