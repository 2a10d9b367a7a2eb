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
                       "    school: {networks: [10.9.0.0/16], profile: protective}\n"
                       "  client_ids:\n"
                       "    org.dns.test: {ministry-7f3a: protective}\n";
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
  EXPECT_NE(tenant->find("profile:  protective (chosen by the client's network: tenant school)"), std::string::npos)
      << *tenant;
  EXPECT_NE(tenant->find("answer:   NXDOMAIN"), std::string::npos);
  auto clean = explain_query(config_, "good.test", "", "protective");
  ASSERT_TRUE(clean.has_value());
  EXPECT_NE(clean->find("verdict:  not listed: resolved normally\nanswer:   resolved normally\nthen:"), std::string::npos)
      << *clean;
}

// explain() on a built snapshot (as GET /explain does): a DoH path with a
// flavour of its own, and a path the listener does not serve.
TEST_F(ExplainTest, ADohPathsFlavour) {
  std::string yaml = "listeners:\n"
                     "  - address: 127.0.0.1\n"
                     "    transport: doh\n"
                     "    tls: {certificate: c.pem, key: k.pem}\n"
                     "    paths: [/dns-query, {path: /protect, flavour: protective}]\n"
                     "policy:\n"
                     "  lists:\n"
                     "    malware: {file: " + list_ + ", category: malware}\n"
                     "  profiles:\n"
                     "    protective: {lists: [malware]}\n";
  auto c = load_config_string(yaml, "t.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  auto p = policy::Policy::build(c->policy.spec, nullptr, nullptr);
  ASSERT_TRUE(p.has_value()) << p.error().message;
  auto e = explain(*c, **p, ExplainQuery{"www.evil.test", "", "", "", "/protect"});
  ASSERT_TRUE(e.has_value()) << e.error().message;
  EXPECT_EQ(e->reached, "doh 127.0.0.1:443 (flavour plain) path /protect");
  EXPECT_EQ(e->profile, "protective");
  EXPECT_EQ(e->chosen_by, "doh path");
  EXPECT_EQ(e->action, "nxdomain");
  EXPECT_NE(to_text(*e).find("profile:  protective (the DoH path's flavour)\n"), std::string::npos) << to_text(*e);
  auto other = explain(*c, **p, ExplainQuery{"www.evil.test", "", "", "", "/dns-query"});
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->profile, "plain");
  EXPECT_EQ(other->chosen_by, "endpoint");
  EXPECT_EQ(explain(*c, **p, ExplainQuery{"a.test", "", "", "", "/nope"}).error().message,
            "doh_path: '/nope' is not a DoH path of doh 127.0.0.1:443");
  // The command line's --explain takes the same, and names its options in errors.
  auto text = explain_query(*c, "www.evil.test", "", "127.0.0.1:443", "", "/protect");
  ASSERT_TRUE(text.has_value()) << text.error().message;
  EXPECT_NE(text->find("profile:  protective (the DoH path's flavour)\n"), std::string::npos) << *text;
  EXPECT_EQ(explain_query(*c, "a.test", "", "", "", "/nope").error().message,
            "--doh-path: '/nope' is not a DoH path of doh 127.0.0.1:443");
}

TEST_F(ExplainTest, AClientIdInTheServerName) {
  auto known = explain_query(config_, "evil.test", "", "127.0.0.1", "Ministry-7f3a.org.dns.test");
  ASSERT_TRUE(known.has_value()) << known.error().message;
  EXPECT_NE(known->find("profile:  protective (chosen by the client ID in the TLS server name)\n"), std::string::npos)
      << *known;
  EXPECT_NE(known->find("answer:   NXDOMAIN"), std::string::npos) << *known;
  auto unknown = explain_query(config_, "evil.test", "", "127.0.0.1", "ministry-7f3.org.dns.test");
  ASSERT_TRUE(unknown.has_value()) << unknown.error().message;
  EXPECT_NE(unknown->find("profile:  plain (the endpoint's flavour); the server name's client ID is not configured\n"),
            std::string::npos)
      << *unknown;
}

TEST_F(ExplainTest, Errors) {
  EXPECT_EQ(explain_query(config_, "a..b", "", "").error().message.substr(0, 6), "name: ");
  EXPECT_EQ(explain_query(config_, "a.test", "10.1", "").error().message, "--from: not an IP address: '10.1'");
  EXPECT_EQ(explain_query(config_, "a.test", "", "192.0.2.1").error().message,
            "--endpoint: no listener or profile '192.0.2.1'");
}

}  // namespace
}  // namespace dns4eu::daemon
