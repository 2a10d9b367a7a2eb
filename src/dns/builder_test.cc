#include "dns/builder.h"

#include <gtest/gtest.h>

namespace dns4eu::dns {
namespace {

using Bytes = std::vector<uint8_t>;

Name N(std::string_view s) { return Name::from_text(s).value(); }
Rdata A(uint8_t last) { return Rdata{192, 0, 2, last}; }
Rdata R(RRType t, std::string_view text) { return rdata_from_text(t, text).value(); }

MessageView parse_ok(const Bytes& b) {
  auto m = MessageView::parse(b);
  EXPECT_TRUE(m) << m.error().message;
  return *m;
}

std::vector<RecordRef> records(const MessageView& m, Section s) {
  std::vector<RecordRef> v;
  for (const RecordRef& rr : m.records(s)) v.push_back(rr);
  return v;
}

// True when the name at `offset` is written as a pointer (possibly after labels)
// and every pointer on its way targets an offset below 0x4000.
bool pointers_ok(const Bytes& b, std::size_t pos) {
  while (b[pos] != 0) {
    if ((b[pos] & 0xC0) == 0xC0) {
      std::size_t t = ((b[pos] & 0x3F) << 8) | b[pos + 1];
      if (t >= 0x4000) return false;
      pos = t;
      continue;
    }
    pos += 1 + b[pos];
  }
  return true;
}

TEST(Builder, OwnersCompressToTheQuestion) {
  Bytes out;
  MessageBuilder b(out, 512);
  b.set_id(0xABCD);
  b.set_flags(flags::kQR | flags::kRD | flags::kRA);
  ASSERT_TRUE(b.add_question(N("www.example.com."), RRType::kA, RRClass::kIN));
  std::vector<Rdata> rds{A(1), A(2)};
  ASSERT_TRUE(b.add_rrset(Section::kAnswer, N("www.example.com."), RRType::kA, RRClass::kIN, 300, rds));
  auto size = b.finish();
  ASSERT_TRUE(size);
  // 12 header + 17 qname + 4 + 2 * (2 pointer + 10 + 4)
  EXPECT_EQ(*size, 12u + 17 + 4 + 2 * 16);
  EXPECT_EQ(out[33], 0xC0);
  EXPECT_EQ(out[34], 12);
  auto m = parse_ok(out);
  EXPECT_EQ(m.header().id, 0xABCD);
  EXPECT_EQ(m.count(Section::kAnswer), 2);
  EXPECT_TRUE(m.header().ra());
}

TEST(Builder, SharedSuffixesAndPointerToPointer) {
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.add_question(N("example.com."), RRType::kNS, RRClass::kIN));                      // 12..24
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("b.example.com."), RRType::kA, RRClass::kIN, 1, A(1)));  // 29
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("x.b.example.com."), RRType::kA, RRClass::kIN, 1, A(2)));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("y.example.org."), RRType::kA, RRClass::kIN, 1, A(3)));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("z.example.org."), RRType::kA, RRClass::kIN, 1, A(4)));
  ASSERT_TRUE(b.finish());
  // "b" + pointer to example.com at 12.
  EXPECT_EQ(Bytes(out.begin() + 29, out.begin() + 33), (Bytes{1, 'b', 0xC0, 12}));
  // "x" + pointer to the "b" label, which itself ends in a pointer.
  EXPECT_EQ(Bytes(out.begin() + 47, out.begin() + 51), (Bytes{1, 'x', 0xC0, 29}));
  auto m = parse_ok(out);
  std::vector<std::string> owners;
  for (const auto& rr : m.records(Section::kAnswer)) owners.push_back(m.name_at(rr.owner_offset)->to_text());
  EXPECT_EQ(owners, (std::vector<std::string>{"b.example.com.", "x.b.example.com.", "y.example.org.", "z.example.org."}));
  // z.example.org. reuses "example.org" from y.example.org. but not ".com".
  auto z = records(m, Section::kAnswer)[3];
  EXPECT_EQ(out[z.owner_offset], 1);
  EXPECT_EQ(out[z.owner_offset + 2], 0xC0);
}

TEST(Builder, CaseIsPreservedByExactMatching) {
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.add_question(N("WwW.ExAmple.com."), RRType::kA, RRClass::kIN));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("www.example.com."), RRType::kA, RRClass::kIN, 1, A(1)));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("WwW.ExAmple.com."), RRType::kA, RRClass::kIN, 1, A(2)));
  ASSERT_TRUE(b.finish());
  auto m = parse_ok(out);
  auto rrs = records(m, Section::kAnswer);
  EXPECT_EQ(m.question_name()->to_text(), "WwW.ExAmple.com.");
  EXPECT_EQ(m.name_at(rrs[0].owner_offset)->to_text(), "www.example.com.");
  EXPECT_EQ(m.name_at(rrs[1].owner_offset)->to_text(), "WwW.ExAmple.com.");
  // The lower-case owner still shares ".com" with the question...
  EXPECT_EQ(Bytes(out.begin() + long(rrs[0].owner_offset) + 12, out.begin() + long(rrs[0].owner_offset) + 14),
            (Bytes{0xC0, 12 + 12}));
  // ... and the exact match is one pointer.
  EXPECT_EQ(out[rrs[1].owner_offset], 0xC0);
}

TEST(Builder, CompressesRfc1035RdataNamesOnly) {
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.add_question(N("example.com."), RRType::kMX, RRClass::kIN));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("example.com."), RRType::kMX, RRClass::kIN, 60,
                           R(RRType::kMX, "10 mail.example.com.")));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("_s._udp.example.com."), RRType::kSRV, RRClass::kIN, 60,
                           R(RRType::kSRV, "1 2 3 sip.example.com.")));
  ASSERT_TRUE(b.add_record(Section::kAdditional, N("sip.example.com."), RRType::kA, RRClass::kIN, 60, A(9)));
  ASSERT_TRUE(b.finish());
  auto m = parse_ok(out);
  auto an = records(m, Section::kAnswer);
  EXPECT_EQ(an[0].rdlength, 2 + 5 + 2);                // preference, "mail", pointer
  EXPECT_EQ(an[1].rdlength, 6 + 17);                   // SRV target written in full (RFC 2782/3597)
  EXPECT_EQ(m.rdata(an[0]).value(), R(RRType::kMX, "10 mail.example.com."));
  EXPECT_EQ(m.rdata(an[1]).value(), R(RRType::kSRV, "1 2 3 sip.example.com."));
  // ... but the SRV target may be pointed to.
  auto glue = records(m, Section::kAdditional)[0];
  EXPECT_EQ(out[glue.owner_offset], 0xC0);
  EXPECT_EQ(m.name_at(glue.owner_offset)->to_text(), "sip.example.com.");
}

TEST(Builder, PointersStayBelow0x4000InALargeMessage) {
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.add_question(N("big.example."), RRType::kTXT, RRClass::kIN));
  // ~17 KB of TXT records, so the next names start past 0x4000.
  Rdata txt(256, 'x');
  txt[0] = 255;
  for (int i = 0; i < 68; ++i)
    ASSERT_TRUE(b.add_record(Section::kAnswer, N("big.example."), RRType::kTXT, RRClass::kIN, 1, txt));
  ASSERT_GT(b.size(), 0x4000u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(b.add_record(Section::kAdditional, N("far.away.test."), RRType::kA, RRClass::kIN, 1, A(1)));
    ASSERT_TRUE(b.add_record(Section::kAdditional, N("near.big.example."), RRType::kA, RRClass::kIN, 1, A(2)));
  }
  ASSERT_TRUE(b.finish());
  auto m = parse_ok(out);
  auto add = records(m, Section::kAdditional);
  ASSERT_EQ(add.size(), 6u);
  for (const auto& rr : add) {
    EXPECT_TRUE(pointers_ok(out, rr.owner_offset));
    EXPECT_GT(rr.owner_offset, 0x4000u);
  }
  // far.away.test. has nothing below 0x4000 to point to: written in full each time.
  EXPECT_EQ(m.name_at(add[4].owner_offset)->to_text(), "far.away.test.");
  EXPECT_EQ(out[add[4].owner_offset], 3);
  EXPECT_EQ(out[add[4].owner_offset + 14], 0);
  // near.big.example. points to the question's big.example.
  EXPECT_EQ(Bytes(out.begin() + long(add[5].owner_offset) + 5, out.begin() + long(add[5].owner_offset) + 7),
            (Bytes{0xC0, 12}));
}

TEST(Builder, MaxSizeRefusesWholeRecordsAndRrsets) {
  Bytes out;
  MessageBuilder b(out, 80);
  ASSERT_TRUE(b.add_question(N("example.com."), RRType::kA, RRClass::kIN));  // 29 octets
  std::vector<Rdata> four{A(1), A(2), A(3), A(4)};                            // 4 * 16 = 64 > 51 left
  auto st = b.add_rrset(Section::kAnswer, N("example.com."), RRType::kA, RRClass::kIN, 1, four);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::kTooLong);
  EXPECT_EQ(b.size(), 29u);
  std::vector<Rdata> two{A(1), A(2)};
  ASSERT_TRUE(b.add_rrset(Section::kAnswer, N("example.com."), RRType::kA, RRClass::kIN, 1, two));
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("example.com."), RRType::kA, RRClass::kIN, 1, A(3)));
  EXPECT_FALSE(b.add_record(Section::kAnswer, N("example.com."), RRType::kA, RRClass::kIN, 1, A(4)));
  EXPECT_EQ(b.size(), 77u);
  ASSERT_TRUE(b.finish());
  EXPECT_EQ(out.size(), 77u);
  EXPECT_EQ(parse_ok(out).count(Section::kAnswer), 3);
}

TEST(Builder, ARefusedRecordLeavesNoTrace) {
  Bytes out;
  MessageBuilder b(out, 64);
  ASSERT_TRUE(b.add_question(N("q.test."), RRType::kA, RRClass::kIN));  // 12 + 8 + 4 = 24
  // Does not fit (needs 24 + 25 + 10 + 40), so its owner must be forgotten.
  EXPECT_FALSE(b.add_record(Section::kAnswer, N("long-owner-name.q.test."), RRType::kTXT, RRClass::kIN, 1,
                            Rdata(40, 1)));
  EXPECT_EQ(b.size(), 24u);
  ASSERT_TRUE(b.add_record(Section::kAnswer, N("long-owner-name.q.test."), RRType::kA, RRClass::kIN, 1, A(1)));
  ASSERT_TRUE(b.finish());
  auto m = parse_ok(out);
  EXPECT_EQ(m.name_at(records(m, Section::kAnswer)[0].owner_offset)->to_text(), "long-owner-name.q.test.");
}

TEST(Builder, SectionOrderAndState) {
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.add_record(Section::kAuthority, N("a."), RRType::kA, RRClass::kIN, 1, A(1)));
  EXPECT_FALSE(b.add_record(Section::kAnswer, N("a."), RRType::kA, RRClass::kIN, 1, A(1)));
  EXPECT_FALSE(b.add_question(N("a."), RRType::kA, RRClass::kIN));
  EXPECT_FALSE(b.add_record(Section::kAdditional, N("."), RRType::kOPT, RRClass{512}, 0, Rdata{}));
  ASSERT_TRUE(b.finish());
  EXPECT_FALSE(b.add_record(Section::kAdditional, N("a."), RRType::kA, RRClass::kIN, 1, A(1)));
  EXPECT_EQ(parse_ok(out).count(Section::kAuthority), 1);
}

TEST(Builder, EdnsRoomIsReservedAndRcodeExtended) {
  Bytes out;
  MessageBuilder b(out, 56);
  EdnsParams p;
  p.udp_size = 4096;
  p.do_bit = true;
  p.options.emplace_back(kOptionNsid, Bytes{'n', 's'});
  ASSERT_TRUE(b.set_edns(p));             // 11 + 6 = 17 reserved
  EXPECT_EQ(b.size(), 12u + 17);
  ASSERT_TRUE(b.add_question(N("a.test."), RRType::kA, RRClass::kIN));  // +12 = 41
  EXPECT_FALSE(b.add_record(Section::kAnswer, N("a.test."), RRType::kA, RRClass::kIN, 1, A(1)));  // +16 > 56
  b.set_rcode(Rcode::kBadCookie);
  auto size = b.finish();
  ASSERT_TRUE(size);
  EXPECT_EQ(*size, 41u);
  auto m = parse_ok(out);
  EXPECT_EQ(m.rcode(), Rcode::kBadCookie);
  ASSERT_TRUE(m.edns());
  EXPECT_EQ(m.edns()->udp_size, 4096);
  EXPECT_TRUE(m.edns()->do_bit);
  auto nsid = m.edns()->find(kOptionNsid);
  ASSERT_TRUE(nsid);
  EXPECT_EQ(Bytes(nsid->data.begin(), nsid->data.end()), (Bytes{'n', 's'}));

  Bytes out2;
  MessageBuilder tiny(out2, 20);
  EXPECT_FALSE(tiny.set_edns(p));
  tiny.set_rcode(Rcode::kBadVers);
  EXPECT_FALSE(tiny.finish());  // extended rcode without EDNS
}

TEST(Builder, PaddingToBlockNeverBeyondMaxSize) {
  for (std::size_t block : {64u, 128u, 468u}) {
    Bytes out;
    MessageBuilder b(out, 1232);
    EdnsParams p;
    p.pad_to_block = block;
    ASSERT_TRUE(b.set_edns(p));
    ASSERT_TRUE(b.add_question(N("pad.example."), RRType::kAAAA, RRClass::kIN));
    auto size = b.finish();
    ASSERT_TRUE(size);
    EXPECT_EQ(*size % block, 0u) << block;
    auto m = parse_ok(out);
    ASSERT_TRUE(m.edns()->find(kOptionPadding));
  }
  Bytes out;
  MessageBuilder b(out, 100);
  EdnsParams p;
  p.pad_to_block = 468;
  ASSERT_TRUE(b.set_edns(p));
  ASSERT_TRUE(b.add_question(N("pad.example."), RRType::kAAAA, RRClass::kIN));
  EXPECT_EQ(b.finish().value(), 100u);
}

TEST(Builder, CopiesRecordsFromAParsedMessage) {
  Bytes src;
  {
    MessageBuilder b(src);
    ASSERT_TRUE(b.add_question(N("example.com."), RRType::kSOA, RRClass::kIN));
    ASSERT_TRUE(b.add_record(Section::kAnswer, N("example.com."), RRType::kSOA, RRClass::kIN, 5,
                             R(RRType::kSOA, "ns.example.com. admin.example.com. 1 2 3 4 5")));
    ASSERT_TRUE(b.finish());
  }
  auto m = parse_ok(src);
  Bytes out;
  MessageBuilder b(out);
  ASSERT_TRUE(b.add_question(N("other.test."), RRType::kSOA, RRClass::kIN));
  auto rr = records(m, Section::kAnswer)[0];
  ASSERT_TRUE(b.add_record_from(Section::kAuthority, m, rr));
  ASSERT_TRUE(b.finish());
  auto m2 = parse_ok(out);
  auto copy = records(m2, Section::kAuthority)[0];
  EXPECT_EQ(m2.rdata(copy).value(), m.rdata(rr).value());
  EXPECT_EQ(m2.name_at(copy.owner_offset)->to_text(), "example.com.");
  EXPECT_EQ(rdata_to_text(RRType::kSOA, m2.rdata(copy).value()), "ns.example.com. admin.example.com. 1 2 3 4 5");
}

// A response with answer (3 A), authority (2 NS), additional (2 A glue) and OPT.
Bytes big_response() {
  Bytes out;
  MessageBuilder b(out);
  b.set_id(77);
  b.set_flags(flags::kQR | flags::kAA);
  EXPECT_TRUE(b.set_edns(EdnsParams{}));
  EXPECT_TRUE(b.add_question(N("www.example.com."), RRType::kA, RRClass::kIN));
  std::vector<Rdata> a{A(1), A(2), A(3)};
  EXPECT_TRUE(b.add_rrset(Section::kAnswer, N("www.example.com."), RRType::kA, RRClass::kIN, 60, a));
  std::vector<Rdata> ns{R(RRType::kNS, "ns1.example.com."), R(RRType::kNS, "ns2.example.com.")};
  EXPECT_TRUE(b.add_rrset(Section::kAuthority, N("example.com."), RRType::kNS, RRClass::kIN, 60, ns));
  EXPECT_TRUE(b.add_record(Section::kAdditional, N("ns1.example.com."), RRType::kA, RRClass::kIN, 60, A(53)));
  EXPECT_TRUE(b.add_record(Section::kAdditional, N("ns2.example.com."), RRType::kA, RRClass::kIN, 60, A(54)));
  EXPECT_TRUE(b.finish());
  return out;
}

TEST(Truncate, KeepsWholeRrsetsAndSetsTc) {
  Bytes pkt = big_response();
  auto full = parse_ok(pkt);
  auto same = truncate_message(pkt, pkt.size());
  ASSERT_TRUE(same);
  EXPECT_EQ(*same, pkt);

  // Room for everything except the last glue record: dropped silently.
  auto t1 = truncate_message(pkt, pkt.size() - 1);
  ASSERT_TRUE(t1);
  auto m1 = parse_ok(*t1);
  EXPECT_FALSE(m1.header().tc());
  EXPECT_EQ(m1.count(Section::kAuthority), 2);
  EXPECT_EQ(m1.count(Section::kAdditional), 1);
  EXPECT_TRUE(m1.edns());

  // Room for the answer but not the whole NS RRset: TC, no authority, no additional.
  std::size_t answer_end = full.section_offset(Section::kAuthority);
  auto t2 = truncate_message(pkt, answer_end + 11 + 20);
  ASSERT_TRUE(t2);
  auto m2 = parse_ok(*t2);
  EXPECT_TRUE(m2.header().tc());
  EXPECT_TRUE(m2.header().aa());
  EXPECT_EQ(m2.header().id, 77);
  EXPECT_EQ(m2.count(Section::kAnswer), 3);
  EXPECT_EQ(m2.count(Section::kAuthority), 0);
  EXPECT_EQ(m2.count(Section::kAdditional), 0);
  EXPECT_TRUE(m2.edns());
  EXPECT_LE(t2->size(), answer_end + 31);

  // Room for 2 of the 3 A records: none of them is kept.
  auto t3 = truncate_message(pkt, answer_end - 1 + 11);
  ASSERT_TRUE(t3);
  auto m3 = parse_ok(*t3);
  EXPECT_TRUE(m3.header().tc());
  EXPECT_EQ(m3.count(Section::kAnswer), 0);
  EXPECT_EQ(m3.question_name()->to_text(), "www.example.com.");

  EXPECT_FALSE(truncate_message(pkt, 20));                 // not even the question
  EXPECT_FALSE(truncate_message(Bytes{1, 2, 3}, 512));     // not a message
}

}  // namespace
}  // namespace dns4eu::dns
