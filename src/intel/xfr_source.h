// xfr_source.h — where a zone-transferred list comes from: its primaries,
// zone name, optional TSIG key and the bounds of its refresh/retry timers
// (the `xfr:` key of a policy list; config values, no behaviour).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dns/name.h"
#include "intel/tsig.h"

namespace dns4eu::intel {

struct Primary {
  std::string address;  // IPv4 or IPv6 literal, as net::Address::to_string writes it
  uint16_t port = 53;
  friend bool operator==(const Primary&, const Primary&) = default;
};

struct XfrSource {
  std::vector<Primary> primaries;
  dns::Name zone;
  std::optional<TsigKey> tsig;
  std::chrono::seconds refresh_min{60}, refresh_max{86400}, retry_min{10}, retry_max{3600}, timeout{30};
  friend bool operator==(const XfrSource&, const XfrSource&) = default;
};

}  // namespace dns4eu::intel
