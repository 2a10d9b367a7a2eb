// ip_rules.h — the IP rules of one kind in one list (rpz-ip, rpz-client-ip or
// rpz-nsip), matched by longest prefix (PrefixMap: one hash probe per prefix
// length the rules use, not a scan of every rule): RPZ feeds carry tens of
// thousands of rpz-ip rules, and every address of every answer is checked.
//
//   IpRules rules;
//   rules.add(IpRule{*IpNet::parse("192.0.2.0/24"), RuleAction::kNxdomain});
//   const IpRule* r = rules.match(*IpAddr::parse("192.0.2.7"));   // the /24 rule
//
// A network added twice keeps its first rule. Thread-safety: immutable once
// built (the parser fills it; lookups only read).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "policy/prefix_map.h"
#include "policy/types.h"

namespace dns4eu::policy {

// A rule's own action (RPZ); kList: the profile's action for the list.
enum class RuleAction : uint8_t { kList = 0, kNxdomain, kNodata, kPassthru, kDrop, kTcpOnly, kLocalData };

struct IpRule {
  IpNet net;
  RuleAction action = RuleAction::kList;
  uint32_t data = UINT32_MAX;  // index into List::data, for local data
};

class IpRules {
 public:
  // False (and nothing changed) when a rule for the same network is there.
  bool add(const IpRule& rule);
  // The rule of the longest prefix that contains `a`; null when none does.
  const IpRule* match(const IpAddr& a) const;
  bool empty() const { return rules_.empty(); }
  std::size_t size() const { return rules_.size(); }
  std::vector<IpRule>::const_iterator begin() const { return rules_.begin(); }
  std::vector<IpRule>::const_iterator end() const { return rules_.end(); }
  std::size_t memory_bytes() const;

 private:
  std::vector<IpRule> rules_;
  PrefixMap<uint32_t> index_;  // -> index in rules_
};

}  // namespace dns4eu::policy
