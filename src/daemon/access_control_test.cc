// access_control_test.cc — access.allow minus access.refuse, flattened into
// ranges: the same answers as testing every prefix, for IPv4, IPv6 and
// IPv4-mapped addresses, edges and the whole address space.
#include "daemon/access_control.h"

#include <gtest/gtest.h>

#include <random>

namespace dns4eu::daemon {
namespace {

IpPrefix prefix(const char* text) { return *IpPrefix::parse(text); }
IpAddress address(const char* text) { return *IpAddress::parse(text); }

// The definition: some allow prefix contains it and no refuse prefix does.
bool by_scan(const AccessConfig& c, const IpAddress& a) {
  auto in = [&](const IpPrefix& p) { return p.contains(a); };
  return std::any_of(c.allow.begin(), c.allow.end(), in) && std::none_of(c.refuse.begin(), c.refuse.end(), in);
}

TEST(AccessControl, AllowMinusRefuse) {
  AccessConfig c;
  c.allow = {prefix("10.0.0.0/8"), prefix("192.168.0.0/16"), prefix("2001:db8::/32"), prefix("10.1.0.0/16")};
  c.refuse = {prefix("10.99.0.0/16"), prefix("10.0.0.0/32"), prefix("10.255.255.255/32"), prefix("2001:db8:1::/48")};
  AccessControl acl(c);
  for (const char* yes : {"10.0.0.1", "10.98.255.255", "10.100.0.0", "10.255.255.254", "192.168.3.4", "2001:db8::1",
                          "2001:db8:2::", "::ffff:10.1.2.3"})
    EXPECT_TRUE(acl.allowed(address(yes))) << yes;
  for (const char* no : {"10.0.0.0", "10.99.0.0", "10.99.255.255", "10.255.255.255", "11.0.0.0", "9.255.255.255",
                         "2001:db8:1::1", "2001:db9::", "::1", "::ffff:10.99.1.1"})
    EXPECT_FALSE(acl.allowed(address(no))) << no;
  EXPECT_TRUE(acl.allowed(net::Address::v4({10, 1, 2, 3})));
  EXPECT_FALSE(acl.allowed(net::Address::v4({10, 99, 2, 3})));
  EXPECT_EQ(acl.ranges(), 5u) << "10/8 cut in two (its ends trimmed), 192.168/16, 2001:db8::/32 cut in two";
}

TEST(AccessControl, EverythingNothingAndTheEdgesOfTheSpace) {
  AccessConfig all;
  all.allow = {prefix("0.0.0.0/0"), prefix("::/0")};
  EXPECT_TRUE(AccessControl(all).allowed(address("255.255.255.255")));
  EXPECT_TRUE(AccessControl(all).allowed(address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
  EXPECT_TRUE(AccessControl(all).allowed(address("::")));
  EXPECT_EQ(AccessControl(all).ranges(), 1u);
  all.refuse = {prefix("::/0")};
  EXPECT_FALSE(AccessControl(all).allowed(address("1.2.3.4")));
  EXPECT_EQ(AccessControl(all).ranges(), 0u);
  AccessConfig none;
  none.allow.clear();
  none.refuse.clear();
  EXPECT_FALSE(AccessControl(none).allowed(address("127.0.0.1")));
  AccessConfig mapped;
  mapped.allow = {prefix("::ffff:0:0/96")};
  EXPECT_TRUE(AccessControl(mapped).allowed(address("192.0.2.1"))) << "IPv4 is the mapped space";
  mapped.refuse = {prefix("192.0.2.0/24")};
  EXPECT_FALSE(AccessControl(mapped).allowed(address("::ffff:192.0.2.1")));
  EXPECT_TRUE(AccessControl(mapped).allowed(address("192.0.3.1")));
}

TEST(AccessControl, AgreesWithAScanOfEveryPrefix) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 20; ++round) {
    AccessConfig c;
    // IPv4 in ten /8s and IPv6 in two /32s, so that prefixes nest and overlap;
    // refused networks are longer, so that some addresses stay allowed.
    auto random_prefix = [&](int shortest) {
      if (rng() % 3) {
        return IpPrefix::masked(IpAddress::v4({static_cast<uint8_t>(10 + rng() % 10), static_cast<uint8_t>(rng()),
                                               static_cast<uint8_t>(rng()), static_cast<uint8_t>(rng())}),
                                shortest + static_cast<int>(rng() % (33 - shortest)));
      }
      std::array<uint8_t, 16> b{0x20, 0x01, 0x0d, static_cast<uint8_t>(0xb8 + rng() % 2)};
      for (int i = 4; i < 16; ++i) b[i] = static_cast<uint8_t>(rng());
      return IpPrefix::masked(IpAddress::v6(b), 4 * shortest + static_cast<int>(rng() % (129 - 4 * shortest)));
    };
    for (int i = 0; i < 200; ++i) c.allow.push_back(random_prefix(4));
    for (int i = 0; i < 100; ++i) c.refuse.push_back(random_prefix(12));
    AccessControl acl(c);
    int disagree = 0, allowed = 0;
    for (int i = 0; i < 5000; ++i) {
      // Addresses near the prefixes' edges as well as random ones.
      const IpPrefix& p = (i % 2 ? c.allow : c.refuse)[rng() % (i % 2 ? c.allow.size() : c.refuse.size())];
      auto b = p.address().as_v6();
      int k = static_cast<int>(rng() % 4);
      if (k == 1) b[15] ^= static_cast<uint8_t>(rng());
      if (k == 2) b[12 + rng() % 4] = static_cast<uint8_t>(rng());
      if (k == 3) for (auto& x : b) x = static_cast<uint8_t>(rng() % 2 ? x : ~x);
      IpAddress a = p.address().is_v4() && k != 3 ? IpAddress::v4({b[12], b[13], b[14], b[15]}) : IpAddress::v6(b);
      bool want = by_scan(c, a);
      allowed += want;
      disagree += acl.allowed(a) != want;
    }
    EXPECT_EQ(disagree, 0) << "round " << round;
    EXPECT_GT(allowed, 100) << "the test reaches allowed addresses";
    EXPECT_LT(allowed, 4900) << "and refused ones";
  }
}

}  // namespace
}  // namespace dns4eu::daemon
