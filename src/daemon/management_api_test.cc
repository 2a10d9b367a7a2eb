// management_api_test.cc — the API's routes, authentication and errors,
// answered by ManagementApi::handle on a real (not started) Server; and the
// privacy statement for each profile.
#include "daemon/management_api.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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
