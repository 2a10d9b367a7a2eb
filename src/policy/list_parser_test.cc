// list_parser_test.cc — domain lists, hosts files and adblock rules: what
// matches, what is refused and how the error reads.
#include "policy/list_parser.h"
#include "policy/internal/test_match.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace dns4eu::policy {
namespace {

std::shared_ptr<const List> parse(std::string_view text, ListFormat f) {
  auto l = parse_list(text, ListSpec{"t", "t.txt", f, Category::kMalware});
  EXPECT_TRUE(l.has_value()) << (l ? "" : l.error().message);
  return l ? *l : nullptr;
}

std::string error(std::string_view text, ListFormat f) {
  auto l = parse_list(text, ListSpec{"t", "t.txt", f, Category::kMalware});
  return l ? "parsed" : l.error().message;
}

using internal::match_text;
std::string match(const List& l, std::string_view name) { return match_text(l, name); }

TEST(DomainList, NamesMatchThemselvesAndBelow) {
  auto l = parse("# comment\nexample.com\n  Bad.Example.net  # trailing\n\n*.wild.org\n", ListFormat::kDomains);
  EXPECT_EQ(l->rule_count, 3u);
  EXPECT_EQ(match(*l, "example.com."), "exact");
  EXPECT_EQ(match(*l, "www.example.com."), "below:1");
  EXPECT_EQ(match(*l, "a.b.bad.example.net."), "below:2");
  EXPECT_EQ(match(*l, "example.org."), "no");
  EXPECT_EQ(match(*l, "com."), "no");
  EXPECT_EQ(match(*l, "wild.org."), "no");
  EXPECT_EQ(match(*l, "x.wild.org."), "below:1");
}

TEST(DomainList, CrLfLinesAndEmptyFile) {
  auto l = parse("a.test\r\nb.test\r\n", ListFormat::kDomains);
  EXPECT_EQ(match(*l, "b.test."), "exact");
  EXPECT_EQ(parse("", ListFormat::kDomains)->rule_count, 0u);
}

TEST(DomainList, BadLinesAreRefusedWithSourceAndLine) {
  EXPECT_EQ(error("ok.test\nbad..test\n", ListFormat::kDomains), "t.txt:2: empty label in 'bad..test'");
  EXPECT_EQ(error("a.test b.test\n", ListFormat::kDomains), "t.txt:1: one name a line, got 'a.test b.test'");
  EXPECT_EQ(error("\n\nx.*.test\n", ListFormat::kDomains), "t.txt:3: '*' is only allowed as '*.' in front");
  EXPECT_EQ(error("a/b.test\n", ListFormat::kDomains), "t.txt:1: character '/' not allowed in a domain name");
}

TEST(HostsFile, AddressThenNamesExactOnly) {
  auto l = parse("127.0.0.1 localhost\n0.0.0.0 ads.test tracker.test # x\n:: v6.test\n", ListFormat::kHosts);
  EXPECT_EQ(l->rule_count, 3u);
  EXPECT_EQ(match(*l, "ads.test."), "exact");
  EXPECT_EQ(match(*l, "tracker.test."), "exact");
  EXPECT_EQ(match(*l, "v6.test."), "exact");
  EXPECT_EQ(match(*l, "sub.ads.test."), "no");
  EXPECT_EQ(match(*l, "localhost."), "no");
}

TEST(HostsFile, BadLines) {
  EXPECT_EQ(error("0.0.0.0\n", ListFormat::kHosts), "t.txt:1: expected 'address name', got '0.0.0.0'");
  EXPECT_EQ(error("0.0.0.0 a.test\n300.1.1.1 b.test\n", ListFormat::kHosts), "t.txt:2: not an IP address: '300.1.1.1'");
}

TEST(Adblock, BlocksAndExceptions) {
  auto l = parse("[Adblock Plus 2.0]\n! comment\n||ads.test^\n||tracker.test^$important\n@@||ok.ads.test^\n||x.test^|\n",
                 ListFormat::kAdblock);
  EXPECT_EQ(match(*l, "ads.test."), "exact");
  EXPECT_EQ(match(*l, "img.ads.test."), "below:1");
  EXPECT_EQ(match(*l, "ok.ads.test."), "no");
  EXPECT_EQ(match(*l, "cdn.ok.ads.test."), "no");
  EXPECT_EQ(match(*l, "tracker.test."), "exact");
  EXPECT_EQ(match(*l, "x.test."), "exact");
}

TEST(Adblock, ExceptionAboveABlockWins) {
  auto l = parse("||deep.ok.test^\n@@||ok.test^\n", ListFormat::kAdblock);
  EXPECT_EQ(match(*l, "a.deep.ok.test."), "no");
}

TEST(Adblock, NonDomainRulesAreRefused) {
  EXPECT_EQ(error("||a.test^\n##.banner\n", ListFormat::kAdblock),
            "t.txt:2: not a domain rule ('||name^' or '@@||name^'): '##.banner'");
  EXPECT_EQ(error("||a.test^$third-party\n", ListFormat::kAdblock),
            "t.txt:1: modifier '$third-party' is not supported (only $important)");
}

TEST(LoadList, ReadsFilesAndReportsMissingOnes) {
  std::string path = ::testing::TempDir() + "/policy_list_test.txt";
  {
    std::ofstream f(path);
    f << "file.test\n";
  }
  auto l = load_list(ListSpec{"f", path, ListFormat::kDomains, Category::kAds});
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(match(**l, "www.file.test."), "below:1");
  EXPECT_EQ((*l)->category, Category::kAds);
  std::remove(path.c_str());
  auto missing = load_list(ListSpec{"f", path, ListFormat::kDomains, Category::kAds});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, path + ": cannot open: No such file or directory");
}

}  // namespace
}  // namespace dns4eu::policy
