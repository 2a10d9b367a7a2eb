// Every kind of config mistake, with its exact file:line:column.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace dns4eu::daemon {
namespace {

std::string load_error(std::string_view text) {
  auto c = load_config_string(text, "t.yaml");
  if (c) return "(loaded)";
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  return c.error().message;
}

TEST(ConfigErrors, UnknownKeysWithSuggestions) {
  EXPECT_EQ(load_error("cache:\n  sise: 1G\n"), "t.yaml:2:3: cache: unknown key 'sise'; did you mean 'size'?");
  EXPECT_EQ(load_error("listners: []\n"), "t.yaml:1:1: unknown top-level key 'listners'; did you mean 'listeners'?");
  EXPECT_EQ(load_error("upstream:\n  allow_private: true\n"),
            "t.yaml:2:3: upstream: unknown key 'allow_private'; did you mean 'allow_private_servers'?");
  EXPECT_EQ(load_error("resolver:\n  qname_minimization: false\n"),
            "t.yaml:2:3: resolver: unknown key 'qname_minimization'; did you mean 'qname_minimisation'?");
  EXPECT_EQ(load_error("colour: blue\n"), "t.yaml:1:1: unknown top-level key 'colour'");
  EXPECT_EQ(load_error("listeners:\n  - address: 127.0.0.1\n    transport: udp\n    prot: 53\n"),
            "t.yaml:4:5: listeners[0]: unknown key 'prot'; did you mean 'port'?");
  EXPECT_EQ(load_error("upstream:\n  timeout: {initial: 1s, maxi: 5s}\n"),
            "t.yaml:2:26: upstream.timeout: unknown key 'maxi'; did you mean 'max'?");
}

TEST(ConfigErrors, WrongTypes) {
  EXPECT_EQ(load_error("cache: 5\n"), "t.yaml:1:8: cache: expected a mapping (key: value lines), got '5'");
  EXPECT_EQ(load_error("- a\n- b\n"), "t.yaml:1:1: expected a mapping (key: value lines), got a list");
  EXPECT_EQ(load_error("cache:\n  size: [1]\n"),
            "t.yaml:2:9: cache.size: expected a size such as 256MiB or 1G, got a list");
  EXPECT_EQ(load_error("resolver:\n  qname_minimisation: maybe\n"),
            "t.yaml:2:23: resolver.qname_minimisation: expected true or false, got 'maybe'");
  EXPECT_EQ(load_error("resolver:\n  edns_buffer_size: big\n"),
            "t.yaml:2:21: resolver.edns_buffer_size: expected a whole number, got 'big'");
  EXPECT_EQ(load_error("resolver:\n  edns_buffer_size: -1\n"),
            "t.yaml:2:21: resolver.edns_buffer_size: expected a whole number, got '-1'");
  EXPECT_EQ(load_error("access:\n  allow: 10.0.0.0/8\n"),
            "t.yaml:2:10: access.allow: expected a list, got '10.0.0.0/8'");
  EXPECT_EQ(load_error("access:\n  allow:\n"),
            "t.yaml:2:3: access.allow: expected a list, got nothing (write [] for an empty list)");
  EXPECT_EQ(load_error("logging:\n  level: {a: 1}\n"),
            "t.yaml:2:10: logging.level: expected one of trace, debug, info, warn, error, got a mapping");
  EXPECT_EQ(load_error("cache:\n  max_ttl:\n"),
            "t.yaml:2:3: cache.max_ttl: expected a duration such as 5s or 1500ms, got nothing");
  EXPECT_EQ(load_error("[1]: x\n"), "t.yaml:1:1: keys must be plain words");
}

TEST(ConfigErrors, BadAddressesAndPrefixes) {
  EXPECT_EQ(load_error("listeners:\n  - {address: 127.0.0.256, transport: udp}\n"),
            "t.yaml:2:15: listeners[0].address: '127.0.0.256' is not a valid IPv4 or IPv6 address");
  EXPECT_EQ(load_error("listeners:\n  - {address: '[::1]', transport: udp}\n"),
            "t.yaml:2:15: listeners[0].address: '[::1]': write IPv6 addresses without brackets");
  EXPECT_EQ(load_error("access:\n  allow: [10.0.0.0/33]\n"),
            "t.yaml:2:11: access.allow[0]: '10.0.0.0/33': prefix length 33 is longer than 32");
  EXPECT_EQ(load_error("access:\n  refuse:\n    - 192.168.1.1/16\n"),
            "t.yaml:3:7: access.refuse[0]: '192.168.1.1/16' has host bits set; did you mean '192.168.0.0/16'?");
  EXPECT_EQ(load_error("upstream:\n  deny: ['2001:db8::/x']\n"),
            "t.yaml:2:10: upstream.deny[0]: '2001:db8::/x': prefix length must be a number from 0 to 128");
  EXPECT_EQ(load_error("upstream:\n  source_v4: ['2001:db8::1']\n"),
            "t.yaml:2:15: upstream.source_v4[0]: expected an IPv4 address, got '2001:db8::1'");
  EXPECT_EQ(load_error("upstream:\n  source_v6: [192.0.2.1, '::ffff:192.0.2.1']\n"),
            "t.yaml:2:15: upstream.source_v6[0]: expected an IPv6 address, got '192.0.2.1'\n"
            "t.yaml:2:26: upstream.source_v6[1]: expected an IPv6 address, got '::ffff:192.0.2.1'");
}

TEST(ConfigErrors, OutOfRange) {
  EXPECT_EQ(load_error("resolver:\n  edns_buffer_size: 100\n"),
            "t.yaml:2:21: resolver.edns_buffer_size: 100 is out of range 512..4096");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, port: 70000}\n"),
            "t.yaml:2:42: listeners[0].port: 70000 is out of range 1..65535");
  EXPECT_EQ(load_error("limits:\n  max_cname_chain: 99999999999999999999999\n"),
            "t.yaml:2:20: limits.max_cname_chain: 99999999999999999999999 is out of range 0..64");
  EXPECT_EQ(load_error("cache:\n  size: 100KiB\n"), "t.yaml:2:9: cache.size: 100KiB is out of range 1MiB..1TiB");
  EXPECT_EQ(load_error("cache:\n  negative_max_ttl: 2d\n"),
            "t.yaml:2:21: cache.negative_max_ttl: 2d is out of range 0s..1d");
  EXPECT_EQ(load_error("cache:\n  max_ttl: 1500ms\n"),
            "t.yaml:2:12: cache.max_ttl: must be a whole number of seconds, got '1500ms'");
  EXPECT_EQ(load_error("limits:\n  max_resolution_time: 5ms\n"),
            "t.yaml:2:24: limits.max_resolution_time: 5ms is out of range 100ms..2m");
  EXPECT_EQ(load_error("tcp:\n  idle_timeout: 5 s\n"),
            "t.yaml:2:17: tcp.idle_timeout: expected a duration such as 5s, 1500ms or 1h30m, got '5 s' (a unit is "
            "missing)");
}

TEST(ConfigErrors, MissingRequiredFields) {
  EXPECT_EQ(load_error("listeners:\n  - transport: udp\n"),
            "t.yaml:2:5: listeners[0]: missing required key 'address'");
  EXPECT_EQ(load_error("listeners:\n  - address: 127.0.0.1\n"),
            "t.yaml:2:5: listeners[0]: missing required key 'transport' (udp, tcp, dot, doh or doq)");
  EXPECT_EQ(load_error("listeners:\n  - {address: 127.0.0.1, transport: dot}\n"),
            "t.yaml:2:5: listeners[0]: missing required key 'tls' (certificate and key) for a dot listener");
  EXPECT_EQ(load_error("listeners:\n  - {address: 127.0.0.1, transport: doh, tls: {key: k.pem}}\n"),
            "t.yaml:2:47: listeners[0].tls: missing required key 'certificate'");
  EXPECT_EQ(load_error("listeners:\n  - address: ::1\n    transport: doh\n    tls: {certificate: c, key: k}\n"
                       "    paths: [{flavour: x}]\n"),
            "t.yaml:5:13: listeners[0].paths[0]: missing required key 'path'");
  EXPECT_EQ(load_error("management:\n  port: 8000\n"), "t.yaml:2:3: management: missing required key 'address'");
  EXPECT_EQ(load_error("management:\n"), "t.yaml:1:1: management: missing required key 'address'");
}

TEST(ConfigErrors, EnumsSuggestTheClosestValue) {
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: tpc}\n"),
            "t.yaml:2:31: listeners[0].transport: expected one of udp, tcp, dot, doh, doq, got 'tpc'; did you mean "
            "'tcp'?");
  EXPECT_EQ(load_error("server:\n  profile: goverment\n"),
            "t.yaml:2:12: server.profile: expected one of public, government, telco, got 'goverment'; did you mean "
            "'government'?");
  EXPECT_EQ(load_error("logging:\n  level: warning\n"),
            "t.yaml:2:10: logging.level: expected one of trace, debug, info, warn, error, got 'warning'; did you "
            "mean 'warn'?");
  EXPECT_EQ(load_error("logging:\n  target: syslog\n"),
            "t.yaml:2:11: logging.target: expected one of stderr, got 'syslog'");
}

TEST(ConfigErrors, ListenerRules) {
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: doh, tls: {certificate: c, key: k}, paths: []}\n"),
            "t.yaml:2:74: listeners[0].paths: a doh listener needs at least one path");
  EXPECT_EQ(load_error("listeners: []\n"), "t.yaml:1:12: listeners: at least one listener is needed");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, tls: {certificate: c, key: k}}\n"),
            "t.yaml:2:41: listeners[0].tls: tls is only for dot, doh and doq listeners");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: tcp, paths: [/x]}\n"),
            "t.yaml:2:43: listeners[0].paths: paths are only for doh listeners");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: doh, tls: {certificate: c, key: k}, paths: [x]}\n"),
            "t.yaml:2:75: listeners[0].paths[0]: a DoH path starts with '/' and has no spaces, '?' or '#', got 'x'");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, flavour: Kids}\n"),
            "t.yaml:2:45: listeners[0].flavour: flavour names use a-z, 0-9, '-' and '_' (at most 63), got 'Kids'");
  EXPECT_EQ(load_error("listeners:\n"
                       "  - {address: 127.0.0.1, transport: udp}\n"
                       "  - {address: 127.0.0.1, transport: tcp}\n"
                       "  - {address: 127.0.0.1, port: 53, transport: doq, tls: {certificate: c, key: k}}\n"),
            "t.yaml:4:5: listeners[2]: 127.0.0.1 port 53 over UDP is already used by listeners[0] (line 2)");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, proxy_protocol: [10.0.0.1]}\n"),
            "t.yaml:2:52: listeners[0].proxy_protocol: proxy_protocol is only for tcp, dot and doh listeners");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: tcp, proxy_protocol: [10.0.0.1/8]}\n"),
            "t.yaml:2:53: listeners[0].proxy_protocol[0]: '10.0.0.1/8' has host bits set; did you mean '10.0.0.0/8'?");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: tcp, proxy_protocol: [10.0.0.0/8, 192.0.2.7]}\n"),
            "(loaded)");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: tcp, xdp: eth0}\n"),
            "t.yaml:2:41: listeners[0].xdp: xdp is only for udp listeners");
  EXPECT_EQ(load_error("listeners:\n  - {address: 0.0.0.0, transport: udp, xdp: eth0}\n"),
            "t.yaml:2:45: listeners[0].xdp: xdp needs a specific listener address, not 0.0.0.0");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, xdp: {interface: eth0, mode: fast}}\n"),
            "t.yaml:2:65: listeners[0].xdp.mode: expected one of auto, native, generic, got 'fast'");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, xdp: {mode: generic}}\n"),
            "t.yaml:2:41: listeners[0].xdp: missing required key 'interface'");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, xdp: \"a/b\"}\n"),
            "t.yaml:2:41: listeners[0].xdp: not a network interface name: 'a/b'");
  EXPECT_EQ(load_error("listeners:\n  - {address: ::1, transport: udp, xdp: {interface: eth0, mode: generic}}\n"),
            "(loaded)");
  // Same port on another address, or over the other socket type, is fine.
  EXPECT_EQ(load_error("listeners:\n  - {address: 127.0.0.1, transport: udp}\n  - {address: 127.0.0.2, transport: "
                       "udp}\n  - {address: 127.0.0.1, transport: tcp}\n"),
            "(loaded)");
}

TEST(ConfigErrors, CrossFieldRules) {
  EXPECT_EQ(load_error("upstream:\n  timeout: {initial: 5s, max: 3s}\n"),
            "t.yaml:2:12: upstream.timeout: initial (5s) must lie between min (50ms) and max (3s)");
  EXPECT_EQ(load_error("upstream:\n  timeout:\n    min: 2s\n    max: 1s\n    initial: 1s\n"),
            "t.yaml:3:5: upstream.timeout: min (2s) is above max (1s)");
  EXPECT_EQ(load_error("cache:\n  min_ttl: 1h\n  max_ttl: 10m\n"),
            "t.yaml:2:3: cache: min_ttl (1h) is above max_ttl (10m)");
  EXPECT_EQ(load_error("upstream:\n  ipv4: false\n  ipv6: no\n"),
            "t.yaml:2:3: upstream: ipv4 and ipv6 cannot both be false");
}

TEST(ConfigErrors, LocalZones) {
  EXPECT_EQ(load_error("local_zones:\n  home.arpa: forward\n"),
            "t.yaml:2:14: local_zones.home.arpa: expected one of refuse, nxdomain, static, transparent, got "
            "'forward'");
  EXPECT_EQ(load_error("local_zones:\n  a..b: refuse\n"),
            "t.yaml:2:3: local_zones: 'a..b' is not a domain name: " +
                dns::Name::from_text("a..b").error().message);
  EXPECT_EQ(load_error("local_zones:\n  Example.COM: refuse\n  example.com.: nxdomain\n"),
            "t.yaml:3:3: local_zones: 'example.com.' is the same name as the key at line 2, column 3");
  EXPECT_EQ(load_error("local_zones: [a]\n"),
            "t.yaml:1:14: local_zones: expected a mapping (key: value lines), got a list");
}

TEST(ConfigErrors, DuplicateKeys) {
  EXPECT_EQ(load_error("cache:\n  size: 1G\n  size: 2G\n"),
            "t.yaml:3:3: cache: duplicate key 'size' (first at line 2, column 3)");
  EXPECT_EQ(load_error("cache: {}\ncache: {}\n"), "t.yaml:2:1: duplicate key 'cache' (first at line 1, column 1)");
}

TEST(ConfigErrors, YamlSyntax) {
  EXPECT_EQ(load_error("access:\n  allow: [10.0.0.0/8\n"),
            "t.yaml:3:1: YAML syntax: end of sequence flow not found");
  EXPECT_EQ(load_error("cache: {}\n---\nb: 2\n"),
            "t.yaml:2:1: only one YAML document is allowed (remove the second '---')");
  EXPECT_NE(load_error("cache:\n\tsize: 1G\n").find("t.yaml:2:"), std::string::npos);
  // yaml-cpp 0.7 hangs in LoadAll, and Load returns an empty document, here.
  EXPECT_EQ(load_error("# comment\n\n  , with\ncache: {}\n"), "t.yaml:3:3: YAML syntax: cannot parse ', with'");
  EXPECT_EQ(load_error(","), "t.yaml:1:1: YAML syntax: cannot parse ','");
  EXPECT_EQ(load_error("cache: {}\n...\n,\n"), "t.yaml:3:1: only one YAML document is allowed (remove the second '---')");
}

TEST(ConfigErrors, AllMistakesAreReportedInFileOrder) {
  EXPECT_EQ(load_error("tcp:\n  max_connections: 0\ncache:\n  size: huge\n  answer_cache: 1M\n"
                       "access:\n  allow: [300.0.0.0/8, 10.0.0.0/8, ::1/200]\n"),
            "t.yaml:2:20: tcp.max_connections: 0 is out of range 1..1000000\n"
            "t.yaml:4:9: cache.size: expected a size such as 256MiB, 1G or 1048576, got 'huge'\n"
            "t.yaml:5:3: cache: unknown key 'answer_cache'; did you mean 'answer_cache_size'?\n"
            "t.yaml:7:11: access.allow[0]: '300.0.0.0' is not a valid IPv4 or IPv6 address\n"
            "t.yaml:7:36: access.allow[2]: '::1/200': prefix length 200 is longer than 128");
}

}  // namespace
}  // namespace dns4eu::daemon
