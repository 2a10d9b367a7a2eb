// config_text.h — text forms used by the config: sizes, durations, and
// "did you mean" suggestions. Pure functions, no YAML; messages carry no
// location (the caller adds file:line:column).
//
//   parse_size("256MiB");        // 268435456
//   parse_duration("1h30m");     // 5400000ms
//   suggest("sise", {"size"});   // "size"
//
// Thread-safety: stateless.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "dns/result.h"

namespace dns4eu::daemon::internal {

// "<digits>[ ]<unit>" or plain digits (bytes). Units, case-insensitive:
// b; k, m, g, t and kib, mib, gib, tib (powers of 1024); kb, mb, gb, tb
// (powers of 1000). Whole numbers only.
Result<uint64_t> parse_size(std::string_view text);
// Largest unit that divides exactly: 268435456 -> "256MiB", 1000 -> "1000B".
std::string format_size(uint64_t bytes);

// One or more "<digits><unit>" with units ms, s, m (minutes), h, d, e.g.
// "1500ms", "5s", "1h30m"; plain digits are seconds. At most 10 years.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);
// Largest unit that divides exactly: 5400000ms -> "90m", 1500ms -> "1500ms".
std::string format_duration(std::chrono::milliseconds d);

// A YAML double-quoted scalar that reads back as `s` (every control character escaped).
std::string yaml_quoted(std::string_view s);

// The candidate closest to `word` by edit distance (with transpositions,
// case-insensitive), if close enough to be a plausible typo.
std::optional<std::string> suggest(std::string_view word, std::span<const std::string> candidates);

}  // namespace dns4eu::daemon::internal
