#include "daemon/internal/config_text.h"

#include <gtest/gtest.h>

#include <vector>

namespace dns4eu::daemon::internal {
namespace {

using std::chrono::milliseconds;

uint64_t bytes_of(std::string_view s) {
  auto r = parse_size(s);
  EXPECT_TRUE(r.has_value()) << s << ": " << r.error().message;
  return r.value_or(0);
}
milliseconds dur(std::string_view s) {
  auto r = parse_duration(s);
  EXPECT_TRUE(r.has_value()) << s << ": " << r.error().message;
  return r.value_or(milliseconds(-1));
}

TEST(ConfigText, Sizes) {
  EXPECT_EQ(bytes_of("0"), 0u);
  EXPECT_EQ(bytes_of("1048576"), 1048576u);
  EXPECT_EQ(bytes_of("512B"), 512u);
  EXPECT_EQ(bytes_of("256MiB"), 256ull << 20);
  EXPECT_EQ(bytes_of("256 MiB"), 256ull << 20);
  EXPECT_EQ(bytes_of("1G"), 1ull << 30);
  EXPECT_EQ(bytes_of("1g"), 1ull << 30);
  EXPECT_EQ(bytes_of("4k"), 4096u);
  EXPECT_EQ(bytes_of("1GB"), 1000000000u);
  EXPECT_EQ(bytes_of("2kB"), 2000u);
  EXPECT_EQ(bytes_of("3TiB"), 3ull << 40);
}

TEST(ConfigText, BadSizes) {
  EXPECT_EQ(parse_size("lots").error().message, "expected a size such as 256MiB, 1G or 1048576, got 'lots'");
  EXPECT_EQ(parse_size("-1M").error().message, "expected a size such as 256MiB, 1G or 1048576, got '-1M'");
  EXPECT_EQ(parse_size("1.5G").error().message, "'1.5G': sizes are whole numbers; use a smaller unit");
  EXPECT_EQ(parse_size("10 PiB").error().message,
            "'10 PiB': unknown size unit 'PiB' (use B, KiB, MiB, GiB, TiB, K, M, G, T, kB, MB, GB or TB)");
  EXPECT_EQ(parse_size("1  M").error().message,
            "'1  M': unknown size unit ' M' (use B, KiB, MiB, GiB, TiB, K, M, G, T, kB, MB, GB or TB)");
  EXPECT_EQ(parse_size("20000000T").error().message, "'20000000T' is too large");
  EXPECT_FALSE(parse_size("99999999999999999999").has_value());
}

TEST(ConfigText, FormatSize) {
  EXPECT_EQ(format_size(256ull << 20), "256MiB");
  EXPECT_EQ(format_size(1ull << 30), "1GiB");
  EXPECT_EQ(format_size(1536ull << 10), "1536KiB");
  EXPECT_EQ(format_size(1000), "1000B");
  EXPECT_EQ(format_size(0), "0B");
  EXPECT_EQ(bytes_of(format_size(12345)), 12345u);
}

TEST(ConfigText, Durations) {
  EXPECT_EQ(dur("5s"), milliseconds(5000));
  EXPECT_EQ(dur("1500ms"), milliseconds(1500));
  EXPECT_EQ(dur("2m"), milliseconds(120000));
  EXPECT_EQ(dur("3h"), milliseconds(3 * 3600000));
  EXPECT_EQ(dur("1d"), milliseconds(86400000));
  EXPECT_EQ(dur("1h30m"), milliseconds(5400000));
  EXPECT_EQ(dur("1s500ms"), milliseconds(1500));
  EXPECT_EQ(dur("30"), milliseconds(30000));  // plain digits are seconds
  EXPECT_EQ(dur("0"), milliseconds(0));
  EXPECT_EQ(dur("5S"), milliseconds(5000));
}

TEST(ConfigText, BadDurations) {
  const std::string p = "expected a duration such as 5s, 1500ms or 1h30m, got ";
  EXPECT_EQ(parse_duration("").error().message, p + "''");
  EXPECT_EQ(parse_duration("soon").error().message, p + "'soon'");
  EXPECT_EQ(parse_duration("1.5s").error().message, p + "'1.5s' (fractions are not supported; use a smaller unit)");
  EXPECT_EQ(parse_duration("5 s").error().message, p + "'5 s' (a unit is missing)");
  EXPECT_EQ(parse_duration("1h30").error().message, p + "'1h30' (a unit is missing)");
  EXPECT_EQ(parse_duration("3w").error().message, p + "'3w' (unknown unit 'w'; use ms, s, m, h or d)");
  EXPECT_EQ(parse_duration("-5s").error().message, p + "'-5s'");
  EXPECT_EQ(parse_duration("4000d").error().message, p + "'4000d' (longer than 10 years)");
  EXPECT_EQ(parse_duration("99999999999999999999ms").error().message, p + "'99999999999999999999ms'");
}

TEST(ConfigText, FormatDuration) {
  EXPECT_EQ(format_duration(milliseconds(5400000)), "90m");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1500ms");
  EXPECT_EQ(format_duration(milliseconds(86400000)), "1d");
  EXPECT_EQ(format_duration(milliseconds(0)), "0s");
  EXPECT_EQ(dur(format_duration(milliseconds(123456789))), milliseconds(123456789));
}

TEST(ConfigText, Suggestions) {
  std::vector<std::string> keys = {"size", "answer_cache_size", "min_ttl", "max_ttl", "negative_max_ttl"};
  EXPECT_EQ(suggest("sise", keys), "size");
  EXPECT_EQ(suggest("Size", keys), "size");
  EXPECT_EQ(suggest("max_tll", keys), "max_ttl");
  EXPECT_EQ(suggest("negative_max", keys), "negative_max_ttl");
  EXPECT_EQ(suggest("answer_cache", keys), "answer_cache_size");
  EXPECT_EQ(suggest("colour", keys), std::nullopt);
  EXPECT_EQ(suggest("x", keys), std::nullopt);
  std::vector<std::string> top = {"listeners", "logging", "limits"};
  EXPECT_EQ(suggest("lisetners", top), "listeners");
  EXPECT_EQ(suggest("listener", top), "listeners");
  EXPECT_EQ(suggest("log", top), "logging");
}

}  // namespace
}  // namespace dns4eu::daemon::internal
