// misp_parser_test.cc — MISP JSON exports as lists: which attributes become
// rules, the shapes accepted, and how a refused export is reported.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "policy/internal/test_match.h"
#include "policy/list_parser.h"
#include "policy/policy.h"

namespace dns4eu::policy {
namespace {

Result<std::shared_ptr<const List>> parse(std::string_view text) {
  return parse_list(text, ListSpec{"misp", "feed.json", ListFormat::kMisp, Category::kPhishing});
}

std::string match(const List& l, std::string_view name) { return internal::match_text(l, name); }

std::string error(std::string_view text) {
  auto l = parse(text);
  return l ? "parsed" : l.error().message;
}

// An event as MISP exports it (trimmed): attributes, an object with its own
// attributes, tags and a proposal (ShadowAttribute) that must not count.
constexpr std::string_view kEvent = R"({"Event": {
  "info": "Phishing wave", "uuid": "5f0c0a1e-0000-4000-8000-000000000001",
  "Attribute": [
    {"type": "domain", "value": "Login-Bank.example", "to_ids": true, "uuid": "a1",
     "Tag": [{"name": "tlp:white"}]},
    {"type": "hostname", "value": "mail.evil.test.", "to_ids": true, "uuid": "a2"},
    {"type": "domain|ip", "value": "c2.example.net|192.0.2.7", "to_ids": true, "uuid": "a3"},
    {"type": "domain", "value": "context-only.test", "to_ids": false, "uuid": "a4"},
    {"type": "domain", "value": "withdrawn.test", "to_ids": true, "deleted": true, "uuid": "a5"},
    {"type": "url", "value": "https://docs.example.org/phish", "to_ids": true, "uuid": "a6"},
    {"type": "ip-dst", "value": "198.51.100.9", "to_ids": true, "uuid": "a7"},
    {"type": "domain", "value": "*.wild.test", "to_ids": "1", "uuid": "a8"}
  ],
  "ShadowAttribute": [{"type": "domain", "value": "proposed.test", "to_ids": true}],
  "Object": [{"name": "domain-ip", "Attribute": [
    {"type": "domain", "object_relation": "domain", "value": "in-object.test", "to_ids": 1, "uuid": "o1"}]}]
}})";

TEST(MispList, DomainHostnameAndDomainIpAttributesForDetectionBecomeRules) {
  auto l = parse(kEvent);
  ASSERT_TRUE(l.has_value()) << l.error().message;
  const List& list = **l;
  EXPECT_EQ(list.rule_count, 5u);
  EXPECT_EQ(match(list, "login-bank.example."), "exact");     // lower-cased
  EXPECT_EQ(match(list, "www.login-bank.example."), "below:1");
  EXPECT_EQ(match(list, "mail.evil.test."), "exact");         // trailing dot
  EXPECT_EQ(match(list, "c2.example.net."), "exact");         // domain|ip: the domain
  EXPECT_EQ(match(list, "in-object.test."), "exact");         // an object's attribute
  EXPECT_EQ(match(list, "x.wild.test."), "below:1");          // "*.": below only
  EXPECT_EQ(match(list, "wild.test."), "no");
  EXPECT_EQ(match(list, "context-only.test."), "no");         // to_ids false: context
  EXPECT_EQ(match(list, "withdrawn.test."), "no");            // deleted
  EXPECT_EQ(match(list, "docs.example.org."), "no");          // a URL never blocks its whole host
  EXPECT_EQ(match(list, "proposed.test."), "no");             // a proposal is not an attribute
  EXPECT_EQ(match(list, "evil.test."), "no");
}

TEST(MispList, RestSearchResultsAndEventListsAreRead) {
  auto attrs = parse(R"({"response": {"Attribute": [
      {"type": "domain", "value": "a.test", "to_ids": true},
      {"type": "hostname", "value": "b.test", "to_ids": true}]}})");
  ASSERT_TRUE(attrs.has_value()) << attrs.error().message;
  EXPECT_EQ((*attrs)->rule_count, 2u);
  EXPECT_EQ(match(**attrs, "b.test."), "exact");

  auto events = parse(R"({"response": [
      {"Event": {"Attribute": [{"type": "domain", "value": "one.test", "to_ids": true}]}},
      {"Event": {"Attribute": [{"type": "domain", "value": "two.test", "to_ids": true}]}}]})");
  ASSERT_TRUE(events.has_value()) << events.error().message;
  EXPECT_EQ(match(**events, "two.test."), "exact");

  auto array = parse(R"([{"Event": {"Attribute": [{"type": "domain", "value": "three.test", "to_ids": true}]}}])");
  ASSERT_TRUE(array.has_value()) << array.error().message;
  EXPECT_EQ(match(**array, "three.test."), "exact");

  auto empty = parse(R"({"Event": {"info": "nothing yet", "Attribute": []}})");
  ASSERT_TRUE(empty.has_value()) << empty.error().message;
  EXPECT_EQ((*empty)->rule_count, 0u);
}

TEST(MispList, InternationalizedNamesBecomeTheirALabels) {
  // bücher.example and a Cyrillic look-alike of "apple" (a homograph)
  auto l = parse(R"({"Event": {"Attribute": [
      {"type": "domain", "value": "b\u00fccher.example", "to_ids": true},
      {"type": "domain", "value": "\u0430\u0440\u0440\u04cf\u0435.test", "to_ids": true}]}})");
  ASSERT_TRUE(l.has_value()) << l.error().message;
  EXPECT_EQ(match(**l, "xn--bcher-kva.example."), "exact");
  EXPECT_EQ(match(**l, "www.xn--80ak6aa92e.test."), "below:1");
  EXPECT_EQ(match(**l, "apple.test."), "no");
}

TEST(MispList, BrokenExportsAreRefusedSayingWhere) {
  // Truncated (a download cut short): the line of the end.
  EXPECT_EQ(error("{\"Event\": {\"Attribute\": [\n  {\"type\": \"domain\", \"value\": \"a.test\""),
            "feed.json:2: not valid JSON: syntax error while parsing object - unexpected end of input; expected '}'");
  EXPECT_EQ(error(""), "feed.json: empty file (a MISP export is JSON)");
  // Valid JSON but not MISP (a feed's manifest.json, say).
  EXPECT_EQ(error(R"({"5f0c": {"info": "x", "timestamp": "1"}})"),
            "feed.json: not a MISP export (no \"Event\", \"response\" or \"Attribute\" key: expected an event, a "
            "list of events or a restSearch result)");
  // A value that is no domain name: the attribute's uuid, or its number.
  EXPECT_EQ(error(R"({"Event": {"Attribute": [{"type": "domain", "value": "a..test", "to_ids": true, "uuid": "u-1"}]}})"),
            "feed.json: attribute u-1 (domain): 'a..test': empty label in 'a..test'");
  EXPECT_EQ(error(R"({"Event": {"Attribute": [{"type": "domain", "value": "ok.test", "to_ids": true},
                                             {"type": "hostname", "value": "a b.test", "to_ids": true}]}})"),
            "feed.json: attribute #2 (hostname): 'a b.test': character ' ' not allowed in a domain name");
  EXPECT_EQ(error(R"({"Event": {"Attribute": [{"type": "domain", "value": "x.*.test", "to_ids": true, "uuid": "u-2"}]}})"),
            "feed.json: attribute u-2 (domain): 'x.*.test': '*' is only allowed as '*.' in front");
  // Values of attributes that are not used are not checked.
  EXPECT_EQ(error(R"({"Event": {"Attribute": [{"type": "url", "value": "not a name", "to_ids": true}]}})"), "parsed");
}

TEST(MispList, DeepNestingIsRefusedNotRecursedInto) {
  std::string deep = "{\"Event\": " + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(error(deep), "feed.json: JSON nested deeper than 64 levels");
}

// A MISP feed as a CERT publishes it and a mirror copies it: manifest.json
// (event uuid -> summary) and <uuid>.json per event.
class MispFeed : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/misp-feed-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& file, const std::string& text) {
    std::ofstream(dir_ + "/" + file) << text;
  }
  static std::string event(const std::string& domain) {
    return R"({"Event": {"Attribute": [{"type": "domain", "value": ")" + domain + R"(", "to_ids": true}]}})";
  }
  Result<std::shared_ptr<const List>> load() {
    return load_list(ListSpec{"feed", dir_, ListFormat::kMisp, Category::kMalware});
  }
  std::string dir_;
};

TEST_F(MispFeed, EventsTheManifestListsAreRead) {
  write("manifest.json", R"({"5f0c0a1e-0000-4000-8000-000000000001": {"info": "a", "timestamp": "1"},
                            "5f0c0a1e-0000-4000-8000-000000000002": {"info": "b", "timestamp": "2"}})");
  write("5f0c0a1e-0000-4000-8000-000000000001.json", event("one.test"));
  write("5f0c0a1e-0000-4000-8000-000000000002.json", event("two.test"));
  write("5f0c0a1e-0000-4000-8000-000000000003.json", event("stale.test"));  // left over, not in the manifest
  write("hashes.csv", "not json");
  auto l = load();
  ASSERT_TRUE(l.has_value()) << l.error().message;
  EXPECT_EQ(match(**l, "one.test."), "exact");
  EXPECT_EQ(match(**l, "www.two.test."), "below:1");
  EXPECT_EQ(match(**l, "stale.test."), "no");
  EXPECT_EQ((*l)->rule_count, 2u);
}

TEST_F(MispFeed, AnIncompleteOrBrokenMirrorIsRefusedSayingWhich) {
  EXPECT_EQ(load().error().message, dir_ + "/manifest.json: cannot open");
  write("manifest.json", R"({"e-1": {}, "e-2": {}})");
  write("e-1.json", event("one.test"));
  EXPECT_EQ(load().error().message, dir_ + "/e-2.json: cannot open (listed in manifest.json: the mirror is incomplete)");
  write("e-2.json", event("a..test"));
  EXPECT_EQ(load().error().message, dir_ + "/e-2.json: attribute #1 (domain): 'a..test': empty label in 'a..test'");
  write("manifest.json", R"({"../../etc/passwd": {}})");
  EXPECT_EQ(load().error().message, dir_ + "/manifest.json: '../../etc/passwd' is not an event uuid");
  write("manifest.json", "[1, 2");
  EXPECT_EQ(load().error().message, dir_ + "/manifest.json: not a MISP feed manifest (a JSON object of event uuids)");
}

TEST_F(MispFeed, ANewManifestOrANewEventFileReloadsTheList) {
  write("manifest.json", R"({"e-1": {"timestamp": "1"}})");
  write("e-1.json", event("one.test"));
  PolicySpec spec;
  spec.lists = {{"feed", dir_, ListFormat::kMisp, Category::kMalware}};
  spec.profiles = {ProfileSpec{"p", {{"feed"}}, {}, {}, {}}};
  auto p1 = Policy::build(spec, nullptr, nullptr);
  ASSERT_TRUE(p1.has_value()) << p1.error().message;
  EXPECT_FALSE((*p1)->files_changed());
  // The mirror writes the new manifest before the event it adds: refused,
  // the previous version serves.
  write("manifest.json", R"({"e-1": {"timestamp": "1"}, "e-2": {"timestamp": "5"}})");
  EXPECT_TRUE((*p1)->files_changed());
  std::vector<std::string> warnings;
  auto p2 = Policy::build(spec, p1->get(), &warnings);
  ASSERT_TRUE(p2.has_value()) << p2.error().message;
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("e-2.json: cannot open (listed in manifest.json"), std::string::npos) << warnings[0];
  const uint16_t prof = *(*p2)->profile_id("p");
  EXPECT_TRUE((*p2)->check_qname(prof, *dns::Name::from_text("one.test.")).blocks());
  EXPECT_FALSE((*p2)->files_changed());
  // The event file arrives: the directory changed, and the feed is read again.
  write("e-2.json", event("two.test"));
  EXPECT_TRUE((*p2)->files_changed());
  auto p3 = Policy::build(spec, p2->get(), nullptr);
  ASSERT_TRUE(p3.has_value()) << p3.error().message;
  EXPECT_TRUE((*p3)->check_qname(prof, *dns::Name::from_text("www.two.test.")).blocks());
  EXPECT_TRUE((*p3)->check_qname(prof, *dns::Name::from_text("one.test.")).blocks());
  EXPECT_FALSE((*p3)->files_changed());
}

}  // namespace
}  // namespace dns4eu::policy
