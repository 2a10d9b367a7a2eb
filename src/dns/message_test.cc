#include "dns/message.h"

#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <iterator>
#include <sstream>

#include "dns/builder.h"

namespace dns4eu::dns {
namespace {

using Bytes = std::vector<uint8_t>;

Name N(std::string_view s) { return Name::from_text(s).value(); }

// Appends raw wire pieces: integers as octets, strings as their characters.
struct Pkt {
  Bytes b;
  Pkt& u8(std::initializer_list<int> v) { for (int x : v) b.push_back(uint8_t(x)); return *this; }
  Pkt& u16(int v) { b.push_back(uint8_t(v >> 8)); b.push_back(uint8_t(v)); return *this; }
  Pkt& u32(uint32_t v) { u16(int(v >> 16)); return u16(int(v & 0xFFFF)); }
  Pkt& name(std::string_view text) { auto n = N(text); b.insert(b.end(), n.wire().begin(), n.wire().end()); return *this; }
  Pkt& header(int id, int flags, int qd, int an, int ns, int ar) {
    return u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }
  Pkt& rr_fixed(int type, int cls, uint32_t ttl, int rdlen) { return u16(type).u16(cls).u32(ttl).u16(rdlen); }
};

// A response: question www.example.com A, two A answers (owner pointer to the
// question), one OPT.
Bytes sample_response() {
  Pkt p;
  p.header(0x1234, 0x8180, 1, 2, 0, 1).name("www.example.com.").u16(1).u16(1);
  p.u8({0xC0, 12}).rr_fixed(1, 1, 300, 4).u8({192, 0, 2, 1});
  p.u8({0xC0, 12}).rr_fixed(1, 1, 200, 4).u8({192, 0, 2, 2});
  p.u8({0}).rr_fixed(41, 1232, 0x00008000, 0);
  return p.b;
}

TEST(Message, ParsesHeaderQuestionRecordsAndOpt) {
  Bytes pkt = sample_response();
  auto m = MessageView::parse(pkt);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->header().id, 0x1234);
  EXPECT_TRUE(m->header().qr());
  EXPECT_TRUE(m->header().rd());
  EXPECT_TRUE(m->header().ra());
  EXPECT_EQ(m->rcode(), Rcode::kNoError);
  auto q = m->question();
  ASSERT_TRUE(q);
  EXPECT_EQ(q->type, RRType::kA);
  EXPECT_EQ(m->question_name().value(), N("www.example.com."));
  std::vector<uint32_t> ttls;
  for (const RecordRef& rr : m->records(Section::kAnswer)) {
    EXPECT_EQ(rr.type, RRType::kA);
    EXPECT_TRUE(m->name_at_equals(rr.owner_offset, N("WWW.example.com.")));
    EXPECT_EQ(rr.rdlength, 4);
    ttls.push_back(rr.ttl);
  }
  EXPECT_EQ(ttls, (std::vector<uint32_t>{300, 200}));
  EXPECT_EQ(m->count(Section::kAnswer), 2);
  EXPECT_EQ(m->count(Section::kAdditional), 0);  // OPT not counted ...
  EXPECT_EQ(m->records(Section::kAdditional).begin(), m->records(Section::kAdditional).end());  // ... nor iterated
  ASSERT_TRUE(m->edns());
  EXPECT_EQ(m->edns()->udp_size, 1232);
  EXPECT_TRUE(m->edns()->do_bit);
  EXPECT_NE(m->opt_offset(), 0u);
}

TEST(Message, OptInTheMiddleOfAdditionalIsSkipped) {
  Pkt p;
  p.header(1, 0x8000, 0, 0, 0, 3);
  p.name("a.").rr_fixed(1, 1, 1, 4).u8({1, 2, 3, 4});
  p.u8({0}).rr_fixed(41, 4096, 0x01000000, 0);  // ext rcode 1 -> BADVERS with header 0
  p.name("b.").rr_fixed(1, 1, 2, 4).u8({5, 6, 7, 8});
  auto m = MessageView::parse(p.b);
  ASSERT_TRUE(m) << m.error().message;
  std::vector<uint32_t> ttls;
  for (const auto& rr : m->records(Section::kAdditional)) ttls.push_back(rr.ttl);
  EXPECT_EQ(ttls, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(m->rcode(), Rcode::kBadVers);
  EXPECT_FALSE(m->question());
  EXPECT_FALSE(m->question_name());
}

TEST(Message, HeaderOnlyPackets) {
  Pkt p;
  p.header(7, 0, 0, 0, 0, 0);
  auto m = MessageView::parse(p.b);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->question());
  EXPECT_FALSE(m->edns());
  Bytes short_hdr(p.b.begin(), p.b.begin() + 11);
  auto bad = MessageView::parse(short_hdr);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("offset 11"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(MessageView::parse(Bytes{}));
  // Header claims a question that is not there.
  Pkt q;
  q.header(7, 0, 1, 0, 0, 0);
  EXPECT_FALSE(MessageView::parse(q.b));
}

// Expects parse() to fail with a message mentioning `offset`.
void expect_reject(const Bytes& pkt, std::size_t offset) {
  auto m = MessageView::parse(pkt);
  ASSERT_FALSE(m) << "accepted a hostile packet";
  EXPECT_NE(m.error().message.find("offset " + std::to_string(offset)), std::string::npos) << m.error().message;
}

TEST(Message, RejectsHostilePackets) {
  {  // pointer to itself (a loop)
    Pkt p; p.header(1, 0, 1, 0, 0, 0).u8({0xC0, 12}).u16(1).u16(1);
    expect_reject(p.b, 12);
  }
  {  // pointer loop: label "b" then a pointer back to that label, forever
    Pkt p; p.header(1, 0, 1, 1, 0, 0).name("a.").u16(1).u16(1).u8({1, 'b', 0xC0, 19});
    p.rr_fixed(1, 1, 0, 0);
    expect_reject(p.b, 23);  // name.cc reports where the name ends as written
  }
  {  // two pointers pointing at each other: the first one points forward
    Pkt p; p.header(1, 0, 1, 1, 0, 0).name("a.").u16(1).u16(1).u8({0xC0, 21, 0xC0, 19});
    p.rr_fixed(1, 1, 0, 0);
    expect_reject(p.b, 19);
  }
  {  // 0-length label inside a name is the end of it: the rest is garbage
    Pkt p; p.header(1, 0, 1, 0, 0, 0).u8({1, 'a', 0, 1, 'b', 0}).u16(1).u16(1);
    EXPECT_FALSE(MessageView::parse(p.b));
  }
  {  // forward pointer
    Pkt p; p.header(1, 0, 1, 0, 0, 0).u8({0xC0, 20}).u16(1).u16(1).name("x.");
    expect_reject(p.b, 12);
  }
  {  // label runs past the end
    Pkt p; p.header(1, 0, 1, 0, 0, 0).u8({10, 'a', 'b'});
    expect_reject(p.b, 12);
  }
  {  // oversized label (0x40 = reserved label type)
    Pkt p; p.header(1, 0, 1, 0, 0, 0).u8({0x40}).b.resize(12 + 1 + 64 + 5, 'a');
    expect_reject(p.b, 12);
  }
  {  // a question name of 256 octets (labels of 63, 63, 63, 62 + the root); 255 is the limit
    auto with_labels = [](int last) {
      Pkt p; p.header(1, 0, 1, 0, 0, 0);
      for (int len : {63, 63, 63, last}) {
        p.u8({len});
        p.b.resize(p.b.size() + std::size_t(len), 'a');
      }
      p.u8({0}).u16(1).u16(1);
      return p.b;
    };
    EXPECT_TRUE(MessageView::parse(with_labels(61)));  // 255 octets
    expect_reject(with_labels(62), 12);                 // found by message_fuzz: the parser's fast path took it
  }
  {  // truncated RDATA
    Pkt p; p.header(1, 0, 0, 1, 0, 0).name("a.").rr_fixed(1, 1, 0, 4).u8({1, 2});
    expect_reject(p.b, 25);
  }
  {  // counts larger than the content
    Pkt p; p.header(1, 0, 0, 2, 0, 0).name("a.").rr_fixed(1, 1, 0, 4).u8({1, 2, 3, 4});
    expect_reject(p.b, 29);
  }
  {  // truncated fixed record fields
    Pkt p; p.header(1, 0, 0, 1, 0, 0).name("a.").u16(1);
    expect_reject(p.b, 15);
  }
  {  // two OPT records
    Pkt p; p.header(1, 0, 0, 0, 0, 2).u8({0}).rr_fixed(41, 512, 0, 0).u8({0}).rr_fixed(41, 512, 0, 0);
    expect_reject(p.b, 23);
  }
  {  // OPT owner not the root
    Pkt p; p.header(1, 0, 0, 0, 0, 1).name("a.").rr_fixed(41, 512, 0, 0);
    expect_reject(p.b, 12);
  }
  {  // OPT in the answer section
    Pkt p; p.header(1, 0, 0, 1, 0, 0).u8({0}).rr_fixed(41, 512, 0, 0);
    expect_reject(p.b, 12);
  }
  {  // OPT option running past its RDATA
    Pkt p; p.header(1, 0, 0, 0, 0, 1).u8({0}).rr_fixed(41, 512, 0, 6).u16(10).u16(5).u8({1, 2});
    expect_reject(p.b, 23);
  }
  {  // trailing garbage
    Bytes b = sample_response();
    std::size_t end = b.size();
    b.push_back(0);
    expect_reject(b, end);
  }
}

TEST(Message, EveryPrefixOfAValidPacketIsRejectedCleanly) {
  Bytes pkt = sample_response();
  for (std::size_t n = 0; n < pkt.size(); ++n) {
    Bytes prefix(pkt.begin(), pkt.begin() + long(n));
    EXPECT_FALSE(MessageView::parse(prefix)) << "prefix of " << n;
  }
}

TEST(Message, PatchIdAndAgeTtls) {
  Bytes pkt = sample_response();
  const Bytes original = pkt;
  patch_id(pkt, 0xBEEF);
  auto offs = ttl_offsets(original);
  ASSERT_TRUE(offs);
  ASSERT_EQ(offs->size(), 2u);  // the OPT TTL (flags) is not a TTL
  age_ttls(pkt, original, *offs, 250);
  auto m = MessageView::parse(pkt);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->header().id, 0xBEEF);
  std::vector<uint32_t> ttls;
  for (const auto& rr : m->records(Section::kAnswer)) ttls.push_back(rr.ttl);
  EXPECT_EQ(ttls, (std::vector<uint32_t>{50, 0}));  // 300-250, max(0, 200-250)
  EXPECT_TRUE(m->edns()->do_bit);                   // OPT untouched
  age_ttls(pkt, original, *offs, 10);               // always from the original
  EXPECT_EQ(MessageView::parse(pkt)->records(Section::kAnswer).begin()->ttl, 290u);
  EXPECT_FALSE(ttl_offsets(Bytes{1, 2, 3}));
}

// ---- vectors captured from knotd (tests/data/packets, see its README.md) ----

struct KdigRecord {
  std::string section, owner, ttl, rclass, type, rdata;
};
struct KdigText {
  std::string status, flags, question;
  bool has_edns = false;
  std::vector<KdigRecord> records;
};

std::string collapse_spaces(std::istream& in) {
  std::string out, w;
  while (in >> w) out += (out.empty() ? "" : " ") + w;
  return out;
}

KdigText read_kdig(const std::string& path) {
  std::ifstream f(path);
  KdigText t;
  std::string line, section;
  while (std::getline(f, line)) {
    if (line.rfind(";; ->>HEADER<<-", 0) == 0) {
      auto a = line.find("status: ");
      t.status = line.substr(a + 8, line.find(';', a) - a - 8);
    } else if (line.rfind(";; Flags: ", 0) == 0) {
      t.flags = line.substr(10, line.find(';', 10) - 10);
    } else if (line.rfind(";; EDNS PSEUDOSECTION", 0) == 0) {
      t.has_edns = true;
    } else if (line.rfind(";; ", 0) == 0 && line.find(" SECTION:") != std::string::npos) {
      section = line.substr(3, line.find(' ', 3) - 3);
    } else if (section == "QUESTION" && line.rfind(";; ", 0) == 0) {
      std::istringstream in(line.substr(3));
      t.question = collapse_spaces(in);
    } else if (line.empty()) {
      section.clear();
    } else if (line[0] != ';' && !section.empty()) {
      std::istringstream in(line);
      KdigRecord r;
      r.section = section;
      in >> r.owner >> r.ttl >> r.rclass >> r.type;
      r.rdata = collapse_spaces(in);
      t.records.push_back(r);
    }
  }
  return t;
}

Bytes read_bin(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

const char* kSectionNames[] = {"QUESTION", "ANSWER", "AUTHORITY", "ADDITIONAL"};

class KnotVectors : public ::testing::TestWithParam<const char*> {};

TEST_P(KnotVectors, ParseMatchesKdigAndSurvivesRebuild) {
  const std::string base = std::string(DNS4EU_SOURCE_DIR) + "/tests/data/packets/" + GetParam();
  Bytes pkt = read_bin(base + ".bin");
  KdigText want = read_kdig(base + ".txt");
  ASSERT_FALSE(pkt.empty());
  ASSERT_FALSE(want.question.empty()) << "no kdig text for " << base;
  auto m = MessageView::parse(pkt);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->edns().has_value(), want.has_edns);
  EXPECT_EQ(rcode_to_text(m->rcode()), want.status);
  EXPECT_EQ(m->header().tc(), want.flags.find("tc") != std::string::npos);
  EXPECT_EQ(m->header().aa(), want.flags.find("aa") != std::string::npos);
  auto q = *m->question();
  // kdig lower-cases its own query name; the binary keeps the case we sent.
  EXPECT_EQ(m->question_name()->lowercased().to_text() + " " + rrclass_to_text(q.rclass) + " " +
                rrtype_to_text(q.type),
            want.question);
  std::vector<KdigRecord> got;
  for (int s = 1; s <= 3; ++s)
    for (const RecordRef& rr : m->records(static_cast<Section>(s))) {
      auto rd = m->rdata(rr);
      ASSERT_TRUE(rd) << rd.error().message;
      got.push_back({kSectionNames[s], m->name_at(rr.owner_offset)->lowercased().to_text(),
                     std::to_string(rr.ttl), rrclass_to_text(rr.rclass), rrtype_to_text(rr.type),
                     rdata_to_text(rr.type, *rd)});
    }
  ASSERT_EQ(got.size(), want.records.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i) + ": " + want.records[i].owner + " " + want.records[i].type);
    EXPECT_EQ(got[i].section, want.records[i].section);
    EXPECT_EQ(got[i].owner, want.records[i].owner);
    EXPECT_EQ(got[i].ttl, want.records[i].ttl);
    EXPECT_EQ(got[i].rclass, want.records[i].rclass);
    EXPECT_EQ(got[i].type, want.records[i].type);
    std::istringstream in(got[i].rdata);
    EXPECT_EQ(collapse_spaces(in), want.records[i].rdata);
  }

  // parse -> build -> parse gives the same records (RDATA decompressed equal).
  Bytes out;
  MessageBuilder b(out);
  b.set_id(m->header().id);
  b.set_flags(m->header().flags);
  b.set_rcode(m->rcode());
  ASSERT_TRUE(b.add_question(*m->question_name(), q.type, q.rclass));
  for (int s = 1; s <= 3; ++s)
    for (const RecordRef& rr : m->records(static_cast<Section>(s)))
      ASSERT_TRUE(b.add_record_from(static_cast<Section>(s), *m, rr));
  if (m->edns()) {
    EdnsParams ep;
    ep.udp_size = m->edns()->udp_size;
    ep.do_bit = m->edns()->do_bit;
    for (EdnsOption o : m->edns()->options()) ep.options.emplace_back(o.code, Bytes(o.data.begin(), o.data.end()));
    ASSERT_TRUE(b.set_edns(ep));
  }
  ASSERT_TRUE(b.finish());
  EXPECT_LE(out.size(), pkt.size());  // knotd compresses too; we must not do worse
  auto m2 = MessageView::parse(out);
  ASSERT_TRUE(m2) << m2.error().message;
  EXPECT_EQ(m2->header().flags, m->header().flags);
  EXPECT_EQ(m2->question_name()->to_text(), m->question_name()->to_text());  // case kept
  for (int s = 1; s <= 3; ++s) {
    auto sec = static_cast<Section>(s);
    ASSERT_EQ(m2->count(sec), m->count(sec));
    auto a = m->records(sec).begin();
    for (const RecordRef& rr : m2->records(sec)) {
      EXPECT_EQ(m2->name_at(rr.owner_offset)->to_text(), m->name_at(a->owner_offset)->to_text());
      EXPECT_EQ(rr.type, a->type);
      EXPECT_EQ(rr.ttl, a->ttl);
      EXPECT_EQ(m2->rdata(rr).value(), m->rdata(*a).value());
      ++a;
    }
  }
  if (m->edns()) {
    ASSERT_TRUE(m2->edns());
    EXPECT_EQ(Bytes(m2->edns()->rdata.begin(), m2->edns()->rdata.end()),
              Bytes(m->edns()->rdata.begin(), m->edns()->rdata.end()));
  }
}

INSTANTIATE_TEST_SUITE_P(Knotd, KnotVectors,
                         ::testing::Values("mx_additional", "cname_chain_case", "nxdomain_soa", "referral_glue",
                                           "srv", "tc_no_edns", "dnssec_rrsig_nsid", "dnssec_dnskey"));

// Every single-octet corruption of the real vectors is either rejected or
// yields a view whose iteration, RDATA reads and truncation stay in bounds
// (run under ASan/UBSan in CI).
TEST(Message, CorruptedVectorsNeverCrash) {
  int accepted = 0, rejected = 0;
  for (const char* name : {"mx_additional", "cname_chain_case", "referral_glue", "dnssec_rrsig_nsid"}) {
    const Bytes orig = read_bin(std::string(DNS4EU_SOURCE_DIR) + "/tests/data/packets/" + name + ".bin");
    for (std::size_t i = 0; i < orig.size(); ++i)
      for (uint8_t v : {uint8_t(0x00), uint8_t(0xC0), uint8_t(0xFF), uint8_t(orig[i] ^ 0x01), uint8_t(0x3F)}) {
        Bytes pkt = orig;
        pkt[i] = v;
        auto m = MessageView::parse(pkt);
        if (!m) {
          ++rejected;
          continue;
        }
        ++accepted;
        (void)m->question_name();
        for (int s = 1; s <= 3; ++s)
          for (const RecordRef& rr : m->records(static_cast<Section>(s))) {
            ASSERT_LE(rr.rdata_offset + rr.rdlength, pkt.size());
            ASSERT_TRUE(m->name_at(rr.owner_offset));
            (void)m->rdata(rr);
          }
        (void)truncate_message(pkt, pkt.size() / 2);
      }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

TEST(Message, KnotVectorNsidOption) {
  Bytes pkt = read_bin(std::string(DNS4EU_SOURCE_DIR) + "/tests/data/packets/dnssec_rrsig_nsid.bin");
  auto m = MessageView::parse(pkt);
  ASSERT_TRUE(m && m->edns());
  auto nsid = m->edns()->find(kOptionNsid);
  ASSERT_TRUE(nsid);
  EXPECT_EQ(std::string(nsid->data.begin(), nsid->data.end()), "vectors");
  EXPECT_FALSE(m->edns()->find(kOptionCookie));
}

}  // namespace
}  // namespace dns4eu::dns
