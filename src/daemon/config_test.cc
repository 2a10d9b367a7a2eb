#include "daemon/config.h"
#include "daemon/runtime.h"

#include <algorithm>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace dns4eu::daemon {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Config load_ok(std::string_view text) {
  auto c = load_config_string(text, "t.yaml");
  EXPECT_TRUE(c.has_value()) << c.error().message;
  return c.value_or(Config{});
}

std::string load_error(std::string_view text) {
  auto c = load_config_string(text, "t.yaml");
  if (c) return "(loaded)";
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  return c.error().message;
}

IpAddress A(std::string_view s) { return IpAddress::parse(s).value(); }

bool allowed(const Config& c, std::string_view address) {
  IpAddress a = A(address);
  for (const IpPrefix& p : c.access.refuse) {
    if (p.contains(a)) return false;
  }
  for (const IpPrefix& p : c.access.allow) {
    if (p.contains(a)) return true;
  }
  return false;
}

Config without_origins(Config c) {
  for (Listener& l : c.listeners) l.origin.clear();
  c.warnings.clear();
  return c;
}

TEST(Config, EmptyFileGivesDefaults) {
  for (const char* text : {"", "\n", "# only a comment\n", "---\n", "~\n"}) {
    Config c = load_ok(text);
    EXPECT_EQ(c, Config{}) << "for '" << text << "'";
  }
}

TEST(Config, DefaultsMakeALoopbackOnlyResolver) {
  Config c = load_ok("");
  ASSERT_EQ(c.listeners.size(), 4u);
  for (const Listener& l : c.listeners) {
    EXPECT_TRUE(l.address.is_loopback()) << l.address.to_string();
    EXPECT_EQ(l.port, 53);
    EXPECT_TRUE(is_served(l.transport));
  }
  EXPECT_EQ(c.listeners[0].address.to_string(), "127.0.0.1");
  EXPECT_EQ(c.listeners[1].transport, Transport::kTcp);
  EXPECT_EQ(c.listeners[2].address.to_string(), "::1");
  for (const char* a : {"127.0.0.1", "::1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "fd12::1", "fe80::1",
                        "::ffff:192.168.1.1"}) {
    EXPECT_TRUE(allowed(c, a)) << a;
  }
  for (const char* a : {"8.8.8.8", "192.0.2.1", "2001:db8::1", "100.64.0.1", "::ffff:8.8.8.8", "172.32.0.1"}) {
    EXPECT_FALSE(allowed(c, a)) << a;
  }
  EXPECT_FALSE(c.upstream.allow_loopback_servers);
  EXPECT_FALSE(c.upstream.allow_private_servers);
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_FALSE(c.management.has_value());
  EXPECT_EQ(c.resolver.edns_buffer_size, 1232);
  EXPECT_TRUE(c.resolver.qname_minimisation);
  EXPECT_EQ(c.resolver.root_hints, "");
  EXPECT_EQ(c.limits.max_cname_chain, 12u);
  EXPECT_EQ(c.cache.max_ttl, seconds(86400));
  EXPECT_EQ(c.cache.negative_max_ttl, seconds(10800));
  EXPECT_EQ(c.workers, 0u);
  EXPECT_GE(c.effective_workers(), 1u);
}

constexpr const char* kFull = R"(# every section
server:
  workers: 4
  profile: telco
listeners:
  - address: 192.0.2.1
    transport: udp
    flavour: protective
  - address: 2001:db8::53
    port: 5353
    transport: tcp
  - address: 192.0.2.1
    transport: dot
    tls: {certificate: /etc/dns4eu/cert.pem, key: /etc/dns4eu/key.pem}
  - address: 192.0.2.1
    transport: doh
    tls:
      certificate: c.pem
      key: k.pem
    paths:
      - /dns-query
      - {path: /family, flavour: adult-block}
  - address: ::ffff:192.0.2.9
    transport: doq
    tls: {certificate: c.pem, key: k.pem}
  - {address: 192.0.2.8, transport: dot, tls: {certificate: c.pem, key: k.pem}, proxy_protocol: [10.0.0.0/29, 10.1.0.1]}
access:
  allow: [192.0.2.0/24, 2001:db8::/32]
  refuse: [192.0.2.128/25]
upstream:
  ipv4: true
  ipv6: false
  source_v4: [192.0.2.10, 192.0.2.11]
  allow_loopback_servers: yes
  allow_private_servers: on
  deny: [198.51.100.0/24]
  timeout: {initial: 300ms, min: 20ms, max: 5s}
cache:
  size: 1G
  answer_cache_size: 0
  min_ttl: 5s
  max_ttl: 2d
  negative_max_ttl: 1h
serve_stale:
  enabled: true
  max_stale_ttl: 3d
  client_timeout: 1800ms
resolver:
  root_hints: /usr/share/dns/root.hints
  qname_minimisation: false
  edns_buffer_size: 1400
limits:
  max_upstream_queries: 64
  max_resolution_time: 1500ms
  max_cname_chain: 8
  max_glueless_ns: 4
  max_concurrent_resolutions: 50000
tcp:
  idle_timeout: 30s
  max_connections: 100
  max_connections_per_client: 16
  handshake_timeout: 3s
discovery:
  name: dns.example.eu
  ttl: 600
local_zones:
  home.arpa: transparent
  corp.example.: static
  Bad.Example: refuse
logging:
  level: debug
  target: stderr
management:
  address: 127.0.0.1
  port: 9053
policy:
  watch_interval: 10s
  block_ttl: 60s
  lists:
    malware: {file: /var/lib/dns4eu/malware.txt, format: domains, category: malware}
    adult: {file: adult.hosts, format: hosts, category: adult}
    gov: {file: gov.txt, category: allow}
  profiles:
    protective: {lists: [malware], allow: [gov]}
    adult-block:
      lists: [malware, {list: adult, action: sinkhole}]
      sinkhole: {a: 192.0.2.80, aaaa: "2001:db8::80"}
  tenants:
    ministry: {networks: [10.1.0.0/16], profile: protective}
  server_names:
    Family.DNS4EU.test.: adult-block
  client_ids:
    Org.DNS4EU.test:
      ministry-7f3a: protective
      School-19: adult-block
)";

TEST(Config, FullConfig) {
  Config c = load_ok(kFull);
  EXPECT_EQ(c.workers, 4u);
  EXPECT_EQ(c.effective_workers(), 4u);
  EXPECT_EQ(c.profile, PrivacyProfile::kTelco);
  ASSERT_EQ(c.listeners.size(), 6u);
  EXPECT_EQ(c.listeners[0].flavour, "protective");
  EXPECT_EQ(c.listeners[0].origin, "t.yaml:6:5");
  EXPECT_EQ(c.listeners[1].address.to_string(), "2001:db8::53");
  EXPECT_EQ(c.listeners[1].port, 5353);
  EXPECT_EQ(c.listeners[1].flavour, "plain");
  EXPECT_EQ(c.listeners[2].port, 853);
  EXPECT_EQ(c.listeners[2].tls_certificate, "/etc/dns4eu/cert.pem");
  EXPECT_EQ(c.listeners[2].tls_key, "/etc/dns4eu/key.pem");
  EXPECT_TRUE(is_served(c.listeners[2].transport));
  EXPECT_TRUE(is_served(c.listeners[4].transport));
  EXPECT_EQ(c.listeners[3].port, 443);
  ASSERT_EQ(c.listeners[3].doh_paths.size(), 2u);
  EXPECT_EQ(c.listeners[3].doh_paths[0], (DohPath{"/dns-query", ""}));
  EXPECT_EQ(c.listeners[3].doh_paths[1], (DohPath{"/family", "adult-block"}));
  EXPECT_EQ(c.listeners[4].transport, Transport::kDoq);
  EXPECT_EQ(c.listeners[4].port, 853);
  EXPECT_TRUE(allowed(c, "192.0.2.5"));
  EXPECT_FALSE(allowed(c, "192.0.2.200"));
  EXPECT_FALSE(allowed(c, "127.0.0.1"));  // the list replaces the defaults
  EXPECT_TRUE(allowed(c, "2001:db8::7"));
  EXPECT_FALSE(c.upstream.ipv6);
  ASSERT_EQ(c.upstream.source_v4.size(), 2u);
  EXPECT_EQ(c.upstream.source_v4[1].to_string(), "192.0.2.11");
  EXPECT_TRUE(c.upstream.allow_loopback_servers);
  EXPECT_TRUE(c.upstream.allow_private_servers);
  EXPECT_EQ(c.upstream.deny.at(0).to_string(), "198.51.100.0/24");
  EXPECT_EQ(c.upstream.timeout.initial, milliseconds(300));
  EXPECT_EQ(c.upstream.timeout.min, milliseconds(20));
  EXPECT_EQ(c.upstream.timeout.max, milliseconds(5000));
  EXPECT_EQ(c.cache.size, 1ull << 30);
  EXPECT_EQ(c.cache.answer_cache_size, 0u);
  EXPECT_EQ(c.cache.min_ttl, seconds(5));
  EXPECT_EQ(c.cache.max_ttl, seconds(2 * 86400));
  EXPECT_EQ(c.cache.negative_max_ttl, seconds(3600));
  EXPECT_TRUE(c.serve_stale.enabled);
  EXPECT_EQ(c.serve_stale.max_stale_ttl, seconds(3 * 86400));
  EXPECT_EQ(c.serve_stale.client_timeout, milliseconds(1800));
  EXPECT_EQ(c.resolver.root_hints, "/usr/share/dns/root.hints");
  EXPECT_FALSE(c.resolver.qname_minimisation);
  EXPECT_EQ(c.resolver.edns_buffer_size, 1400);
  EXPECT_EQ(c.limits.max_upstream_queries, 64u);
  EXPECT_EQ(c.limits.max_resolution_time, milliseconds(1500));
  EXPECT_EQ(c.limits.max_cname_chain, 8u);
  EXPECT_EQ(c.limits.max_glueless_ns, 4u);
  EXPECT_EQ(c.limits.max_concurrent_resolutions, 50000u);
  EXPECT_EQ(c.tcp.idle_timeout, milliseconds(30000));
  EXPECT_EQ(c.tcp.max_connections, 100u);
  ASSERT_EQ(c.local_zones.size(), 3u);
  EXPECT_EQ(c.local_zones[0].name.to_text(), "home.arpa.");
  EXPECT_EQ(c.local_zones[0].action, LocalZoneAction::kTransparent);
  EXPECT_EQ(c.local_zones[1].action, LocalZoneAction::kStatic);
  EXPECT_EQ(c.local_zones[2].name.to_text(), "Bad.Example.");
  EXPECT_EQ(c.local_zones[2].action, LocalZoneAction::kRefuse);
  EXPECT_EQ(c.logging.level, LogLevel::kDebug);
  ASSERT_TRUE(c.management.has_value());
  EXPECT_EQ(c.management->address.to_string(), "127.0.0.1");
  EXPECT_EQ(c.management->port, 9053);
  const auto& pol = c.policy.spec;
  EXPECT_EQ(c.policy.watch_interval, seconds(10));
  EXPECT_EQ(pol.ttl, 60u);
  ASSERT_EQ(pol.lists.size(), 3u);
  EXPECT_EQ(pol.lists[1].name, "adult");
  EXPECT_EQ(pol.lists[1].path, "adult.hosts");
  EXPECT_EQ(pol.lists[1].format, policy::ListFormat::kHosts);
  EXPECT_EQ(pol.lists[1].category, policy::Category::kAdult);
  EXPECT_EQ(pol.lists[2].format, policy::ListFormat::kDomains);
  ASSERT_EQ(pol.profiles.size(), 2u);
  EXPECT_EQ(pol.profiles[0].allow, std::vector<std::string>{"gov"});
  ASSERT_EQ(pol.profiles[1].lists.size(), 2u);
  EXPECT_EQ(pol.profiles[1].lists[1].action, policy::ProfileAction::kSinkhole);
  EXPECT_EQ(pol.profiles[1].sinkhole_v6->to_string(), "2001:db8::80");
  ASSERT_EQ(pol.tenants.size(), 1u);
  EXPECT_EQ(pol.tenants[0].networks[0].to_string(), "10.1.0.0/16");
  ASSERT_EQ(pol.server_names.size(), 1u);
  EXPECT_EQ(pol.server_names[0].name, "family.dns4eu.test");
  ASSERT_EQ(pol.client_ids.size(), 2u);
  EXPECT_EQ(pol.client_ids[1], (policy::ClientIdSpec{"org.dns4eu.test", "school-19", "adult-block"}));
  EXPECT_EQ(c.tcp.max_connections_per_client, 16u);
  EXPECT_EQ(c.tcp.handshake_timeout, std::chrono::milliseconds(3000));
  ASSERT_TRUE(c.discovery.has_value());
  EXPECT_EQ(c.discovery->name.to_text(), "dns.example.eu.");
  EXPECT_EQ(c.discovery->ttl, std::chrono::seconds(600));
  ASSERT_EQ(c.listeners.back().proxy_protocol.size(), 2u);
  EXPECT_EQ(c.listeners.back().proxy_protocol[1].to_string(), "10.1.0.1/32");
  EXPECT_TRUE(c.warnings.empty());
}

TEST(Config, FormatRoundTrips) {
  Config full = load_ok(kFull);
  std::string text = format_config(full);
  EXPECT_EQ(without_origins(load_ok(text)), without_origins(full)) << text;
  EXPECT_EQ(without_origins(load_ok(describe_defaults())), Config{}) << describe_defaults();
}

TEST(Config, FormatRoundTripsStringsWithControlCharacters) {
  // A plain scalar folded over lines, tabs and quotes (found by config_fuzz).
  Config c = load_ok("resolver:\n  root_hints: \"/a b\\n\\tc\\\"d\\\\e\\x01\"\n");
  ASSERT_EQ(c.resolver.root_hints, std::string("/a b\n\tc\"d\\e\x01"));
  std::string text = format_config(c);
  EXPECT_EQ(load_ok(text).resolver.root_hints, c.resolver.root_hints) << text;
}

TEST(Config, ShippedFilesLoad) {
  namespace fs = std::filesystem;
  fs::path etc = fs::path(DNS4EU_SOURCE_DIR) / "etc";
  auto main = load_config_file((etc / "dns4eud.yaml").string());
  ASSERT_TRUE(main.has_value()) << main.error().message;
  std::vector<std::string> flavours;
  for (const auto& l : main->listeners)
    if (std::find(flavours.begin(), flavours.end(), l.flavour) == flavours.end()) flavours.push_back(l.flavour);
  EXPECT_EQ(flavours, (std::vector<std::string>{"plain", "protective", "child", "noads", "child-noads"}));
  EXPECT_EQ(main->policy.spec.profiles.size(), 4u);
  auto policy = policy::Policy::build(main->policy.spec, nullptr, nullptr);
  EXPECT_TRUE(policy.has_value()) << policy.error().message;
  EXPECT_TRUE(main->warnings.empty());
  int examples = 0;
  for (const auto& entry : fs::directory_iterator(etc / "examples")) {
    auto c = load_config_file(entry.path().string());
    EXPECT_TRUE(c.has_value()) << c.error().message;
    ++examples;
  }
  EXPECT_GE(examples, 2);
}

TEST(Config, FileErrors) {
  auto missing = load_config_file("/nonexistent/dns4eud.yaml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
  EXPECT_EQ(missing.error().message, "/nonexistent/dns4eud.yaml: cannot open: No such file or directory");
  auto dir = load_config_file("/tmp");
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().message, "/tmp: is a directory");

  auto path = std::filesystem::temp_directory_path() / "dns4eu_config_test.yaml";
  std::ofstream(path) << "cache:\n  size: 1X\n";
  auto bad = load_config_file(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, path.string() +
                                     ":2:9: cache.size: '1X': unknown size unit 'X' (use B, KiB, MiB, GiB, TiB, K, M, "
                                     "G, T, kB, MB, GB or TB)");
}

TEST(Config, RefusesHugeFiles) {
  auto path = std::filesystem::temp_directory_path() / "dns4eu_config_huge.yaml";
  std::ofstream(path) << std::string((1 << 20) + 1, '#');
  auto c = load_config_file(path.string());
  std::filesystem::remove(path);
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kTooLong);
  EXPECT_EQ(c.error().message, path.string() + ": larger than 1 MiB; is this the right file?");
}

TEST(Config, Warnings) {
  Config c = load_ok("access:\n  allow: [0.0.0.0/0]\nupstream:\n  ipv6: false\n  source_v6: ['2001:db8::1']\n");
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[0], "access.allow admits every IPv4 client: this is an open resolver");
  EXPECT_EQ(c.warnings[1], "upstream.source_v6 is ignored because upstream.ipv6 is false");
  // ::/0 includes ::ffff:0:0/96, so it admits IPv4 clients too.
  c = load_ok("access:\n  allow: ['::/0']\n");
  ASSERT_EQ(c.warnings.size(), 2u);
  EXPECT_EQ(c.warnings[1], "access.allow admits every IPv6 client: this is an open resolver");
  c = load_ok("access:\n  allow: ['2000::/3', '::ffff:0:0/96']\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0], "access.allow admits every IPv4 client: this is an open resolver");
}

TEST(Config, WorkersAutoOrNumber) {
  EXPECT_EQ(load_ok("server: {workers: auto}").workers, 0u);
  EXPECT_EQ(load_ok("server: {workers: 16}").workers, 16u);
  EXPECT_EQ(load_error("server: {workers: many}"),
            "t.yaml:1:19: server.workers: expected 'auto' or a whole number, got 'many'");
  EXPECT_EQ(load_error("server: {workers: 0}"), "t.yaml:1:19: server.workers: 0 is out of range 1..1024");
}

}  // namespace
}  // namespace dns4eu::daemon

namespace dns4eu::daemon {
namespace {

TEST(ConfigDnssec, KeysAreRead) {
  Config c = load_config_string(
                 "dnssec:\n"
                 "  validation: true\n"
                 "  trust_anchor_file: /etc/dns4eu/anchors.key\n"
                 "  negative_trust_anchors: [broken.example., Other.Test]\n"
                 "  nsec3_max_iterations: 100\n"
                 "  max_verifications_per_query: 32\n"
                 "  max_signatures_per_rrset: 4\n"
                 "  max_keys_per_signature: 2\n"
                 "  bogus_ttl: 2m\n",
                 "t.yaml")
                 .value();
  EXPECT_EQ(c.dnssec.trust_anchor_file, "/etc/dns4eu/anchors.key");
  ASSERT_EQ(c.dnssec.negative_trust_anchors.size(), 2u);
  EXPECT_EQ(c.dnssec.negative_trust_anchors[1], *dns::Name::from_text("other.test."));
  EXPECT_EQ(c.dnssec.nsec3_max_iterations, 100u);
  EXPECT_EQ(c.dnssec.max_verifications_per_query, 32u);
  EXPECT_EQ(c.dnssec.bogus_ttl, std::chrono::seconds(120));
  auto again = load_config_string(format_config(c), "formatted");
  ASSERT_TRUE(again) << again.error().message;
  c.warnings.clear();
  again->warnings.clear();
  EXPECT_TRUE(again->dnssec == c.dnssec);
}

TEST(ConfigDnssec, MistakesSayWhere) {
  auto e = load_config_string("dnssec:\n  negative_trust_anchors: [ok.example., \"bad..name\"]\n", "t.yaml");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("t.yaml:2"), std::string::npos) << e.error().message;
  EXPECT_NE(e.error().message.find("not a domain name"), std::string::npos) << e.error().message;
  e = load_config_string("dnssec:\n  max_verifications_per_query: 0\n", "t.yaml");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("dnssec.max_verifications_per_query"), std::string::npos) << e.error().message;
  e = load_config_string("dnssec:\n  validaton: false\n", "t.yaml");
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("validation"), std::string::npos) << e.error().message;  // did you mean
}

TEST(ConfigDnssec, RuntimeLoadsTheAnchorFile) {
  Config c;
  c.dnssec.trust_anchor_file = "/nonexistent/anchors.key";
  auto rt = build_runtime(c, 1);
  ASSERT_FALSE(rt);
  EXPECT_NE(rt.error().message.find("dnssec.trust_anchor_file"), std::string::npos) << rt.error().message;
  c.dnssec.trust_anchor_file.clear();
  c.dnssec.negative_trust_anchors.push_back(*dns::Name::from_text("broken.example."));
  rt = build_runtime(c, 1);
  ASSERT_TRUE(rt) << rt.error().message;
  ASSERT_TRUE((*rt)->resolver.trust_anchors);
  EXPECT_TRUE((*rt)->resolver.trust_anchors->covers(*dns::Name::from_text("www.example.")));
  EXPECT_NE((*rt)->resolver.trust_anchors->negative_for(*dns::Name::from_text("a.broken.example.")), nullptr);
  c.dnssec.validation = false;
  rt = build_runtime(c, 1);
  ASSERT_TRUE(rt);
  EXPECT_FALSE((*rt)->resolver.trust_anchors);
}

}  // namespace
}  // namespace dns4eu::daemon

namespace dns4eu::daemon {
namespace {

TEST(ConfigTls, CertificatesByNameRoundTrip) {
  auto c = load_config_string(
      "listeners:\n"
      "  - address: 127.0.0.1\n"
      "    transport: dot\n"
      "    tls:\n"
      "      certificate: /c/default.pem\n"
      "      key: /c/default.key\n"
      "      by_name:\n"
      "        - {certificate: /c/protective.pem, key: /c/protective.key}\n",
      "t.yaml");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->listeners[0].tls_by_name.size(), 1u);
  EXPECT_EQ(c->listeners[0].tls_by_name[0].first, "/c/protective.pem");
  auto again = load_config_string(format_config(*c), "formatted");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->listeners[0].tls_by_name, c->listeners[0].tls_by_name);
  auto bad = load_config_string(
      "listeners:\n  - {address: 127.0.0.1, transport: dot, tls: {certificate: a, key: b, by_name: [{certificate: c}]}}\n",
      "t.yaml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("missing required key 'key'"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace dns4eu::daemon
