// config_names.h — the spellings of the config's enum values, in enum order.
// Shared by the loader, the formatter and to_string(). Thread-safety: constants.
//
//   kTransportNames[static_cast<size_t>(Transport::kDoh)];   // "doh"
#pragma once

#include <array>
#include <string_view>

namespace dns4eu::daemon::internal {

inline constexpr std::array<std::string_view, 5> kTransportNames = {"udp", "tcp", "dot", "doh", "doq"};
inline constexpr std::array<std::string_view, 3> kXdpModeNames = {"auto", "native", "generic"};
inline constexpr std::array<std::string_view, 3> kProfileNames = {"public", "government", "telco"};
inline constexpr std::array<std::string_view, 4> kLocalZoneNames = {"refuse", "nxdomain", "static", "transparent"};
inline constexpr std::array<std::string_view, 5> kLogLevelNames = {"trace", "debug", "info", "warn", "error"};
inline constexpr std::array<std::string_view, 1> kLogTargetNames = {"stderr"};

}  // namespace dns4eu::daemon::internal
