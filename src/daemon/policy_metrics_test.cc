// policy_metrics_test.cc — the policy sources' Prometheus families on real
// snapshots: rules, version and load times, RPZ serial, refused updates (a
// broken file, a failed zone transfer), tenants with a networks file.
#include "daemon/policy_metrics.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace dns4eu::daemon {
namespace {

class PolicyMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ofstream(path("malware.txt")) << "evil.test\n*.bad.test\n";
    std::ofstream(path("feed.rpz")) << "$ORIGIN rpz.test.\n@ 300 SOA ns. admin. 2026112901 3600 600 86400 60\n"
                                       "@ 300 NS ns.\nc2.test CNAME .\n";
    std::ofstream(path("isp-a.txt")) << "100.64.0.0/10\n2001:db8:a::/48\n";
    std::ofstream(path("ids.txt")) << "bank-42 protective\n";
    auto& spec = config_.policy.spec;
    spec.client_id_files = {{"org.dns.test", path("ids.txt")}};
    spec.lists = {{"malware", path("malware.txt"), policy::ListFormat::kDomains, policy::Category::kMalware},
                  {"feed", path("feed.rpz"), policy::ListFormat::kRpz, policy::Category::kC2}};
    spec.profiles = {policy::ProfileSpec{"protective", {{"malware"}, {"feed"}}, {}, {}, {}}};
    spec.tenants = {
        policy::TenantSpec{"ministry", {*policy::IpNet::parse("10.1.0.0/16")}, "protective"},
        policy::TenantSpec{"isp-a", {*policy::IpNet::parse("192.0.2.0/24")}, "protective", path("isp-a.txt")}};
  }
  void TearDown() override {
    for (const char* f : {"malware.txt", "feed.rpz", "isp-a.txt", "ids.txt"}) std::remove(path(f).c_str());
  }
  std::string path(const std::string& name) { return ::testing::TempDir() + "/policy_metrics_test_" + name; }
  std::string page(const Runtime& rt, const std::vector<intel::FeedStatus>& feeds = {}) {
    telemetry::PromWriter w;
    write_policy_sources(w, rt, feeds);
    return w.take();
  }
  static bool has(const std::string& page, const std::string& line) {
    return page.find("\n" + line + "\n") != std::string::npos;
  }
  Config config_;
};

TEST_F(PolicyMetricsTest, ListsAndTenantFiles) {
  auto rt = build_runtime(config_, 1);
  ASSERT_TRUE(rt) << rt.error().message;
  std::string p = page(**rt);
  EXPECT_TRUE(has(p, "dns4eu_policy_list_rules{list=\"malware\"} 2")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_list_rules{list=\"feed\"} 1")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_list_serial{list=\"feed\"} 2026112901")) << p;
  EXPECT_EQ(p.find("dns4eu_policy_list_serial{list=\"malware\"}"), std::string::npos) << "no serial without a SOA";
  EXPECT_TRUE(has(p, "dns4eu_policy_list_update_refused{list=\"malware\"} 0")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_tenant_networks{tenant=\"isp-a\"} 3")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_tenant_networks_file_refused{tenant=\"isp-a\"} 0")) << p;
  EXPECT_EQ(p.find("tenant=\"ministry\""), std::string::npos) << "tenants without a file are not written";
  EXPECT_TRUE(has(p, "dns4eu_policy_client_id_file_ids{domain=\"org.dns.test\"} 1")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_client_id_file_refused{domain=\"org.dns.test\"} 0")) << p;
  // Whole seconds, as the file's mtime (written just now).
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  const std::string version = "dns4eu_policy_list_version_timestamp_seconds{list=\"malware\"} ";
  auto at = p.find("\n" + version);
  ASSERT_NE(at, std::string::npos) << p;
  long long mtime = std::stoll(p.substr(at + 1 + version.size()));
  EXPECT_LE(std::llabs(mtime - now.count()), 60) << p;
  EXPECT_NE(p.find("dns4eu_policy_list_loaded_timestamp_seconds{list=\"feed\"} 1"), std::string::npos) << p;
}

TEST_F(PolicyMetricsTest, RefusedUpdatesAreOneUntilFixed) {
  auto r1 = build_runtime(config_, 1);
  ASSERT_TRUE(r1) << r1.error().message;
  std::ofstream(path("malware.txt")) << "evil.test\nnot one name\n";
  std::ofstream(path("isp-a.txt")) << "100.64.0.0/10\n2001:db8:a::/48\n10.0.0.1/8\n";
  std::ofstream(path("ids.txt")) << "bank-42 protective\nbank-43 nope\n";
  auto r2 = build_runtime(config_, 2, r1->get());
  ASSERT_TRUE(r2) << r2.error().message;
  std::string p = page(**r2, {{"feed", 1764400000, "127.0.2.1#53: connection refused", 1764300000}});
  EXPECT_TRUE(has(p, "dns4eu_policy_list_update_refused{list=\"malware\"} 1")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_list_rules{list=\"malware\"} 2")) << "the previous version serves";
  EXPECT_TRUE(has(p, "dns4eu_policy_list_update_refused{list=\"feed\"} 1")) << "a failed zone transfer";
  EXPECT_TRUE(has(p, "dns4eu_policy_xfr_last_success_timestamp_seconds{list=\"feed\"} 1764300000")) << p;
  EXPECT_EQ(p.find("dns4eu_policy_xfr_last_success_timestamp_seconds{list=\"malware\"}"), std::string::npos)
      << "only lists fed by zone transfer";
  EXPECT_TRUE(has(p, "dns4eu_policy_tenant_networks_file_refused{tenant=\"isp-a\"} 1")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_tenant_networks{tenant=\"isp-a\"} 3")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_client_id_file_refused{domain=\"org.dns.test\"} 1")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_client_id_file_ids{domain=\"org.dns.test\"} 1")) << "the previous IDs serve";
  std::ofstream(path("malware.txt")) << "evil.test\n";
  std::ofstream(path("isp-a.txt")) << "100.64.0.0/10\n";
  auto r3 = build_runtime(config_, 3, r2->get());
  ASSERT_TRUE(r3) << r3.error().message;
  p = page(**r3);
  EXPECT_TRUE(has(p, "dns4eu_policy_list_update_refused{list=\"malware\"} 0")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_list_rules{list=\"malware\"} 1")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_tenant_networks_file_refused{tenant=\"isp-a\"} 0")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_tenant_networks{tenant=\"isp-a\"} 2")) << p;
}

TEST_F(PolicyMetricsTest, FetchedListsHaveTheirOwnLastSuccess) {
  auto rt = build_runtime(config_, 1);
  ASSERT_TRUE(rt) << rt.error().message;
  std::string p = page(**rt, {{"malware", 0, "", 1764300000, intel::FeedKind::kFetch},
                              {"feed", 1764400000, "HTTP 503, not 200", 1764200000, intel::FeedKind::kFetch}});
  EXPECT_TRUE(has(p, "dns4eu_policy_fetch_last_success_timestamp_seconds{list=\"malware\"} 1764300000")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_fetch_last_success_timestamp_seconds{list=\"feed\"} 1764200000")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_list_update_refused{list=\"malware\"} 0")) << p;
  EXPECT_TRUE(has(p, "dns4eu_policy_list_update_refused{list=\"feed\"} 1")) << "a refused fetch";
  EXPECT_EQ(p.find("dns4eu_policy_xfr_last_success_timestamp_seconds{"), std::string::npos) << "no zone transfer here";
}

TEST_F(PolicyMetricsTest, NoPolicyNoFamilies) {
  auto rt = build_runtime(Config{}, 1);
  ASSERT_TRUE(rt) << rt.error().message;
  EXPECT_EQ(page(**rt), "");
}

}  // namespace
}  // namespace dns4eu::daemon
