// policy_test.cc — profiles, allowlists, actions, EDE, views (tenants,
// server names, endpoints) and list reloading with a broken list.
#include "policy/policy.h"

#include <gtest/gtest.h>

#include <fstream>
#include <tuple>

namespace dns4eu::policy {
namespace {

class PolicyTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + name) << text;
  }
  ListSpec list(const std::string& name, ListFormat f, Category c) { return ListSpec{name, dir_ + name, f, c}; }
  void SetUp() override {
    write("malware", "evil.test\n");
    write("phishing", "0.0.0.0 bank-login.test\n");
    write("adult", "adult.test\n");
    write("ads", "||ads.test^\n");
    write("legal", "banned.test\n");
    write("allow", "good.evil.test\n");
    write("rpz", "rpz. 60 SOA ns. a. 1 1 1 1 1\nlocal.test.rpz. 60 A 192.0.2.9\n24.0.2.0.198.rpz-ip.rpz. 60 CNAME .\n"
                 "32.5.0.0.10.rpz-client-ip.rpz. 60 CNAME rpz-drop.\nns.bad.rpz-nsdname.rpz. 60 CNAME .\n"
                 "24.0.113.0.203.rpz-nsip.rpz. 60 CNAME *.\n");
    spec_.lists = {list("malware", ListFormat::kDomains, Category::kMalware),
                   list("phishing", ListFormat::kHosts, Category::kPhishing),
                   list("adult", ListFormat::kDomains, Category::kAdult),
                   list("ads", ListFormat::kAdblock, Category::kAds),
                   list("legal", ListFormat::kDomains, Category::kLegal),
                   list("allow", ListFormat::kDomains, Category::kAllow),
                   list("rpz", ListFormat::kRpz, Category::kC2)};
    ProfileSpec protective{"protective", {{"malware"}, {"phishing"}, {"rpz"}, {"legal"}}, {"allow"}, {}, {}};
    ProfileSpec child{"child", {{"malware"}, {"phishing"}, {"adult", ProfileAction::kSinkhole}, {"legal"}}, {}, {}, {}};
    child.sinkhole_v4 = *IpAddr::parse("192.0.2.53");
    ProfileSpec noads{"noads", {{"ads", ProfileAction::kNodata}, {"legal", ProfileAction::kRefused}}, {}, {}, {}};
    spec_.profiles = {protective, child, noads};
    spec_.tenants = {TenantSpec{"ministry", {*IpNet::parse("10.1.0.0/16")}, "child"},
                     TenantSpec{"ministry-lab", {*IpNet::parse("10.1.2.0/24")}, "plain"}};
    spec_.server_names = {ServerNameSpec{"child.dns4eu.test", "child"}};
  }
  std::shared_ptr<const Policy> build() {
    std::vector<std::string> warnings;
    auto p = Policy::build(spec_, nullptr, &warnings);
    EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message);
    return *p;
  }
  Verdict check(const Policy& p, std::string_view profile, std::string_view name) {
    return p.check_qname(*p.profile_id(profile), *dns::Name::from_text(name));
  }

  std::string dir_ = ::testing::TempDir() + "/policy_test_";
  PolicySpec spec_;
};

TEST_F(PolicyTest, PlainFiltersNothing) {
  auto p = build();
  EXPECT_EQ(*p->profile_id("plain"), 0);
  EXPECT_FALSE(p->profile(0).filters());
  EXPECT_EQ(check(*p, "plain", "evil.test.").action, Action::kNone);
}

TEST_F(PolicyTest, EachCategoryPerProfile) {
  auto p = build();
  Verdict v = check(*p, "protective", "www.evil.test.");
  EXPECT_EQ(v.action, Action::kNxdomain);
  EXPECT_EQ(v.list->name, "malware");
  EXPECT_EQ(v.ede()->code, dns::EdeCode::kBlocked);
  EXPECT_EQ(v.ede()->extra_text, "list malware (malware)");
  EXPECT_EQ(check(*p, "protective", "bank-login.test.").ede()->code, dns::EdeCode::kBlocked);
  EXPECT_EQ(check(*p, "protective", "adult.test.").action, Action::kNone);
  EXPECT_EQ(check(*p, "protective", "banned.test.").ede()->code, dns::EdeCode::kCensored);
  Verdict a = check(*p, "child", "adult.test.");
  EXPECT_EQ(a.action, Action::kSinkhole);
  EXPECT_EQ(a.ede()->code, dns::EdeCode::kFiltered);
  EXPECT_EQ(check(*p, "noads", "x.ads.test.").action, Action::kNodata);
  EXPECT_EQ(check(*p, "noads", "x.ads.test.").ede()->code, dns::EdeCode::kFiltered);
  EXPECT_EQ(check(*p, "noads", "evil.test.").action, Action::kNone);
  EXPECT_EQ(check(*p, "noads", "banned.test.").action, Action::kRefused);
}

// prefetch_qname only starts memory reads: every verdict after it is the one
// check_qname gives alone, for every profile (plain: nothing to fetch) and for
// names of one label up to 127 (as many suffix keys as a name can have).
TEST_F(PolicyTest, PrefetchChangesNoVerdict) {
  auto p = build();
  std::string deepest, deep_evil;
  for (int i = 0; i < 127; ++i) deepest += "a.";   // 255 octets of wire form: 127 labels
  for (int i = 0; i < 122; ++i) deep_evil += "a.";  // + evil.test.: 124 labels, 255 octets
  deep_evil += "evil.test.";
  std::vector<std::string> names = {"evil.test.",  "www.evil.test.",    "a.good.evil.test.", "bank-login.test.",
                                    "x.ads.test.", "adult.test.",       "banned.test.",      "local.test.",
                                    "test.",       "resolves.example.", deepest,             deep_evil};
  for (const auto& n : names) ASSERT_TRUE(dns::Name::from_text(n).has_value()) << n;
  ASSERT_EQ(dns::Name::from_text(deepest)->label_count(), 127);
  for (std::string_view profile : {"plain", "protective", "child", "noads"}) {
    uint16_t id = *p->profile_id(profile);
    std::vector<Verdict> alone;
    for (const auto& n : names) alone.push_back(p->check_qname(id, *dns::Name::from_text(n)));
    for (const auto& n : names) p->prefetch_qname(id, *dns::Name::from_text(n));
    for (std::size_t i = 0; i < names.size(); ++i) {
      Verdict v = p->check_qname(id, *dns::Name::from_text(names[i]));
      EXPECT_EQ(v.action, alone[i].action) << profile << " " << names[i];
      EXPECT_EQ(v.list, alone[i].list) << profile << " " << names[i];
      EXPECT_EQ(v.match.suffix, alone[i].match.suffix) << profile << " " << names[i];
    }
  }
  EXPECT_EQ(check(*p, "protective", deep_evil).action, Action::kNxdomain);
}

// A list big enough that its slots are fetched with the filter's blocks
// (Profile::early: 4 MiB of table and more) takes the same path.
TEST_F(PolicyTest, PrefetchOfABigListChangesNoVerdict) {
  std::string big;
  for (int i = 0; i < 270000; ++i) big += "n" + std::to_string(i) + ".big.test\n";
  write("big", big);
  spec_.lists.push_back(list("big", ListFormat::kDomains, Category::kMalware));
  spec_.profiles.push_back(ProfileSpec{"big", {{"big"}, {"malware"}}, {"allow"}, {}, {}});
  auto p = build();
  uint16_t id = *p->profile_id("big");
  ASSERT_EQ(p->profile(id).early.size(), 1u) << "the big list is fetched early";
  std::string deep;
  for (int i = 0; i < 120; ++i) deep += "a.";
  std::vector<std::string> names = {"n7.big.test.",  "x.n269999.big.test.", "n270000.big.test.", "big.test.",
                                    "evil.test.",    "a.good.evil.test.",   deep + "n1.big.test.",
                                    "unlisted.test."};
  std::vector<Verdict> alone;
  for (const auto& n : names) alone.push_back(p->check_qname(id, *dns::Name::from_text(n)));
  for (const auto& n : names) p->prefetch_qname(id, *dns::Name::from_text(n));
  for (std::size_t i = 0; i < names.size(); ++i) {
    Verdict v = p->check_qname(id, *dns::Name::from_text(names[i]));
    EXPECT_EQ(v.action, alone[i].action) << names[i];
    EXPECT_EQ(v.list, alone[i].list) << names[i];
  }
  EXPECT_EQ(alone[0].list->name, "big");
  EXPECT_EQ(alone[1].list->name, "big");
  EXPECT_EQ(alone[2].action, Action::kNone);
  EXPECT_EQ(alone[4].list->name, "malware");
  EXPECT_TRUE(alone[5].allowlisted);
  EXPECT_EQ(alone[6].list->name, "big");
}

TEST_F(PolicyTest, AllowlistOverrides) {
  auto p = build();
  Verdict v = check(*p, "protective", "a.good.evil.test.");
  EXPECT_EQ(v.action, Action::kPassthru);
  EXPECT_TRUE(v.allowlisted);
  EXPECT_FALSE(v.blocks());
  EXPECT_FALSE(v.ede().has_value());
  EXPECT_EQ(check(*p, "protective", "bad.evil.test.").action, Action::kNxdomain);
  EXPECT_EQ(check(*p, "child", "good.evil.test.").action, Action::kNxdomain) << "child has no allowlist";
}

TEST_F(PolicyTest, RpzTriggers) {
  auto p = build();
  uint16_t prof = *p->profile_id("protective");
  Verdict local = check(*p, "protective", "local.test.");
  EXPECT_EQ(local.action, Action::kLocalData);
  ASSERT_NE(local.data, nullptr);
  EXPECT_EQ(local.ede()->code, dns::EdeCode::kBlocked) << "c2";
  EXPECT_EQ(p->check_response_ip(prof, *IpAddr::parse("198.0.2.1")).action, Action::kNxdomain);
  EXPECT_EQ(p->check_response_ip(prof, *IpAddr::parse("198.0.3.1")).action, Action::kNone);
  EXPECT_EQ(p->check_client_ip(prof, *IpAddr::parse("10.0.0.5")).action, Action::kDrop);
  EXPECT_EQ(p->check_nsdname(prof, *dns::Name::from_text("ns.bad.")).action, Action::kNxdomain);
  Verdict nsip = p->check_nsip(prof, *IpAddr::parse("203.0.113.53"));
  EXPECT_EQ(nsip.action, Action::kNodata);
  EXPECT_EQ(nsip.trigger, Trigger::kNsip);
  EXPECT_EQ(nsip.ede()->code, dns::EdeCode::kBlocked);
  EXPECT_EQ(p->check_nsip(prof, *IpAddr::parse("203.0.114.53")).action, Action::kNone);
  EXPECT_EQ(p->check_response_ip(prof, *IpAddr::parse("203.0.113.53")).action, Action::kNone) << "nsip is not rpz-ip";
  EXPECT_NE(p->explain(nsip, *dns::Name::from_text("www.example.")).find("rule 'network 203.0.113.0/24' (nsip trigger)"),
            std::string::npos)
      << p->explain(nsip, *dns::Name::from_text("www.example."));
  uint16_t child = *p->profile_id("child");
  EXPECT_EQ(p->check_response_ip(child, *IpAddr::parse("198.0.2.1")).action, Action::kNone);
  EXPECT_EQ(p->check_nsip(child, *IpAddr::parse("203.0.113.53")).action, Action::kNone) << "child has no RPZ list";
}

TEST_F(PolicyTest, ViewsTenantThenServerNameThenEndpoint) {
  auto p = build();
  uint16_t prot = *p->profile_id("protective"), child = *p->profile_id("child");
  IpAddr outside = *IpAddr::parse("192.0.2.1"), ministry = *IpAddr::parse("10.1.9.9"), lab = *IpAddr::parse("10.1.2.3");
  EXPECT_EQ(p->select(prot, &outside), prot);
  EXPECT_EQ(p->select(prot, &ministry), child);
  EXPECT_EQ(p->select(prot, &lab), 0) << "longest prefix wins";
  EXPECT_EQ(p->select(prot, &outside, "Child.DNS4EU.test"), child);
  EXPECT_EQ(p->select(prot, nullptr, "other.test"), prot);
}

TEST_F(PolicyTest, DryRunListsAreReportedNotApplied) {
  write("trial", "evil.test\nnew-threat.test\n");
  spec_.lists.push_back(list("trial", ListFormat::kDomains, Category::kMalware));
  spec_.profiles.push_back(ProfileSpec{
      "trial-run", {{"trial", ProfileAction::kLog}, {"malware"}, {"rpz", ProfileAction::kLog}}, {"allow"}, {}, {}});
  auto p = build();
  uint16_t prof = *p->profile_id("trial-run");
  auto name_of = [](const List* l) { return l ? l->name : std::string("-"); };
  Verdict fresh = check(*p, "trial-run", "www.new-threat.test.");
  EXPECT_EQ(fresh.action, Action::kNone) << "a dry run changes no answer";
  EXPECT_EQ(name_of(fresh.logged), "trial");
  EXPECT_NE(p->explain(fresh, *dns::Name::from_text("www.new-threat.test.")).find(
                "not listed: resolved normally; list trial (action log, a dry run) matched too"),
            std::string::npos);
  Verdict both = check(*p, "trial-run", "www.evil.test.");
  EXPECT_EQ(both.action, Action::kNxdomain) << "the next list decides";
  EXPECT_EQ(name_of(both.list), "malware");
  EXPECT_EQ(name_of(both.logged), "trial");
  Verdict allowed = check(*p, "trial-run", "good.evil.test.");
  EXPECT_TRUE(allowed.allowlisted);
  EXPECT_EQ(allowed.logged, nullptr) << "an allowlisted name is not looked up further";
  EXPECT_EQ(check(*p, "trial-run", "other.test.").logged, nullptr);
  EXPECT_EQ(name_of(check(*p, "protective", "www.new-threat.test.").logged), "-") << "only where the profile says log";
  // Every RPZ trigger of a dry-run list: reported, not applied.
  for (Verdict v : {p->check_response_ip(prof, *IpAddr::parse("198.0.2.1")),
                    p->check_client_ip(prof, *IpAddr::parse("10.0.0.5")),
                    p->check_nsdname(prof, *dns::Name::from_text("ns.bad.")),
                    p->check_nsip(prof, *IpAddr::parse("203.0.113.53")),
                    p->check_qname(prof, *dns::Name::from_text("local.test."))}) {
    EXPECT_EQ(v.action, Action::kNone) << to_string(v.trigger);
    EXPECT_EQ(name_of(v.logged), "rpz") << to_string(v.trigger);
  }
  EXPECT_EQ(p->check_client_ip(*p->profile_id("protective"), *IpAddr::parse("10.0.0.5")).action, Action::kDrop);
}

TEST_F(PolicyTest, TenantsByLongestPrefix) {
  spec_.tenants.push_back(TenantSpec{"isp", {*IpNet::parse("10.0.0.0/8"), *IpNet::parse("2001:db8::/32")}, "noads"});
  spec_.tenants.push_back(TenantSpec{"again", {*IpNet::parse("10.1.7.7/16")}, "protective"});  // ministry's network
  for (int i = 0; i < 20000; ++i)  // a telco's customers: one lookup, not a scan of 20,000 networks
    spec_.tenants.push_back(TenantSpec{"c" + std::to_string(i),
                                       {*IpNet::parse("100." + std::to_string(64 + i / 256) + "." +
                                                      std::to_string(i % 256) + ".0/24")},
                                       i % 2 ? "child" : "noads"});
  auto p = build();
  uint16_t prot = *p->profile_id("protective"), child = *p->profile_id("child"), noads = *p->profile_id("noads");
  auto chose = [&](const char* client) {
    IpAddr a = *IpAddr::parse(client);
    Selection s = p->choose(prot, &a);
    return std::tuple(s.profile, std::string(to_string(s.by)), std::string(s.tenant));
  };
  EXPECT_EQ(chose("10.200.1.1"), std::tuple(noads, "tenant", "isp"));
  EXPECT_EQ(chose("10.1.9.9"), std::tuple(child, "tenant", "ministry")) << "the first tenant of a network keeps it";
  EXPECT_EQ(chose("10.1.2.3"), std::tuple(uint16_t{0}, "tenant", "ministry-lab")) << "the /24 before the /16";
  EXPECT_EQ(chose("2001:db8:5::1"), std::tuple(noads, "tenant", "isp"));
  EXPECT_EQ(chose("2001:db9::1"), std::tuple(prot, "endpoint", ""));
  EXPECT_EQ(chose("11.0.0.1"), std::tuple(prot, "endpoint", ""));
  EXPECT_EQ(chose("100.64.0.9"), std::tuple(noads, "tenant", "c0"));
  EXPECT_EQ(chose("100.142.31.200"), std::tuple(child, "tenant", "c19999"));
  EXPECT_EQ(chose("100.142.32.1"), std::tuple(prot, "endpoint", "")) << "past the last customer";
}

TEST_F(PolicyTest, TenantNetworksFromAFile) {
  write("isp-a.txt", "# customers\n100.64.0.0/10\n2001:db8:a::/48\n10.1.0.0/16\n");
  spec_.tenants.push_back(TenantSpec{"isp-a", {*IpNet::parse("192.0.2.0/24")}, "noads", dir_ + "isp-a.txt"});
  auto first = build();
  uint16_t prot = *first->profile_id("protective"), child = *first->profile_id("child"),
           noads = *first->profile_id("noads");
  auto chose = [&](const Policy& p, const char* client) {
    IpAddr a = *IpAddr::parse(client);
    Selection s = p.choose(prot, &a);
    return std::tuple(s.profile, std::string(s.tenant));
  };
  EXPECT_EQ(chose(*first, "100.100.1.1"), std::tuple(noads, "isp-a"));
  EXPECT_EQ(chose(*first, "2001:db8:a:1::9"), std::tuple(noads, "isp-a"));
  EXPECT_EQ(chose(*first, "192.0.2.1"), std::tuple(noads, "isp-a")) << "inline networks too";
  EXPECT_EQ(chose(*first, "10.1.9.9"), std::tuple(child, "ministry")) << "a network taken first stays with its tenant";
  ASSERT_EQ(first->tenant_files().size(), 3u);
  EXPECT_FALSE(first->tenant_files()[0].networks) << "ministry has no file";
  ASSERT_TRUE(first->tenant_files()[2].networks);
  EXPECT_EQ(first->tenant_files()[2].networks->size(), 3u);
  EXPECT_FALSE(first->files_changed());

  // Unchanged: the same networks are shared by the next snapshot.
  std::vector<std::string> warnings;
  auto same = Policy::build(spec_, first.get(), &warnings);
  ASSERT_TRUE(same.has_value());
  EXPECT_EQ((*same)->tenant_files()[2].networks, first->tenant_files()[2].networks);

  // A broken file is refused; the previous networks keep serving.
  write("isp-a.txt", "100.64.0.0/10\n198.51.100.7/24\n");
  EXPECT_TRUE(first->files_changed());
  auto second = Policy::build(spec_, first.get(), &warnings);
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "tenant 'isp-a': networks_file refused, the previous version keeps serving: " + dir_ +
                             "isp-a.txt:2: '198.51.100.7/24' has host bits set; did you mean '198.51.100.0/24'?");
  EXPECT_EQ(chose(**second, "2001:db8:a:1::9"), std::tuple(noads, "isp-a"));
  EXPECT_EQ((*second)->tenant_files()[2].status.last_error,
            dir_ + "isp-a.txt:2: '198.51.100.7/24' has host bits set; did you mean '198.51.100.0/24'?");
  EXPECT_FALSE((*second)->files_changed()) << "the same broken file is not read again";

  // Fixed: the new networks serve, the old ones are gone.
  write("isp-a.txt", "198.51.100.0/24\n");
  auto third = Policy::build(spec_, second->get(), &warnings);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(chose(**third, "198.51.100.200"), std::tuple(noads, "isp-a"));
  EXPECT_EQ(chose(**third, "2001:db8:a:1::9"), std::tuple(prot, ""));
  EXPECT_EQ(chose(**third, "100.100.1.1"), std::tuple(prot, ""));
  EXPECT_TRUE((*third)->tenant_files()[2].status.last_error.empty());

  // With no previous version a broken or missing file fails the build.
  write("isp-a.txt", "nonsense\n");
  auto none = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message,
            "tenant 'isp-a': networks_file: " + dir_ + "isp-a.txt:1: not an IP address: 'nonsense'");
  spec_.tenants.back().networks_file = dir_ + "no-such-file";
  none = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().message,
            "tenant 'isp-a': networks_file: " + dir_ + "no-such-file: cannot open: No such file or directory");
}

TEST_F(PolicyTest, ClientIdsFromAFile) {
  spec_.client_ids = {ClientIdSpec{"org.dns4eu.test", "inline-1", "protective"}};
  write("ids.txt", "# customers\nbank-42 noads\nschool-7 child\n");
  spec_.client_id_files = {ClientIdFileSpec{"org.dns4eu.test", dir_ + "ids.txt"}};
  auto first = build();
  uint16_t prot = *first->profile_id("protective"), child = *first->profile_id("child"),
           noads = *first->profile_id("noads");
  auto chose = [&](const Policy& p, std::string_view sni) {
    Selection s = p.choose(prot, nullptr, sni);
    return std::tuple(s.profile, std::string(to_string(s.by)), s.unknown_client_id);
  };
  EXPECT_EQ(chose(*first, "Bank-42.org.dns4eu.test"), std::tuple(noads, "client id", false));
  EXPECT_EQ(chose(*first, "school-7.org.dns4eu.test"), std::tuple(child, "client id", false));
  EXPECT_EQ(chose(*first, "inline-1.org.dns4eu.test"), std::tuple(prot, "client id", false));
  EXPECT_EQ(chose(*first, "nobody.org.dns4eu.test"), std::tuple(prot, "endpoint", true));
  ASSERT_EQ(first->client_id_files().size(), 1u);
  EXPECT_EQ(first->client_id_files()[0].ids->size(), 2u);
  EXPECT_FALSE(first->files_changed());

  // A version naming a profile that does not exist is refused; the previous IDs serve.
  std::vector<std::string> warnings;
  write("ids.txt", "bank-42 noads\nschool-7 kids\nnew-1 child\n");
  EXPECT_TRUE(first->files_changed());
  auto second = Policy::build(spec_, first.get(), &warnings);
  ASSERT_TRUE(second.has_value()) << second.error().message;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "client ID file 'org.dns4eu.test' refused, the previous version keeps serving: " + dir_ +
                             "ids.txt:2: no profile named 'kids'");
  EXPECT_EQ(chose(**second, "school-7.org.dns4eu.test"), std::tuple(child, "client id", false));
  EXPECT_EQ(chose(**second, "new-1.org.dns4eu.test"), std::tuple(prot, "endpoint", true));
  EXPECT_EQ((*second)->client_id_files()[0].status.last_error, dir_ + "ids.txt:2: no profile named 'kids'");
  EXPECT_FALSE((*second)->files_changed()) << "the same refused file is not read again";

  // A version that does not parse is refused the same way.
  warnings.clear();
  write("ids.txt", "bank-42 noads\nschool-7 child\nnew-1 child\nnew-1 noads\n");
  auto third = Policy::build(spec_, second->get(), &warnings);
  ASSERT_TRUE(third.has_value());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "client ID file 'org.dns4eu.test' refused, the previous version keeps serving: " + dir_ +
                             "ids.txt:4: client ID 'new-1' is given twice (first on line 3)");

  // Fixed: the new IDs serve, a removed one is unknown.
  write("ids.txt", "school-7 noads\nnew-1 child\n");
  auto fourth = Policy::build(spec_, third->get(), &warnings);
  ASSERT_TRUE(fourth.has_value());
  EXPECT_EQ(chose(**fourth, "new-1.org.dns4eu.test"), std::tuple(child, "client id", false));
  EXPECT_EQ(chose(**fourth, "school-7.org.dns4eu.test"), std::tuple(noads, "client id", false));
  EXPECT_EQ(chose(**fourth, "bank-42.org.dns4eu.test"), std::tuple(prot, "endpoint", true));
  EXPECT_TRUE((*fourth)->client_id_files()[0].status.last_error.empty());

  // An ID the config already has: refused (here with no previous version: the build fails).
  write("ids.txt", "inline-1 child\n");
  auto clash = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().message, "client ID file 'org.dns4eu.test': " + dir_ +
                                       "ids.txt:1: 'inline-1.org.dns4eu.test' is also a server name or a client ID of "
                                       "the config");

  // A config change that removes a profile an unchanged file names fails
  // the build (the reload is refused): the file did not change, the config did.
  write("ids.txt", "school-7 noads\nnew-1 child\n");  // fourth's version again
  ASSERT_EQ(spec_.profiles.back().name, "noads");
  spec_.profiles.pop_back();
  auto removed = Policy::build(spec_, fourth->get(), &warnings);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().message,
            "client ID file 'org.dns4eu.test': " + dir_ + "ids.txt:1: no profile named 'noads'");
}

TEST_F(PolicyTest, ClientIdsInTheServerName) {
  spec_.client_ids = {ClientIdSpec{"org.dns4eu.test", "ministry-7f3a", "protective"},
                      ClientIdSpec{"org.dns4eu.test", "school-19", "child"}};
  auto p = build();
  uint16_t prot = *p->profile_id("protective"), child = *p->profile_id("child"), noads = *p->profile_id("noads");
  auto chose = [&](std::string_view server_name, const IpAddr* client = nullptr) {
    Selection s = p->choose(noads, client, server_name);
    return std::tuple(s.profile, std::string(to_string(s.by)), s.unknown_client_id);
  };
  EXPECT_EQ(chose("ministry-7f3a.org.dns4eu.test"), std::tuple(prot, "client id", false));
  EXPECT_EQ(chose("School-19.ORG.dns4eu.test"), std::tuple(child, "client id", false)) << "case-insensitive";
  EXPECT_EQ(chose("school-19.org.dns4eu.test."), std::tuple(child, "client id", false)) << "a trailing dot";
  EXPECT_EQ(p->select(noads, nullptr, "school-19.org.dns4eu.test"), child);
  // An ID nobody configured gets what the domain itself gets, and says so.
  EXPECT_EQ(chose("nobody.org.dns4eu.test"), std::tuple(noads, "endpoint", true));
  EXPECT_EQ(chose("org.dns4eu.test"), std::tuple(noads, "endpoint", false));
  EXPECT_EQ(chose("a.school-19.org.dns4eu.test"), std::tuple(noads, "endpoint", false)) << "one label only";
  EXPECT_EQ(chose("ministry-7f3a.dns4eu.test"), std::tuple(noads, "endpoint", false)) << "another domain";
  EXPECT_EQ(chose("child.dns4eu.test"), std::tuple(child, "server name", false));
  EXPECT_EQ(chose(std::string(300, 'a')), std::tuple(noads, "endpoint", false)) << "longer than any name";
  // A tenant still comes first.
  IpAddr lab = *IpAddr::parse("10.1.2.3");
  EXPECT_EQ(chose("ministry-7f3a.org.dns4eu.test", &lab), std::tuple(uint16_t{0}, "tenant", false));

  spec_.server_names.push_back({"org.dns4eu.test", "child"});
  p = build();
  EXPECT_EQ(chose("nobody.org.dns4eu.test"), std::tuple(child, "server name", true)) << "the domain's own profile";
  EXPECT_EQ(chose("ministry-7f3a.org.dns4eu.test"), std::tuple(prot, "client id", false));

  spec_.server_names.push_back({"school-19.org.dns4eu.test", "plain"});
  auto clash = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(clash.has_value());
  EXPECT_EQ(clash.error().message, "client ID 'school-19.org.dns4eu.test' is also a server name or given twice");
  spec_.server_names.pop_back();
  spec_.client_ids.push_back({"org.dns4eu.test", "school-20", "kids"});
  auto missing = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().message, "client ID 'school-20.org.dns4eu.test': no profile named 'kids'");
}

TEST_F(PolicyTest, ExplainSaysRuleListAndWhy) {
  auto p = build();
  auto name = *dns::Name::from_text("www.evil.test.");
  EXPECT_EQ(p->explain(check(*p, "protective", "www.evil.test."), name),
            "blocked: rule 'names below evil.test.' (qname trigger) of list malware (category malware, domains file " +
                dir_ + "malware), action nxdomain, EDE 15 \"list malware (malware)\"");
  auto good = *dns::Name::from_text("good.evil.test.");
  EXPECT_EQ(p->explain(check(*p, "protective", "good.evil.test."), good).substr(0, 30), "allowed: rule 'good.evil.test.");
  EXPECT_EQ(p->explain(check(*p, "plain", "www.evil.test."), name), "not listed: resolved normally");
}

TEST_F(PolicyTest, BadReferencesFail) {
  spec_.profiles[0].lists.push_back({"nope"});
  auto p = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "profile 'protective': no list named 'nope'");
  spec_.profiles[0].lists.pop_back();
  spec_.profiles.push_back(ProfileSpec{"plain", {}, {}, {}, {}});
  EXPECT_FALSE(Policy::build(spec_, nullptr, nullptr));
}

TEST_F(PolicyTest, BrokenListKeepsThePreviousVersion) {
  auto first = build();
  EXPECT_FALSE(first->files_changed());
  write("malware", "evil.test\nbad..line\n");
  EXPECT_TRUE(first->files_changed());
  std::vector<std::string> warnings;
  auto second = Policy::build(spec_, first.get(), &warnings);
  ASSERT_TRUE(second.has_value());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "list 'malware' refused, the previous version keeps serving: " + dir_ +
                             "malware:2: empty label in 'bad..line'");
  EXPECT_EQ(check(**second, "protective", "evil.test.").action, Action::kNxdomain);
  EXPECT_EQ((*second)->lists()[1], first->lists()[1]) << "unchanged lists are shared, not reloaded";
  write("malware", "other.test\n");
  auto third = Policy::build(spec_, second->get(), &warnings);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(check(**third, "protective", "evil.test.").action, Action::kNone);
  EXPECT_EQ(check(**third, "protective", "other.test.").action, Action::kNxdomain);
  write("malware", "bad..line\n");
  auto fresh = Policy::build(spec_, nullptr, nullptr);
  ASSERT_FALSE(fresh.has_value()) << "no previous version: the build fails";
  EXPECT_EQ(fresh.error().message.substr(0, 17), "list 'malware': /");
}

}  // namespace
}  // namespace dns4eu::policy
