// ip_rules_test.cc — IpRules: longest prefix wins, families apart, host bits
// of a rule's network ignored, duplicates refused; and the same answers as a
// scan of every rule on random rules and addresses.
#include "policy/ip_rules.h"

#include <gtest/gtest.h>

#include <random>

namespace dns4eu::policy {
namespace {

IpRule rule(const char* net, RuleAction a = RuleAction::kNxdomain) { return IpRule{*IpNet::parse(net), a}; }
IpAddr ip(const char* text) { return *IpAddr::parse(text); }

TEST(IpRules, LongestPrefixWins) {
  IpRules r;
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.match(ip("192.0.2.1")), nullptr);
  ASSERT_TRUE(r.add(rule("192.0.0.0/16")));
  ASSERT_TRUE(r.add(rule("192.0.2.0/24", RuleAction::kNodata)));
  ASSERT_TRUE(r.add(rule("192.0.2.7/32", RuleAction::kPassthru)));
  ASSERT_TRUE(r.add(rule("0.0.0.0/0", RuleAction::kDrop)));
  EXPECT_EQ(r.size(), 4u);
  EXPECT_EQ(r.match(ip("192.0.2.7"))->action, RuleAction::kPassthru);
  EXPECT_EQ(r.match(ip("192.0.2.8"))->action, RuleAction::kNodata);
  EXPECT_EQ(r.match(ip("192.0.3.1"))->net.to_string(), "192.0.0.0/16");
  EXPECT_EQ(r.match(ip("198.51.100.1"))->action, RuleAction::kDrop) << "/0 covers every IPv4 address";
  EXPECT_EQ(r.match(ip("2001:db8::1")), nullptr) << "an IPv4 /0 is not an IPv6 rule";
}

TEST(IpRules, FamiliesHostBitsAndDuplicates) {
  IpRules r;
  ASSERT_TRUE(r.add(rule("2001:db8::/32")));
  ASSERT_TRUE(r.add(rule("2001:db8:0:1::53/128", RuleAction::kDrop)));
  EXPECT_EQ(r.match(ip("2001:db8:0:1::53"))->action, RuleAction::kDrop);
  EXPECT_EQ(r.match(ip("2001:db8:ffff::1"))->net.to_string(), "2001:db8::/32");
  EXPECT_EQ(r.match(ip("2001:db9::1")), nullptr);
  EXPECT_EQ(r.match(ip("32.1.13.184")), nullptr) << "the same leading bytes as IPv4: another family";
  ASSERT_TRUE(r.add(rule("10.1.2.3/8", RuleAction::kNodata)));  // host bits set: the network is 10/8
  EXPECT_EQ(r.match(ip("10.200.0.1"))->action, RuleAction::kNodata);
  EXPECT_EQ(r.match(ip("10.200.0.1"))->net.to_string(), rule("10.1.2.3/8").net.to_string()) << "kept as written";
  EXPECT_FALSE(r.add(rule("10.0.0.0/8", RuleAction::kDrop))) << "the same network again";
  EXPECT_EQ(r.match(ip("10.0.0.1"))->action, RuleAction::kNodata) << "the first rule stays";
  EXPECT_EQ(r.size(), 3u);
}

// Random rules of every length, random addresses (half of them inside some
// rule): the index answers what a scan of every rule for the longest
// containing prefix answers.
TEST(IpRules, AgreesWithAScanOfEveryRule) {
  std::mt19937_64 rng(42);
  auto random_addr = [&](bool v6) {
    IpAddr a;
    a.v6 = v6;
    for (int i = 0; i < (v6 ? 16 : 4); ++i) a.bytes[i] = static_cast<uint8_t>(rng() % 4);  // dense: many overlaps
    return a;
  };
  IpRules r;
  std::vector<IpRule> all;
  for (int i = 0; i < 3000; ++i) {
    bool v6 = rng() % 2;
    IpRule x{IpNet{random_addr(v6), static_cast<uint8_t>(rng() % (v6 ? 129 : 33))}, RuleAction::kNxdomain,
             static_cast<uint32_t>(i)};
    bool fresh = true;
    for (const auto& y : all) fresh = fresh && !(y.net.masked() == x.net.masked());
    EXPECT_EQ(r.add(x), fresh);
    if (fresh) all.push_back(x);
  }
  for (int i = 0; i < 20000; ++i) {
    IpAddr a = random_addr(rng() % 2);
    const IpRule* want = nullptr;
    for (const auto& y : all)
      if (y.net.contains(a) && (!want || y.net.length > want->net.length)) want = &y;
    const IpRule* got = r.match(a);
    ASSERT_EQ(got == nullptr, want == nullptr) << a.to_string();
    if (want) {
      ASSERT_EQ(got->data, want->data) << a.to_string() << " want " << want->net.to_string();
    }
  }
}

}  // namespace
}  // namespace dns4eu::policy
