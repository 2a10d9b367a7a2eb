// prefix_map.h — a map from IP networks to values, looked up by the longest
// prefix that contains an address: one hash probe per prefix length in use
// (a handful), not a scan of every network. For RPZ IP triggers (tens of
// thousands of rpz-ip rules, checked for every answer address) and for
// tenants (a telco's customer networks, checked for every query).
//
//   PrefixMap<uint16_t> m;
//   m.add(*IpNet::parse("10.1.0.0/16"), 1);
//   m.add(*IpNet::parse("10.1.2.0/24"), 2);
//   const uint16_t* v = m.match(*IpAddr::parse("10.1.2.3"));   // 2: the /24
//
// A network is keyed with its host bits cleared, so 10.1.2.3/24 and
// 10.1.2.0/24 are one network: the first value added for it stays.
// Thread-safety: immutable once built; lookups only read.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "policy/types.h"

namespace dns4eu::policy {

template <typename V>
class PrefixMap {
 public:
  // False (and nothing changed) when the network is there already.
  bool add(const IpNet& net, V value) {
    if (!index_.emplace(net.masked(), std::move(value)).second) return false;
    auto& lengths = lengths_[net.addr.v6 ? 1 : 0];
    if (std::find(lengths.begin(), lengths.end(), net.length) == lengths.end()) {
      lengths.push_back(net.length);
      std::sort(lengths.begin(), lengths.end(), std::greater<>());
    }
    return true;
  }
  // The value of the longest network that contains `a`; null when none does.
  const V* match(const IpAddr& a) const {
    for (uint8_t length : lengths_[a.v6 ? 1 : 0]) {
      auto it = index_.find(IpNet{a, length}.masked());
      if (it != index_.end()) return &it->second;
    }
    return nullptr;
  }
  bool empty() const { return index_.empty(); }
  std::size_t size() const { return index_.size(); }
  std::size_t memory_bytes() const { return index_.capacity() * (sizeof(IpNet) + sizeof(V) + 1); }

 private:
  absl::flat_hash_map<IpNet, V> index_;  // the network, bits past its length cleared -> value
  std::vector<uint8_t> lengths_[2];      // prefix lengths in use, longest first: [0] IPv4, [1] IPv6
};

}  // namespace dns4eu::policy
