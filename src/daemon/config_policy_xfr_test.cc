// config_policy_xfr_test.cc — a policy list's `xfr:` source: values, defaults,
// errors with file:line:column, and format_config round-tripping it.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace dns4eu::daemon {
namespace {

constexpr std::string_view kXfr =
    "policy:\n"
    "  lists:\n"
    "    rpz:\n"
    "      file: /var/lib/dns4eu/rpz.zone\n"
    "      format: rpz\n"
    "      category: malware\n"
    "      xfr:\n"
    "        primaries: [192.0.2.53, 2001:db8::53]\n"
    "        port: 5353\n"
    "        zone: RPZ.Example\n"
    "        tsig: {name: xfr-key, algorithm: hmac-sha512, secret: \"c2VjcmV0LXNlY3JldA==\"}\n"
    "        refresh_min: 30s\n"
    "        retry_max: 10m\n";

TEST(ConfigPolicyXfr, ReadsEveryKey) {
  auto c = load_config_string(kXfr, "t.yaml");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->policy.xfr.size(), 1u);
  const auto& x = c->policy.xfr[0];
  EXPECT_EQ(x.list, "rpz");
  ASSERT_EQ(x.source.primaries.size(), 2u);
  EXPECT_EQ(x.source.primaries[0].address, "192.0.2.53");
  EXPECT_EQ(x.source.primaries[1].address, "2001:db8::53");
  EXPECT_EQ(x.source.primaries[1].port, 5353);
  EXPECT_EQ(x.source.zone.to_text(), "rpz.example.");
  ASSERT_TRUE(x.source.tsig);
  EXPECT_EQ(x.source.tsig->name.to_text(), "xfr-key.");
  EXPECT_EQ(x.source.tsig->algorithm, intel::TsigAlgorithm::kHmacSha512);
  EXPECT_EQ(std::string(x.source.tsig->secret.begin(), x.source.tsig->secret.end()), "secret-secret");
  EXPECT_EQ(x.source.refresh_min, std::chrono::seconds(30));
  EXPECT_EQ(x.source.refresh_max, std::chrono::seconds(86400));
  EXPECT_EQ(x.source.retry_max, std::chrono::seconds(600));
}

TEST(ConfigPolicyXfr, RoundTrips) {
  auto c = load_config_string(kXfr, "t.yaml");
  ASSERT_TRUE(c);
  std::string text = format_config(*c);
  auto again = load_config_string(text, "f.yaml");
  ASSERT_TRUE(again) << again.error().message << "\n" << text;
  EXPECT_EQ(again->policy, c->policy) << text;
}

TEST(ConfigPolicyXfr, Errors) {
  auto err = [](std::string_view text) {
    auto c = load_config_string(text, "t.yaml");
    return c ? std::string("(loaded)") : c.error().message;
  };
  EXPECT_EQ(err("policy:\n  lists:\n    r: {file: a, category: malware, xfr: {primaries: [192.0.2.1], zone: z.}}\n"),
            "t.yaml:3:42: policy.lists.r.xfr: a list fed by zone transfer has format rpz");
  EXPECT_EQ(err("policy:\n  lists:\n    r: {file: a, format: rpz, category: malware, xfr: {zone: z.}}\n"),
            "t.yaml:3:55: policy.lists.r.xfr: missing required key 'primaries'");
  EXPECT_EQ(err("policy:\n  lists:\n    r: {file: a, format: rpz, category: malware, xfr: {primaries: [192.0.2.1], zone: z., "
                "tsig: {name: k, secret: \"!!\"}}}\n"),
            "t.yaml:3:114: policy.lists.r.xfr.tsig.secret: expected the key's secret in base64");
}

}  // namespace
}  // namespace dns4eu::daemon
