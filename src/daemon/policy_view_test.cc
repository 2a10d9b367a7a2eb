// policy_view_test.cc — which profile a query gets (select_profile): the
// client's tenant first, then a TLS server name with a profile (or a client
// ID in it), then the DoH path's flavour, then the listener's; built from a
// config as dns4eud does.
#include <gtest/gtest.h>

#include <string>

#include "daemon/internal/test_policy.h"
#include "daemon/policy_answer.h"
#include "daemon/runtime.h"
#include "daemon/server.h"

namespace dns4eu::daemon {
namespace {

class PolicyView : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string yaml = "listeners:\n"
                       "  - address: 127.0.0.1\n"
                       "    transport: doh\n"
                       "    flavour: protective\n"
                       "    tls: {certificate: c.pem, key: k.pem}\n"
                       "    paths: [/dns-query, {path: /family, flavour: child}, {path: /open, flavour: plain}]\n" +
                       test::test_policy_yaml();
    auto c = load_config_string(yaml, "t.yaml");
    ASSERT_TRUE(c) << c.error().message;
    config_ = *c;
    auto rt = build_runtime(config_, 1);
    ASSERT_TRUE(rt) << rt.error().message;
    rt_ = *rt;
  }
  std::string profile(std::string_view path, std::string_view sni = {}, const char* client = "192.0.2.1") {
    net::Request req;
    req.listener_id = listener_id(config_.listeners.at(0));
    req.transport = net::Transport::kDoh;
    req.client = net::Endpoint(*net::Address::parse(client), 40000);
    req.doh_path = path;
    req.server_name = sni;
    return rt_->policy->profile(select_profile(*rt_, req, &metrics_)).name;
  }

  Config config_;
  telemetry::WorkerMetrics metrics_;
  std::shared_ptr<const Runtime> rt_;
};

TEST_F(PolicyView, ADohPathWithAFlavourRefinesTheListeners) {
  EXPECT_EQ(profile("/dns-query"), "protective") << "a path without a flavour: the listener's";
  EXPECT_EQ(profile("/family"), "child");
  EXPECT_EQ(profile("/open"), "plain") << "a path may name the unfiltered profile too";
  EXPECT_EQ(profile(""), "protective") << "no path (not DoH): the listener's";
}

TEST_F(PolicyView, TenantAndServerNameComeBeforeThePath) {
  EXPECT_EQ(profile("/family", "protective.dns.test"), "protective") << "a server name with a profile wins";
  EXPECT_EQ(profile("/open", "protective.dns.test"), "protective") << "a path cannot unfilter a filtered name";
  EXPECT_EQ(profile("/family", "other.dns.test"), "child") << "a server name without a profile changes nothing";
  EXPECT_EQ(profile("/open", {}, "10.9.1.1"), "child") << "the client's network first";
}

TEST_F(PolicyView, AClientIdInTheServerName) {
  EXPECT_EQ(profile("/dns-query", "ministry-7f3a.org.dns.test"), "child");
  EXPECT_EQ(profile("/open", "Ministry-7F3A.org.dns.test"), "child") << "before the path, case-insensitive";
  EXPECT_EQ(metrics_.unknown_client_ids.get(), 0u);
  EXPECT_EQ(profile("/dns-query", "ministry-7f3b.org.dns.test"), "protective") << "unknown: what the domain gets";
  EXPECT_EQ(profile("/family", "nobody.org.dns.test"), "child") << "the path's flavour";
  EXPECT_EQ(metrics_.unknown_client_ids.get(), 2u) << "each unknown ID counted";
  EXPECT_EQ(profile("/dns-query", "ministry-7f3a.org.dns.test", "10.9.1.1"), "child") << "the tenant's";
  EXPECT_EQ(profile("/dns-query", "a.ministry-7f3a.org.dns.test"), "protective");
  EXPECT_EQ(metrics_.unknown_client_ids.get(), 2u) << "not a client-ID domain's name";
}

}  // namespace
}  // namespace dns4eu::daemon
