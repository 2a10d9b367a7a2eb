// config_policy_test.cc — the `policy:` config section: references, names,
// actions and listener flavours, each error with file:line:column.
#include <gtest/gtest.h>

#include <fstream>

#include "daemon/config.h"

namespace dns4eu::daemon {
namespace {

std::string load_error(std::string_view text) {
  auto c = load_config_string(text, "t.yaml");
  return c ? "(loaded)" : c.error().message;
}

constexpr std::string_view kLists =
    "policy:\n"
    "  lists:\n"
    "    malware: {file: m.txt, category: malware}\n";

TEST(ConfigPolicy, References) {
  EXPECT_EQ(load_error(std::string(kLists) + "  profiles:\n    p: {lists: [malwar]}\n"),
            "t.yaml:5:17: policy.profiles.p.lists[0]: no list named 'malwar' in policy.lists");
  EXPECT_EQ(load_error(std::string(kLists) + "  profiles:\n    p: {lists: [malware], allow: [x]}\n"),
            "t.yaml:5:35: policy.profiles.p.allow[0]: no list named 'x' in policy.lists");
  EXPECT_EQ(load_error(std::string(kLists) + "  tenants:\n    t: {networks: [10.0.0.0/8], profile: kids}\n"),
            "t.yaml:5:42: policy.tenants.t.profile: no profile named 'kids' in policy.profiles (or 'plain')");
  EXPECT_EQ(load_error(std::string(kLists) + "  server_names:\n    a.test: nope\n"),
            "t.yaml:5:13: policy.server_names.a.test: no profile named 'nope' in policy.profiles (or 'plain')");
}

TEST(ConfigPolicy, TenantNetworksFile) {
  std::string text =
      "policy:\n  tenants:\n"
      "    isp-a: {networks_file: tenants/isp-a.txt, profile: plain}\n"
      "    gov: {networks: [10.1.0.0/16], networks_file: /var/lib/dns4eu/gov.txt, profile: plain}\n";
  auto c = load_config_string(text, "t.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_EQ(c->policy.spec.tenants.size(), 2u);
  EXPECT_EQ(c->policy.spec.tenants[0].networks_file, "tenants/isp-a.txt");
  EXPECT_TRUE(c->policy.spec.tenants[0].networks.empty());
  EXPECT_EQ(c->policy.spec.tenants[1].networks.size(), 1u);
  auto again = load_config_string(format_config(*c), "t.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message << "\n" << format_config(*c);
  EXPECT_EQ(again->policy, c->policy);
  // A relative file is relative to the config file's directory, like a list's.
  std::string path = ::testing::TempDir() + "/config_policy_test.yaml";
  std::ofstream(path) << text;
  auto from_file = load_config_file(path);
  ASSERT_TRUE(from_file.has_value()) << from_file.error().message;
  EXPECT_EQ(from_file->policy.spec.tenants[0].networks_file, ::testing::TempDir() + "/tenants/isp-a.txt");
  EXPECT_EQ(from_file->policy.spec.tenants[1].networks_file, "/var/lib/dns4eu/gov.txt");
  EXPECT_EQ(load_error("policy:\n  tenants:\n    t: {profile: plain}\n"),
            "t.yaml:3:8: policy.tenants.t: missing required key 'networks' (or 'networks_file')");
  EXPECT_EQ(load_error("policy:\n  tenants:\n    t: {networks_file: '', profile: plain}\n"),
            "t.yaml:3:24: policy.tenants.t.networks_file: a file name is required");
}

TEST(ConfigPolicy, ClientIdFiles) {
  std::string text =
      "policy:\n  client_id_files:\n    Org.Example.: ids/org.txt\n    gov.example: /etc/dns4eu/gov-ids.txt\n";
  auto c = load_config_string(text, "t.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  ASSERT_EQ(c->policy.spec.client_id_files.size(), 2u);
  EXPECT_EQ(c->policy.spec.client_id_files[0], (policy::ClientIdFileSpec{"org.example", "ids/org.txt"}));
  auto again = load_config_string(format_config(*c), "t.yaml");
  ASSERT_TRUE(again.has_value()) << again.error().message << "\n" << format_config(*c);
  EXPECT_EQ(again->policy, c->policy);
  std::string path = ::testing::TempDir() + "/config_policy_ids_test.yaml";
  std::ofstream(path) << text;
  auto from_file = load_config_file(path);
  ASSERT_TRUE(from_file.has_value()) << from_file.error().message;
  EXPECT_EQ(from_file->policy.spec.client_id_files[0].path, ::testing::TempDir() + "/ids/org.txt");
  EXPECT_EQ(from_file->policy.spec.client_id_files[1].path, "/etc/dns4eu/gov-ids.txt");
  EXPECT_EQ(load_error("policy:\n  client_id_files:\n    a..b: x.txt\n    c.test: ''\n    C.test: y.txt\n"),
            "t.yaml:3:5: policy.client_id_files.a..b: not a domain name: 'a..b'\n"
            "t.yaml:4:13: policy.client_id_files.c.test: a file name is required\n"
            "t.yaml:5:5: policy.client_id_files.C.test: domain 'c.test' is given twice (case-insensitive)");
}

TEST(ConfigPolicy, ClientIds) {
  EXPECT_EQ(load_error("policy:\n  client_ids:\n    org.test:\n      a1: nope\n"),
            "t.yaml:4:11: policy.client_ids.org.test.a1: no profile named 'nope' in policy.profiles (or 'plain')");
  EXPECT_EQ(load_error("policy:\n  client_ids:\n    org.test:\n      a.b: plain\n      -x: plain\n"),
            "t.yaml:4:7: policy.client_ids.org.test.a.b: a client ID is one label of a-z, 0-9 and '-' (not first or "
            "last, at most 63), got 'a.b'\n"
            "t.yaml:5:7: policy.client_ids.org.test.-x: a client ID is one label of a-z, 0-9 and '-' (not first or "
            "last, at most 63), got '-x'");
  EXPECT_EQ(load_error("policy:\n  client_ids:\n    org..test: {a: plain}\n"),
            "t.yaml:3:5: policy.client_ids.org..test: not a domain name: 'org..test'");
  EXPECT_EQ(load_error("policy:\n  server_names:\n    a.org.test: plain\n  client_ids:\n    org.test: {A: plain}\n"),
            "t.yaml:5:16: policy.client_ids.org.test.A: 'a.org.test' is given twice (a server name, or a client ID "
            "again; case-insensitive)");
  EXPECT_EQ(load_error("policy:\n  client_ids:\n    org.test: {a: plain}\n    ORG.test: {b: plain}\n"),
            "t.yaml:4:5: policy.client_ids.ORG.test: domain 'org.test' is given twice (case-insensitive)");
  EXPECT_EQ(load_error("policy:\n  client_ids:\n    org.test: {a: plain, A: plain}\n"),
            "t.yaml:3:26: policy.client_ids.org.test.A: 'a.org.test' is given twice (a server name, or a client ID "
            "again; case-insensitive)");
  EXPECT_EQ(load_error("policy:\n  server_names:\n    a.test: plain\n    A.test.: plain\n"),
            "t.yaml:4:5: policy.server_names.A.test.: server name 'a.test' is given twice (server names are "
            "case-insensitive)");
  EXPECT_EQ(load_error("policy:\n  client_ids:\n    org.test: {a-1: plain, b2: plain}\n"), "(loaded)");
}

TEST(ConfigPolicy, ListsNeedFileAndCategory) {
  EXPECT_EQ(load_error("policy:\n  lists:\n    m: {format: hosts}\n"),
            "t.yaml:3:8: policy.lists.m: missing required key 'file'\n"
            "t.yaml:3:8: policy.lists.m: missing required key 'category'");
  EXPECT_EQ(load_error("policy:\n  lists:\n    m: {file: a, format: csv, category: malware}\n"),
            "t.yaml:3:26: policy.lists.m.format: expected one of domains, hosts, adblock, rpz, misp, got 'csv'");
  EXPECT_EQ(load_error("policy:\n  lists:\n    Mal: {file: a, category: malware}\n"),
            "t.yaml:3:5: policy.lists.Mal: list names use a-z, 0-9, '-' and '_' (at most 63), got 'Mal'");
}

TEST(ConfigPolicy, ActionsAndSinkhole) {
  EXPECT_EQ(load_error(std::string(kLists) + "  profiles:\n    p: {lists: [{list: malware, action: block}]}\n")
                .substr(0, 50),
            "t.yaml:5:41: policy.profiles.p.lists[0].action: ex");
  EXPECT_EQ(load_error(std::string(kLists) + "  profiles:\n    p: {lists: [{list: malware, action: sinkhole}]}\n"),
            "t.yaml:5:8: policy.profiles.p: action sinkhole needs sinkhole.a and/or sinkhole.aaaa");
  auto dry = load_config_string(std::string(kLists) + "  profiles:\n    p: {lists: [{list: malware, action: log}]}\n");
  ASSERT_TRUE(dry.has_value()) << dry.error().message;
  EXPECT_EQ(dry->policy.spec.profiles[0].lists[0].action, policy::ProfileAction::kLog);
  EXPECT_NE(format_config(*dry).find("{list: malware, action: log}"), std::string::npos) << format_config(*dry);
  EXPECT_EQ(load_error(std::string(kLists) + "  profiles:\n    plain: {lists: [malware]}\n"),
            "t.yaml:5:5: policy.profiles.plain: 'plain' is the built-in unfiltered profile and cannot be redefined");
}

TEST(ConfigPolicy, ListenerFlavoursMustBeProfiles) {
  std::string text = "listeners:\n  - {address: 127.0.0.1, transport: udp, flavour: kids}\n" + std::string(kLists) +
                     "  profiles:\n    protective: {lists: [malware]}\n";
  EXPECT_EQ(load_error(text),
            "t.yaml:4:3: policy: listeners[0] (t.yaml:2:5) has flavour 'kids', which is not a profile here (nor 'plain')");
  auto without_policy = load_config_string("listeners:\n  - {address: 127.0.0.1, transport: udp, flavour: kids}\n", "t.yaml");
  ASSERT_TRUE(without_policy.has_value());
  ASSERT_EQ(without_policy->warnings.size(), 1u);
  EXPECT_EQ(without_policy->warnings[0],
            "listener 127.0.0.1:53 has flavour 'kids' but no policy profile defines it: served unfiltered");
}

TEST(ConfigPolicy, RelativeListPathsFollowTheConfigFile) {
  std::string dir = ::testing::TempDir();
  if (dir.back() != '/') dir += '/';
  std::string path = dir + "policy_paths.yaml";
  {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("policy:\n  lists:\n    a: {file: lists/a.txt, category: ads}\n    b: {file: /abs/b.txt, category: ads}\n", f);
    std::fclose(f);
  }
  auto c = load_config_file(path);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->policy.spec.lists[0].path, dir + "lists/a.txt");
  EXPECT_EQ(c->policy.spec.lists[1].path, "/abs/b.txt");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dns4eu::daemon
