// list.h — one loaded list: the rules of one source (a domain list, a hosts
// file, an adblock list or an RPZ zone) with one category, ready to match.
//
// Domain rules sit in a DomainSet (about 10 bytes a name); RPZ extras — rules
// whose owner carries local data, or different actions for the name and for
// its wildcard — sit in a small side table; IP triggers (rpz-ip,
// rpz-client-ip, rpz-nsip) in IpRules (ip_rules.h), rpz-nsdname triggers in a second
// DomainSet.
//
//   auto list = parse_list(text, spec);          // list_parser.h
//   NameKeys keys(qname);
//   if (auto m = list->match_name(keys)) ...     // m->suffix: which suffix matched
//
// Thread-safety: immutable once built; shared between snapshots by shared_ptr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "dns/rdata.h"
#include "dns/types.h"
#include "policy/domain_set.h"
#include "policy/ip_rules.h"
#include "policy/types.h"

namespace dns4eu::policy {

struct LocalRecord {
  dns::RRType type{};
  uint32_t ttl = 0;
  dns::Rdata rdata;
};
using LocalData = std::vector<LocalRecord>;

// The target a CNAME of local data answers `qname` with: its own target,
// or, for a wildcard target ("*.garden.example."), the query name placed
// before the rest ("www.bad.example.garden.example."). nullopt when that
// name would exceed 255 octets.
std::optional<dns::Rdata> local_cname_target(const dns::Rdata& target, const dns::Name& qname);

// What an owner name means when its flags say kSideTable.
struct SideRule {
  RuleAction self = RuleAction::kList, below = RuleAction::kList;
  uint32_t self_data = UINT32_MAX, below_data = UINT32_MAX;  // index into List::data
};

// Where a name matched in one list.
struct NameMatch {
  int suffix = 0;          // the rule's owner is the name minus its `suffix` leftmost labels
  bool below = false;      // the rule covers the names below its owner (wildcard / "and subdomains")
  RuleAction action = RuleAction::kList;
  const LocalData* data = nullptr;
};

struct List {
  std::string name;
  Category category = Category::kCustom;
  ListFormat format = ListFormat::kDomains;
  std::string source;      // file path (for messages)
  DomainSet names;
  DomainSet nsdnames;      // rpz-nsdname triggers
  absl::flat_hash_map<uint64_t, SideRule> side;  // keyed by slot_key(owner hash)
  IpRules response_ips, client_ips, ns_ips;  // rpz-ip, rpz-client-ip, rpz-nsip
  std::vector<LocalData> data;
  std::size_t rule_count = 0;
  std::optional<uint32_t> serial;  // RPZ: the zone's SOA serial

  // The most specific rule for the name (exact beats the closest wildcard);
  // nullopt when none matches or an exception (adblock @@) covers the name.
  std::optional<NameMatch> match_name(const NameKeys& keys) const { return match_in(names, keys); }
  std::optional<NameMatch> match_nsdname(const NameKeys& keys) const { return match_in(nsdnames, keys); }
  // The longest matching prefix.
  const IpRule* match_response_ip(const IpAddr& a) const { return response_ips.match(a); }
  const IpRule* match_client_ip(const IpAddr& a) const { return client_ips.match(a); }
  const IpRule* match_ns_ip(const IpAddr& a) const { return ns_ips.match(a); }
  std::size_t memory_bytes() const;

 private:
  std::optional<NameMatch> match_in(const DomainSet& set, const NameKeys& keys) const;
};

// Inline: check_qname calls it for every list of a profile on each listed name.
inline std::optional<NameMatch> List::match_in(const DomainSet& set, const NameKeys& keys) const {
  if (set.size() == 0) return std::nullopt;
  std::optional<NameMatch> best;
  for (int i = keys.next(0); i < keys.count(); i = keys.next(i + 1)) {
    uint8_t f = set.probe_key(keys.key(i));
    if (f == 0) continue;
    if (f & (i == 0 ? kExceptSelf : kExceptBelow)) return std::nullopt;  // adblock @@ wins at any depth
    if (best || !(f & (i == 0 ? kSelf : kBelow))) continue;
    NameMatch m{i, i != 0, static_cast<RuleAction>((f & kActionMask) >> kActionShift), nullptr};
    if (f & kSideTable) {
      if (auto it = side.find(keys.key(i)); it != side.end()) {
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

}  // namespace dns4eu::policy
