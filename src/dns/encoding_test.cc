// encoding_test.cc — base64 / base32hex / hex codecs (RFC 4648 §10 vectors).
#include <gtest/gtest.h>

#include "dns/rdata.h"

namespace dns4eu::dns {
namespace {

std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> v[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, enc] : v) {
    EXPECT_EQ(base64_encode(bytes(plain)), enc);
    auto d = base64_decode(enc);
    ASSERT_TRUE(d) << enc << ": " << d.error().message;
    EXPECT_EQ(*d, bytes(plain)) << enc;
  }
}

TEST(Base64, IgnoresWhitespaceAndKeepsBinary) {
  auto d = base64_decode(" Zm9v\tYmE=\n");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, bytes("fooba"));
  std::vector<uint8_t> bin = {0x00, 0xFF, 0x80, 0x7F};
  EXPECT_EQ(*base64_decode(base64_encode(bin)), bin);
}

TEST(Base64, RejectsMalformed) {
  EXPECT_FALSE(base64_decode("Zg="));       // length not a multiple of 4
  EXPECT_FALSE(base64_decode("Zm9v!A=="));  // bad character
  EXPECT_FALSE(base64_decode("Z==="));      // three padding characters
  EXPECT_FALSE(base64_decode("Zg==Zg=="));  // padding in the middle
  EXPECT_NE(base64_decode("Zm9v$A==").error().message.find("position 4"), std::string::npos);
}

TEST(Base32Hex, Rfc4648VectorsLowerCaseUnpadded) {
  const std::pair<const char*, const char*> v[] = {
      {"", ""}, {"f", "co"}, {"fo", "cpng"}, {"foo", "cpnmu"},
      {"foob", "cpnmuog"}, {"fooba", "cpnmuoj1"}, {"foobar", "cpnmuoj1e8"}};
  for (auto [plain, enc] : v) {
    EXPECT_EQ(base32hex_encode(bytes(plain)), enc);
    auto d = base32hex_decode(enc);
    ASSERT_TRUE(d) << enc;
    EXPECT_EQ(*d, bytes(plain));
  }
  EXPECT_EQ(*base32hex_decode("CPNMUOJ1E8"), bytes("foobar"));  // case-insensitive
}

TEST(Base32Hex, RejectsMalformed) {
  EXPECT_FALSE(base32hex_decode("cw"));   // 'w' is outside the base32hex alphabet
  EXPECT_FALSE(base32hex_decode("c"));    // impossible length
  EXPECT_FALSE(base32hex_decode("cp"));   // non-zero trailing bits
  EXPECT_FALSE(base32hex_decode("co======"));  // no padding in DNS use
}

TEST(Hex, RoundTripUpperCase) {
  std::vector<uint8_t> b = {0x0a, 0xbc, 0xde, 0xf0};
  EXPECT_EQ(hex_encode(b), "0ABCDEF0");
  EXPECT_EQ(*hex_decode("0abc DEf0"), b);
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
}

}  // namespace
}  // namespace dns4eu::dns
