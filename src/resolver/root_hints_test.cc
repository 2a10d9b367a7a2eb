#include "resolver/root_hints.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace dns4eu::resolver {
namespace {

const char* const kDebianHints = "/usr/share/dns/root.hints";  // package dns-root-data

std::map<std::string, std::set<net::Address>> by_name(const RootHints& h) {
  std::map<std::string, std::set<net::Address>> m;
  for (const auto& s : h.servers) {
    auto& set = m[s.name.lowercased().to_text()];
    set.insert(s.addresses.begin(), s.addresses.end());
  }
  return m;
}

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/root_hints_test_" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(RootHints, BuiltinHasThirteenServersWithBothFamilies) {
  RootHints h = builtin_root_hints();
  ASSERT_EQ(h.servers.size(), 13u);
  std::set<std::string> names;
  for (const auto& s : h.servers) {
    names.insert(s.name.lowercased().to_text());
    ASSERT_EQ(s.addresses.size(), 2u);
    EXPECT_TRUE(s.addresses[0].is_v4());
    EXPECT_TRUE(s.addresses[1].is_v6());
  }
  EXPECT_EQ(names.size(), 13u);
  for (char c = 'a'; c <= 'm'; ++c) EXPECT_TRUE(names.contains(std::string(1, c) + ".root-servers.net.")) << c;
}

TEST(RootHints, BuiltinMatchesDebianRootHints) {
  ASSERT_TRUE(std::filesystem::exists(kDebianHints)) << "install dns-root-data";
  auto file = load_root_hints(kDebianHints);
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->servers.size(), 13u);
  EXPECT_EQ(by_name(*file), by_name(builtin_root_hints()));
}

TEST(RootHints, LoadKeepsFileOrderAndCase) {
  auto path = write_temp("order", R"(
.  3600000 NS  X.Example.
.  3600000 NS  y.example.
x.example.  3600000 A 192.0.2.1
x.example.  3600000 AAAA 2001:db8::1
Y.EXAMPLE.  3600000 A 192.0.2.2
)");
  auto h = load_root_hints(path);
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->servers.size(), 2u);
  EXPECT_EQ(h->servers[0].name.to_text(), "X.Example.");
  EXPECT_EQ(h->servers[0].addresses,
            (std::vector<net::Address>{*net::Address::parse("192.0.2.1"), *net::Address::parse("2001:db8::1")}));
  EXPECT_EQ(h->servers[1].name.to_text(), "y.example.");
  EXPECT_EQ(h->servers[1].addresses, (std::vector<net::Address>{*net::Address::parse("192.0.2.2")}));
}

TEST(RootHints, ServerWithoutAddressIsSkipped) {
  auto path = write_temp("noaddr", R"(
.  3600000 NS a.example.
.  3600000 NS b.example.
b.example. 3600000 A 192.0.2.7
other.example. 3600000 A 192.0.2.9
)");
  auto h = load_root_hints(path);
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->servers.size(), 1u);
  EXPECT_EQ(h->servers[0].name.to_text(), "b.example.");
}

TEST(RootHints, MissingFile) {
  std::string path = ::testing::TempDir() + "/root_hints_test_does_not_exist";
  auto h = load_root_hints(path);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find(path), std::string::npos) << h.error().message;
}

TEST(RootHints, FileWithoutRootNs) {
  auto path = write_temp("nons", R"(
example.  3600000 NS a.example.
a.example. 3600000 A 192.0.2.1
)");
  auto h = load_root_hints(path);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find(path), std::string::npos) << h.error().message;
  EXPECT_NE(h.error().message.find("no root server"), std::string::npos) << h.error().message;
}

TEST(RootHints, EmptyFile) {
  auto h = load_root_hints(write_temp("empty", "; nothing here\n"));
  EXPECT_FALSE(h);
}

TEST(RootHints, SyntaxErrorNamesLine) {
  auto path = write_temp("syntax", ".  3600000 NS a.example.\na.example. 3600000 A 192.0.2.300\n");
  auto h = load_root_hints(path);
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find(path + ":2"), std::string::npos) << h.error().message;
}

TEST(RootHints, IncludeNotFollowed) {
  auto inner = write_temp("inner", ".  3600000 NS a.example.\na.example. 3600000 A 192.0.2.1\n");
  auto outer = write_temp("outer", "$INCLUDE " + inner + "\n");
  EXPECT_FALSE(load_root_hints(outer));
}

}  // namespace
}  // namespace dns4eu::resolver
