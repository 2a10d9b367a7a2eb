// config_policy_fetch_test.cc — a policy list's `fetch:` source: values,
// defaults, errors with file:line:column (https only, header names and
// values, not with xfr) and format_config round-tripping it.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace dns4eu::daemon {
namespace {

constexpr std::string_view kFetch =
    "policy:\n"
    "  lists:\n"
    "    c2:\n"
    "      file: /var/lib/dns4eu/c2.txt\n"
    "      category: c2\n"
    "      fetch:\n"
    "        url: \"https://cert.example:8443/feeds/c2.txt?key=s3cret\"\n"
    "        headers: {Authorization: \"Bearer abc\", X-Feed: 'one two'}\n"
    "        ca_file: cert-ca.pem\n"
    "        interval: 15m\n"
    "        max_size: 64MiB\n";

TEST(ConfigPolicyFetch, ReadsEveryKeyWithDefaults) {
  auto c = load_config_string(kFetch, "/etc/dns4eu/t.yaml");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->policy.fetch.size(), 1u);
  const auto& f = c->policy.fetch[0];
  EXPECT_EQ(f.list, "c2");
  EXPECT_EQ(f.source.url, "https://cert.example:8443/feeds/c2.txt?key=s3cret");
  ASSERT_EQ(f.source.headers.size(), 2u);
  EXPECT_EQ(f.source.headers[0], (std::pair<std::string, std::string>{"Authorization", "Bearer abc"}));
  EXPECT_EQ(f.source.headers[1], (std::pair<std::string, std::string>{"X-Feed", "one two"}));
  EXPECT_EQ(f.source.ca_file, "cert-ca.pem");  // load_config_file makes it relative to the config file
  EXPECT_EQ(f.source.interval, std::chrono::seconds(900));
  EXPECT_EQ(f.source.retry, std::chrono::seconds(60));
  EXPECT_EQ(f.source.timeout, std::chrono::seconds(120));
  EXPECT_EQ(f.source.max_size, uint64_t{64} << 20);
  EXPECT_TRUE(c->policy.xfr.empty());
}

TEST(ConfigPolicyFetch, RoundTrips) {
  std::string with_body = std::string(kFetch) + "        body: '{\"type\": [\"domain\"], \"to_ids\": 1}'\n";
  auto b = load_config_string(with_body, "t.yaml");
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->policy.fetch[0].source.body, "{\"type\": [\"domain\"], \"to_ids\": 1}");
  auto b2 = load_config_string(format_config(*b), "f.yaml");
  ASSERT_TRUE(b2) << b2.error().message;
  EXPECT_EQ(b2->policy, b->policy);
  auto c = load_config_string(kFetch, "t.yaml");
  ASSERT_TRUE(c);
  std::string text = format_config(*c);
  auto again = load_config_string(text, "f.yaml");
  ASSERT_TRUE(again) << again.error().message << "\n" << text;
  EXPECT_EQ(again->policy, c->policy) << text;
}

TEST(ConfigPolicyFetch, Errors) {
  auto err = [](std::string_view text) {
    auto c = load_config_string(text, "t.yaml");
    return c ? std::string("(loaded)") : c.error().message;
  };
  const std::string head = "policy:\n  lists:\n    r: {file: a, category: malware, fetch: ";
  EXPECT_EQ(err(head + "{url: \"http://feeds.example/a.txt\"}}\n"),
            "t.yaml:3:50: policy.lists.r.fetch.url: lists are fetched over https only, got 'http'");
  EXPECT_EQ(err(head + "{url: feeds.example}}\n"),
            "t.yaml:3:50: policy.lists.r.fetch.url: expected a URL such as https://feeds.example/list.txt, got "
            "'feeds.example'");
  EXPECT_EQ(err(head + "{interval: 1h}}\n"), "t.yaml:3:44: policy.lists.r.fetch: missing required key 'url'");
  EXPECT_EQ(err(head + "{url: \"https://f.example/\", headers: {\"Bad Name\": x}}}\n"),
            "t.yaml:3:82: policy.lists.r.fetch.headers.Bad Name: 'Bad Name' is not an HTTP header name");
  EXPECT_EQ(err(head + "{url: \"https://f.example/\", headers: {X-Key: \"a\\r\\nHost: evil\"}}}\n"),
            "t.yaml:3:89: policy.lists.r.fetch.headers.X-Key: a header value is one line");
  EXPECT_EQ(err(head + "{url: \"https://f.example/\", interval: 1s}}\n"),
            "t.yaml:3:82: policy.lists.r.fetch.interval: 1s is out of range 10s..7d");
  EXPECT_EQ(err(head + "{url: \"https://f.example/\", body: \"\"}}\n"),
            "t.yaml:3:78: policy.lists.r.fetch.body: an empty body: leave 'body' out for a GET");
  EXPECT_EQ(err("policy:\n  lists:\n    r: {file: a, format: rpz, category: malware, xfr: {primaries: [192.0.2.1], "
                "zone: z.}, fetch: {url: \"https://f.example/\"}}\n"),
            "t.yaml:3:98: policy.lists.r.fetch: a list is fed by zone transfer or fetched, not both");
}

}  // namespace
}  // namespace dns4eu::daemon
