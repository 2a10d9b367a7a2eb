#include "daemon/client_query.h"

#include <gtest/gtest.h>

#include "dns/builder.h"

namespace dns4eu::daemon {
namespace {

using dns::Rcode;
using dns::RRClass;
using dns::RRType;
using Bytes = std::vector<uint8_t>;

dns::Name N(std::string_view s) { return dns::Name::from_text(s).value(); }

struct QuerySpec {
  uint16_t id = 0x1234;
  uint16_t flags = dns::flags::kRD;
  dns::Opcode opcode = dns::Opcode::kQuery;
  int questions = 1;
  std::string qname = "www.Example.COM.";
  RRType qtype = RRType::kA;
  RRClass qclass = RRClass::kIN;
  std::optional<dns::EdnsParams> edns = std::nullopt;
  bool answer_record = false;
  bool authority_record = false;
};

Bytes build(const QuerySpec& s) {
  Bytes out;
  dns::MessageBuilder b(out);
  b.set_id(s.id);
  b.set_flags(s.flags);
  b.set_opcode(s.opcode);
  if (s.edns) {
    EXPECT_TRUE(b.set_edns(*s.edns));
  }
  for (int i = 0; i < s.questions; ++i) {
    EXPECT_TRUE(b.add_question(N(s.qname), s.qtype, s.qclass));
  }
  Bytes a{192, 0, 2, 1};
  if (s.answer_record) {
    EXPECT_TRUE(b.add_record(dns::Section::kAnswer, N(s.qname), RRType::kA, RRClass::kIN, 60, a));
  }
  if (s.authority_record) {
    EXPECT_TRUE(b.add_record(dns::Section::kAuthority, N(s.qname), RRType::kA, RRClass::kIN, 60, a));
  }
  EXPECT_TRUE(b.finish());
  return out;
}

// Keeps the packet alive with the view.
struct Parsed {
  Bytes packet;
  ClientQuery q;
};

Parsed parse(const QuerySpec& s, std::size_t limit = 1232, bool stream = false) {
  Parsed p{build(s), {}};
  auto msg = dns::MessageView::parse(p.packet);
  EXPECT_TRUE(msg) << msg.error().message;
  if (msg) p.q = parse_client_query(*msg, limit, stream);
  return p;
}

dns::EdnsParams edns(uint16_t size, bool do_bit = false, uint8_t version = 0) {
  dns::EdnsParams e;
  e.udp_size = size;
  e.do_bit = do_bit;
  e.version = version;
  return e;
}

TEST(ClientQuery, PlainQueryFields) {
  auto p = parse({.id = 0xBEEF, .flags = dns::flags::kRD | dns::flags::kCD, .qtype = RRType::kMX});
  const auto& q = p.q;
  EXPECT_TRUE(q.ok());
  EXPECT_EQ(q.id, 0xBEEF);
  EXPECT_TRUE(q.rd());
  EXPECT_TRUE(q.cd());
  EXPECT_TRUE(q.has_question);
  EXPECT_EQ(q.qname.to_text(), "www.Example.COM.");  // the client's case
  EXPECT_EQ(q.qtype, RRType::kMX);
  EXPECT_EQ(q.qclass, RRClass::kIN);
  EXPECT_FALSE(q.has_edns);
  EXPECT_FALSE(q.do_bit);
  EXPECT_EQ(q.client_udp_size, 512);
  EXPECT_EQ(q.max_response, 512u);  // no EDNS: 512 on UDP
}

TEST(ClientQuery, NoRdNoCd) {
  auto p = parse({.flags = 0});
  EXPECT_TRUE(p.q.ok());
  EXPECT_FALSE(p.q.rd());
  EXPECT_FALSE(p.q.cd());
}

TEST(ClientQuery, QclassKeptForCaller) {
  auto p = parse({.qclass = RRClass::kCH});
  EXPECT_TRUE(p.q.ok());  // class policy is the handler's business
  EXPECT_EQ(p.q.qclass, RRClass::kCH);
}

TEST(ClientQuery, EdnsSizeAndDo) {
  auto p = parse({.edns = edns(4096, true)}, 1232);
  EXPECT_TRUE(p.q.ok());
  EXPECT_TRUE(p.q.has_edns);
  EXPECT_TRUE(p.q.do_bit);
  EXPECT_EQ(p.q.client_udp_size, 4096);
  EXPECT_EQ(p.q.max_response, 1232u);  // UDP: the smaller of listener limit and EDNS size
}

TEST(ClientQuery, EdnsSizeBelowListenerLimit) {
  auto p = parse({.edns = edns(800)}, 1232);
  EXPECT_FALSE(p.q.do_bit);
  EXPECT_EQ(p.q.client_udp_size, 800);
  EXPECT_EQ(p.q.max_response, 800u);
}

TEST(ClientQuery, EdnsSizeBelow512MeansFiveTwelve) {
  for (uint16_t size : {0, 1, 100, 511}) {
    auto p = parse({.edns = edns(size)}, 1232);
    EXPECT_TRUE(p.q.ok());
    EXPECT_EQ(p.q.client_udp_size, 512) << size;
    EXPECT_EQ(p.q.max_response, 512u) << size;
  }
}

TEST(ClientQuery, StreamIgnoresEdnsSize) {
  auto p = parse({.edns = edns(1232)}, 65535, /*stream=*/true);
  EXPECT_EQ(p.q.max_response, 65535u);
  auto plain = parse({}, 65535, true);
  EXPECT_EQ(plain.q.max_response, 65535u);  // no EDNS: still the whole stream limit
}

TEST(ClientQuery, UdpWithoutEdnsIs512EvenWithLargeLimit) {
  auto p = parse({}, 4096, false);
  EXPECT_EQ(p.q.max_response, 512u);
}

TEST(ClientQuery, EdnsVersion1IsBadVers) {
  auto p = parse({.edns = edns(1232, true, 1)});
  EXPECT_FALSE(p.q.ok());
  EXPECT_EQ(p.q.error_rcode, Rcode::kBadVers);
  EXPECT_TRUE(p.q.has_edns);
  EXPECT_TRUE(p.q.do_bit);
  EXPECT_TRUE(p.q.has_question);  // echoed in the BADVERS response
  EXPECT_EQ(p.q.qname, N("www.example.com."));
}

TEST(ClientQuery, BadVersWinsOverOtherErrors) {
  auto p = parse({.opcode = dns::Opcode::kUpdate, .edns = edns(1232, false, 2)});
  EXPECT_EQ(p.q.error_rcode, Rcode::kBadVers);
}

TEST(ClientQuery, UnsupportedOpcodesAreNotImp) {
  for (auto op : {dns::Opcode::kStatus, dns::Opcode::kUpdate, dns::Opcode::kNotify, dns::Opcode::kIQuery}) {
    auto p = parse({.opcode = op});
    EXPECT_EQ(p.q.error_rcode, Rcode::kNotImp) << int(op);
    // The opcode stays in the flags so the response can echo it.
    EXPECT_EQ((p.q.flags >> 11) & 0xF, static_cast<int>(op));
  }
}

TEST(ClientQuery, ResponseBitIsFormErr) {
  auto p = parse({.flags = dns::flags::kQR | dns::flags::kRD});
  EXPECT_EQ(p.q.error_rcode, Rcode::kFormErr);
}

TEST(ClientQuery, NoQuestionIsFormErr) {
  auto p = parse({.questions = 0});
  EXPECT_EQ(p.q.error_rcode, Rcode::kFormErr);
  EXPECT_FALSE(p.q.has_question);
}

TEST(ClientQuery, TwoQuestionsAreFormErr) {
  auto p = parse({.questions = 2});
  EXPECT_EQ(p.q.error_rcode, Rcode::kFormErr);
  EXPECT_FALSE(p.q.has_question);
}

TEST(ClientQuery, AnswerOrAuthorityInQueryIsFormErr) {
  EXPECT_EQ(parse({.answer_record = true}).q.error_rcode, Rcode::kFormErr);
  EXPECT_EQ(parse({.authority_record = true}).q.error_rcode, Rcode::kFormErr);
}

TEST(ClientQuery, ZoneTransfersAreRefused) {
  EXPECT_EQ(parse({.qtype = RRType::kAXFR}).q.error_rcode, Rcode::kRefused);
  EXPECT_EQ(parse({.qtype = RRType::kIXFR}).q.error_rcode, Rcode::kRefused);
}

TEST(ClientQuery, AnyIsAnswerableOtherMetaTypesNotImp) {
  EXPECT_TRUE(parse({.qtype = RRType::kANY}).q.ok());
  EXPECT_EQ(parse({.qtype = static_cast<RRType>(253)}).q.error_rcode, Rcode::kNotImp);  // MAILB
  EXPECT_TRUE(parse({.qtype = RRType::kAAAA}).q.ok());
}

TEST(ClientQuery, BrokenQueryKeepsIdAndFlags) {
  Bytes packet = build({.id = 0x4242, .flags = dns::flags::kRD | dns::flags::kCD});
  packet.resize(packet.size() - 3);  // cut inside the question
  ASSERT_FALSE(dns::MessageView::parse(packet));
  auto q = parse_broken_query(packet);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->id, 0x4242);
  EXPECT_TRUE(q->rd());
  EXPECT_TRUE(q->cd());
  EXPECT_EQ(q->error_rcode, Rcode::kFormErr);
  EXPECT_FALSE(q->has_question);
  EXPECT_FALSE(q->has_edns);
}

TEST(ClientQuery, BrokenQueryHeaderOnly) {
  Bytes packet = build({.id = 7});
  packet.resize(dns::kHeaderSize);  // counts say one question, none there
  auto q = parse_broken_query(packet);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->id, 7);
}

TEST(ClientQuery, BrokenQueryTooShortOrResponse) {
  Bytes packet = build({});
  EXPECT_FALSE(parse_broken_query(std::span(packet).first(11)));
  EXPECT_FALSE(parse_broken_query({}));
  Bytes response = build({.flags = dns::flags::kQR});
  response.resize(response.size() - 2);
  EXPECT_FALSE(parse_broken_query(response));  // never answer an answer
}

}  // namespace
}  // namespace dns4eu::daemon
