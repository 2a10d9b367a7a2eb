// rdata_text_util.cc — tokenizer, escapes, numbers and RRSIG times; see
// rdata_text.h.
#include <charconv>
#include <cstdio>

#include "dns/internal/rdata_text.h"

namespace dns4eu::dns::internal {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

unsigned digits(std::string_view s, std::size_t at, std::size_t n) {
  unsigned v = 0;
  for (std::size_t i = at; i < at + n; ++i) v = v * 10 + unsigned(s[i] - '0');
  return v;
}

}  // namespace

Result<std::vector<std::string>> split_rdata_text(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    if (is_space(text[i])) { ++i; continue; }
    std::string tok;
    bool quoted = false;
    std::size_t start = i;
    for (; i < text.size() && (quoted || !is_space(text[i])); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        tok += text[i++];
      } else if (text[i] == '"') {
        quoted = !quoted;
      }
      tok += text[i];
    }
    if (quoted) return fail(ErrorCode::kMalformed, "unterminated quoted string starting at column " + std::to_string(start + 1));
    tokens.push_back(std::move(tok));
  }
  return tokens;
}

Result<std::string> decode_text_token(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '"') continue;
    if (c != '\\') { out += c; continue; }
    if (i + 1 >= t.size()) return fail(ErrorCode::kMalformed, "dangling backslash in '" + std::string(t) + "'");
    if (!is_digit(t[i + 1])) { out += t[++i]; continue; }
    if (i + 3 >= t.size() || !is_digit(t[i + 2]) || !is_digit(t[i + 3]) || digits(t, i + 1, 3) > 255)
      return fail(ErrorCode::kMalformed, "bad \\DDD escape in '" + std::string(t) + "' at column " + std::to_string(i + 1));
    out += static_cast<char>(digits(t, i + 1, 3));
    i += 3;
  }
  return out;
}

std::string escape_text(std::span<const uint8_t> octets, std::string_view extra) {
  std::string out;
  out.reserve(octets.size());
  for (uint8_t b : octets) {
    char c = static_cast<char>(b);
    if (b < 0x20 || b > 0x7E) {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\%03u", unsigned(b));
      out += buf;
      continue;
    }
    if (c == '"' || c == '\\' || extra.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

Result<uint32_t> parse_decimal(std::string_view token, uint32_t max, std::string_view what) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (token.empty() || ec != std::errc() || p != token.data() + token.size() || v > max)
    return fail(ErrorCode::kMalformed, "bad " + std::string(what) + " '" + std::string(token) +
                                           "' (expected a decimal number 0.." + std::to_string(max) + ")");
  return static_cast<uint32_t>(v);
}

// RFC 4034 §3.2: 14 digits are a UTC date, anything else decimal seconds.
// Dates after 2106 wrap modulo 2^32, as the field is serial arithmetic.
Result<uint32_t> parse_rrsig_time(std::string_view t) {
  bool all_digits = !t.empty();
  for (char c : t) all_digits = all_digits && is_digit(c);
  if (!all_digits) return fail(ErrorCode::kMalformed, "bad RRSIG time '" + std::string(t) + "'");
  if (t.size() != 14) return parse_decimal(t, UINT32_MAX, "RRSIG time");
  unsigned year = digits(t, 0, 4), mon = digits(t, 4, 2), day = digits(t, 6, 2);
  unsigned hh = digits(t, 8, 2), mm = digits(t, 10, 2), ss = digits(t, 12, 2);
  static constexpr unsigned kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1970 || mon < 1 || mon > 12 || day < 1 || day > kMonthDays[mon - 1] ||
      (mon == 2 && day == 29 && !leap) || hh > 23 || mm > 59 || ss > 59)
    return fail(ErrorCode::kMalformed, "bad RRSIG date '" + std::string(t) + "' (expected YYYYMMDDHHmmSS)");
  int64_t secs = days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss;
  return static_cast<uint32_t>(secs & 0xFFFFFFFF);
}

std::string format_rrsig_time(uint32_t seconds) {
  int64_t y;
  unsigned m, d;
  civil_from_days(seconds / 86400, y, m, d);
  unsigned rem = seconds % 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02u%02u%02u%02u", static_cast<long long>(y), m, d,
                rem / 3600, rem / 60 % 60, rem % 60);
  return buf;
}

}  // namespace dns4eu::dns::internal
