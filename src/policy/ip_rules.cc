// ip_rules.cc — see ip_rules.h.
#include "policy/ip_rules.h"

#include <algorithm>
#include <functional>

namespace dns4eu::policy {

bool IpRules::add(const IpRule& rule) {
  if (!index_.emplace(rule.net.masked(), static_cast<uint32_t>(rules_.size())).second) return false;
  rules_.push_back(rule);
  auto& lengths = lengths_[rule.net.addr.v6 ? 1 : 0];
  if (std::find(lengths.begin(), lengths.end(), rule.net.length) == lengths.end()) {
    lengths.push_back(rule.net.length);
    std::sort(lengths.begin(), lengths.end(), std::greater<>());
  }
  return true;
}

const IpRule* IpRules::match(const IpAddr& a) const {
  for (uint8_t length : lengths_[a.v6 ? 1 : 0]) {
    auto it = index_.find(IpNet{a, length}.masked());
    if (it != index_.end()) return &rules_[it->second];
  }
  return nullptr;
}

std::size_t IpRules::memory_bytes() const {
  return rules_.capacity() * sizeof(IpRule) + index_.capacity() * (sizeof(IpNet) + sizeof(uint32_t) + 1);
}

}  // namespace dns4eu::policy
