// xfr_test.cc — TSIG against real knotd/kdig wire data (src/intel/testdata,
// recorded by tests/integration/rpz_xfr/capture.sh), AXFR/IXFR reading and
// application, RFC 1982 serial arithmetic, the zone's text form.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "dns/message.h"
#include "dns/wire.h"
#include "intel/rpz_feeds.h"
#include "intel/tsig.h"
#include "intel/xfr_client.h"
#include "intel/zone.h"
#include "policy/list_parser.h"

namespace dns4eu::intel {
namespace {

std::vector<uint8_t> read_file(const std::string& name) {
  std::ifstream f(std::string(DNS4EU_SOURCE_DIR) + "/src/intel/testdata/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::vector<std::vector<uint8_t>> split(const std::vector<uint8_t>& stream) {
  std::vector<std::vector<uint8_t>> out;
  for (std::size_t i = 0; i + 2 <= stream.size();) {
    std::size_t n = dns::load_u16(&stream[i]);
    out.emplace_back(stream.begin() + static_cast<long>(i + 2), stream.begin() + static_cast<long>(i + 2 + n));
    i += 2 + n;
  }
  return out;
}

TsigKey key_from_file() {
  auto text = read_file("secret");
  std::string s(text.begin(), text.end());
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return {*dns::Name::from_text("xfr-key."), TsigAlgorithm::kHmacSha256, *dns::base64_decode(s)};
}

struct Request {
  std::vector<uint8_t> signed_by_kdig, unsigned_part;
  uint64_t time = 0;
  uint16_t fudge = 0;
};

// kdig's signed request, and the same message with its TSIG removed.
Request kdig_request(const std::string& name) {
  Request r;
  r.signed_by_kdig = split(read_file(name))[0];
  auto msg = dns::MessageView::parse(r.signed_by_kdig);
  EXPECT_TRUE(msg);
  for (const auto& rr : msg->records(dns::Section::kAdditional)) {
    if (rr.type != dns::RRType::kTSIG) continue;
    std::size_t off = rr.rdata_offset;
    auto alg = dns::Name::from_packet(r.signed_by_kdig, off);
    EXPECT_TRUE(alg);
    for (int i = 0; i < 6; ++i) r.time = (r.time << 8) | r.signed_by_kdig[off + i];
    r.fudge = dns::load_u16(&r.signed_by_kdig[off + 6]);
    r.unsigned_part.assign(r.signed_by_kdig.begin(), r.signed_by_kdig.begin() + static_cast<long>(rr.owner_offset));
    dns::store_u16(&r.unsigned_part[10], static_cast<uint16_t>(dns::load_u16(&r.unsigned_part[10]) - 1));
  }
  return r;
}

const dns::Name kZone = *dns::Name::from_text("rpz.test.");

TEST(Tsig, SigningKdigsRequestGivesKdigsMac) {
  for (const char* f : {"axfr.query", "ixfr.query"}) {
    Request r = kdig_request(f);
    ASSERT_GT(r.time, 0u) << f;
    TsigSession s(key_from_file(), r.fudge);
    std::vector<uint8_t> m = r.unsigned_part;
    ASSERT_TRUE(s.sign(m, r.time));
    EXPECT_EQ(m, r.signed_by_kdig) << f;
  }
}

TEST(Tsig, VerifiesKnotdsMultiMessageAxfr) {
  Request r = kdig_request("axfr.query");
  auto msgs = split(read_file("axfr.stream"));
  ASSERT_EQ(msgs.size(), 7u);  // several messages: the running MAC is exercised
  TsigSession s(key_from_file(), r.fudge);
  auto m = r.unsigned_part;
  ASSERT_TRUE(s.sign(m, r.time));
  auto got = read_transfer(msgs, kZone, XfrKind::kAxfr, nullptr, &s, r.time + 1);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->zone.serial, 1u);
  EXPECT_EQ(got->zone.records.size(), 3005u);  // 3007 records minus the two SOAs
  EXPECT_EQ(got->messages, 7u);
}

TEST(Tsig, RefusesTamperingWrongKeyAndTime) {
  Request r = kdig_request("axfr.query");
  auto msgs = split(read_file("axfr.stream"));
  auto run = [&](TsigKey key, std::vector<std::vector<uint8_t>> ms, uint64_t now) {
    TsigSession s(key, r.fudge);
    auto m = r.unsigned_part;
    EXPECT_TRUE(s.sign(m, r.time));
    return read_transfer(ms, kZone, XfrKind::kAxfr, nullptr, &s, now);
  };
  auto tampered = msgs;
  tampered[3][100] ^= 1;  // inside a record of the 4th message
  auto a = run(key_from_file(), tampered, r.time);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("bad MAC in response message 4"), std::string::npos) << a.error().message;
  TsigKey wrong = key_from_file();
  wrong.secret[0] ^= 0xff;
  auto b = run(wrong, msgs, r.time);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("bad MAC in response message 1"), std::string::npos) << b.error().message;
  auto c = run(key_from_file(), msgs, r.time + 3600);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("outside now"), std::string::npos) << c.error().message;
  TsigKey other = key_from_file();
  other.name = *dns::Name::from_text("other-key.");
  auto d = run(other, msgs, r.time);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("unknown key"), std::string::npos) << d.error().message;
  // The last message unsigned: refused (knotd signs every message, so drop the TSIG by hand).
  auto unsigned_last = msgs;
  {
    auto& m = unsigned_last.back();
    auto v = dns::MessageView::parse(m);
    ASSERT_TRUE(v);
    std::size_t at = 0;
    for (const auto& rr : v->records(dns::Section::kAdditional)) at = rr.owner_offset;
    m.resize(at);
    dns::store_u16(&m[10], static_cast<uint16_t>(dns::load_u16(&m[10]) - 1));
  }
  EXPECT_FALSE(run(key_from_file(), unsigned_last, r.time));
}

Zone axfr_zone() {
  auto got = read_transfer(split(read_file("axfr.stream")), kZone, XfrKind::kAxfr, nullptr, nullptr, 0);
  EXPECT_TRUE(got);
  return got->zone;
}

bool has(const Zone& z, const std::string& owner) {
  auto n = *dns::Name::from_text(owner);
  for (const auto& [k, r] : z.records)
    if (r.owner == n) return true;
  return false;
}

TEST(Ixfr, AppliesKnotdsDeltasToTheBase) {
  Zone base = axfr_zone();
  Request r = kdig_request("ixfr.query");
  TsigSession s(key_from_file(), r.fudge);
  auto m = r.unsigned_part;
  ASSERT_TRUE(s.sign(m, r.time));
  auto got = read_transfer(split(read_file("ixfr.stream")), kZone, XfrKind::kIxfr, &base, &s, r.time);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_TRUE(got->incremental);
  EXPECT_EQ(got->zone.serial, 3u);
  EXPECT_EQ(got->zone.records.size(), 3005u);
  EXPECT_FALSE(has(got->zone, "nx.example.rpz.test."));
  EXPECT_FALSE(has(got->zone, "host7.bad.example.rpz.test."));
  EXPECT_TRUE(has(got->zone, "new1.example.rpz.test."));
  EXPECT_TRUE(has(got->zone, "new2.example.rpz.test."));
  auto soa = dns::SoaView::parse(got->zone.soa.rdata);
  ASSERT_TRUE(soa);
  EXPECT_EQ(soa->serial, 3u);
}

TEST(Ixfr, InconsistentBaseMeansFallBackToAxfr) {
  Zone base = axfr_zone();
  for (auto it = base.records.begin(); it != base.records.end(); ++it)
    if (it->second.owner == *dns::Name::from_text("nx.example.rpz.test.")) {
      base.records.erase(it);
      break;
    }
  auto got = read_transfer(split(read_file("ixfr.stream")), kZone, XfrKind::kIxfr, &base, nullptr, 0);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kUnsupported);  // transfer() then retries as AXFR
  EXPECT_NE(got.error().message.find("which the base lacks"), std::string::npos) << got.error().message;
  Zone other = axfr_zone();
  other.serial = 7;  // the deltas start at serial 1
  auto bad = read_transfer(split(read_file("ixfr.stream")), kZone, XfrKind::kIxfr, &other, nullptr, 0);
  ASSERT_FALSE(bad);
}

TEST(Ixfr, LoneSoaMeansUpToDate) {
  Zone base = axfr_zone();
  auto msgs = split(read_file("axfr.stream"));
  // The first message cut after its first record (the SOA): what a primary sends when nothing changed.
  auto v = dns::MessageView::parse(msgs[0]);
  ASSERT_TRUE(v);
  std::size_t end = 0;
  int i = 0;
  for (const auto& rr : v->records(dns::Section::kAnswer)) {
    if (i++ == 1) end = rr.owner_offset;
  }
  std::vector<uint8_t> m(msgs[0].begin(), msgs[0].begin() + static_cast<long>(end));
  dns::store_u16(&m[6], 1);
  dns::store_u16(&m[8], 0);
  dns::store_u16(&m[10], 0);
  auto got = read_transfer({m}, kZone, XfrKind::kIxfr, &base, nullptr, 0);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_TRUE(got->up_to_date);
}

TEST(Axfr, TruncatedOrTrailingIsRefused) {
  auto msgs = split(read_file("axfr.stream"));
  auto cut = msgs;
  cut.pop_back();
  auto a = read_transfer(cut, kZone, XfrKind::kAxfr, nullptr, nullptr, 0);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("truncated"), std::string::npos) << a.error().message;
  auto extra = msgs;
  extra.push_back(msgs[1]);
  EXPECT_FALSE(read_transfer(extra, kZone, XfrKind::kAxfr, nullptr, nullptr, 0));
  auto wrong_zone = read_transfer(msgs, *dns::Name::from_text("other.test."), XfrKind::kAxfr, nullptr, nullptr, 0);
  EXPECT_FALSE(wrong_zone);
}

TEST(Serial, Rfc1982) {
  EXPECT_TRUE(serial_lt(1, 2));
  EXPECT_FALSE(serial_lt(2, 1));
  EXPECT_FALSE(serial_lt(5, 5));
  EXPECT_TRUE(serial_lt(0xFFFFFFFFu, 0));         // wraps
  EXPECT_TRUE(serial_lt(0xFFFFFF00u, 0x10));
  EXPECT_FALSE(serial_lt(0, 0x80000000u));        // exactly 2^31 apart: undefined, neither is newer
  EXPECT_FALSE(serial_lt(0x80000000u, 0));
  EXPECT_TRUE(serial_lt(0, 0x7FFFFFFFu));
  EXPECT_TRUE(serial_gt(0x80000001u, 2));
}

TEST(Zone, TextIsAnRpzZoneThePolicyReads) {
  Zone z = axfr_zone();
  policy::ListSpec spec{"rpz", "xfr", policy::ListFormat::kRpz, policy::Category::kMalware};
  auto l = policy::parse_list(z.to_text(), spec);
  ASSERT_TRUE(l) << l.error().message;
  EXPECT_EQ((*l)->rule_count, 3004u);  // every record but SOA and NS is a rule
  auto p = policy::parse_list(placeholder_zone(kZone), spec);
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ((*p)->rule_count, 0u);
}

}  // namespace
}  // namespace dns4eu::intel
