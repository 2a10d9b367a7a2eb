// proxy_protocol_test.cc — PROXY v2 headers: IPv4, IPv6, LOCAL, UNSPEC,
// TLVs skipped, incomplete input, every error; prefixes.
#include "net/proxy_protocol.h"

#include <gtest/gtest.h>

#include <vector>

namespace dns4eu::net {
namespace {

std::vector<uint8_t> header(uint8_t ver_cmd, uint8_t fam, std::vector<uint8_t> body) {
  std::vector<uint8_t> h = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, ver_cmd, fam,
                            static_cast<uint8_t>(body.size() >> 8), static_cast<uint8_t>(body.size())};
  h.insert(h.end(), body.begin(), body.end());
  return h;
}

TEST(ProxyV2, Ipv4WithTrailingTlvAndPayload) {
  auto h = header(0x21, 0x11, {192, 0, 2, 7, 198, 51, 100, 1, 0x30, 0x39, 0x03, 0x55, 0x04, 0x00, 0x01, 0x00});
  std::size_t size = h.size();
  h.push_back(0x16);  // the client's first TLS octet must not be part of the header
  ProxyHeader p = parse_proxy_v2(h);
  ASSERT_EQ(p.state, ProxyHeader::kComplete) << p.error;
  EXPECT_EQ(p.size, size);
  ASSERT_TRUE(p.has_source);
  EXPECT_EQ(p.source.to_string(), "192.0.2.7:12345");
  EXPECT_EQ(p.destination.to_string(), "198.51.100.1:853");
}

TEST(ProxyV2, Ipv6) {
  std::vector<uint8_t> body(36, 0);
  body[0] = 0x20, body[1] = 0x01, body[2] = 0x0d, body[3] = 0xb8, body[15] = 9;
  body[32] = 0x01, body[33] = 0x00;
  ProxyHeader p = parse_proxy_v2(header(0x21, 0x21, body));
  ASSERT_EQ(p.state, ProxyHeader::kComplete);
  EXPECT_EQ(p.source.to_string(), "[2001:db8::9]:256");
}

TEST(ProxyV2, LocalAndUnspecKeepTheBalancerAddress) {
  EXPECT_FALSE(parse_proxy_v2(header(0x20, 0x00, {})).has_source);
  EXPECT_EQ(parse_proxy_v2(header(0x20, 0x00, {})).state, ProxyHeader::kComplete);
  EXPECT_FALSE(parse_proxy_v2(header(0x21, 0x00, {1, 2, 3})).has_source);
}

TEST(ProxyV2, Incomplete) {
  auto h = header(0x21, 0x11, std::vector<uint8_t>(12, 1));
  EXPECT_EQ(parse_proxy_v2(std::span(h).first(5)).state, ProxyHeader::kIncomplete);
  ProxyHeader p = parse_proxy_v2(std::span(h).first(20));
  EXPECT_EQ(p.state, ProxyHeader::kIncomplete);
  EXPECT_EQ(p.size, 28u);
}

TEST(ProxyV2, Errors) {
  std::vector<uint8_t> tls = {0x16, 0x03, 0x01, 0x00, 0x50};
  EXPECT_EQ(parse_proxy_v2(tls).state, ProxyHeader::kError);
  std::vector<uint8_t> v1 = {'P', 'R', 'O', 'X', 'Y', ' '};
  EXPECT_EQ(parse_proxy_v2(v1).state, ProxyHeader::kError);
  EXPECT_EQ(parse_proxy_v2(header(0x11, 0x11, std::vector<uint8_t>(12))).state, ProxyHeader::kError);  // version 1
  EXPECT_EQ(parse_proxy_v2(header(0x22, 0x11, std::vector<uint8_t>(12))).state, ProxyHeader::kError);  // command 2
  EXPECT_EQ(parse_proxy_v2(header(0x21, 0x11, std::vector<uint8_t>(8))).state, ProxyHeader::kError);   // short
  EXPECT_EQ(parse_proxy_v2(header(0x21, 0x12, std::vector<uint8_t>(12))).state, ProxyHeader::kError);  // UDP
  EXPECT_EQ(parse_proxy_v2(header(0x21, 0x11, std::vector<uint8_t>(2000))).state, ProxyHeader::kError);
}

TEST(AddressPrefix, Contains) {
  AddressPrefix p{*Address::parse("10.1.0.0"), 16};
  EXPECT_TRUE(p.contains(*Address::parse("10.1.200.3")));
  EXPECT_FALSE(p.contains(*Address::parse("10.2.0.1")));
  EXPECT_FALSE(p.contains(*Address::parse("::ffff:10.1.0.1")));
  AddressPrefix q{*Address::parse("2001:db8::"), 33};
  EXPECT_TRUE(q.contains(*Address::parse("2001:db8:7fff::1")));
  EXPECT_FALSE(q.contains(*Address::parse("2001:db8:8000::1")));
  EXPECT_TRUE((AddressPrefix{*Address::parse("192.0.2.9"), 32}).contains(*Address::parse("192.0.2.9")));
}

}  // namespace
}  // namespace dns4eu::net
