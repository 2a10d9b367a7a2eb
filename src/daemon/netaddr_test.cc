#include "daemon/netaddr.h"

#include <gtest/gtest.h>

namespace dns4eu::daemon {
namespace {

IpAddress A(std::string_view s) {
  auto a = IpAddress::parse(s);
  EXPECT_TRUE(a.has_value()) << s << ": " << a.error().message;
  return a.value_or(IpAddress());
}
IpPrefix P(std::string_view s) {
  auto p = IpPrefix::parse(s);
  EXPECT_TRUE(p.has_value()) << s << ": " << p.error().message;
  return p.value_or(IpPrefix());
}
std::string prefix_error(std::string_view s) {
  auto p = IpPrefix::parse(s);
  return p ? "(parsed)" : p.error().message;
}

TEST(IpAddress, ParsesAndFormatsIpv4) {
  IpAddress a = A("192.0.2.1");
  EXPECT_TRUE(a.is_v4());
  EXPECT_EQ(a.bytes().size(), 4u);
  EXPECT_EQ(a.bytes()[0], 192);
  EXPECT_EQ(a.to_string(), "192.0.2.1");
}

TEST(IpAddress, ParsesIpv6FormsToCanonicalText) {
  EXPECT_EQ(A("2001:DB8:0:0:0:0:0:1").to_string(), "2001:db8::1");
  EXPECT_EQ(A("::").to_string(), "::");
  EXPECT_EQ(A("::1").to_string(), "::1");
  EXPECT_EQ(A("fe80::1:2").to_string(), "fe80::1:2");
  EXPECT_EQ(A("2001:db8::0.0.0.1").to_string(), "2001:db8::1");
  EXPECT_TRUE(A("::1").is_v6());
  EXPECT_EQ(A("::1").bytes().size(), 16u);
}

TEST(IpAddress, RejectsBadForms) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "0x1.2.3.4",
                          "1::2::3", "2001:db8::g", "12345::", "[::1]", "fe80::1%eth0", "localhost",
                          "1:2:3:4:5:6:7:8:9"}) {
    EXPECT_FALSE(IpAddress::parse(bad).has_value()) << bad;
  }
  EXPECT_EQ(IpAddress::parse("[::1]").error().message, "'[::1]': write IPv6 addresses without brackets");
  EXPECT_EQ(IpAddress::parse("fe80::1%eth0").error().code, ErrorCode::kUnsupported);
}

TEST(IpAddress, V4MappedKeepsFamilyButUnmaps) {
  IpAddress m = A("::ffff:192.0.2.7");
  EXPECT_TRUE(m.is_v6());
  EXPECT_TRUE(m.is_v4_mapped());
  EXPECT_EQ(m.to_string(), "::ffff:192.0.2.7");
  EXPECT_EQ(m.unmapped(), A("192.0.2.7"));
  EXPECT_NE(m, A("192.0.2.7"));
  EXPECT_FALSE(A("::192.0.2.7").is_v4_mapped());  // deprecated v4-compatible form
  EXPECT_EQ(A("192.0.2.7").as_v6(), m.as_v6());
}

TEST(IpAddress, Classification) {
  EXPECT_TRUE(A("127.0.0.1").is_loopback());
  EXPECT_TRUE(A("127.255.0.9").is_loopback());
  EXPECT_TRUE(A("::1").is_loopback());
  EXPECT_TRUE(A("::ffff:127.0.0.1").is_loopback());
  EXPECT_FALSE(A("::2").is_loopback());
  EXPECT_FALSE(A("128.0.0.1").is_loopback());
  for (const char* p : {"10.1.1.1", "172.16.0.1", "172.31.255.255", "192.168.3.4", "100.64.0.1", "169.254.1.1",
                        "fd00::1", "fc00::1", "fe80::1", "febf::1", "::ffff:10.0.0.1"}) {
    EXPECT_TRUE(A(p).is_private()) << p;
  }
  for (const char* p : {"172.32.0.1", "192.0.2.1", "8.8.8.8", "2001:db8::1", "fec0::1", "127.0.0.1", "::1"}) {
    EXPECT_FALSE(A(p).is_private()) << p;
  }
  EXPECT_TRUE(A("0.0.0.0").is_unspecified());
  EXPECT_TRUE(A("::").is_unspecified());
  EXPECT_FALSE(A("0.0.0.1").is_unspecified());
}

TEST(IpPrefix, ParsesAndFormats) {
  EXPECT_EQ(P("10.0.0.0/8").to_string(), "10.0.0.0/8");
  EXPECT_EQ(P("0.0.0.0/0").to_string(), "0.0.0.0/0");
  EXPECT_EQ(P("::/0").to_string(), "::/0");
  EXPECT_EQ(P("2001:DB8::/32").to_string(), "2001:db8::/32");
  EXPECT_EQ(P("192.0.2.1").to_string(), "192.0.2.1/32");
  EXPECT_EQ(P("::1").to_string(), "::1/128");
  EXPECT_EQ(P("fe80::/10").length(), 10);
  EXPECT_EQ(P("1.2.3.4/32").length(), 32);
  EXPECT_EQ(P("::1/128").length(), 128);
}

TEST(IpPrefix, RejectsBadLengthsAndHostBits) {
  EXPECT_EQ(prefix_error("10.0.0.0/33"), "'10.0.0.0/33': prefix length 33 is longer than 32");
  EXPECT_EQ(prefix_error("::/129"), "'::/129': prefix length 129 is longer than 128");
  EXPECT_EQ(prefix_error("10.0.0.0/"), "'10.0.0.0/': prefix length must be a number from 0 to 32");
  EXPECT_EQ(prefix_error("10.0.0.0/-1"), "'10.0.0.0/-1': prefix length must be a number from 0 to 32");
  EXPECT_EQ(prefix_error("10.0.0.0/8x"), "'10.0.0.0/8x': prefix length must be a number from 0 to 32");
  EXPECT_EQ(prefix_error("10.0.0.0/ 8"), "'10.0.0.0/ 8': prefix length must be a number from 0 to 32");
  EXPECT_EQ(prefix_error("10.0.0.0/0008"), "'10.0.0.0/0008': prefix length must be a number from 0 to 32");
  EXPECT_EQ(prefix_error("10.0.0.0/8/8"), "'10.0.0.0/8/8': prefix length must be a number from 0 to 32");
  EXPECT_EQ(prefix_error("10.1.2.3/8"), "'10.1.2.3/8' has host bits set; did you mean '10.0.0.0/8'?");
  EXPECT_EQ(prefix_error("172.17.0.0/12"), "'172.17.0.0/12' has host bits set; did you mean '172.16.0.0/12'?");
  EXPECT_EQ(prefix_error("fe80::1/10"), "'fe80::1/10' has host bits set; did you mean 'fe80::/10'?");
  EXPECT_EQ(prefix_error("/8"), "empty IP address");
  EXPECT_EQ(prefix_error("10.0.0/8"), "'10.0.0' is not a valid IPv4 or IPv6 address");
}

TEST(IpPrefix, MaskedZeroesHostBits) {
  EXPECT_EQ(IpPrefix::masked(A("10.1.2.3"), 8).to_string(), "10.0.0.0/8");
  EXPECT_EQ(IpPrefix::masked(A("10.1.2.3"), 20).to_string(), "10.1.0.0/20");
  EXPECT_EQ(IpPrefix::masked(A("2001:db8:ffff::1"), 36).to_string(), "2001:db8:f000::/36");
  EXPECT_EQ(IpPrefix::masked(A("10.1.2.3"), 99).to_string(), "10.1.2.3/32");
  EXPECT_EQ(IpPrefix::masked(A("10.1.2.3"), -3).to_string(), "0.0.0.0/0");
}

TEST(IpPrefix, ContainsAddresses) {
  IpPrefix p = P("172.16.0.0/12");
  EXPECT_TRUE(p.contains(A("172.16.0.0")));
  EXPECT_TRUE(p.contains(A("172.31.255.255")));
  EXPECT_FALSE(p.contains(A("172.32.0.0")));
  EXPECT_FALSE(p.contains(A("172.15.255.255")));
  EXPECT_TRUE(P("0.0.0.0/0").contains(A("203.0.113.9")));
  EXPECT_FALSE(P("0.0.0.0/0").contains(A("2001:db8::1")));
  EXPECT_TRUE(P("::/0").contains(A("2001:db8::1")));
  EXPECT_TRUE(P("2001:db8::/32").contains(A("2001:db8:ffff::1")));
  EXPECT_FALSE(P("2001:db8::/32").contains(A("2001:db9::1")));
  EXPECT_TRUE(P("fe80::/10").contains(A("febf::1")));
  EXPECT_FALSE(P("fe80::/10").contains(A("fec0::1")));
  EXPECT_TRUE(P("192.0.2.1").contains(A("192.0.2.1")));
  EXPECT_FALSE(P("192.0.2.1").contains(A("192.0.2.2")));
}

TEST(IpPrefix, V4MappedAddressesMatchV4Prefixes) {
  EXPECT_TRUE(P("10.0.0.0/8").contains(A("::ffff:10.9.8.7")));
  EXPECT_FALSE(P("10.0.0.0/8").contains(A("::ffff:11.9.8.7")));
  EXPECT_TRUE(P("::ffff:0:0/96").contains(A("198.51.100.1")));
  EXPECT_TRUE(P("::ffff:10.0.0.0/104").contains(A("10.2.3.4")));
  EXPECT_FALSE(P("::ffff:10.0.0.0/104").contains(A("11.2.3.4")));
  EXPECT_TRUE(P("::/0").contains(A("198.51.100.1")));  // via ::ffff:0:0/96
  // An IPv4 /0 covers exactly the mapped range, not all of IPv6.
  EXPECT_FALSE(P("0.0.0.0/0").contains(A("::1")));
  EXPECT_FALSE(P("0.0.0.0/0").contains(A("::10.0.0.1")));
}

TEST(IpPrefix, ContainsPrefixes) {
  EXPECT_TRUE(P("10.0.0.0/8").contains(P("10.1.0.0/16")));
  EXPECT_TRUE(P("10.0.0.0/8").contains(P("10.0.0.0/8")));
  EXPECT_FALSE(P("10.1.0.0/16").contains(P("10.0.0.0/8")));
  EXPECT_FALSE(P("10.0.0.0/8").contains(P("11.0.0.0/16")));
  EXPECT_TRUE(P("::ffff:0:0/96").contains(P("10.0.0.0/8")));
  EXPECT_TRUE(P("10.0.0.0/8").contains(P("::ffff:10.1.0.0/112")));
  EXPECT_FALSE(P("10.0.0.0/8").contains(P("::ffff:0:0/96")));
}

}  // namespace
}  // namespace dns4eu::daemon
