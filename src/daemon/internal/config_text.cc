// config_text.cc — sizes, durations and suggestions for config messages.
#include "daemon/internal/config_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <vector>

namespace dns4eu::daemon::internal {
namespace {

struct Unit {
  std::string_view name;
  uint64_t factor;
};

constexpr uint64_t kKi = 1024;
constexpr std::array<Unit, 13> kSizeUnits = {{
    {"b", 1},
    {"k", kKi}, {"kib", kKi}, {"kb", 1000},
    {"m", kKi * kKi}, {"mib", kKi * kKi}, {"mb", 1000 * 1000},
    {"g", kKi * kKi * kKi}, {"gib", kKi * kKi * kKi}, {"gb", 1000 * 1000 * 1000},
    {"t", kKi * kKi * kKi * kKi}, {"tib", kKi * kKi * kKi * kKi}, {"tb", 1000ull * 1000 * 1000 * 1000},
}};

constexpr std::array<Unit, 5> kDurationUnits = {{
    {"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1},
}};
constexpr uint64_t kMaxDurationMs = 10ull * 366 * 86400000;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads leading decimal digits of `s` into `value`; returns the count read
// (0 when there are none or the number overflows).
size_t read_number(std::string_view s, uint64_t& value) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || (!s.empty() && s[0] == '-')) return 0;
  return static_cast<size_t>(end - s.data());
}

// Optimal string alignment distance, ASCII case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::string x = lower(a), y = lower(b);
  std::vector<std::vector<size_t>> d(x.size() + 1, std::vector<size_t>(y.size() + 1));
  for (size_t i = 0; i <= x.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= y.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    for (size_t j = 1; j <= y.size(); ++j) {
      size_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[x.size()][y.size()];
}

}  // namespace

Result<uint64_t> parse_size(std::string_view text) {
  uint64_t value = 0;
  size_t n = read_number(text, value);
  if (n == 0) {
    return fail(ErrorCode::kMalformed, "expected a size such as 256MiB, 1G or 1048576, got '" + std::string(text) + "'");
  }
  std::string_view rest = text.substr(n);
  if (!rest.empty() && rest[0] == '.') {
    return fail(ErrorCode::kMalformed, "'" + std::string(text) + "': sizes are whole numbers; use a smaller unit");
  }
  if (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (rest.empty()) return value;
  std::string unit = lower(rest);
  auto it = std::find_if(kSizeUnits.begin(), kSizeUnits.end(), [&](const Unit& u) { return u.name == unit; });
  if (it == kSizeUnits.end()) {
    return fail(ErrorCode::kMalformed, "'" + std::string(text) + "': unknown size unit '" + std::string(rest) +
                                           "' (use B, KiB, MiB, GiB, TiB, K, M, G, T, kB, MB, GB or TB)");
  }
  if (value > std::numeric_limits<uint64_t>::max() / it->factor) {
    return fail(ErrorCode::kMalformed, "'" + std::string(text) + "' is too large");
  }
  return value * it->factor;
}

std::string format_size(uint64_t bytes) {
  static constexpr std::array<std::pair<std::string_view, uint64_t>, 4> kUnits = {{
      {"TiB", kKi * kKi * kKi * kKi}, {"GiB", kKi * kKi * kKi}, {"MiB", kKi * kKi}, {"KiB", kKi}}};
  for (const auto& [name, factor] : kUnits) {
    if (bytes != 0 && bytes % factor == 0) return std::to_string(bytes / factor) + std::string(name);
  }
  return std::to_string(bytes) + "B";
}

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto bad = [&](std::string why) {
    return fail(ErrorCode::kMalformed, "expected a duration such as 5s, 1500ms or 1h30m, got '" + std::string(text) +
                                           "'" + why);
  };
  uint64_t total = 0;
  std::string_view rest = text;
  if (rest.empty()) return bad("");
  while (!rest.empty()) {
    uint64_t value = 0;
    size_t n = read_number(rest, value);
    if (n == 0) return bad("");
    rest.remove_prefix(n);
    if (!rest.empty() && rest[0] == '.') return bad(" (fractions are not supported; use a smaller unit)");
    size_t len = 0;
    while (len < rest.size() && std::isalpha(static_cast<unsigned char>(rest[len]))) ++len;
    std::string unit = lower(rest.substr(0, len));
    rest.remove_prefix(len);
    if (unit.empty() && rest.empty() && n == text.size()) unit = "s";  // plain digits
    auto it = std::find_if(kDurationUnits.begin(), kDurationUnits.end(), [&](const Unit& u) { return u.name == unit; });
    if (it == kDurationUnits.end()) {
      return bad(unit.empty() ? " (a unit is missing)" : " (unknown unit '" + unit + "'; use ms, s, m, h or d)");
    }
    if (value > kMaxDurationMs / it->factor || total + value * it->factor > kMaxDurationMs) {
      return bad(" (longer than 10 years)");
    }
    total += value * it->factor;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(total));
}

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = static_cast<uint64_t>(std::max<int64_t>(0, d.count()));
  if (ms == 0) return "0s";
  for (auto it = kDurationUnits.begin(); it != kDurationUnits.end(); ++it) {
    if (ms % it->factor == 0) return std::to_string(ms / it->factor) + std::string(it->name);
  }
  return std::to_string(ms) + "ms";
}

std::optional<std::string> suggest(std::string_view word, std::span<const std::string> candidates) {
  size_t limit = std::clamp<size_t>(word.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    size_t d = edit_distance(word, c);
    // A truncated or extended spelling ("answer_cache", "warning") is a typo too.
    bool prefix = std::min(word.size(), c.size()) >= 3 &&
                  (lower(c).starts_with(lower(word)) || lower(word).starts_with(lower(c)));
    if (prefix) d = std::min(d, limit);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

// A YAML double-quoted scalar: quotes, backslashes and every control
// character escaped, so a value with a newline (a folded plain scalar in the
// input) reads back as the same value (found by config_fuzz).
std::string yaml_quoted(std::string_view s) {
  static const char* const kHex = "0123456789abcdef";
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace dns4eu::daemon::internal
