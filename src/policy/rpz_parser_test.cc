// rpz_parser_test.cc — RPZ zones: every trigger and action, and the errors.
#include <gtest/gtest.h>

#include "policy/list_parser.h"

namespace dns4eu::policy {
namespace {

constexpr std::string_view kZone = R"($TTL 60
$ORIGIN rpz.test.
@ SOA ns.rpz.test. admin.rpz.test. 1 3600 600 86400 60
@ NS ns.rpz.test.
nx.example        CNAME .
*.nx.example      CNAME .
nodata.example    CNAME *.
pass.nx.example   CNAME rpz-passthru.
drop.example      CNAME rpz-drop.
tcp.example       CNAME rpz-tcp-only.
local.example     A 192.0.2.7
local.example     AAAA 2001:db8::7
local.example     TXT "walled garden"
redirect.example  CNAME garden.test.
*.walled.example  CNAME *.garden.test.
mixed.example     CNAME .
*.mixed.example   CNAME *.
24.0.2.0.192.rpz-ip        CNAME .
128.1.zz.db8.2001.rpz-ip   CNAME *.
32.9.0.0.10.rpz-client-ip  CNAME rpz-drop.
ns.evil.example.rpz-nsdname CNAME .
24.0.100.51.198.rpz-nsip    CNAME .
32.1.2.53.127.rpz-nsip      CNAME rpz-passthru.
48.zz.db8.2001.rpz-nsip     CNAME *.
)";

std::shared_ptr<const List> zone() {
  auto l = parse_list(kZone, ListSpec{"rpz", "rpz.zone", ListFormat::kRpz, Category::kMalware});
  EXPECT_TRUE(l.has_value()) << (l ? "" : l.error().message);
  return *l;
}

std::optional<NameMatch> m(const List& l, std::string_view name) {
  auto n = *dns::Name::from_text(name);
  NameKeys k(n);
  return l.match_name(k);
}

TEST(Rpz, QnameTriggersAndActions) {
  auto l = zone();
  EXPECT_FALSE(m(*l, "nx.example.rpz.test.").has_value()) << "triggers are relative to the origin";
  EXPECT_EQ(m(*l, "nx.example.")->action, RuleAction::kNxdomain);
  EXPECT_EQ(m(*l, "a.b.nx.example.")->suffix, 2);
  EXPECT_EQ(m(*l, "pass.nx.example.")->action, RuleAction::kPassthru) << "exact beats the wildcard";
  EXPECT_EQ(m(*l, "nodata.example.")->action, RuleAction::kNodata);
  EXPECT_FALSE(m(*l, "x.nodata.example.").has_value()) << "no wildcard: exact only";
  EXPECT_EQ(m(*l, "drop.example.")->action, RuleAction::kDrop);
  EXPECT_EQ(m(*l, "tcp.example.")->action, RuleAction::kTcpOnly);
  EXPECT_FALSE(m(*l, "example.").has_value());
}

TEST(Rpz, LocalData) {
  auto l = zone();
  auto local = m(*l, "local.example.");
  ASSERT_TRUE(local && local->data);
  EXPECT_EQ(local->action, RuleAction::kLocalData);
  ASSERT_EQ(local->data->size(), 3u);
  EXPECT_EQ((*local->data)[0].type, dns::RRType::kA);
  EXPECT_EQ((*local->data)[0].rdata, (dns::Rdata{192, 0, 2, 7}));
  EXPECT_EQ((*local->data)[0].ttl, 60u);
  EXPECT_EQ((*local->data)[2].type, dns::RRType::kTXT);
  auto redirect = m(*l, "redirect.example.");
  ASSERT_TRUE(redirect && redirect->data);
  EXPECT_EQ((*redirect->data)[0].type, dns::RRType::kCNAME);
}

TEST(Rpz, WildcardCnameLocalDataPutsTheQueryNameFirst) {
  auto l = zone();
  auto walled = m(*l, "www.Walled.example.");
  ASSERT_TRUE(walled && walled->data);
  EXPECT_EQ(walled->action, RuleAction::kLocalData) << "CNAME *.name is local data, not NODATA (CNAME *.)";
  const dns::Rdata& target = (*walled->data)[0].rdata;
  auto expanded = local_cname_target(target, *dns::Name::from_text("www.Walled.example."));
  ASSERT_TRUE(expanded.has_value());
  EXPECT_EQ(dns::Name::from_wire(*expanded)->to_text(), "www.Walled.example.garden.test.") << "the query name as asked";
  auto wire = [](std::string_view text) {
    dns::Name n = *dns::Name::from_text(text);
    return dns::Rdata(n.wire().begin(), n.wire().end());
  };
  // Not a wildcard target: unchanged.
  dns::Rdata plain = wire("garden.test.");
  EXPECT_EQ(local_cname_target(plain, *dns::Name::from_text("x.example.")), plain);
  dns::Rdata inner = wire("a.*.garden.test.");
  EXPECT_EQ(local_cname_target(inner, *dns::Name::from_text("x.example.")), inner) << "only a leading * is replaced";
  // The result may have 255 octets, not one more: 3 x 64 + (1 + k) + 13 octets.
  std::string label(63, 'a');
  auto fits = *dns::Name::from_text(label + "." + label + "." + label + "." + std::string(49, 'b') + ".");
  auto too_long = *dns::Name::from_text(label + "." + label + "." + label + "." + std::string(50, 'b') + ".");
  ASSERT_TRUE(local_cname_target(target, fits).has_value());
  EXPECT_EQ(local_cname_target(target, fits)->size(), 255u);
  EXPECT_TRUE(dns::Name::from_wire(*local_cname_target(target, fits)).has_value());
  EXPECT_FALSE(local_cname_target(target, too_long).has_value());
}

TEST(Rpz, ExactAndWildcardWithDifferentActions) {
  auto l = zone();
  EXPECT_EQ(m(*l, "mixed.example.")->action, RuleAction::kNxdomain);
  EXPECT_EQ(m(*l, "www.mixed.example.")->action, RuleAction::kNodata);
}

TEST(Rpz, IpTriggers) {
  auto l = zone();
  ASSERT_EQ(l->response_ips.size(), 2u);
  const IpRule* r = l->match_response_ip(*IpAddr::parse("192.0.2.99"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->net.to_string(), "192.0.2.0/24");
  EXPECT_EQ(r->action, RuleAction::kNxdomain);
  EXPECT_EQ(l->match_response_ip(*IpAddr::parse("192.0.3.1")), nullptr);
  r = l->match_response_ip(*IpAddr::parse("2001:db8::1"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->net.to_string(), "2001:db8::1/128");
  EXPECT_EQ(r->action, RuleAction::kNodata);
  r = l->match_client_ip(*IpAddr::parse("10.0.0.9"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->action, RuleAction::kDrop);
  EXPECT_EQ(l->match_client_ip(*IpAddr::parse("10.0.0.8")), nullptr);
}

TEST(Rpz, NsdnameTrigger) {
  auto l = zone();
  auto n = *dns::Name::from_text("NS.evil.example.");
  NameKeys k(n);
  auto r = l->match_nsdname(k);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->action, RuleAction::kNxdomain);
  EXPECT_FALSE(m(*l, "ns.evil.example.").has_value()) << "an nsdname trigger is not a qname trigger";
}

TEST(Rpz, NsipTriggers) {
  auto l = zone();
  ASSERT_EQ(l->ns_ips.size(), 3u);
  const IpRule* r = l->match_ns_ip(*IpAddr::parse("198.51.100.53"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->net.to_string(), "198.51.100.0/24");
  EXPECT_EQ(r->action, RuleAction::kNxdomain);
  r = l->match_ns_ip(*IpAddr::parse("127.53.2.1"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->action, RuleAction::kPassthru);
  EXPECT_EQ(l->match_ns_ip(*IpAddr::parse("127.53.2.2")), nullptr) << "a /32 is one address";
  r = l->match_ns_ip(*IpAddr::parse("2001:db8:0:1::53"));
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->net.to_string(), "2001:db8::/48");
  EXPECT_EQ(r->action, RuleAction::kNodata);
  EXPECT_EQ(l->match_response_ip(*IpAddr::parse("198.51.100.53")), nullptr) << "an nsip trigger is not an rpz-ip one";
  EXPECT_EQ(l->match_client_ip(*IpAddr::parse("198.51.100.53")), nullptr);
}

std::string error(std::string_view text) {
  auto l = parse_list(text, ListSpec{"rpz", "z", ListFormat::kRpz, Category::kMalware});
  return l ? "parsed" : l.error().message;
}

TEST(Rpz, Errors) {
  constexpr std::string_view kSoa = "rpz. 60 SOA ns. a. 1 1 1 1 1\n";
  EXPECT_EQ(error("a.rpz. 60 CNAME .\n"), "z:1: an RPZ zone starts with its SOA record");
  EXPECT_EQ(error(""), "z: empty RPZ zone (no SOA)");
  EXPECT_EQ(error(std::string(kSoa) + "a.other. 60 CNAME .\n"), "z:2: owner a.other. is outside the zone");
  EXPECT_EQ(error(std::string(kSoa) + "a.rpz. 60 CNAME .\na.rpz. 60 A 192.0.2.1\n"),
            "z:3: a trigger has either one action (CNAME) or local data records, not both");
  EXPECT_EQ(error(std::string(kSoa) + "40.1.0.0.10.rpz-nsip.rpz. 60 CNAME .\n"),
            "z:2: bad IP trigger: prefix length too long in '10.0.0.1/40'");
  EXPECT_EQ(error(std::string(kSoa) + "33.1.0.0.10.rpz-ip.rpz. 60 CNAME .\n"),
            "z:2: bad IP trigger: prefix length too long in '10.0.0.1/33'");
  EXPECT_EQ(error(std::string(kSoa) + "rpz. 60 A 192.0.2.1\n"), "z:2: only SOA and NS records belong at the zone apex");
  EXPECT_NE(error(std::string(kSoa) + "a.rpz. 60 CNAME\n").find("z:2:"), std::string::npos);
  EXPECT_EQ(error(std::string(kSoa) + "$INCLUDE /etc/passwd\n").substr(0, 4), "z:2:");
}

}  // namespace
}  // namespace dns4eu::policy
