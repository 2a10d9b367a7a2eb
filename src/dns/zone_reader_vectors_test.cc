// Test vectors from outside dns4eu: zone files in tests/data/zones/ and their
// canonical forms printed by BIND's named-checkzone -D (*.named) and by
// ldns-read-zone (*.ldns); see tests/data/zones/README.md.
//
// The reader must yield the same multiset of (owner, TTL, class, type, RDATA)
// as the tool. Formatting differences are normalised, nothing else:
//  - the tool's lines are split on blanks into owner, TTL, class, type and the
//    rest; comment lines and trailing comments (named's "; resign=",
//    ldns's ";{id = ...}") are dropped;
//  - owners compare case-insensitively (BIND prints one spelling per node);
//  - RDATA compares as wire form: the tool's text goes through
//    rdata_from_text(), which absorbs hex/base64 case and line splitting,
//    quoting choices (alpn="h2,h3" vs alpn=h2,h3) and \DDD vs literal octets.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "dns/zone_reader.h"

namespace dns4eu::dns {
namespace {

const std::string kDir = std::string(DNS4EU_SOURCE_DIR) + "/tests/data/zones/";

std::string Key(const Name& owner, uint32_t ttl, RRClass c, RRType t, const Rdata& rd) {
  return owner.lowercased().to_text() + " " + std::to_string(ttl) + " " + rrclass_to_text(c) + " " +
         rrtype_to_text(t) + " " + rdata_to_text(t, rd);
}

// Cuts a comment that starts outside a quoted string.
std::string StripComment(const std::string& line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') { ++i; continue; }
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ';' && !quoted) return line.substr(0, i);
  }
  return line;
}

std::vector<std::string> ReadCanonical(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> out;
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    line = StripComment(line);
    std::istringstream ss(line);
    std::string owner, ttl, cls, type;
    if (!(ss >> owner)) continue;
    ss >> ttl >> cls >> type;
    std::string rest;
    std::getline(ss, rest);
    auto where = path + ":" + std::to_string(lineno);
    auto n = Name::from_text(owner);
    auto c = rrclass_from_text(cls);
    auto t = rrtype_from_text(type);
    if (!n || !c || !t) {
      ADD_FAILURE() << where << ": cannot split '" << line << "'";
      continue;
    }
    auto rd = rdata_from_text(*t, rest, nullptr);
    if (!rd) {
      ADD_FAILURE() << where << ": rdata_from_text: " << rd.error().message;
      continue;
    }
    out.push_back(Key(*n, static_cast<uint32_t>(std::stoul(ttl)), *c, *t, *rd));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> ReadOurs(const std::string& zone, const std::string& origin) {
  ZoneReaderOptions o;
  o.origin = Name::from_text(origin).value();
  std::vector<std::string> out;
  auto rs = read_zone_file(kDir + zone, o);
  EXPECT_TRUE(rs.has_value()) << rs.error().message;
  if (!rs) return out;
  for (const auto& r : *rs) out.push_back(Key(r.owner, r.ttl, r.rclass, r.type, r.rdata));
  std::sort(out.begin(), out.end());
  return out;
}

struct Vector {
  const char* zone;
  const char* origin;
  const char* canonical;
};

class ZoneVectors : public testing::TestWithParam<Vector> {};

TEST_P(ZoneVectors, SameRecordsAsTheTool) {
  const Vector& v = GetParam();
  auto want = ReadCanonical(kDir + v.canonical);
  auto got = ReadOurs(v.zone, v.origin);
  EXPECT_GT(want.size(), 10u);
  EXPECT_EQ(got, want);
}

INSTANTIATE_TEST_SUITE_P(
    Tools, ZoneVectors,
    testing::Values(Vector{"syntax.zone", "example.com.", "syntax.zone.named"},
                    Vector{"rpz.zone", "rpz.example.", "rpz.zone.named"},
                    Vector{"rpz.zone", "rpz.example.", "rpz.zone.ldns"},
                    Vector{"signed.zone", "types.example.", "signed.zone.named"},
                    Vector{"signed.zone", "types.example.", "signed.zone.ldns"},
                    Vector{"include.zone", "inc.example.", "include.zone.named"}),
    [](const testing::TestParamInfo<Vector>& info) {
      std::string s = info.param.canonical;
      std::replace(s.begin(), s.end(), '.', '_');
      return s;
    });

}  // namespace
}  // namespace dns4eu::dns
