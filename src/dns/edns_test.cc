#include "dns/edns.h"

#include <gtest/gtest.h>

#include "dns/builder.h"
#include "dns/message.h"

namespace dns4eu::dns {
namespace {

using Bytes = std::vector<uint8_t>;

TEST(Edns, ViewReadsFieldsAndIteratesOptions) {
  Bytes rdata{0, 3, 0, 0,              // NSID, empty
              0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8,  // client cookie
              0xFF, 0xFF, 0, 1, 9};    // unknown option 65535
  auto v = EdnsView::parse(1400, 0x01008000, rdata, 100);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->udp_size, 1400);
  EXPECT_EQ(v->ext_rcode, 1);
  EXPECT_EQ(v->version, 0);
  EXPECT_TRUE(v->do_bit);
  EXPECT_EQ(v->z_flags, 0x8000);
  std::vector<uint16_t> codes;
  std::vector<std::size_t> sizes;
  for (EdnsOption o : v->options()) {
    codes.push_back(o.code);
    sizes.push_back(o.data.size());
  }
  EXPECT_EQ(codes, (std::vector<uint16_t>{3, 10, 65535}));
  EXPECT_EQ(sizes, (std::vector<std::size_t>{0, 8, 1}));
  ASSERT_TRUE(v->find(kOptionCookie));
  EXPECT_EQ(v->find(kOptionCookie)->data[7], 8);
  EXPECT_FALSE(v->find(kOptionPadding));
  auto version1 = EdnsView::parse(512, 0x00010000, {}, 0);
  ASSERT_TRUE(version1);  // BADVERS is the resolver's answer, not a parse error
  EXPECT_EQ(version1->version, 1);
}

TEST(Edns, ViewRejectsBadFramingWithOffset) {
  Bytes half_header{0, 10, 0};
  auto a = EdnsView::parse(512, 0, half_header, 200);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("offset 200"), std::string::npos) << a.error().message;
  Bytes long_option{0, 3, 0, 0, 0, 10, 0, 9, 1, 2};
  auto b = EdnsView::parse(512, 0, long_option, 200);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("offset 204"), std::string::npos) << b.error().message;
}

TEST(Edns, ExtendedErrorBothWays) {
  ExtendedError e{EdeCode::kBlocked, "malware: example.test"};
  Bytes wire = encode_extended_error(e);
  EXPECT_EQ(wire.size(), 2 + e.extra_text.size());
  EXPECT_EQ(wire[1], 15);
  auto back = parse_extended_error(wire);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->code, EdeCode::kBlocked);
  EXPECT_EQ(back->extra_text, "malware: example.test");
  auto bare = parse_extended_error(Bytes{0, 29});
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->code, EdeCode::kSynthesized);
  EXPECT_TRUE(bare->extra_text.empty());
  EXPECT_EQ(parse_extended_error(Bytes{0, 6, 'x', 0})->extra_text, "x");  // NUL-terminated sender
  EXPECT_FALSE(parse_extended_error(Bytes{0}));
}

TEST(Edns, CookieSizeRules) {
  Cookie c;
  for (int i = 0; i < 8; ++i) c.client[i] = uint8_t(i + 1);
  Bytes client_only = encode_cookie(c);
  EXPECT_EQ(client_only.size(), 8u);
  auto p = parse_cookie(client_only);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->client, c.client);
  EXPECT_TRUE(p->server.empty());
  c.server = Bytes(16, 0xAB);
  auto full = parse_cookie(encode_cookie(c));
  ASSERT_TRUE(full);
  EXPECT_EQ(full->server, c.server);
  // RFC 7873 §4: 8, or 16..40 octets; anything else is FORMERR.
  for (std::size_t n : {0u, 1u, 7u, 9u, 15u, 41u, 64u})
    EXPECT_FALSE(parse_cookie(Bytes(n, 1))) << n;
  for (std::size_t n : {8u, 16u, 24u, 40u}) EXPECT_TRUE(parse_cookie(Bytes(n, 1))) << n;
}

TEST(Edns, ClientSubnetChecks) {
  auto v4 = parse_client_subnet(Bytes{0, 1, 24, 0, 192, 0, 2});
  ASSERT_TRUE(v4) << v4.error().message;
  EXPECT_EQ(v4->family, 1);
  EXPECT_EQ(v4->source_prefix, 24);
  EXPECT_EQ(v4->address[2], 2);
  EXPECT_EQ(v4->address[3], 0);
  auto v6 = parse_client_subnet(Bytes{0, 2, 56, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0x01});
  ASSERT_TRUE(v6) << v6.error().message;
  EXPECT_EQ(v6->source_prefix, 56);
  auto zero = parse_client_subnet(Bytes{0, 1, 0, 0});
  ASSERT_TRUE(zero);  // /0: no address octets
  EXPECT_EQ(zero->source_prefix, 0);
  EXPECT_TRUE(parse_client_subnet(Bytes{0, 1, 20, 0, 10, 0, 0x10}));                  // 10.0.16/20
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 1, 20, 0, 10, 0, 0x18}));                 // bit beyond /20
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 1, 24, 0, 192, 0}));                      // too few octets
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 1, 16, 0, 192, 0, 2}));                   // too many octets
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 1, 33, 0, 1, 2, 3, 4, 5}));               // prefix > 32
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 1, 8, 33, 10}));                          // scope > 32
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 3, 8, 0, 10}));                           // family 3
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 2, 129, 0}));                             // prefix > 128
  EXPECT_FALSE(parse_client_subnet(Bytes{0, 1, 8}));                                  // short
}

TEST(Edns, KeepaliveAndPadding) {
  auto q = parse_keepalive({});
  ASSERT_TRUE(q);
  EXPECT_FALSE(q->has_value());
  auto r = parse_keepalive(encode_keepalive(1200));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->value(), 1200);
  EXPECT_FALSE(parse_keepalive(Bytes{1}));
  EXPECT_FALSE(parse_keepalive(Bytes{1, 2, 3}));

  EXPECT_EQ(padding_length(100, 0), 0u);
  EXPECT_EQ(padding_length(100, 128), 24u);   // 100 + 4 + 24 = 128
  EXPECT_EQ(padding_length(124, 128), 0u);    // the header alone completes the block
  EXPECT_EQ(padding_length(125, 128), 127u);  // 125 + 4 = 129: next block
  EXPECT_EQ(padding_length(0, 468), 464u);
}

// Every option we build comes back intact through a whole message.
TEST(Edns, OptionsThroughTheBuilderAndParser) {
  Cookie c;
  c.client = {1, 2, 3, 4, 5, 6, 7, 8};
  c.server = Bytes(8, 9);
  EdnsParams p;
  p.udp_size = 1232;
  p.options.emplace_back(kOptionCookie, encode_cookie(c));
  p.options.emplace_back(kOptionKeepalive, encode_keepalive(300));
  p.options.emplace_back(kOptionExtendedError, encode_extended_error({EdeCode::kFiltered, "policy"}));
  p.pad_to_block = 128;
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.set_edns(p));
  ASSERT_TRUE(b.add_question(Name::from_text("x.test.").value(), RRType::kA, RRClass::kIN));
  ASSERT_TRUE(b.finish());
  EXPECT_EQ(out.size() % 128, 0u);
  auto m = MessageView::parse(out);
  ASSERT_TRUE(m) << m.error().message;
  const EdnsView& e = *m->edns();
  EXPECT_FALSE(e.do_bit);
  EXPECT_EQ(parse_cookie(e.find(kOptionCookie)->data)->server, c.server);
  EXPECT_EQ(parse_keepalive(e.find(kOptionKeepalive)->data)->value(), 300);
  auto ede = parse_extended_error(e.find(kOptionExtendedError)->data);
  EXPECT_EQ(ede->code, EdeCode::kFiltered);
  EXPECT_EQ(ede->extra_text, "policy");
  auto pad = e.find(kOptionPadding);
  ASSERT_TRUE(pad);
  for (uint8_t x : pad->data) EXPECT_EQ(x, 0);
}

}  // namespace
}  // namespace dns4eu::dns
