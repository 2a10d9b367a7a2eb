// trace_test.cc — summarise_exchange on hand-built packets (referral,
// answer, timeout, TCP) and lists_status_json on a real policy snapshot.
#include "daemon/trace.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "daemon/lists_status.h"
#include "dns/builder.h"

namespace dns4eu::daemon {
namespace {

using dns::RRType;

dns::Name N(const char* s) { return *dns::Name::from_text(s); }

std::vector<uint8_t> query(const char* name, RRType t) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out);
  b.set_id(7);
  b.add_question(N(name), t, dns::RRClass::kIN);
  b.finish();
  return out;
}

net::Endpoint ep() { return *net::Endpoint::parse("127.53.1.1:53"); }

TEST(TraceStep, AReferralNamesTheDelegatedZone) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out);
  b.set_id(7);
  b.set_flags(dns::flags::kQR);
  b.add_question(N("www.ok.test."), RRType::kA, dns::RRClass::kIN);
  ASSERT_TRUE(b.add_rrset(dns::Section::kAuthority, N("test."), RRType::kNS, dns::RRClass::kIN, 300,
                          std::vector<dns::Rdata>{*dns::rdata_from_text(RRType::kNS, "ns1.test.")}));
  b.finish();
  auto s = summarise_exchange(ep(), query("www.ok.test.", RRType::kA), false,
                              resolver::UpstreamReply{out, std::chrono::microseconds(1500)});
  EXPECT_EQ(s.server, "127.53.1.1:53");
  EXPECT_EQ(s.question, "www.ok.test. A");
  EXPECT_EQ(s.rcode, "NOERROR");
  EXPECT_EQ(s.flags, "qr");
  EXPECT_EQ(s.referral, "test.");
  EXPECT_EQ(s.authority_types, std::vector<std::string>{"NS"});
  EXPECT_DOUBLE_EQ(s.rtt_ms, 1.5);
  auto j = to_json(s);
  EXPECT_EQ(j["transport"], "udp");
  EXPECT_EQ(j["referral"], "test.");
}

TEST(TraceStep, AnAuthoritativeAnswerIsNoReferral) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out);
  b.set_id(7);
  b.set_flags(dns::flags::kQR | dns::flags::kAA);
  b.add_question(N("www.ok.test."), RRType::kA, dns::RRClass::kIN);
  ASSERT_TRUE(b.add_rrset(dns::Section::kAnswer, N("www.ok.test."), RRType::kA, dns::RRClass::kIN, 300,
                          std::vector<dns::Rdata>{*dns::rdata_from_text(RRType::kA, "192.0.2.1")}));
  ASSERT_TRUE(b.add_rrset(dns::Section::kAuthority, N("ok.test."), RRType::kNS, dns::RRClass::kIN, 300,
                          std::vector<dns::Rdata>{*dns::rdata_from_text(RRType::kNS, "ns1.ok.test.")}));
  b.finish();
  auto s = summarise_exchange(ep(), query("www.ok.test.", RRType::kA), true, resolver::UpstreamReply{out, {}});
  EXPECT_EQ(s.flags, "qr aa");
  EXPECT_TRUE(s.referral.empty());
  EXPECT_EQ(s.answer_types, std::vector<std::string>{"A"});
  EXPECT_EQ(to_json(s)["transport"], "tcp");
}

TEST(TraceStep, TimeoutsAndErrors) {
  Result<resolver::UpstreamReply> timeout = fail(ErrorCode::kLimit, "timed out");
  auto t = summarise_exchange(ep(), query("a.test.", RRType::kAAAA), false, timeout);
  EXPECT_TRUE(t.timeout);
  EXPECT_EQ(to_json(t)["timeout"], true);
  EXPECT_FALSE(to_json(t).contains("rcode"));
  Result<resolver::UpstreamReply> refused = fail(ErrorCode::kIo, "connection refused");
  auto e = summarise_exchange(ep(), query("a.test.", RRType::kAAAA), true, refused);
  EXPECT_EQ(e.error, "connection refused");
  auto garbage = summarise_exchange(ep(), query("a.test.", RRType::kA), false,
                                    resolver::UpstreamReply{{1, 2, 3}, {}});
  EXPECT_NE(garbage.error.find("unparsable"), std::string::npos);
}

// A config whose one profile uses the one list `spec`.
Config with_list(const policy::ListSpec& spec) {
  Config c;
  c.policy.spec.lists.push_back(spec);
  c.policy.spec.profiles.push_back(policy::ProfileSpec{"protective", {policy::ProfileListSpec{spec.name}}, {}, {}, {}});
  return c;
}

TEST(ListsStatus, ReportsEntriesVersionAndRefusedReloads) {
  std::string path = ::testing::TempDir() + "/lists_status_test.txt";
  std::ofstream(path) << "evil.test\n*.bad.test\n";
  Config c = with_list({"malware", path, policy::ListFormat::kDomains, policy::Category::kMalware});
  auto r1 = build_runtime(c, 1);
  ASSERT_TRUE(r1) << r1.error().message;
  auto j = lists_status_json(**r1)["lists"];
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["name"], "malware");
  EXPECT_EQ(j[0]["category"], "malware");
  EXPECT_EQ(j[0]["format"], "domains");
  EXPECT_EQ(j[0]["source"], "file");
  EXPECT_EQ(j[0]["entries"], 2);
  EXPECT_FALSE(j[0].contains("last_error"));
  EXPECT_EQ(j[0]["used_by"].dump(), R"([{"action":"given","profile":"protective"}])");
  std::ofstream(path) << "evil.test\nnot one name\n";
  auto r2 = build_runtime(c, 2, r1->get());
  ASSERT_TRUE(r2) << r2.error().message;
  auto k = lists_status_json(**r2)["lists"];
  EXPECT_EQ(k[0]["entries"], 2);  // the previous version serves
  EXPECT_NE(k[0]["last_error"].get<std::string>().find("one name a line"), std::string::npos) << k.dump();
  EXPECT_EQ(k[0]["loaded"], j[0]["loaded"]);
  EXPECT_EQ(k[0]["version"], j[0]["version"]);
  std::remove(path.c_str());
}

TEST(ListsStatus, SaysWhichProfilesUseAListAndHow) {
  std::string path = ::testing::TempDir() + "/lists_status_used.txt";
  std::ofstream(path) << "evil.test\n";
  Config c = with_list({"feed", path, policy::ListFormat::kDomains, policy::Category::kMalware});
  c.policy.spec.profiles.push_back(
      policy::ProfileSpec{"trial", {policy::ProfileListSpec{"feed", policy::ProfileAction::kLog}}, {}, {}, {}});
  c.policy.spec.profiles.push_back(policy::ProfileSpec{"gov", {}, {"feed"}, {}, {}});
  auto rt = build_runtime(c, 1);
  ASSERT_TRUE(rt) << rt.error().message;
  EXPECT_EQ(lists_status_json(**rt)["lists"][0]["used_by"].dump(),
            R"([{"action":"given","profile":"protective"},{"action":"log","profile":"trial"},)"
            R"({"action":"allow","profile":"gov"}])");
  std::remove(path.c_str());
}

TEST(ListsStatus, ReportsTenantsAndTheirNetworksFiles) {
  std::string list = ::testing::TempDir() + "/lists_status_tenant_list.txt";
  std::string nets = ::testing::TempDir() + "/lists_status_tenant_nets.txt";
  std::ofstream(list) << "evil.test\n";
  std::ofstream(nets) << "100.64.0.0/10\n2001:db8:a::/48\n";
  Config c = with_list({"malware", list, policy::ListFormat::kDomains, policy::Category::kMalware});
  c.policy.spec.tenants.push_back(policy::TenantSpec{"ministry", {*policy::IpNet::parse("10.1.0.0/16")}, "protective"});
  c.policy.spec.tenants.push_back(
      policy::TenantSpec{"isp-a", {*policy::IpNet::parse("192.0.2.0/24")}, "protective", nets});
  auto r1 = build_runtime(c, 1);
  ASSERT_TRUE(r1) << r1.error().message;
  auto t = lists_status_json(**r1)["tenants"];
  ASSERT_EQ(t.size(), 2u) << t.dump();
  EXPECT_EQ(t[0].dump(), R"({"name":"ministry","networks":1,"profile":"protective"})");
  EXPECT_EQ(t[1]["networks"], 3);
  EXPECT_EQ(t[1]["networks_file"], nets);
  EXPECT_TRUE(t[1].contains("loaded") && t[1].contains("file_mtime"));
  EXPECT_FALSE(t[1].contains("last_error"));
  std::ofstream(nets) << "100.64.0.0/10\n2001:db8:a::/48\nsomewhere\n";
  auto r2 = build_runtime(c, 2, r1->get());
  ASSERT_TRUE(r2) << r2.error().message;
  auto u = lists_status_json(**r2)["tenants"];
  EXPECT_EQ(u[1]["networks"], 3) << "the previous version serves";
  EXPECT_EQ(u[1]["last_error"], nets + ":3: not an IP address: 'somewhere'");
  EXPECT_EQ(u[1]["loaded"], t[1]["loaded"]);
  EXPECT_EQ(lists_status_json(**r2)["client_id_files"].dump(), "[]");
  std::remove(list.c_str());
  std::remove(nets.c_str());
}

TEST(ListsStatus, ReportsClientIdFiles) {
  std::string list = ::testing::TempDir() + "/lists_status_ids_list.txt";
  std::string ids = ::testing::TempDir() + "/lists_status_ids.txt";
  std::ofstream(list) << "evil.test\n";
  std::ofstream(ids) << "bank-42 protective\nschool-7 plain\n";
  Config c = with_list({"malware", list, policy::ListFormat::kDomains, policy::Category::kMalware});
  c.policy.spec.client_id_files.push_back({"org.dns.test", ids});
  auto r1 = build_runtime(c, 1);
  ASSERT_TRUE(r1) << r1.error().message;
  auto f = lists_status_json(**r1)["client_id_files"];
  ASSERT_EQ(f.size(), 1u) << f.dump();
  EXPECT_EQ(f[0]["domain"], "org.dns.test");
  EXPECT_EQ(f[0]["file"], ids);
  EXPECT_EQ(f[0]["ids"], 2);
  EXPECT_TRUE(f[0].contains("loaded") && !f[0].contains("last_error")) << f.dump();
  std::ofstream(ids) << "bank-42 protective\nschool-7 kids\n";
  auto r2 = build_runtime(c, 2, r1->get());
  ASSERT_TRUE(r2) << r2.error().message;
  auto g = lists_status_json(**r2)["client_id_files"];
  EXPECT_EQ(g[0]["ids"], 2);
  EXPECT_EQ(g[0]["last_error"], ids + ":2: no profile named 'kids'");
  std::remove(list.c_str());
  std::remove(ids.c_str());
}

TEST(ListsStatus, RpzListsCarryTheirSerial) {
  std::string path = ::testing::TempDir() + "/lists_status_test.rpz";
  std::ofstream(path) << "$ORIGIN rpz.test.\n@ 300 SOA ns. admin. 2024010199 3600 600 86400 60\n@ 300 NS ns.\n"
                         "evil.test CNAME .\n";
  auto rt = build_runtime(with_list({"feed", path, policy::ListFormat::kRpz, policy::Category::kMalware}), 1);
  ASSERT_TRUE(rt) << rt.error().message;
  auto j = lists_status_json(**rt)["lists"][0];
  EXPECT_EQ(j["format"], "rpz");
  EXPECT_EQ(j["serial"], 2024010199u);
  EXPECT_EQ(j["version"], "2024010199");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace dns4eu::daemon
