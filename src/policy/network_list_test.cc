// network_list_test.cc — tenant networks files: prefixes, hosts, comments,
// and errors that say file:line.
#include "policy/network_list.h"

#include <gtest/gtest.h>

#include <fstream>

namespace dns4eu::policy {
namespace {

std::vector<std::string> texts(const std::vector<IpNet>& nets) {
  std::vector<std::string> out;
  for (const auto& n : nets) out.push_back(n.to_string());
  return out;
}

TEST(NetworkList, PrefixesHostsAndComments) {
  auto nets = parse_network_list(
      "# the ministry's networks\n10.1.0.0/16\n\n  2001:db8:1::/48\t# lab\r\n192.0.2.7\n2001:db8::53\n0.0.0.0/0\n",
      "f");
  ASSERT_TRUE(nets) << nets.error().message;
  EXPECT_EQ(texts(*nets), (std::vector<std::string>{"10.1.0.0/16", "2001:db8:1::/48", "192.0.2.7/32",
                                                    "2001:db8::53/128", "0.0.0.0/0"}));
  auto empty = parse_network_list("# nothing yet\n\n", "f");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(parse_network_list("10.0.0.0/8", "f"));  // no final newline
}

TEST(NetworkList, ErrorsSayFileAndLine) {
  auto error = [](std::string_view text) {
    auto r = parse_network_list(text, "nets.txt");
    return r ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(error("10.0.0.0/8\n10.1.2.0/16\n"),
            "nets.txt:2: '10.1.2.0/16' has host bits set; did you mean '10.1.0.0/16'?");
  EXPECT_EQ(error("# c\n\n10.0.0.0/33\n"), "nets.txt:3: prefix length too long in '10.0.0.0/33'");
  EXPECT_EQ(error("ministry.example\n"), "nets.txt:1: not an IP address: 'ministry.example'");
  EXPECT_EQ(error("10.0.0.0/8 10.1.0.0/16\n"), "nets.txt:1: one network a line, got '10.0.0.0/8 10.1.0.0/16'");
  EXPECT_EQ(error("10.0.0.0/\n"), "nets.txt:1: bad prefix length in '10.0.0.0/'");
  EXPECT_EQ(error("2001:db8::1/64\n"), "nets.txt:1: '2001:db8::1/64' has host bits set; did you mean '2001:db8::/64'?");
}

TEST(NetworkList, LoadsAFile) {
  std::string path = ::testing::TempDir() + "/network_list_test.txt";
  std::ofstream(path) << "10.1.0.0/16\n198.51.100.0/24\n";
  auto nets = load_network_list(path);
  ASSERT_TRUE(nets) << nets.error().message;
  EXPECT_EQ(texts(*nets), (std::vector<std::string>{"10.1.0.0/16", "198.51.100.0/24"}));
  std::ofstream(path) << "10.1.0.0/16\nnot-a-network\n";
  ASSERT_FALSE(load_network_list(path));
  EXPECT_EQ(load_network_list(path).error().message, path + ":2: not an IP address: 'not-a-network'");
  auto missing = load_network_list(path + ".missing");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, path + ".missing: cannot open: No such file or directory");
  auto dir = load_network_list(::testing::TempDir());
  ASSERT_FALSE(dir);
  EXPECT_EQ(dir.error().message, ::testing::TempDir() + ": not a regular file");
}

}  // namespace
}  // namespace dns4eu::policy
