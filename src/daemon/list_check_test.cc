// list_check_test.cc — offline checks of list files and of a config's
// policy sources: the report lines, and errors as a reload would give them.
#include "daemon/list_check.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace dns4eu::daemon {
namespace {

std::string temp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "/list_check_test_" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(ListCheck, OneFileInEachFormat) {
  std::string domains = temp("d.txt", "evil.test\n*.bad.test\n");
  EXPECT_EQ(check_list_file(domains, "domains").value_or("error"), domains + ": 2 rules (domains)\n");
  std::string rpz = temp("r.rpz", "$ORIGIN rpz.test.\n@ 300 SOA ns. admin. 42 3600 600 86400 60\nc2.test CNAME .\n");
  EXPECT_EQ(check_list_file(rpz, "rpz").value_or("error"), rpz + ": 1 rule (rpz, serial 42)\n");
  std::string nets = temp("n.txt", "10.1.0.0/16\n# lab\n2001:db8::/32\n");
  EXPECT_EQ(check_list_file(nets, "networks").value_or("error"), nets + ": 2 networks\n");
  std::string broken = temp("b.txt", "evil.test\nbad..name\n");
  auto r = check_list_file(broken, "domains");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, broken + ":2: empty label in 'bad..name'");
  auto f = check_list_file(domains, "csv");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message,
            "--format: expected one of domains, hosts, adblock, rpz, misp, networks, client-ids, got 'csv'");
  std::string ids = temp("ids.txt", "bank-42 protective\nschool-7 family\n");
  EXPECT_EQ(check_list_file(ids, "client-ids").value_or("error"), ids + ": 2 IDs\n");
  std::remove(ids.c_str());
  for (const auto& p : {domains, rpz, nets, broken}) std::remove(p.c_str());
}

TEST(ListCheck, EverySourceOfAConfig) {
  policy::PolicySpec spec;
  std::string malware = temp("malware.txt", "evil.test\n");
  std::string nets = temp("isp.txt", "100.64.0.0/10\n");
  spec.lists = {{"malware", malware, policy::ListFormat::kDomains, policy::Category::kMalware}};
  spec.profiles = {policy::ProfileSpec{"protective", {{"malware"}}, {}, {}, {}}};
  std::string ids = temp("ids.txt", "bank-42 protective\n");
  spec.tenants = {policy::TenantSpec{"gov", {*policy::IpNet::parse("10.0.0.0/8")}, "protective"},
                  policy::TenantSpec{"isp", {}, "protective", nets}};
  spec.client_id_files = {policy::ClientIdFileSpec{"org.dns.test", ids}};
  EXPECT_EQ(check_policy_sources(spec).value_or("error"), "list malware: 1 rule (domains), " + malware +
                                                              "\ntenant isp: 1 network from " + nets +
                                                              "\nclient IDs of org.dns.test: 1 ID from " + ids + "\n");
  std::ofstream(ids) << "bank-42 kids\n";
  auto unknown = check_policy_sources(spec);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "client ID file 'org.dns.test': " + ids + ":1: no profile named 'kids'");
  std::ofstream(ids) << "bank-42 protective\n";
  std::ofstream(nets) << "100.64.0.1/10\n";
  auto r = check_policy_sources(spec);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "tenant 'isp': networks_file: " + nets +
                                   ":1: '100.64.0.1/10' has host bits set; did you mean '100.64.0.0/10'?");
  std::remove(malware.c_str());
  std::remove(nets.c_str());
  std::remove(ids.c_str());
}

TEST(ListCheck, FedListsNotYetFetchedAreEmptyNotErrors) {
  PolicyConfig config;
  std::string malware = temp("m2.txt", "evil.test\n");
  std::string fetched = ::testing::TempDir() + "/list_check_test_never_fetched.txt";
  std::string transferred = ::testing::TempDir() + "/list_check_test_never_transferred.rpz";
  std::string plain = ::testing::TempDir() + "/list_check_test_no_such_file.txt";
  config.spec.lists = {{"malware", malware, policy::ListFormat::kDomains, policy::Category::kMalware},
                       {"c2", fetched, policy::ListFormat::kAdblock, policy::Category::kC2},
                       {"rpz", transferred, policy::ListFormat::kRpz, policy::Category::kMalware}};
  config.spec.profiles = {policy::ProfileSpec{"protective", {{"malware"}, {"c2"}, {"rpz"}}, {}, {}, {}}};
  intel::FetchSource src;
  src.url = "https://cert.example/c2.txt";
  config.fetch = {{"c2", src}};
  intel::XfrSource xfr;
  xfr.zone = *dns::Name::from_text("rpz.example.");
  config.xfr = {{"rpz", xfr}};
  EXPECT_EQ(check_policy_sources(config).value_or("error"), "list c2: not fetched yet: " + fetched +
                                                                " does not exist; empty until its first version\n"
                                                                "list rpz: not transferred yet: " +
                                                                transferred +
                                                                " does not exist; empty until its first version\n"
                                                                "list malware: 1 rule (domains), " +
                                                                malware + "\n");
  EXPECT_FALSE(std::filesystem::exists(fetched)) << "nothing written where the daemon keeps the list";
  config.spec.lists[0].path = plain;  // a plain list's missing file is an error, as at start
  EXPECT_FALSE(check_policy_sources(config));
  std::remove(malware.c_str());
}

}  // namespace
}  // namespace dns4eu::daemon
