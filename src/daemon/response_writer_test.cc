#include "daemon/response_writer.h"

#include <deque>

#include <gtest/gtest.h>

#include "dns/builder.h"

namespace dns4eu::daemon {
namespace {

using dns::Rcode;
using dns::RRClass;
using dns::RRType;
using dns::Section;
using Bytes = std::vector<uint8_t>;

dns::Name N(std::string_view s) { return dns::Name::from_text(s).value(); }
dns::Rdata R(RRType t, std::string_view text) { return dns::rdata_from_text(t, text).value(); }

dns::RRset rrset(std::string_view owner, RRType type, std::vector<std::string_view> texts, uint32_t ttl = 300) {
  dns::RRset s{N(owner), type, RRClass::kIN, ttl, {}, {}};
  for (auto t : texts) s.rdatas.push_back(R(type, t));
  return s;
}

dns::Rdata rrsig_over(std::string_view covered) {
  std::string text = std::string(covered) + " 13 2 300 20300101000000 20200101000000 12345 example.com. AAECAwQFBgcICQ==";
  return R(RRType::kRRSIG, text);
}

ClientQuery query(bool edns = false, bool do_bit = false) {
  ClientQuery q;
  q.id = 0xABCD;
  q.flags = dns::flags::kRD;
  q.qname = N("wWw.ExAmple.com.");
  q.qtype = RRType::kA;
  q.has_question = true;
  q.has_edns = edns;
  q.do_bit = do_bit;
  q.client_udp_size = edns ? 1232 : 512;
  q.max_response = q.client_udp_size;
  return q;
}

resolver::Resolution positive() {
  resolver::Resolution r;
  r.rcode = Rcode::kNoError;
  r.answer.push_back(rrset("www.example.com.", RRType::kCNAME, {"web.example.com."}));
  r.answer.back().rrsigs.push_back(rrsig_over("CNAME"));
  r.answer.push_back(rrset("web.example.com.", RRType::kA, {"192.0.2.1", "192.0.2.2"}, 60));
  r.answer.back().rrsigs.push_back(rrsig_over("A"));
  return r;
}

resolver::Resolution nxdomain() {
  resolver::Resolution r;
  r.rcode = Rcode::kNXDomain;
  r.authority.push_back(
      rrset("example.com.", RRType::kSOA, {"ns.example.com. host.example.com. 1 7200 3600 1209600 300"}, 300));
  return r;
}

dns::MessageView parse_ok(const Bytes& b) {
  auto m = dns::MessageView::parse(b);
  EXPECT_TRUE(m) << m.error().message;
  return *m;
}

// A MessageView borrows its bytes: a temporary response is kept alive here
// (until the test binary exits) so views of it stay valid. Found by ASan.
dns::MessageView parse_ok(Bytes&& b) {
  static std::deque<Bytes> keep;  // push_back never moves earlier elements
  keep.push_back(std::move(b));
  return parse_ok(keep.back());
}

std::vector<dns::RecordRef> records(const dns::MessageView& m, Section s) {
  std::vector<dns::RecordRef> v;
  for (const auto& rr : m.records(s)) v.push_back(rr);
  return v;
}

int count_type(const dns::MessageView& m, Section s, RRType t) {
  int n = 0;
  for (const auto& rr : m.records(s)) n += rr.type == t;
  return n;
}

// write_cacheable + finish_for_client, as the handler does.
Bytes respond(const ClientQuery& q, const resolver::Resolution& r, bool authoritative = false,
              const std::optional<dns::ExtendedError>& ede = std::nullopt) {
  Bytes packet, out;
  write_cacheable(q, r, packet, authoritative);
  finish_for_client(q, packet, out, ede);
  return out;
}

TEST(ResponseWriter, HeaderFlags) {
  auto q = query();
  q.flags = dns::flags::kRD | dns::flags::kCD;
  Bytes out = respond(q, positive());
  auto m = parse_ok(out);
  const auto& h = m.header();
  EXPECT_EQ(h.id, 0xABCD);
  EXPECT_TRUE(h.qr());
  EXPECT_TRUE(h.ra());
  EXPECT_TRUE(h.rd());
  EXPECT_TRUE(h.cd());
  EXPECT_FALSE(h.aa());
  EXPECT_FALSE(h.tc());
  EXPECT_FALSE(h.ad());
  EXPECT_EQ(h.opcode(), dns::Opcode::kQuery);
  EXPECT_EQ(m.rcode(), Rcode::kNoError);
}

TEST(ResponseWriter, RdAndCdNotInventedAaOnlyWhenAuthoritative) {
  auto q = query();
  q.flags = 0;
  auto m1 = parse_ok(respond(q, positive()));
  EXPECT_FALSE(m1.header().rd());
  EXPECT_FALSE(m1.header().cd());
  EXPECT_FALSE(m1.header().aa());
  auto m2 = parse_ok(respond(q, positive(), /*authoritative=*/true));
  EXPECT_TRUE(m2.header().aa());
  EXPECT_TRUE(m2.header().ra());
}

TEST(ResponseWriter, QuestionEchoedInClientCase) {
  Bytes out = respond(query(), positive());
  auto m = parse_ok(out);
  ASSERT_EQ(m.header().qdcount, 1);
  EXPECT_EQ(m.question_name()->to_text(), "wWw.ExAmple.com.");
  EXPECT_EQ(m.question()->type, RRType::kA);
  EXPECT_EQ(m.question()->rclass, RRClass::kIN);
  // Octet-exact: the first label on the wire is the client's.
  EXPECT_EQ(std::string(out.begin() + 13, out.begin() + 16), "wWw");
}

TEST(ResponseWriter, AnswerSectionWithoutDoHasNoSignatures) {
  auto m = parse_ok(respond(query(true, false), positive()));
  auto ans = records(m, Section::kAnswer);
  ASSERT_EQ(ans.size(), 3u);
  EXPECT_EQ(ans[0].type, RRType::kCNAME);
  EXPECT_TRUE(m.name_at_equals(ans[0].owner_offset, N("www.example.com.")));
  EXPECT_EQ(ans[0].ttl, 300u);
  EXPECT_EQ(ans[1].type, RRType::kA);
  EXPECT_EQ(ans[2].type, RRType::kA);
  EXPECT_TRUE(m.name_at_equals(ans[1].owner_offset, N("web.example.com.")));
  EXPECT_EQ(ans[1].ttl, 60u);
  EXPECT_EQ(*m.rdata(ans[2]), R(RRType::kA, "192.0.2.2"));
  EXPECT_EQ(count_type(m, Section::kAnswer, RRType::kRRSIG), 0);
  EXPECT_EQ(m.count(Section::kAuthority), 0);
}

TEST(ResponseWriter, SignaturesWithDo) {
  auto m = parse_ok(respond(query(true, true), positive()));
  auto ans = records(m, Section::kAnswer);
  ASSERT_EQ(ans.size(), 5u);
  EXPECT_EQ(ans[0].type, RRType::kCNAME);
  EXPECT_EQ(ans[1].type, RRType::kRRSIG);  // each RRset followed by its signatures
  EXPECT_TRUE(m.name_at_equals(ans[1].owner_offset, N("www.example.com.")));
  EXPECT_EQ(*m.rdata(ans[1]), rrsig_over("CNAME"));
  EXPECT_EQ(ans[4].type, RRType::kRRSIG);
  EXPECT_EQ(*m.rdata(ans[4]), rrsig_over("A"));
  ASSERT_TRUE(m.edns());
  EXPECT_TRUE(m.edns()->do_bit);
}

TEST(ResponseWriter, AuthoritySection) {
  auto m = parse_ok(respond(query(), nxdomain()));
  EXPECT_EQ(m.rcode(), Rcode::kNXDomain);
  EXPECT_EQ(m.count(Section::kAnswer), 0);
  auto auth = records(m, Section::kAuthority);
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_EQ(auth[0].type, RRType::kSOA);
  EXPECT_TRUE(m.name_at_equals(auth[0].owner_offset, N("example.com.")));
  EXPECT_EQ(*m.rdata(auth[0]), nxdomain().authority[0].rdatas[0]);
}

TEST(ResponseWriter, CacheablePacketHasNoOpt) {
  Bytes packet;
  write_cacheable(query(true, true), positive(), packet);
  auto m = parse_ok(packet);
  EXPECT_FALSE(m.edns());
  EXPECT_EQ(m.header().arcount, 0);
}

TEST(ResponseWriter, NoOptWithoutClientEdns) {
  Bytes out = respond(query(false), positive(), false, dns::ExtendedError{dns::EdeCode::kStaleAnswer, "x"});
  auto m = parse_ok(out);
  EXPECT_FALSE(m.edns());
  EXPECT_EQ(m.header().arcount, 0);
}

TEST(ResponseWriter, OptWithOurSizeAndDoEchoed) {
  for (bool do_bit : {false, true}) {
    auto q = query(true, do_bit);
    q.client_udp_size = 4096;
    q.max_response = 4096;
    auto m = parse_ok(respond(q, positive()));
    ASSERT_TRUE(m.edns());
    EXPECT_EQ(m.edns()->udp_size, kOurUdpSize);
    EXPECT_EQ(m.edns()->udp_size, 1232);
    EXPECT_EQ(m.edns()->version, 0);
    EXPECT_EQ(m.edns()->do_bit, do_bit);
    EXPECT_FALSE(m.edns()->find(dns::kOptionExtendedError));
    EXPECT_EQ(m.header().arcount, 1);
  }
}

TEST(ResponseWriter, OptCarriesExtendedError) {
  dns::ExtendedError ede{dns::EdeCode::kDnssecBogus, "signature mismatch"};
  auto m = parse_ok(respond(query(true), positive(), false, ede));
  ASSERT_TRUE(m.edns());
  auto opt = m.edns()->find(dns::kOptionExtendedError);
  ASSERT_TRUE(opt);
  auto parsed = dns::parse_extended_error(opt->data);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->code, dns::EdeCode::kDnssecBogus);
  EXPECT_EQ(parsed->extra_text, "signature mismatch");
}

resolver::Resolution big_answer(int sets, int per_set);

TEST(ResponseWriter, PaddedToBlockOnEncryptedTransports) {  // RFC 7830, RFC 8467
  auto q = query(true);
  q.max_response = 65535;
  q.pad_block = 468;
  for (const auto& r : {positive(), big_answer(6, 8)}) {
    Bytes out = respond(q, r);
    EXPECT_EQ(out.size() % 468, 0u) << out.size();
    auto m = parse_ok(out);
    ASSERT_TRUE(m.edns());
    EXPECT_TRUE(m.edns()->find(dns::kOptionPadding));
  }
  Bytes err;
  write_error(q, Rcode::kServFail, err);
  EXPECT_EQ(err.size() % 468, 0u);
  q.pad_block = 0;
  EXPECT_FALSE(parse_ok(respond(q, positive())).edns()->find(dns::kOptionPadding));
}

TEST(ResponseWriter, KeepaliveAnnouncedWhenSet) {  // RFC 7828
  auto q = query(true);
  q.keepalive_100ms = 100;
  auto m = parse_ok(respond(q, positive()));
  auto opt = m.edns()->find(dns::kOptionKeepalive);
  ASSERT_TRUE(opt);
  auto t = dns::parse_keepalive(opt->data);
  ASSERT_TRUE(t && *t);
  EXPECT_EQ(**t, 100);
  EXPECT_FALSE(parse_ok(respond(query(true), positive())).edns()->find(dns::kOptionKeepalive));
}

resolver::Resolution big_answer(int sets, int per_set) {
  resolver::Resolution r;
  r.rcode = Rcode::kNoError;
  for (int s = 0; s < sets; ++s) {
    dns::RRset set{N("host" + std::to_string(s) + ".example.com."), RRType::kAAAA, RRClass::kIN, 300, {}, {}};
    for (int i = 0; i < per_set; ++i) {
      Bytes rd(16, 0x20);
      rd[14] = static_cast<uint8_t>(s);
      rd[15] = static_cast<uint8_t>(i);
      set.rdatas.push_back(rd);
    }
    r.answer.push_back(std::move(set));
  }
  return r;
}

TEST(ResponseWriter, TruncatesToWholeRrsetsWithTc) {
  // 4 RRsets of 10 AAAA records: about 4 * 10 * 28 = 1120 octets.
  auto r = big_answer(4, 10);
  for (bool edns : {false, true}) {
    auto q = query(edns);
    q.max_response = 512;
    Bytes out = respond(q, r);
    EXPECT_LE(out.size(), 512u);
    auto m = parse_ok(out);
    EXPECT_TRUE(m.header().tc());
    EXPECT_EQ(m.header().id, 0xABCD);
    EXPECT_EQ(m.question_name()->to_text(), "wWw.ExAmple.com.");
    auto ans = records(m, Section::kAnswer);
    EXPECT_GT(ans.size(), 0u);
    EXPECT_EQ(ans.size() % 10, 0u) << "RRsets kept whole";
    auto sets = dns::collect_rrsets(m, Section::kAnswer);
    ASSERT_TRUE(sets);
    for (const auto& s : *sets) EXPECT_EQ(s.rdatas.size(), 10u);
    EXPECT_EQ(bool(m.edns()), edns) << "the OPT record survives truncation";
    if (edns) {
      EXPECT_EQ(m.edns()->udp_size, kOurUdpSize);
    }
  }
}

TEST(ResponseWriter, NoTruncationWhenItFits) {
  auto r = big_answer(4, 10);
  auto q = query(true);
  q.max_response = 65535;  // stream
  auto m = parse_ok(respond(q, r));
  EXPECT_FALSE(m.header().tc());
  EXPECT_EQ(m.count(Section::kAnswer), 40);
  // Exactly at the limit is not truncated either.
  Bytes full = respond(q, r);
  q.max_response = full.size();
  Bytes same = respond(q, r);
  EXPECT_EQ(same, full);
  q.max_response = full.size() - 1;
  EXPECT_TRUE(parse_ok(respond(q, r)).header().tc());
}

TEST(ResponseWriter, ErrorsForEachRcode) {
  for (Rcode rc : {Rcode::kFormErr, Rcode::kServFail, Rcode::kNXDomain, Rcode::kNotImp, Rcode::kRefused}) {
    for (bool edns : {false, true}) {
      auto q = query(edns);
      Bytes out;
      write_error(q, rc, out);
      auto m = parse_ok(out);
      EXPECT_EQ(m.rcode(), rc);
      EXPECT_EQ(m.header().rcode_low(), static_cast<uint8_t>(rc));
      EXPECT_EQ(m.header().id, 0xABCD);
      EXPECT_TRUE(m.header().qr());
      EXPECT_TRUE(m.header().rd());
      EXPECT_FALSE(m.header().aa());
      EXPECT_EQ(m.header().qdcount, 1);
      EXPECT_EQ(m.question_name()->to_text(), "wWw.ExAmple.com.");
      EXPECT_EQ(m.count(Section::kAnswer) + m.count(Section::kAuthority) + m.count(Section::kAdditional), 0);
      EXPECT_EQ(bool(m.edns()), edns);
    }
  }
}

TEST(ResponseWriter, ErrorWithoutQuestion) {
  ClientQuery q;
  q.id = 99;
  q.flags = dns::flags::kRD;
  q.error_rcode = Rcode::kFormErr;
  Bytes out;
  write_error(q, Rcode::kFormErr, out);
  auto m = parse_ok(out);
  EXPECT_EQ(out.size(), dns::kHeaderSize);
  EXPECT_EQ(m.header().qdcount, 0);
  EXPECT_EQ(m.rcode(), Rcode::kFormErr);
  EXPECT_EQ(m.header().id, 99);
}

TEST(ResponseWriter, ErrorEchoesOpcode) {
  auto q = query();
  q.flags = static_cast<uint16_t>(static_cast<uint16_t>(dns::Opcode::kUpdate) << 11);
  Bytes out;
  write_error(q, Rcode::kNotImp, out);
  auto m = parse_ok(out);
  EXPECT_EQ(m.header().opcode(), dns::Opcode::kUpdate);
  EXPECT_EQ(m.rcode(), Rcode::kNotImp);
}

TEST(ResponseWriter, ErrorWithExtendedError) {
  Bytes out;
  write_error(query(true), Rcode::kRefused, out, dns::ExtendedError{dns::EdeCode::kProhibited, ""});
  auto m = parse_ok(out);
  ASSERT_TRUE(m.edns());
  auto opt = m.edns()->find(dns::kOptionExtendedError);
  ASSERT_TRUE(opt);
  auto ede = dns::parse_extended_error(opt->data);
  ASSERT_TRUE(ede);
  EXPECT_EQ(ede->code, dns::EdeCode::kProhibited);
  EXPECT_EQ(ede->extra_text, "");
  // Without client EDNS the EDE has nowhere to go.
  write_error(query(false), Rcode::kRefused, out, dns::ExtendedError{dns::EdeCode::kProhibited, ""});
  EXPECT_FALSE(parse_ok(out).edns());
}

TEST(ResponseWriter, BadVersCarriesOpt) {
  auto q = query(true, true);
  q.error_rcode = Rcode::kBadVers;
  Bytes out;
  write_error(q, Rcode::kBadVers, out);
  auto m = parse_ok(out);
  ASSERT_TRUE(m.edns());
  EXPECT_EQ(m.rcode(), Rcode::kBadVers);
  EXPECT_EQ(m.header().rcode_low(), 0);  // 16: all in the OPT's extended rcode
  EXPECT_EQ(m.edns()->ext_rcode, 1);
  EXPECT_EQ(m.edns()->version, 0);  // the version we support
  EXPECT_EQ(m.edns()->udp_size, kOurUdpSize);
  EXPECT_TRUE(m.edns()->do_bit);
}

TEST(ResponseWriter, Cacheable) {
  EXPECT_TRUE(is_cacheable(positive()));
  EXPECT_TRUE(is_cacheable(nxdomain()));
  resolver::Resolution servfail;  // default rcode
  EXPECT_FALSE(is_cacheable(servfail));
  EXPECT_FALSE(is_cacheable(resolver::Resolution::servfail(dns::EdeCode::kNoReachableAuthority, "timeout")));
  auto refused = positive();
  refused.rcode = Rcode::kRefused;
  EXPECT_FALSE(is_cacheable(refused));
  auto stale = positive();
  stale.ede = dns::ExtendedError{dns::EdeCode::kStaleAnswer, ""};
  EXPECT_FALSE(is_cacheable(stale));
}

}  // namespace
}  // namespace dns4eu::daemon
