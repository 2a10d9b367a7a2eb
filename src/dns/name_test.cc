#include "dns/name.h"

#include <gtest/gtest.h>

namespace dns4eu::dns {
namespace {

Name N(std::string_view s) { return Name::from_text(s).value(); }

TEST(Name, TextRoundTrip) {
  EXPECT_EQ(N("www.example.com.").to_text(), "www.example.com.");
  EXPECT_EQ(N(".").to_text(), ".");
  EXPECT_EQ(N("a\\.b.c.").label_count(), 2);
  EXPECT_EQ(N("a\\.b.c.").to_text(), "a\\.b.c.");
  EXPECT_EQ(N("\\065\\000.").to_text(), "A\\000.");
}

TEST(Name, Limits) {
  std::string l63(63, 'a'), l64(64, 'a');
  EXPECT_TRUE(Name::from_text(l63 + ".").has_value());
  EXPECT_FALSE(Name::from_text(l64 + ".").has_value());
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += l63 + ".";  // 4*64+1 = 257 > 255
  EXPECT_FALSE(Name::from_text(long_name).has_value());
  EXPECT_FALSE(Name::from_text("a..b.").has_value());
  EXPECT_FALSE(Name::from_text("..").has_value());
  EXPECT_FALSE(Name::from_text("a\\256.").has_value());
  EXPECT_FALSE(Name::from_text("a\\").has_value());
}

TEST(Name, CaseInsensitiveAndSubdomain) {
  EXPECT_EQ(N("WWW.Example.COM."), N("www.example.com."));
  EXPECT_EQ(N("WWW.Example.COM.").hash(), N("www.example.com.").hash());
  EXPECT_TRUE(N("a.b.example.com.").is_subdomain_of(N("example.com.")));
  EXPECT_TRUE(N("example.com.").is_subdomain_of(N("example.com.")));
  EXPECT_FALSE(N("xexample.com.").is_subdomain_of(N("example.com.")));
  EXPECT_TRUE(N("x.").is_subdomain_of(N(".")));
  EXPECT_EQ(N("a.b.c.").parent(), N("b.c."));
  EXPECT_EQ(N("a.b.c.").suffix(1), N("c."));
  EXPECT_EQ(N("a.b.c.").common_labels(N("x.b.c.")), 2);
}

TEST(Name, Relative) {
  Name origin = N("example.com.");
  EXPECT_EQ(Name::from_text("www", &origin).value(), N("www.example.com."));
  EXPECT_EQ(Name::from_text("www.", &origin).value(), N("www."));
}

TEST(Name, CanonicalOrderRfc4034Example) {
  // RFC 4034 §6.1 example, in order.
  const char* ordered[] = {"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
                           "zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.",
                           "\\200.z.example."};
  for (size_t i = 0; i + 1 < std::size(ordered); ++i)
    EXPECT_LT(N(ordered[i]).canonical_compare(N(ordered[i + 1])), 0) << ordered[i] << " vs " << ordered[i + 1];
}

TEST(Name, PacketCompression) {
  // "example.com" at offset 0, then "www" + pointer to 0.
  std::vector<uint8_t> pkt = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
                              3, 'w', 'w', 'w', 0xC0, 0x00};
  size_t off = 13;
  auto n = Name::from_packet(pkt, off);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, N("www.example.com."));
  EXPECT_EQ(off, pkt.size());
  EXPECT_TRUE(packet_name_equals(pkt, 13, N("WWW.example.com.")));
  EXPECT_FALSE(packet_name_equals(pkt, 13, N("example.com.")));
}

TEST(Name, HostilePackets) {
  std::vector<uint8_t> self_loop = {0xC0, 0x00};
  size_t off = 0;
  EXPECT_FALSE(Name::from_packet(self_loop, off).has_value());
  std::vector<uint8_t> forward = {0xC0, 0x02, 0};
  off = 0;
  EXPECT_FALSE(Name::from_packet(forward, off).has_value());
  std::vector<uint8_t> truncated = {5, 'a', 'b'};
  off = 0;
  EXPECT_FALSE(Name::from_packet(truncated, off).has_value());
  std::vector<uint8_t> bad_label_type = {0x40, 0};
  off = 0;
  EXPECT_FALSE(Name::from_packet(bad_label_type, off).has_value());
  // A chain of backward pointers that expands past 255 octets.
  std::vector<uint8_t> blowup = {63};
  blowup.resize(64, 'a');
  blowup.push_back(0);
  for (int i = 0; i < 5; ++i) {
    size_t prev = (i == 0) ? 0 : blowup.size() - 66;
    blowup.push_back(63);
    blowup.resize(blowup.size() + 63, 'b');
    blowup.push_back(uint8_t(0xC0 | (prev >> 8)));
    blowup.push_back(uint8_t(prev));
  }
  off = blowup.size() - 66;
  EXPECT_FALSE(Name::from_packet(blowup, off).has_value());
}

TEST(Name, ReplaceSuffix) {
  EXPECT_EQ(N("a.b.old.").replace_suffix(N("old."), N("new.example.")).value(), N("a.b.new.example."));
}

}  // namespace
}  // namespace dns4eu::dns
