#include "dns/zone_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dns/internal/zone_ttl.h"

namespace dns4eu::dns {
namespace {

namespace fs = std::filesystem;

Name N(std::string_view s) { return Name::from_text(s).value(); }
Rdata W(std::initializer_list<uint8_t> b) { return Rdata(b); }
Rdata NameWire(std::string_view s) {
  Name n = N(s);
  auto w = n.wire();
  return Rdata(w.begin(), w.end());
}

ZoneReaderOptions Opts(std::string_view origin = "example.com.") {
  ZoneReaderOptions o;
  o.origin = N(origin);
  return o;
}

std::vector<ZoneRecord> Read(const std::string& text, const ZoneReaderOptions& o = Opts()) {
  auto r = read_zone_text(text, "t", o);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  return r ? *r : std::vector<ZoneRecord>{};
}

std::string ReadError(const std::string& text, const ZoneReaderOptions& o = Opts(), const std::string& name = "t") {
  auto reader = ZoneReader::from_string(text, name, o);
  while (true) {
    auto r = reader.next();
    if (!r) {
      auto again = reader.next();  // must not crash; the error sticks
      EXPECT_FALSE(again.has_value());
      if (!again) {
        EXPECT_EQ(again.error().message, r.error().message);
      }
      return r.error().message;
    }
    if (!*r) return "(no error)";
  }
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "zone_reader_test.XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() { fs::remove_all(path); }
  std::string write(const std::string& rel, const std::string& text) const {
    fs::path p = path / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

// ---- syntax elements -------------------------------------------------------

TEST(ZoneReader, OwnerTtlClassTypeRdata) {
  auto rs = Read("www 300 IN A 192.0.2.1\n");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].owner, N("www.example.com."));
  EXPECT_EQ(rs[0].ttl, 300u);
  EXPECT_EQ(rs[0].rclass, RRClass::kIN);
  EXPECT_EQ(rs[0].type, RRType::kA);
  EXPECT_EQ(rs[0].rdata, W({192, 0, 2, 1}));
  EXPECT_EQ(rs[0].line, 1u);
}

TEST(ZoneReader, OriginDirectiveAndRelativeNames) {
  auto rs = Read(
      "$TTL 60\n"
      "a A 192.0.2.1\n"
      "abs.other. A 192.0.2.2\n"
      "$ORIGIN sub\n"  // relative: completed with the current origin
      "b A 192.0.2.3\n"
      "$origin net.\n"  // directives are case-insensitive
      "c CNAME d\n"
      "$ORIGIN .\n"
      "e A 192.0.2.4\n");
  ASSERT_EQ(rs.size(), 5u);
  EXPECT_EQ(rs[0].owner, N("a.example.com."));
  EXPECT_EQ(rs[1].owner, N("abs.other."));
  EXPECT_EQ(rs[2].owner, N("b.sub.example.com."));
  EXPECT_EQ(rs[3].owner, N("c.net."));
  EXPECT_EQ(rs[3].rdata, NameWire("d.net."));
  EXPECT_EQ(rs[4].owner, N("e."));
}

TEST(ZoneReader, AtSign) {
  auto rs = Read(
      "$TTL 60\n"
      "@ NS ns\n"
      "x CNAME @\n"
      "@ MX 10 @\n"
      "t TXT @\n"  // in a character-string "@" is just '@'
      "\\@ A 192.0.2.1\n");
  ASSERT_EQ(rs.size(), 5u);
  EXPECT_EQ(rs[0].owner, N("example.com."));
  EXPECT_EQ(rs[0].rdata, NameWire("ns.example.com."));
  EXPECT_EQ(rs[1].rdata, NameWire("example.com."));
  Rdata mx = W({0, 10});
  auto origin = NameWire("example.com.");
  mx.insert(mx.end(), origin.begin(), origin.end());
  EXPECT_EQ(rs[2].rdata, mx);
  EXPECT_EQ(rs[3].rdata, W({1, '@'}));
  EXPECT_EQ(rs[4].owner.label(0), "@");
}

TEST(ZoneReader, EscapesInNames) {
  auto rs = Read("$TTL 1\na\\.b A 192.0.2.1\n\\065\\032x A 192.0.2.2\nsp\\ ace A 192.0.2.3\nq\\;x A 192.0.2.4\n");
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[0].owner.label_count(), 3);
  EXPECT_EQ(rs[0].owner.label(0), "a.b");
  EXPECT_EQ(rs[1].owner.label(0), "A x");
  EXPECT_EQ(rs[2].owner.label(0), "sp ace");
  EXPECT_EQ(rs[3].owner.label(0), "q;x");
}

TEST(ZoneReader, ParenthesesAndComments) {
  auto rs = Read(
      "$TTL 1h ; comment after a directive\n"
      "; a whole-line comment\n"
      "\n"
      "@ SOA ns hostmaster ( 1 ; serial\n"
      "   2 ; (a parenthesis in a comment\n"
      "   ; a comment line inside\n"
      "   3 4\n"
      "   5 )\n"
      "x TXT (\"a\")(\"b\")\n");
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].line, 4u);
  EXPECT_EQ(rs[0].ttl, 3600u);
  auto soa = SoaView::parse(rs[0].rdata);
  ASSERT_TRUE(soa.has_value()) << soa.error().message;
  EXPECT_EQ(soa->mname, N("ns.example.com."));
  EXPECT_EQ(soa->serial, 1u);
  EXPECT_EQ(soa->refresh, 2u);
  EXPECT_EQ(soa->minimum, 5u);
  EXPECT_EQ(rs[1].rdata, W({1, 'a', 1, 'b'}));
}

TEST(ZoneReader, QuotedStrings) {
  auto rs = Read(
      "$TTL 1\n"
      "a TXT \"a b\" c\n"
      "b TXT \"say \\\"hi\\\"\"\n"
      "c TXT \"semi ; colon\" \"\\059\\255\"\n"
      "d TXT \"( not a parenthesis\"\n"
      "e TXT\"glued\"\n");
  ASSERT_EQ(rs.size(), 5u);
  EXPECT_EQ(rs[0].rdata, W({3, 'a', ' ', 'b', 1, 'c'}));
  EXPECT_EQ(rs[1].rdata, W({8, 's', 'a', 'y', ' ', '"', 'h', 'i', '"'}));
  EXPECT_EQ(rs[2].rdata, W({12, 's', 'e', 'm', 'i', ' ', ';', ' ', 'c', 'o', 'l', 'o', 'n', 2, ';', 255}));
  EXPECT_EQ(rs[3].rdata.size(), 20u);
  EXPECT_EQ(rs[4].rdata, W({5, 'g', 'l', 'u', 'e', 'd'}));
}

TEST(ZoneReader, BlankOwnerIsPreviousOwner) {
  auto rs = Read("$TTL 1\nwww A 192.0.2.1\n\tA 192.0.2.2\n  TXT x\nmail A 192.0.2.3\n A 192.0.2.4\n");
  ASSERT_EQ(rs.size(), 5u);
  EXPECT_EQ(rs[1].owner, N("www.example.com."));
  EXPECT_EQ(rs[2].owner, N("www.example.com."));
  EXPECT_EQ(rs[4].owner, N("mail.example.com."));
}

TEST(ZoneReader, TtlAndClassInEitherOrderAndOptional) {
  auto rs = Read(
      "a 10 IN A 192.0.2.1\n"
      "b IN 20 A 192.0.2.2\n"
      "c 30 A 192.0.2.3\n"
      "d CH TXT x\n"          // TTL: the last explicit one (30)
      "e TXT y\n"             // class: the last explicit one (CH)
      "f 1W2d3H4m5S CLASS1 TYPE1 192.0.2.6\n");
  ASSERT_EQ(rs.size(), 6u);
  EXPECT_EQ(rs[0].ttl, 10u);
  EXPECT_EQ(rs[1].ttl, 20u);
  EXPECT_EQ(rs[2].ttl, 30u);
  EXPECT_EQ(rs[2].rclass, RRClass::kIN);
  EXPECT_EQ(rs[3].ttl, 30u);
  EXPECT_EQ(rs[3].rclass, RRClass::kCH);
  EXPECT_EQ(rs[4].rclass, RRClass::kCH);
  EXPECT_EQ(rs[5].ttl, 7u * 86400 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
  EXPECT_EQ(rs[5].rclass, RRClass::kIN);
  EXPECT_EQ(rs[5].type, RRType::kA);
}

TEST(ZoneReader, DefaultClassOption) {
  auto o = Opts();
  o.default_class = RRClass::kCH;
  auto rs = Read("$TTL 1\nversion TXT x\n", o);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].rclass, RRClass::kCH);
}

TEST(ZoneTtl, Units) {
  using internal::parse_zone_ttl;
  EXPECT_EQ(parse_zone_ttl("0").value(), 0u);
  EXPECT_EQ(parse_zone_ttl("3600").value(), 3600u);
  EXPECT_EQ(parse_zone_ttl("1h30m").value(), 5400u);
  EXPECT_EQ(parse_zone_ttl("1w2d3h4m5s").value(), 788645u);
  EXPECT_EQ(parse_zone_ttl("1W2D3H4M5S").value(), 788645u);
  EXPECT_EQ(parse_zone_ttl("2147483647").value(), 2147483647u);
  EXPECT_EQ(parse_zone_ttl("1h30").error().message, "bad TTL '1h30'");  // as BIND
  EXPECT_EQ(parse_zone_ttl("h").error().message, "bad TTL 'h'");
  EXPECT_EQ(parse_zone_ttl("1x").error().message, "bad TTL '1x'");
  EXPECT_EQ(parse_zone_ttl("").error().message, "bad TTL ''");
  EXPECT_EQ(parse_zone_ttl("2147483648").error().message, "TTL 2147483648 out of range");
  EXPECT_EQ(parse_zone_ttl("99999999999").error().message, "TTL 99999999999 out of range");
  EXPECT_EQ(parse_zone_ttl("3551w").error().message, "TTL 3551w out of range");
}

TEST(ZoneReader, TtlDefaults) {
  // $TTL wins over the last explicit TTL.
  auto rs = Read("a 10 A 192.0.2.1\n$TTL 20\nb A 192.0.2.2\nc 30 A 192.0.2.3\nd A 192.0.2.4\n");
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[1].ttl, 20u);
  EXPECT_EQ(rs[3].ttl, 20u);
  // An SOA without any TTL known takes its MINIMUM, which then acts as $TTL.
  rs = Read("@ SOA ns hm 1 2 3 4 1h\nx 99 A 192.0.2.1\ny A 192.0.2.2\n");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].ttl, 3600u);
  EXPECT_EQ(rs[2].ttl, 3600u);
  // options.default_ttl comes last.
  auto o = Opts();
  o.default_ttl = 42;
  rs = Read("a A 192.0.2.1\nb 7 A 192.0.2.2\nc A 192.0.2.3\n", o);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].ttl, 42u);
  EXPECT_EQ(rs[2].ttl, 7u);
}

TEST(ZoneReader, GenericTypesAndRdata) {
  auto rs = Read(
      "$TTL 1\n"
      "a TYPE65280 \\# 4 0A000001\n"
      "b A \\# 4 C0 00 02 01\n"
      "c TYPE65281 \\# 0\n"
      "d CLASS1 TYPE16 \\# ( 3\n 02 6869 )\n");
  ASSERT_EQ(rs.size(), 4u);
  EXPECT_EQ(rs[0].type, static_cast<RRType>(65280));
  EXPECT_EQ(rs[0].rdata, W({10, 0, 0, 1}));
  EXPECT_EQ(rs[1].rdata, W({192, 0, 2, 1}));
  EXPECT_TRUE(rs[2].rdata.empty());
  EXPECT_EQ(rs[3].type, RRType::kTXT);
  EXPECT_EQ(rs[3].rdata, W({2, 'h', 'i'}));
}

TEST(ZoneReader, CrlfAndNoFinalNewline) {
  auto rs = Read("$TTL 1\r\na A 192.0.2.1 ; c\r\nb TXT ( \"x\"\r\n \"y\" )\r\n\r\nc A 192.0.2.3");
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[1].rdata, W({1, 'x', 1, 'y'}));
  EXPECT_EQ(rs[2].owner, N("c.example.com."));
  EXPECT_EQ(rs[2].rdata, W({192, 0, 2, 3}));
  EXPECT_TRUE(Read("").empty());
  EXPECT_TRUE(Read("; only a comment").empty());
}

// ---- errors: file:line:column --------------------------------------------

TEST(ZoneReader, ErrorMessages) {
  struct Case {
    std::string text, message;
  };
  std::vector<Case> cases = {
      {"$TTL 1\n;2\n;3\n;4\n;5\n;6\n;7\n;8\n;9\n;10\n;11\nwww 300 AAA ::1\n",
       "t:12:9: unknown RR type 'AAA'"},
      {"$TTL 1\n\n\nx TXT ( \"a\"\n\"b\"\n", "t:5:4: unbalanced parenthesis opened at line 4"},
      {"a 1 A 192.0.2.1 )\n", "t:1:17: unbalanced parenthesis ')'"},
      {"a 1 TXT \"abc\n", "t:1:9: unterminated quoted string"},
      {"a 99999999999 A 192.0.2.1\n", "t:1:3: TTL 99999999999 out of range"},
      {"$TTL 1h30\n", "t:1:6: bad TTL '1h30'"},
      {"a A 192.0.2.1\n", "t:1:3: no TTL specified (use $TTL or give one)"},
      {"  A 192.0.2.1\n", "t:1:3: no owner name (the line starts with blank space and no record precedes it)"},
      {"a 300 IN\n", "t:1:9: missing RR type"},
      {"a 1 AXFR\n", "t:1:5: RR type 'AXFR' not allowed in zone data"},
      {"a 1 \"A\" 192.0.2.1\n", "t:1:5: unknown RR type '\"A\"'"},
      {"$GENERATE 1-10 x$ A 192.0.2.$\n", "t:1:1: unknown directive '$GENERATE'"},
      {"$ORIGIN\n", "t:1:8: missing argument to $ORIGIN"},
      {"$TTL 1 2\n", "t:1:8: unexpected '2' after $TTL"},
      {"a\\", "t:1:2: backslash at end of line"},
      {"\"q\" 1 A 192.0.2.1\n", "t:1:1: quoted string where owner name was expected"},
      {"$ORIGIN a..b.\n", "t:1:9: bad origin 'a..b.': empty label in name 'a..b.' at column 3"},
  };
  for (const auto& c : cases) EXPECT_EQ(ReadError(c.text), c.message) << c.text;
  // Messages that embed another module's wording: check our part only.
  auto m = ReadError("$TTL 1\nok A 192.0.2.1\nbad\tA\t192.0.2\n");
  EXPECT_EQ(m.rfind("t:3:7: bad A RDATA: ", 0), 0u) << m;
  m = ReadError("a..b 1 A 192.0.2.1\n");
  EXPECT_EQ(m.rfind("t:1:1: bad owner name 'a..b': ", 0), 0u) << m;
}

TEST(ZoneReader, RecordsBeforeAnErrorAreDelivered) {
  auto reader = ZoneReader::from_string("$TTL 1\na A 192.0.2.1\nb AAA ::1\n", "z", Opts());
  auto r = reader.next();
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->owner, N("a.example.com."));
  r = reader.next();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "z:3:3: unknown RR type 'AAA'");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(reader.next().has_value());
}

TEST(ZoneReader, EntryTooLongIsAnErrorNotUnboundedMemory) {
  std::string text = "$TTL 1\nx TXT (\n";
  std::string line(1000, 'a');
  while (text.size() < 1100 * 1000) text += "\"" + line + "\"\n";
  auto m = ReadError(text);
  EXPECT_EQ(m.find("entry longer than 1048576 octets (parenthesis opened at line 2)"), m.find(": entry") + 2) << m;
}

// ---- $INCLUDE --------------------------------------------------------------

TEST(ZoneReader, Include) {
  TempDir d;
  d.write("sub/inner.zone", "in2 A 10.0.0.2\n");
  d.write("sub/part.zone", "in1 A 10.0.0.1\n\tTXT \"x\"\n$ORIGIN deeper\n$INCLUDE inner.zone\nlast A 10.0.0.3\n");
  std::string top = d.write("top.zone",
                            "$TTL 60\n"
                            "ns A 192.0.2.1\n"
                            "$INCLUDE sub/part.zone\n"
                            "  A 192.0.2.2\n"
                            "$INCLUDE \"sub/part.zone\" other.net.\n");
  auto rs = read_zone_file(top, Opts());
  ASSERT_TRUE(rs.has_value()) << rs.error().message;
  std::vector<std::string> got;
  for (const auto& r : *rs) got.push_back(r.owner.to_text() + " " + std::to_string(r.line));
  std::vector<std::string> want = {
      "ns.example.com. 2",
      "in1.example.com. 1", "in1.example.com. 2", "in2.deeper.example.com. 1", "last.deeper.example.com. 5",
      "ns.example.com. 4",  // origin and previous owner restored after the include
      "in1.other.net. 1", "in1.other.net. 2", "in2.deeper.other.net. 1", "last.deeper.other.net. 5",
  };
  EXPECT_EQ(got, want);
}

TEST(ZoneReader, IncludeErrors) {
  TempDir d;
  std::string loop = d.write("loop.zone", "$INCLUDE loop.zone\n");
  auto o = Opts();
  o.max_include_depth = 3;
  auto r = read_zone_file(loop, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, loop + ":1:1: $INCLUDE depth exceeded (limit 3)");
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);

  std::string missing = d.write("missing.zone", "$TTL 1\n$INCLUDE  nofile.zone\n");
  r = read_zone_file(missing, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message,
            missing + ":2:11: cannot open '" + (d.path / "nofile.zone").string() + "': No such file or directory");

  std::string bad = d.write("inner_bad.zone", "\nfoo 1\n");
  std::string outer = d.write("outer.zone", "$TTL 1\na A 192.0.2.1\n$INCLUDE inner_bad.zone\n");
  r = read_zone_file(outer, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, bad + ":2:6: missing RR type");  // errors name the included file

  o.allow_include = false;
  EXPECT_EQ(ReadError("$INCLUDE /etc/passwd\n", o), "t:1:1: $INCLUDE not allowed");
  r = read_zone_file((d.path / "absent.zone").string(), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
}

// ---- streaming -------------------------------------------------------------

TEST(ZoneReader, LargeFileReadInChunks) {
  TempDir d;
  std::string text = "$TTL 300\n$ORIGIN rpz.example.\n";
  text += "; " + std::string(700 * 1000, 'c') + "\n";  // longer than one read chunk
  const int kRecords = 60000;
  for (int i = 0; i < kRecords; ++i) text += "bad" + std::to_string(i) + ".example CNAME .\n";
  text += "last A 10.1.2.3";  // no final newline
  std::string path = d.write("big.zone", text);
  auto reader = ZoneReader::open_file(path, Opts());
  ASSERT_TRUE(reader.has_value());
  ZoneReader moved = std::move(*reader);
  int n = 0;
  ZoneRecord last;
  while (true) {
    auto r = moved.next();
    ASSERT_TRUE(r.has_value()) << r.error().message;
    if (!*r) break;
    if (n == 12345) {
      EXPECT_EQ((*r)->owner, N("bad12345.example.rpz.example."));
      EXPECT_EQ((*r)->rdata, NameWire("."));
      EXPECT_EQ((*r)->line, 12345u + 4);
    }
    last = std::move(**r);
    ++n;
  }
  EXPECT_EQ(n, kRecords + 1);
  EXPECT_EQ(last.owner, N("last.rpz.example."));
  EXPECT_EQ(last.line, kRecords + 4u);
  EXPECT_FALSE(moved.next().value().has_value());  // stays at the end
}

TEST(ZoneReader, LineLongerThanLimitIsAnError) {
  TempDir d;
  for (std::size_t size : {std::size_t{3} << 20, (std::size_t{3} << 20) / 2}) {
    std::string path = d.write("long.zone", "$TTL 1\n;" + std::string(size, 'x') + "\n");
    auto r = read_zone_file(path, Opts());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kTooLong);
    EXPECT_EQ(r.error().message, path + ":2:1: line longer than 1048576 octets");
  }
}

// ---- real files ------------------------------------------------------------

TEST(ZoneReader, RootHints) {
  auto rs = read_zone_file("/usr/share/dns/root.hints", Opts("."));
  ASSERT_TRUE(rs.has_value()) << rs.error().message;
  int ns = 0, a = 0, aaaa = 0;
  for (const auto& r : *rs) {
    EXPECT_EQ(r.ttl, 3600000u);
    if (r.type == RRType::kNS) {
      EXPECT_TRUE(r.owner.is_root());
      EXPECT_TRUE(rdata_single_name(r.rdata)->is_subdomain_of(N("root-servers.net.")));
      ++ns;
    }
    if (r.type == RRType::kA) ++a;
    if (r.type == RRType::kAAAA) ++aaaa;
  }
  EXPECT_EQ(ns, 13);
  EXPECT_EQ(a, 13);
  EXPECT_EQ(aaaa, 13);
  EXPECT_EQ((*rs)[1].owner, N("a.root-servers.net."));
  EXPECT_EQ((*rs)[1].rdata, W({198, 41, 0, 4}));
}

// RFC 4034 Appendix B, written here so the test does not trust our rdata code.
uint16_t KeyTag(const Rdata& rd) {
  uint32_t ac = 0;
  for (std::size_t i = 0; i < rd.size(); ++i) ac += (i & 1) ? rd[i] : uint32_t{rd[i]} << 8;
  ac += (ac >> 16) & 0xFFFF;
  return static_cast<uint16_t>(ac & 0xFFFF);
}

TEST(ZoneReader, RootTrustAnchor) {
  // root.key gives no TTL at all: the caller has to supply one.
  auto r = read_zone_file("/usr/share/dns/root.key", Opts("."));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "/usr/share/dns/root.key:1:6: no TTL specified (use $TTL or give one)");
  auto o = Opts(".");
  o.default_ttl = 172800;
  r = read_zone_file("/usr/share/dns/root.key", o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  std::vector<uint16_t> tags;
  for (const auto& k : *r) {
    EXPECT_EQ(k.type, RRType::kDNSKEY);
    EXPECT_TRUE(k.owner.is_root());
    EXPECT_EQ(k.ttl, 172800u);
    ASSERT_GE(k.rdata.size(), 4u);
    EXPECT_EQ(k.rdata[0] << 8 | k.rdata[1], 257);  // flags: zone key + SEP
    EXPECT_EQ(k.rdata[3], 8);                      // RSASHA256
    tags.push_back(KeyTag(k.rdata));
  }
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<uint16_t>{20326, 38696}));  // as stated in the file's comments
}

}  // namespace
}  // namespace dns4eu::dns
