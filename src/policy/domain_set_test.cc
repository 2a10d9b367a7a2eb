// domain_set_test.cc — the compact name set: flags, merging, suffix keys, name syntax.
#include "policy/domain_set.h"

#include <gtest/gtest.h>

#include <vector>

namespace dns4eu::policy {
namespace {

uint64_t h(std::string_view text) {
  uint8_t w[dns::Name::kMaxWireSize];
  auto n = text_to_lower_wire(text, w);
  EXPECT_TRUE(n.has_value()) << text;
  return name_hash(std::span<const uint8_t>(w, *n));
}

TEST(DomainSet, EmptySetFindsNothing) {
  DomainSet s;
  EXPECT_EQ(s.probe(h("example.com")), 0);
  EXPECT_EQ(s.size(), 0u);
}

TEST(DomainSet, FindsWhatWasAddedWithItsFlags) {
  DomainSet::Builder b;
  b.add_hash(h("example.com"), kSelf | kBelow);
  b.add_hash(h("ads.example.net"), kSelf);
  DomainSet s = std::move(b).build();
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(s.probe(h("example.com")), kSelf | kBelow);
  EXPECT_EQ(s.probe(h("EXAMPLE.com.")), kSelf | kBelow);
  EXPECT_EQ(s.probe(h("ads.example.net")), kSelf);
  EXPECT_EQ(s.probe(h("example.net")), 0);
}

TEST(DomainSet, DuplicatesMergeFlagsAndKeepTheFirstAction) {
  DomainSet::Builder b;
  b.add_hash(h("x.test"), kSelf | (2 << kActionShift));
  b.add_hash(h("x.test"), kBelow | (1 << kActionShift));
  DomainSet s = std::move(b).build();
  EXPECT_EQ(s.size(), 1u);
  EXPECT_EQ(s.probe(h("x.test")), kSelf | kBelow | (2 << kActionShift));
}

TEST(DomainSet, ManyNamesAllFoundAndOthersNot) {
  DomainSet::Builder b;
  for (int i = 0; i < 100000; ++i) b.add_hash(h("n" + std::to_string(i) + ".example"), kSelf);
  DomainSet s = std::move(b).build();
  EXPECT_EQ(s.size(), 100000u);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(s.probe(h("n" + std::to_string(i) + ".example")), kSelf) << i;
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(s.probe(h("m" + std::to_string(i) + ".example")), 0) << i;
  EXPECT_LE(s.memory_bytes(), 100000u * 17);
}

TEST(NameKeys, HashesEverySuffixButTheRoot) {
  auto name = *dns::Name::from_text("A.b.Example.COM.");
  NameKeys k(name);
  ASSERT_EQ(k.count(), 4);
  EXPECT_EQ(k.key(0), slot_key(h("a.b.example.com")));
  EXPECT_EQ(k.key(1), slot_key(h("b.example.com")));
  EXPECT_EQ(k.key(2), slot_key(h("example.com")));
  EXPECT_EQ(k.key(3), slot_key(h("com")));
  NameKeys root(dns::Name{});
  EXPECT_EQ(root.count(), 0);
}

// NameKeys lower-cases eight octets at a time (the last eight again when the
// wire form is not a multiple of eight; octet by octet when it is shorter):
// every octet value, at every position of labels of 1 to 24 octets (wire
// forms of 7 to 30 octets), must hash as ascii_lower() of it would.
TEST(NameKeys, LowerCasesEveryOctetLikeAsciiLower) {
  const char* filler = "xYzAbC@[`{0-_ZzAaQqMn";
  for (int len = 1; len <= 24; ++len) {
    for (int pos = 0; pos < len; ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::vector<uint8_t> wire = {static_cast<uint8_t>(len)}, lower = wire;
        for (int j = 0; j < len; ++j) {
          uint8_t o = j == pos ? static_cast<uint8_t>(c) : static_cast<uint8_t>(filler[j % 21]);
          wire.push_back(o);
          lower.push_back(dns::ascii_lower(o));
        }
        wire.insert(wire.end(), {3, 'c', 'O', 'm', 0});
        lower.insert(lower.end(), {3, 'c', 'o', 'm', 0});
        auto name = dns::Name::from_wire(wire);
        ASSERT_TRUE(name.has_value());
        NameKeys k(*name);
        ASSERT_EQ(k.count(), 2);
        ASSERT_EQ(k.key(0), slot_key(name_hash(lower))) << "octet " << c << " at " << pos << " of " << len;
        ASSERT_EQ(k.key(1), slot_key(h("com")));
      }
    }
  }
}

TEST(TextToLowerWire, AcceptsListSyntaxAndRefusesTheRest) {
  uint8_t w[dns::Name::kMaxWireSize];
  EXPECT_EQ(*text_to_lower_wire("Ab.c", w), 6u);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(w), 6), std::string("\x02" "ab\x01" "c\0", 6));
  EXPECT_TRUE(text_to_lower_wire("a_b-c.d.", w));
  EXPECT_EQ(text_to_lower_wire("a..b", w).error().message, "empty label in 'a..b'");
  EXPECT_EQ(text_to_lower_wire("", w).error().message, "empty name");
  EXPECT_EQ(text_to_lower_wire("a b", w).error().message, "character ' ' not allowed in a domain name");
  EXPECT_FALSE(text_to_lower_wire(std::string(64, 'a') + ".com", w));
  std::string long_name;
  for (int i = 0; i < 60; ++i) long_name += "abcd.";
  EXPECT_FALSE(text_to_lower_wire(long_name, w));
}

}  // namespace
}  // namespace dns4eu::policy
