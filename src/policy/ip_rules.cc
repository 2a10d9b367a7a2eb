// ip_rules.cc — see ip_rules.h.
#include "policy/ip_rules.h"

namespace dns4eu::policy {

bool IpRules::add(const IpRule& rule) {
  if (!index_.add(rule.net, static_cast<uint32_t>(rules_.size()))) return false;
  rules_.push_back(rule);
  return true;
}

const IpRule* IpRules::match(const IpAddr& a) const {
  const uint32_t* i = index_.match(a);
  return i ? &rules_[*i] : nullptr;
}

std::size_t IpRules::memory_bytes() const { return rules_.capacity() * sizeof(IpRule) + index_.memory_bytes(); }

}  // namespace dns4eu::policy
