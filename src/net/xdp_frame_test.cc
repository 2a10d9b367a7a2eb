// Tests of internal/xdp_frame: frames built for the AF_XDP path parse back,
// carry valid checksums, and malformed frames are refused with their offset.
#include "net/internal/xdp_frame.h"

#include <gtest/gtest.h>

#include <vector>

namespace dns4eu::net::internal {
namespace {

const LinkAddresses kLink = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

Endpoint ep(const char* text) { return *Endpoint::parse(text); }

std::vector<uint8_t> frame_of(const Endpoint& from, const Endpoint& to, std::vector<uint8_t> payload) {
  std::vector<uint8_t> out(2048);
  std::size_t n = build_udp_frame(out, kLink, from, to, payload);
  out.resize(n);
  return out;
}

// The ones'-complement sum over the UDP pseudo-header and datagram must be 0xffff.
bool udp_checksum_ok(const std::vector<uint8_t>& f, bool v4) {
  std::size_t ip = kEthernetHeader, udp = ip + (v4 ? kIpv4Header : kIpv6Header);
  std::size_t len = static_cast<std::size_t>(f[udp + 4] << 8 | f[udp + 5]);
  uint32_t sum = v4 ? add_checksum(0, {&f[ip + 12], 8}) : add_checksum(0, {&f[ip + 8], 32});
  sum += 17 + static_cast<uint32_t>(len);
  return fold_checksum(add_checksum(sum, {&f[udp], len})) == 0;
}

TEST(XdpFrame, Ipv4RoundTripWithValidChecksums) {
  std::vector<uint8_t> payload = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0, 7};
  auto f = frame_of(ep("192.0.2.53:53"), ep("198.51.100.7:40000"), payload);
  ASSERT_EQ(f.size(), kEthernetHeader + kIpv4Header + kUdpHeader + payload.size());
  EXPECT_EQ(f[0], 7);  // destination MAC = the received frame's source
  EXPECT_EQ(f[6], 1);
  EXPECT_EQ(fold_checksum(add_checksum(0, {&f[kEthernetHeader], kIpv4Header})), 0);
  EXPECT_TRUE(udp_checksum_ok(f, true));
  auto p = parse_udp_frame(f);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->client, ep("192.0.2.53:53"));
  EXPECT_EQ(p->local, ep("198.51.100.7:40000"));
  EXPECT_EQ(std::vector<uint8_t>(p->payload.begin(), p->payload.end()), payload);
  EXPECT_EQ(p->link[0], 7);  // as on the wire: destination first
  EXPECT_EQ(p->link[6], 1);
}

TEST(XdpFrame, Ipv6RoundTripWithValidChecksum) {
  std::vector<uint8_t> payload(300, 0xab);
  auto f = frame_of(ep("[2001:db8::53]:53"), ep("[2001:db8::1]:1234"), payload);
  ASSERT_EQ(f.size(), kEthernetHeader + kIpv6Header + kUdpHeader + payload.size());
  EXPECT_TRUE(udp_checksum_ok(f, false));
  auto p = parse_udp_frame(f);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->client, ep("[2001:db8::53]:53"));
  EXPECT_EQ(p->local, ep("[2001:db8::1]:1234"));
  EXPECT_EQ(p->payload.size(), 300u);
}

TEST(XdpFrame, OddPayloadLengthChecksum) {
  auto f = frame_of(ep("10.0.0.1:53"), ep("10.0.0.2:5353"), {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
  EXPECT_TRUE(udp_checksum_ok(f, true));
}

TEST(XdpFrame, DoesNotFitReturnsZero) {
  std::vector<uint8_t> out(60);
  std::vector<uint8_t> payload(40);
  EXPECT_EQ(build_udp_frame(out, kLink, ep("10.0.0.1:53"), ep("10.0.0.2:1"), payload), 0u);
  EXPECT_EQ(build_udp_frame(out, kLink, ep("10.0.0.1:53"), ep("[::1]:1"), {}), 0u);  // mixed families
}

TEST(XdpFrame, MalformedFramesSayWhere) {
  auto good = frame_of(ep("10.0.0.1:53"), ep("10.0.0.2:1000"), std::vector<uint8_t>(20, 0));
  EXPECT_FALSE(parse_udp_frame(std::span(good).first(10)));  // shorter than Ethernet
  auto e = parse_udp_frame(std::span(good).first(30));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("at offset 14"), std::string::npos) << e.error().message;

  auto frag = good;
  frag[kEthernetHeader + 6] |= 0x20;  // more fragments
  e = parse_udp_frame(frag);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("fragment at offset 20"), std::string::npos) << e.error().message;

  auto longer = good;
  longer[kEthernetHeader + 2] = 0x10;  // total length 4096+
  EXPECT_FALSE(parse_udp_frame(longer));

  auto udp_long = good;
  udp_long[kEthernetHeader + kIpv4Header + 4] = 0x01;  // UDP length 256+ > IP packet
  e = parse_udp_frame(udp_long);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("UDP length"), std::string::npos);

  auto arp = good;
  arp[12] = 0x08;
  arp[13] = 0x06;
  e = parse_udp_frame(arp);
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("ethertype 2054"), std::string::npos);

  auto tcp = good;
  tcp[kEthernetHeader + 9] = 6;
  EXPECT_FALSE(parse_udp_frame(tcp));
}

}  // namespace
}  // namespace dns4eu::net::internal
