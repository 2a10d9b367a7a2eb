// query_log_test.cc — JSON lines, privacy of the client field, drops when
// full, rotation by size and deletion past the retention.
#include "telemetry/query_log.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "dns/name.h"
#include "dns/types.h"

namespace dns4eu::telemetry {
namespace {

namespace fs = std::filesystem;

QueryRecord record(const char* qname, const char* client) {
  QueryRecord r;
  r.time_us = 1764337200123456;  // 2025-11-28T13:40:00.123Z
  r.latency_us = 812;
  r.qtype = 1;
  r.rcode = 3;
  r.flags = 0x8180;
  r.ede = 15;
  r.transport = Transport::kTcp;
  r.source = AnswerSource::kAnswerCache;
  r.flavour = 1;
  auto n = dns::Name::from_text(qname).value();
  r.qname_size = static_cast<uint8_t>(n.wire().size());
  std::copy(n.wire().begin(), n.wire().end(), r.qname.begin());
  r.client.family = 4;
  r.client.port = 5353;
  inet_pton(AF_INET, client, r.client.bytes.data());
  return r;
}

fs::path temp_dir(const char* name) {
  fs::path d = fs::temp_directory_path() / (std::string("dns4eu_qlog_") + name + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(QueryLog, FormatsEveryField) {
  QueryLogNames names{"telco", {"plain", "protective"}, {"none", "malware"}};
  AddressFilter keep({.policy = AddressPolicy::kKeep, .keep_port = true});
  QueryRecord r = record("Example.COM.", "192.0.2.7");
  r.has_verdict = true;
  r.verdict = PolicyVerdict::kBlock;
  r.policy_list = 1;
  auto j = nlohmann::json::parse(format_query_record(r, names, keep));
  EXPECT_EQ(j["time"], "2025-11-28T13:40:00.123Z");
  EXPECT_EQ(j["profile"], "telco");
  EXPECT_EQ(j["flavour"], "protective");
  EXPECT_EQ(j["transport"], "tcp");
  EXPECT_EQ(j["qname"], "Example.COM.");
  EXPECT_EQ(j["qtype"], "A");
  EXPECT_EQ(j["rcode"], "NXDOMAIN");
  EXPECT_EQ(j["flags"], nlohmann::json::array({"qr", "rd", "ra"}));
  EXPECT_EQ(j["latency_us"], 812);
  EXPECT_EQ(j["cache_hit"], true);
  EXPECT_EQ(j["policy"]["verdict"], "block");
  EXPECT_EQ(j["policy"]["list"], "malware");
  EXPECT_EQ(j["ede"], nlohmann::json::array({15}));
  EXPECT_EQ(j["client"], "192.0.2.7");
  EXPECT_EQ(j["client_port"], 5353);
}

TEST(QueryLog, EscapesHostileNamesIntoValidJson) {
  QueryRecord r = record("a.example.", "192.0.2.7");
  const uint8_t wire[] = {5, 'a', '"', '\\', 1, 0xff, 0};
  r.qname_size = sizeof wire;
  std::copy(std::begin(wire), std::end(wire), r.qname.begin());
  AddressFilter drop({});
  auto line = format_query_record(r, {"public\"x", {"plain", "pl\nain"}, {}}, drop);
  auto j = nlohmann::json::parse(line);  // throws if the escaping is wrong
  EXPECT_EQ(j["qname"], dns::Name::from_wire(wire).value().to_text());
  EXPECT_EQ(j["profile"], "public\"x");
  EXPECT_EQ(j["flavour"], "pl\nain");
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line
}

TEST(QueryLog, ClientAsnWithoutTheAddress) {
  AddressFilter drop({.policy = AddressPolicy::kDrop});
  QueryRecord r = record("a.example.", "127.63.77.99");
  r.client = ClientAddress{};  // what the worker records under drop
  r.client_asn = 64512;
  auto line = format_query_record(r, {"public", {}, {}}, drop);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["client_asn"], 64512);
  EXPECT_FALSE(j.contains("client"));
  r.client_asn = 0;  // unknown: no field
  EXPECT_FALSE(nlohmann::json::parse(format_query_record(r, {"public", {}, {}}, drop)).contains("client_asn"));
}

TEST(QueryLog, FormatsRareValuesAndNamesOutsideTheTables) {
  AddressFilter drop({});
  QueryRecord r = record("Example.COM.", "192.0.2.7");
  r.qtype = 65280;   // past the table of type names
  r.rcode = 16 + 3;  // extended rcode
  r.flavour = 7;     // no name for this index
  r.has_verdict = true;
  r.verdict = PolicyVerdict::kDrop;
  r.policy_list = 9;
  auto j = nlohmann::json::parse(format_query_record(r, {"public", {"plain"}, {"none"}}, drop));
  EXPECT_EQ(j["qtype"], "TYPE65280");
  EXPECT_EQ(j["rcode"], dns::rcode_to_text(static_cast<dns::Rcode>(19)));
  EXPECT_EQ(j["flavour"], "flavour7");
  EXPECT_EQ(j["policy"]["list"], "list9");
  QueryRecord root = record(".", "192.0.2.7");
  EXPECT_EQ(nlohmann::json::parse(format_query_record(root, {"public", {}, {}}, drop))["qname"], ".");
}

TEST(QueryLog, DropPolicyWritesNoClientField) {
  AddressFilter drop({.policy = AddressPolicy::kDrop, .keep_port = true});
  std::string line = format_query_record(record("a.example.", "127.63.77.99"), {"public", {}, {}}, drop);
  EXPECT_EQ(line.find("client"), std::string::npos);
  EXPECT_EQ(line.find("127.63"), std::string::npos);
}

TEST(QueryLog, WritesFromWorkerRingsAndCountsDropsWhenFull) {
  auto dir = temp_dir("rings");
  QueryLog log({.path = (dir / "q.jsonl").string()}, 2, 16, {.policy = AddressPolicy::kTruncate},
               {"telco", {"plain"}, {}});
  std::size_t accepted = 0, dropped = 0;
  for (int i = 0; i < 100; ++i) (log.submit(0, record("a.example.", "10.1.2.3")) ? accepted : dropped)++;
  EXPECT_EQ(accepted, 16u);  // the writer thread is not running yet: the ring fills
  EXPECT_EQ(dropped, 84u);
  ASSERT_TRUE(log.start());
  EXPECT_TRUE(log.submit(1, record("b.example.", "10.1.2.4")));
  log.stop();
  auto lines = lines_of(dir / "q.jsonl");
  ASSERT_EQ(lines.size(), 17u);
  EXPECT_EQ(nlohmann::json::parse(lines[16])["client"], "10.1.2.0/24");
  EXPECT_EQ(log.stats().written, 17u);
  fs::remove_all(dir);
}

TEST(RotatingFile, RotatesBySizeAndDeletesPastRetention) {
  auto dir = temp_dir("rotate");
  RotatingFile f({.path = (dir / "q.jsonl").string(), .max_size = 100, .retention = std::chrono::seconds(2)});
  ASSERT_TRUE(f.open());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(f.write(std::string(60, 'x') + "\n"));
  ASSERT_TRUE(f.flush());
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 5u);  // each 61-byte line passes 100 bytes with the next one
  // Age the rotated files past the retention: tick() deletes them.
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != "q.jsonl")
      fs::last_write_time(e.path(), fs::file_time_type::clock::now() - std::chrono::seconds(10));
  EXPECT_EQ(f.tick(), 4u);
  EXPECT_TRUE(fs::exists(dir / "q.jsonl"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace dns4eu::telemetry
