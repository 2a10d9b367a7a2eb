// explain_test.cc — dns4eud --explain: profile choice, verdict, answer, errors.
#include "daemon/explain.h"

#include <gtest/gtest.h>

#include <fstream>

namespace dns4eu::daemon {
namespace {

class ExplainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string dir = ::testing::TempDir();
    if (dir.back() != '/') dir += '/';
    list_ = dir + "explain_malware.txt";
    std::ofstream(list_) << "evil.test\n";
    std::string yaml = "listeners:\n"
                       "  - {address: 127.0.0.1, transport: udp}\n"
                       "  - {address: 127.0.0.2, transport: udp, flavour: protective}\n"
                       "policy:\n"
                       "  lists:\n"
                       "    malware: {file: " + list_ + ", category: malware}\n"
                       "  profiles:\n"
                       "    protective: {lists: [malware]}\n"
                       "  tenants:\n"
                       "    school: {networks: [10.9.0.0/16], profile: protective}\n";
    auto c = load_config_string(yaml, "t.yaml");
    ASSERT_TRUE(c.has_value()) << c.error().message;
    config_ = *c;
  }
  std::string list_;
  Config config_;
};

TEST_F(ExplainTest, BlockedOnTheProtectiveListener) {
  auto text = explain_query(config_, "www.evil.test", "", "127.0.0.2:53");
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_EQ(*text,
            "query:    www.evil.test. at udp 127.0.0.2:53 (flavour protective)\n"
            "profile:  protective (the endpoint's flavour)\n"
            "verdict:  blocked: rule 'names below evil.test.' (qname trigger) of list malware (category malware, "
            "domains file " + list_ + "), action nxdomain, EDE 15 \"list malware (malware)\"\n"
            "answer:   NXDOMAIN, EDE 15 \"list malware (malware)\"\n");
}

TEST_F(ExplainTest, PlainAndTenants) {
  auto plain = explain_query(config_, "evil.test", "", "");
  ASSERT_TRUE(plain.has_value());
  EXPECT_NE(plain->find("profile:  plain (the endpoint's flavour)\nverdict:  no filtering in this profile\n"),
            std::string::npos) << *plain;
  auto tenant = explain_query(config_, "evil.test", "10.9.1.1", "127.0.0.1");
  ASSERT_TRUE(tenant.has_value());
  EXPECT_NE(tenant->find("profile:  protective (chosen by the client's network: a tenant)"), std::string::npos) << *tenant;
  EXPECT_NE(tenant->find("answer:   NXDOMAIN"), std::string::npos);
  auto clean = explain_query(config_, "good.test", "", "protective");
  ASSERT_TRUE(clean.has_value());
  EXPECT_NE(clean->find("verdict:  not listed: resolved normally\nanswer:   resolved normally\nthen:"), std::string::npos)
      << *clean;
}

TEST_F(ExplainTest, Errors) {
  EXPECT_EQ(explain_query(config_, "a..b", "", "").error().message.substr(0, 6), "name: ");
  EXPECT_EQ(explain_query(config_, "a.test", "10.1", "").error().message, "--from: not an IP address: '10.1'");
  EXPECT_EQ(explain_query(config_, "a.test", "", "192.0.2.1").error().message,
            "--endpoint: no listener or profile '192.0.2.1'");
}

}  // namespace
}  // namespace dns4eu::daemon
