// test_policy.h — for daemon tests: a `policy:` config section whose two
// lists are written to gtest's TempDir, so tests of the views and of the
// explain API build a real snapshot from one known policy:
//   lists    malware (evil.test, malware.test), adult (adult.test)
//   profiles protective [malware], child [malware, adult]
//   tenant   school: 10.9.0.0/16 -> child
//   server name protective.dns.test -> protective
//   client ID  ministry-7f3a.org.dns.test -> child
//
//   auto c = load_config_string("listeners:\n  - {...}\n" + test_policy_yaml(), "t.yaml");
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace dns4eu::daemon::test {

inline std::string test_policy_yaml() {
  std::string dir = ::testing::TempDir();
  if (dir.back() != '/') dir += '/';
  std::ofstream(dir + "test_policy_malware.txt") << "evil.test\nmalware.test\n";
  std::ofstream(dir + "test_policy_adult.txt") << "adult.test\n";
  return "policy:\n"
         "  lists:\n"
         "    malware: {file: " + dir + "test_policy_malware.txt, category: malware}\n"
         "    adult: {file: " + dir + "test_policy_adult.txt, category: adult}\n"
         "  profiles:\n"
         "    protective: {lists: [malware]}\n"
         "    child: {lists: [malware, adult]}\n"
         "  tenants:\n"
         "    school: {networks: [10.9.0.0/16], profile: child}\n"
         "  server_names:\n"
         "    protective.dns.test: protective\n"
         "  client_ids:\n"
         "    org.dns.test: {ministry-7f3a: child}\n";
}

}  // namespace dns4eu::daemon::test
