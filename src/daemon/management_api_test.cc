// management_api_test.cc — the API's routes, authentication and errors,
// answered by ManagementApi::handle on a real (not started) Server; and the
// privacy statement for each profile.
#include "daemon/management_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "daemon/internal/test_policy.h"
#include "daemon/privacy_statement.h"

namespace dns4eu::daemon {
namespace {

using telemetry::HttpRequest;

constexpr const char* kToken = "test-token-0123456789";

class ManagementApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Config c;
    c.workers = 1;
    c.management = ManagementConfig{IpAddress::parse("127.0.0.1").value(), 8053, kToken};
    server_ = std::move(*Server::create(c));
    api_ = std::make_unique<ManagementApi>(*server_, io_, [this]() -> Status {
      ++reloads_;
      return {};
    });
  }
  telemetry::HttpResponse call(std::string method, std::string path, std::string token = "",
                               std::vector<std::pair<std::string, std::string>> query = {}) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.query = std::move(query);
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    return api_->handle(r);
  }
  asio::io_context io_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<ManagementApi> api_;
  int reloads_ = 0;
};

TEST_F(ManagementApiTest, ReadOnlyEndpoints) {
  auto health = call("GET", "/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(nlohmann::json::parse(health.body)["status"], "ok");
  auto metrics = call("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.content_type.rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_NE(metrics.body.find("# TYPE dns4eu_queries_total counter"), std::string::npos);
  EXPECT_NE(metrics.body.find("dns4eu_cache_memory_bytes{cache=\"rrset\"}"), std::string::npos);
  auto stats = call("GET", "/stats");
  EXPECT_EQ(nlohmann::json::parse(stats.body)["queries"], 0);
  EXPECT_EQ(call("GET", "/nope").status, 404);
  EXPECT_EQ(call("POST", "/metrics").status, 405);
  EXPECT_EQ(call("GET", "/reload").status, 405);
}

TEST_F(ManagementApiTest, StateChangesNeedTheBearerToken) {
  auto none = call("POST", "/reload");
  EXPECT_EQ(none.status, 401);
  ASSERT_EQ(none.headers.size(), 1u);
  EXPECT_EQ(none.headers[0].first, "WWW-Authenticate");
  EXPECT_EQ(call("POST", "/reload", "test-token-012345678").status, 401);    // a prefix
  EXPECT_EQ(call("POST", "/reload", "test-token-0123456789x").status, 401);  // longer
  EXPECT_EQ(reloads_, 0);
  EXPECT_EQ(call("POST", "/reload", kToken).status, 200);
  EXPECT_EQ(reloads_, 1);
}

TEST_F(ManagementApiTest, FlushTakesANameOrEverything) {
  auto all = call("POST", "/cache/flush", kToken);
  EXPECT_EQ(all.status, 200);
  EXPECT_EQ(nlohmann::json::parse(all.body)["name"], ".");
  auto one = call("POST", "/cache/flush", kToken, {{"name", "Example.COM"}});
  EXPECT_EQ(nlohmann::json::parse(one.body)["name"], "Example.COM.");
  auto bad = call("POST", "/cache/flush", kToken, {{"name", "a..b"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(nlohmann::json::parse(bad.body)["error"].get<std::string>().find("name"), std::string::npos);
}

TEST_F(ManagementApiTest, ListsAndTraceRoutes) {
  auto lists = call("GET", "/lists");
  EXPECT_EQ(lists.status, 200);
  EXPECT_TRUE(nlohmann::json::parse(lists.body)["lists"].empty());  // no policy configured
  EXPECT_EQ(call("POST", "/lists").status, 405);
  auto dispatch = [this](std::string method, std::string token, std::vector<std::pair<std::string, std::string>> q) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = "/trace";
    r.query = std::move(q);
    if (!token.empty()) r.headers.emplace_back("authorization", "Bearer " + token);
    std::optional<telemetry::HttpResponse> out;
    api_->dispatch(r, [&](telemetry::HttpResponse resp) { out = std::move(resp); });
    return out;  // answered at once: these never reach the network
  };
  EXPECT_EQ(dispatch("GET", kToken, {{"name", "a.test"}})->status, 405);
  EXPECT_EQ(dispatch("POST", "", {{"name", "a.test"}})->status, 401);
  EXPECT_EQ(dispatch("POST", kToken, {})->status, 400);
  EXPECT_EQ(dispatch("POST", kToken, {{"name", "a.test"}, {"type", "NOPE"}})->status, 400);
  EXPECT_EQ(dispatch("POST", kToken, {{"name", "a..test"}})->status, 400);
}

TEST_F(ManagementApiTest, ExplainWithoutAPolicyIsPlain) {
  auto r = call("GET", "/explain", "", {{"name", "www.example"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["query"], "www.example.");
  EXPECT_EQ(j["profile"], "plain");
  EXPECT_EQ(j["filters"], false);
  EXPECT_FALSE(j.contains("verdict"));
  EXPECT_EQ(call("GET", "/explain").status, 400);
  EXPECT_EQ(call("POST", "/explain", kToken, {{"name", "a.test"}}).status, 405);
  auto bad = call("GET", "/explain", "", {{"name", "a.test"}, {"from", "10.1"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bad.body)["error"], "from: not an IP address: '10.1'");
}

// GET /explain against a running policy snapshot: tenant, server name, DoH
// path and listener flavour, the verdict and its EDE, as JSON.
class ManagementExplainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string yaml = "listeners:\n"
                       "  - {address: 127.0.0.1, transport: udp, flavour: protective}\n"
                       "  - {address: 127.0.0.2, transport: udp}\n" +
                       test::test_policy_yaml();
    auto c = load_config_string(yaml, "t.yaml");
    ASSERT_TRUE(c) << c.error().message;
    auto s = Server::create(*c);
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(*s);
    api_ = std::make_unique<ManagementApi>(*server_, io_, []() -> Status { return {}; });
  }
  nlohmann::json explain(std::vector<std::pair<std::string, std::string>> query, int want_status = 200) {
    HttpRequest r;
    r.method = "GET";
    r.path = "/explain";
    r.query = std::move(query);
    auto resp = api_->handle(r);
    EXPECT_EQ(resp.status, want_status) << resp.body;
    return nlohmann::json::parse(resp.body);
  }
  asio::io_context io_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<ManagementApi> api_;
};

TEST_F(ManagementExplainTest, VerdictRuleAndEde) {
  auto j = explain({{"name", "www.evil.test"}});
  EXPECT_EQ(j["reached"], "udp 127.0.0.1:53 (flavour protective)");
  EXPECT_EQ(j["profile"], "protective");
  EXPECT_EQ(j["chosen_by"], "endpoint");
  EXPECT_EQ(j["action"], "nxdomain");
  EXPECT_EQ(j["answer"], "NXDOMAIN");
  EXPECT_EQ(j["ede"]["code"], 15);
  EXPECT_EQ(j["ede"]["text"], "list malware (malware)");
  EXPECT_NE(j["verdict"].get<std::string>().find("rule 'names below evil.test.' (qname trigger) of list malware"),
            std::string::npos) << j["verdict"];
  EXPECT_EQ(j["answer_checked"], false);
  auto clean = explain({{"name", "adult.test"}});
  EXPECT_EQ(clean["action"], "none");
  EXPECT_EQ(clean["answer_checked"], true) << "CNAME targets are checked after resolution";
}

TEST_F(ManagementExplainTest, TenantThenServerNameThenEndpoint) {
  auto plain = explain({{"name", "adult.test"}, {"endpoint", "127.0.0.2"}});
  EXPECT_EQ(plain["profile"], "plain");
  EXPECT_EQ(plain["filters"], false);
  auto sni = explain({{"name", "adult.test"}, {"endpoint", "127.0.0.2"}, {"server_name", "protective.dns.test"}});
  EXPECT_EQ(sni["profile"], "protective");
  EXPECT_EQ(sni["chosen_by"], "server name");
  auto tenant = explain({{"name", "adult.test"}, {"from", "10.9.3.4"}, {"server_name", "protective.dns.test"}});
  EXPECT_EQ(tenant["profile"], "child");
  EXPECT_EQ(tenant["chosen_by"], "tenant");
  EXPECT_EQ(tenant["tenant"], "school");
  EXPECT_EQ(tenant["client"], "10.9.3.4");
  EXPECT_EQ(tenant["ede"]["code"], 17) << "adult: Filtered";
  auto bad = explain({{"name", "a.test"}, {"endpoint", "192.0.2.1"}}, 400);
  EXPECT_EQ(bad["error"], "endpoint: no listener or profile '192.0.2.1'");
}

TEST_F(ManagementExplainTest, AClientIdInTheServerName) {
  auto known = explain({{"name", "adult.test"}, {"endpoint", "127.0.0.2"}, {"server_name", "ministry-7f3a.org.dns.test"}});
  EXPECT_EQ(known["profile"], "child");
  EXPECT_EQ(known["chosen_by"], "client id");
  EXPECT_FALSE(known.contains("unknown_client_id"));
  EXPECT_EQ(known["ede"]["code"], 17);
  auto unknown = explain({{"name", "adult.test"}, {"endpoint", "127.0.0.2"}, {"server_name", "nobody.org.dns.test"}});
  EXPECT_EQ(unknown["profile"], "plain");
  EXPECT_EQ(unknown["chosen_by"], "endpoint");
  EXPECT_EQ(unknown["unknown_client_id"], true);
}

TEST_F(ManagementApiTest, ReloadRefusesToChangeWhereClientDataGoes) {
  Config next = server_->config();
  next.profile = PrivacyProfile::kGovernment;
  auto s = server_->reload(next);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("restart dns4eud"), std::string::npos) << s.error().message;
  next = server_->config();
  next.query_log = QueryLogConfig{.path = "/tmp/x.jsonl"};
  EXPECT_FALSE(server_->reload(next));
  EXPECT_EQ(server_->config().profile, PrivacyProfile::kPublic);
}

TEST(PrivacyStatement, FollowsTheProfileAndTheLogSettings) {
  Config pub;
  std::string p = privacy_statement(pub);
  EXPECT_NE(p.find("Client IP addresses: never written"), std::string::npos) << p;
  EXPECT_NE(p.find("Query log: none"), std::string::npos);
  Config telco;
  telco.profile = PrivacyProfile::kTelco;
  telco.query_log = QueryLogConfig{.path = "/var/log/q.jsonl", .retention = std::chrono::hours(24 * 7)};
  std::string t = privacy_statement(telco);
  EXPECT_NE(t.find("truncated before it is written: IPv4 to /24, IPv6 to /48"), std::string::npos) << t;
  EXPECT_NE(t.find("after at most 7d"), std::string::npos) << t;
  telco.privacy.client_address = AddressPolicy::kPseudonymise;
  EXPECT_NE(privacy_statement(telco).find("pseudonym"), std::string::npos);
}

}  // namespace
}  // namespace dns4eu::daemon
