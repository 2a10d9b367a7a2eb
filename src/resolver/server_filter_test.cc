#include "resolver/server_filter.h"

#include <gtest/gtest.h>

namespace dns4eu::resolver {
namespace {

net::Address A(std::string_view text) { return net::Address::parse(text).value(); }

TEST(ServerFilter, PublicAddressesAllowed) {
  ServerFilter f;
  for (const char* a : {"198.41.0.4", "8.8.8.8", "1.1.1.1", "193.0.14.129", "11.0.0.1", "172.32.0.1",
                        "172.15.255.255", "192.169.0.1", "100.128.0.1", "223.255.255.254", "2001:503:ba3e::2:30",
                        "2a00:1450:4001::1", "2001:7fd::1", "2001:db9::1"})
    EXPECT_TRUE(f.allowed(A(a))) << a;
}

TEST(ServerFilter, LoopbackRefusedByDefault) {
  ServerFilter f;
  for (const char* a : {"127.0.0.1", "127.53.0.1", "127.255.255.255", "::1"}) EXPECT_FALSE(f.allowed(A(a))) << a;
}

TEST(ServerFilter, AllowLoopback) {
  ServerFilter f;
  f.allow_loopback = true;
  for (const char* a : {"127.0.0.1", "127.53.0.1", "::1"}) EXPECT_TRUE(f.allowed(A(a))) << a;
  // Loopback does not open private or bogon ranges.
  EXPECT_FALSE(f.allowed(A("10.0.0.1")));
  EXPECT_FALSE(f.allowed(A("192.0.2.1")));
  EXPECT_FALSE(f.allowed(A("::")));
}

TEST(ServerFilter, PrivateRefusedByDefault) {
  ServerFilter f;
  for (const char* a : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1",
                        "100.127.255.255", "169.254.1.1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::1"})
    EXPECT_FALSE(f.allowed(A(a))) << a;
}

TEST(ServerFilter, AllowPrivate) {
  ServerFilter f;
  f.allow_private = true;
  for (const char* a : {"10.1.2.3", "172.20.0.1", "192.168.0.53", "fd00::53", "fe80::1"})
    EXPECT_TRUE(f.allowed(A(a))) << a;
  EXPECT_FALSE(f.allowed(A("127.0.0.1")));  // loopback is its own switch
  EXPECT_FALSE(f.allowed(A("203.0.113.1")));
}

TEST(ServerFilter, BogonsAlwaysRefused) {
  ServerFilter f;
  f.allow_loopback = true;
  f.allow_private = true;
  for (const char* a : {"0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
                        "192.0.2.1", "198.51.100.7", "203.0.113.254", "::", "ff02::1", "ff0e::fb", "2001:db8::1",
                        "2001:db8:ffff::1", "::ffff:8.8.8.8", "::ffff:127.0.0.1"})
    EXPECT_FALSE(f.allowed(A(a))) << a;
}

TEST(ServerFilter, DenyList) {
  ServerFilter f;
  f.deny.push_back(AddressPrefix{A("198.41.0.0"), 24});
  f.deny.push_back(AddressPrefix{A("2001:500::"), 30});
  EXPECT_FALSE(f.allowed(A("198.41.0.4")));
  EXPECT_FALSE(f.allowed(A("198.41.0.255")));
  EXPECT_TRUE(f.allowed(A("198.41.1.4")));
  EXPECT_FALSE(f.allowed(A("2001:500:2::c")));
  EXPECT_FALSE(f.allowed(A("2001:503::1")));  // 2001:0500::/30 spans 2001:500:: - 2001:503:ffff::
  EXPECT_TRUE(f.allowed(A("2001:504::1")));
  // Deny wins over allow flags.
  f.allow_loopback = true;
  f.deny.push_back(AddressPrefix{A("127.0.0.1"), 32});
  EXPECT_FALSE(f.allowed(A("127.0.0.1")));
  EXPECT_TRUE(f.allowed(A("127.0.0.2")));
}

TEST(AddressPrefix, Contains) {
  AddressPrefix p{A("172.16.0.0"), 12};
  EXPECT_TRUE(p.contains(A("172.16.0.0")));
  EXPECT_TRUE(p.contains(A("172.31.255.255")));
  EXPECT_FALSE(p.contains(A("172.32.0.0")));
  EXPECT_FALSE(p.contains(A("172.15.255.255")));
  EXPECT_FALSE(p.contains(A("::ffff:172.16.0.1")));  // families never mix
  AddressPrefix all{A("0.0.0.0"), 0};
  EXPECT_TRUE(all.contains(A("203.0.113.9")));
  EXPECT_FALSE(all.contains(A("::1")));
  AddressPrefix host{A("2001:db8::53"), 128};
  EXPECT_TRUE(host.contains(A("2001:db8::53")));
  EXPECT_FALSE(host.contains(A("2001:db8::54")));
  AddressPrefix odd{A("fe80::"), 10};
  EXPECT_TRUE(odd.contains(A("febf:ffff::1")));
  EXPECT_FALSE(odd.contains(A("fec0::1")));
}

}  // namespace
}  // namespace dns4eu::resolver
