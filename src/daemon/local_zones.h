// local_zones.h — names answered by the resolver itself instead of the
// Internet: special-use domain names (RFC 6761, 6762, 7686, 8375) and the
// locally served reverse zones of RFC 6303, each overridable per name from
// the config (refuse | nxdomain | static | transparent).
//
// Built-in defaults: localhost. answers 127.0.0.1 / ::1 (and so do names
// below it); invalid., test., onion., local., home.arpa. and the private and
// special reverse zones answer NXDOMAIN with a local SOA; 127.in-addr.arpa
// and ::1's reverse name answer PTR localhost. "transparent" removes a
// built-in so the name is resolved normally (a test Internet uses this for test.).
//
//   LocalZones lz(config.local_zones);
//   if (auto hit = lz.lookup(qname, qtype)) answer(*hit);   // Resolution + AA
//
// Thread-safety: immutable after construction; lookup() is safe concurrently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>

#include "daemon/config.h"
#include "dns/name.h"
#include "resolver/resolution.h"

namespace dns4eu::daemon {

class LocalZones {
 public:
  explicit LocalZones(const std::vector<LocalZone>& overrides);

  // The local answer for (qname, qtype), or nullopt to resolve normally.
  // rcode kRefused means: answer REFUSED.
  std::optional<resolver::Resolution> lookup(const dns::Name& qname, dns::RRType qtype) const;

  std::size_t size() const { return zones_.size(); }

 private:
  struct Zone {
    LocalZoneAction action = LocalZoneAction::kNxdomain;
    bool localhost_data = false;  // localhost.: A/AAAA loopback at and below the apex
    std::vector<std::pair<dns::Name, std::string>> ptr;  // reverse names → "localhost."
  };
  const Zone* find(const dns::Name& qname, dns::Name& apex) const;
  resolver::Resolution answer(const Zone& zone, const dns::Name& apex, const dns::Name& qname,
                              dns::RRType qtype) const;

  absl::flat_hash_map<dns::Name, Zone, dns::NameHash> zones_;
  // Lower-cased last labels (TLDs) of the local zones: a pre-filter that lets
  // most names pass with a few compares, no hashing and no allocation.
  std::vector<std::string> last_labels_;
};

}  // namespace dns4eu::daemon
