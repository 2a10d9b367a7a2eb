// address_filter_test.cc — each privacy policy on IPv4 and IPv6 addresses.
#include "telemetry/address_filter.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

namespace dns4eu::telemetry {
namespace {

ClientAddress addr(const char* text, uint16_t port = 5353) {
  ClientAddress a;
  a.port = port;
  if (inet_pton(AF_INET, text, a.bytes.data()) == 1)
    a.family = 4;
  else if (inet_pton(AF_INET6, text, a.bytes.data()) == 1)
    a.family = 6;
  return a;
}

TEST(AddressFilter, DropWritesNothing) {
  AddressFilter f({.policy = AddressPolicy::kDrop, .keep_port = true});
  EXPECT_FALSE(f.text(addr("127.63.77.99")));
  EXPECT_TRUE(f.wire(addr("127.63.77.99")).empty());
  EXPECT_FALSE(f.port(addr("127.63.77.99")));
}

TEST(AddressFilter, KeepAndTruncate) {
  AddressFilter keep({.policy = AddressPolicy::kKeep, .keep_port = true});
  EXPECT_EQ(keep.text(addr("192.0.2.77")), "192.0.2.77");
  EXPECT_EQ(keep.port(addr("192.0.2.77")), 5353);
  AddressFilter cut({.policy = AddressPolicy::kTruncate});
  EXPECT_EQ(cut.text(addr("192.0.2.77")), "192.0.2.0/24");
  EXPECT_EQ(cut.text(addr("2001:db8:1:2:3::9")), "2001:db8:1::/48");
  EXPECT_EQ(cut.wire(addr("192.0.2.77")), (std::vector<uint8_t>{192, 0, 2, 0}));
  EXPECT_FALSE(cut.port(addr("192.0.2.77")));
  AddressFilter odd({.policy = AddressPolicy::kTruncate, .truncate_v4 = 20});
  EXPECT_EQ(odd.text(addr("192.0.255.77")), "192.0.240.0/20");
}

TEST(AddressFilter, PseudonymsAreKeyedStableWithinADayAndHideTheAddress) {
  AddressFilter f({.policy = AddressPolicy::kPseudonymise});
  auto a = f.text(addr("127.63.77.99"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->size(), 16u);
  EXPECT_EQ(f.text(addr("127.63.77.99")), a);  // same day, same key
  EXPECT_NE(f.text(addr("127.63.77.98")), a);
  EXPECT_EQ(a->find("127"), std::string::npos);
  EXPECT_EQ(f.wire(addr("::1")).size(), 16u);
  // A known key gives the HMAC-SHA256 of the address bytes (RFC 2104).
  AddressFilter g({.policy = AddressPolicy::kPseudonymise});
  std::array<uint8_t, 32> key{};
  uint32_t day = static_cast<uint32_t>(
      std::chrono::duration_cast<std::chrono::days>(std::chrono::system_clock::now().time_since_epoch()).count());
  g.set_key_for_test(day, key);
  auto before = g.text(addr("10.0.0.1"));
  g.set_key_for_test(day, std::array<uint8_t, 32>{1});
  EXPECT_NE(g.text(addr("10.0.0.1")), before);  // another key, another pseudonym
}

}  // namespace
}  // namespace dns4eu::telemetry
