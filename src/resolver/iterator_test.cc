// iterator_test.cc — the iterative algorithm against a simulated Internet
// (tests/sim): priming, referrals, glueless delegations, aliases, negative
// answers, QNAME minimisation, broken servers, cache poisoning and budgets.
#include "resolver/iterator.h"

#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include "sim/sim_internet.h"
#include "sim/test_world.h"

namespace dns4eu::resolver {
namespace {

using dns::Name;
using dns::RRType;
using sim::ep;

Name name(std::string_view text) { return Name::from_text(text).value(); }

dns::RRset rrset(std::string_view owner, RRType type, std::string_view rdata) {
  dns::RRset s{name(owner), type, dns::RRClass::kIN, 3600, {}, {}};
  s.rdatas.push_back(dns::rdata_from_text(type, rdata).value());
  return s;
}

asio::awaitable<void> run_resolve(Iterator& it, Name qname, RRType qtype, std::optional<Resolution>& out) {
  Budget b = it.new_budget();
  out = co_await it.resolve(qname, qtype, b);
}

class IteratorTest : public ::testing::Test {
 protected:
  IteratorTest() : caches_(small_caches()) {
    config_.server_filter.allow_loopback = true;
    config_.use_ipv6 = false;
    config_.root_hints.servers = {RootServer{name("ns.root."), {net::Address::parse("127.53.0.1").value()}}};
    sim::add_test_world(net_);
  }

  static CachesConfig small_caches() {
    CachesConfig c;
    c.rrsets.max_bytes = 1u << 20;
    c.negative.max_bytes = 1u << 20;
    c.answers.base.max_bytes = 1u << 20;
    return c;
  }

  void add(const char* server, const char* origin, std::string text) {
    auto st = net_.add_zone(ep(server), origin, std::move(text));
    ASSERT_TRUE(st) << st.error().message;
  }

  Resolution resolve(std::string_view qname, RRType qtype = RRType::kA) {
    if (!it_) it_.emplace(config_, caches_, net_);
    asio::io_context io;
    std::optional<Resolution> out;
    asio::co_spawn(io, run_resolve(*it_, name(qname), qtype, out), asio::detached);
    io.run();
    EXPECT_TRUE(out.has_value());
    return out.value_or(Resolution{});
  }

  // "CNAME,A" — the types of the answer chain.
  static std::string types(const Resolution& r) {
    std::string s;
    for (const auto& rr : r.answer) s += (s.empty() ? "" : ",") + dns::rrtype_to_text(rr.type);
    return s;
  }
  // The A addresses of the answer, comma-separated.
  static std::string addresses(const Resolution& r) {
    std::string s;
    for (const auto& rr : r.answer)
      if (rr.type == RRType::kA)
        for (const auto& rd : rr.rdatas) s += (s.empty() ? "" : ",") + dns::rdata_to_text(RRType::kA, rd);
    return s;
  }
  std::vector<std::string> log_lines() const {
    std::vector<std::string> v;
    for (const auto& q : net_.log())
      v.push_back(q.server.address().to_string() + " " + q.qname.to_text() + " " + dns::rrtype_to_text(q.qtype) +
                  (q.protocol == Protocol::kTcp ? " tcp" : ""));
    return v;
  }
  std::optional<cache::ServerInfo> infra(const char* server) {
    auto a = net::Address::parse(server).value();
    return caches_.infra.get(cache::ServerAddr::v4({a.data()[0], a.data()[1], a.data()[2], a.data()[3]}),
                             now_seconds());
  }
  bool cached(std::string_view owner, RRType type) {
    return caches_.rrsets.lookup(name(owner), type, dns::RRClass::kIN, now_seconds()).has_value();
  }
  void both_example_servers(const std::function<void(sim::ServerFaults&)>& f) {
    f(net_.faults(ep("127.53.3.1")));
    f(net_.faults(ep("127.53.3.2")));
  }

  ResolverConfig config_;
  Caches caches_;
  sim::SimInternet net_;
  std::optional<Iterator> it_;
};

TEST_F(IteratorTest, PrimesFromHintsThenFollowsReferralsWithMinimisedQueries) {
  Resolution r = resolve("www.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(addresses(r), "192.0.2.1");
  EXPECT_FALSE(r.from_cache);
  // Priming first; the root sees only the TLD, the TLD only the next label, as type A.
  std::vector<std::string> want = {"127.53.0.1 . NS", "127.53.0.1 test. A", "example.test. A", "www.example.test. A"};
  auto got = log_lines();
  ASSERT_EQ(got.size(), 4u) << ::testing::PrintToString(got);
  EXPECT_EQ(got[0], want[0]);
  EXPECT_EQ(got[1], want[1]);
  EXPECT_NE(got[2].find(want[2]), std::string::npos) << got[2];
  EXPECT_EQ(got[2].rfind("127.53.1.", 0), 0u) << got[2];
  EXPECT_EQ(got[3].rfind("127.53.3.", 0), 0u) << got[3];
  EXPECT_NE(got[3].find(want[3]), std::string::npos) << got[3];
  EXPECT_EQ(it_->stats().primings, 1u);
  EXPECT_EQ(r.upstream_queries, 4);

  // The zone cut is now cached: one query, no priming.
  net_.clear_log();
  Resolution r2 = resolve("www2.example.test.");
  EXPECT_EQ(addresses(r2), "192.0.2.2");
  EXPECT_EQ(net_.count(), 1u);
  EXPECT_EQ(it_->stats().primings, 1u);
  // And the answer itself comes from the cache.
  net_.clear_log();
  Resolution r3 = resolve("www.example.test.");
  EXPECT_EQ(addresses(r3), "192.0.2.1");
  EXPECT_TRUE(r3.from_cache);
  EXPECT_EQ(net_.count(), 0u);
}

TEST_F(IteratorTest, MinimisationWalksEmptyNonTerminalsAndHidesTheType) {
  resolve("www.example.test.");
  net_.clear_log();
  Resolution r = resolve("a.b.c.example.test.", RRType::kMX);
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_TRUE(r.answer.empty());
  auto got = log_lines();
  ASSERT_EQ(got.size(), 3u) << ::testing::PrintToString(got);
  EXPECT_NE(got[0].find(" c.example.test. A"), std::string::npos) << got[0];
  EXPECT_NE(got[1].find(" b.c.example.test. A"), std::string::npos) << got[1];
  EXPECT_NE(got[2].find(" a.b.c.example.test. MX"), std::string::npos) << got[2];
  Resolution a = resolve("a.b.c.example.test.");
  EXPECT_EQ(addresses(a), "192.0.2.3");
}

TEST_F(IteratorTest, MinimisationStepsOverUnderscoreLabels) {
  resolve("www.example.test.");
  net_.clear_log();
  Resolution r = resolve("_imap._tcp.example.test.", RRType::kSRV);
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(types(r), "SRV");
  auto got = log_lines();
  ASSERT_EQ(got.size(), 1u) << ::testing::PrintToString(got);  // no "_tcp.example.test. A" step
  EXPECT_NE(got[0].find(" _imap._tcp.example.test. SRV"), std::string::npos) << got[0];
  // An ordinary label is still a step of its own; the underscore one and the
  // label left of it are asked together.
  net_.clear_log();
  Resolution t = resolve("x._dkim.mail.example.test.", RRType::kTXT);
  EXPECT_EQ(types(t), "TXT");
  got = log_lines();
  ASSERT_EQ(got.size(), 2u) << ::testing::PrintToString(got);
  EXPECT_NE(got[0].find(" mail.example.test. A"), std::string::npos) << got[0];
  EXPECT_NE(got[1].find(" x._dkim.mail.example.test. TXT"), std::string::npos) << got[1];
}

TEST_F(IteratorTest, MinimisationSkipsStepsTheCacheAlreadyKnows) {
  resolve("www.example.test.");
  net_.clear_log();
  // wild.example.test. is an empty non-terminal: the first name under it costs
  // a minimised step, later ones go straight to the full name.
  resolve("one.wild.example.test.");
  EXPECT_EQ(net_.count(), 2u) << ::testing::PrintToString(log_lines());
  net_.clear_log();
  Resolution r = resolve("two.wild.example.test.");
  EXPECT_EQ(addresses(r), "192.0.2.4");
  auto got = log_lines();
  ASSERT_EQ(got.size(), 1u) << ::testing::PrintToString(got);
  EXPECT_NE(got[0].find(" two.wild.example.test. A"), std::string::npos) << got[0];
}

TEST_F(IteratorTest, MinimisationTrustsACachedNxdomainOnTheWay) {
  resolve("www.example.test.");
  EXPECT_EQ(resolve("nothere.example.test.").rcode, dns::Rcode::kNXDomain);
  net_.clear_log();
  Resolution r = resolve("deep.below.nothere.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNXDomain);  // RFC 8020, from the cache
  EXPECT_EQ(net_.count(), 0u) << ::testing::PrintToString(log_lines());
}

TEST_F(IteratorTest, MinimisationOffSendsTheFullName) {
  config_.qname_minimisation = false;
  resolve("a.b.c.example.test.");
  for (const auto& q : net_.log())
    if (q.qtype != RRType::kNS) {
      EXPECT_EQ(q.qname, name("a.b.c.example.test.")) << q.server.to_string();
    }
}

class MinimisationFallback : public IteratorTest, public ::testing::WithParamInterface<dns::Rcode> {};

TEST_P(MinimisationFallback, ErrorsOnMinimisedQueriesFallBackToTheFullName) {
  const dns::Rcode rc = GetParam();
  both_example_servers([&](sim::ServerFaults& f) {
    f.rcode_override = [rc](const Name& q, RRType) -> std::optional<dns::Rcode> {
      if (q == Name::from_text("a.b.c.example.test.").value()) return std::nullopt;
      return rc;
    };
  });
  // Learn the example.test cut first (the minimised query at the TLD is fine).
  Resolution r = resolve("a.b.c.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(addresses(r), "192.0.2.3");
  EXPECT_EQ(it_->stats().minimisation_fallbacks, 1u);
}

INSTANTIATE_TEST_SUITE_P(Rcodes, MinimisationFallback,
                         ::testing::Values(dns::Rcode::kRefused, dns::Rcode::kServFail, dns::Rcode::kNotImp));

TEST_F(IteratorTest, GluelessDelegationResolvesTheNameServerAddress) {
  Resolution r = resolve("www.glueless.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(addresses(r), "192.0.2.20");
  EXPECT_GE(net_.count(ep("127.53.4.1")), 2u);  // ns.provider.net's own address, then www
  EXPECT_TRUE(cached("ns.provider.net.", RRType::kA));
}

TEST_F(IteratorTest, GluelessDelegationWithoutBudgetFails) {
  config_.max_glueless_lookups = 0;
  Resolution r = resolve("www.glueless.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
  EXPECT_EQ(net_.count(ep("127.53.4.1")), 0u);
  EXPECT_EQ(net_.count(ep("127.53.2.1")), 0u);  // net. was never asked for ns.provider.net
}

TEST_F(IteratorTest, CnameInsideTheZoneAndAcrossZones) {
  Resolution in = resolve("inzone.example.test.");
  EXPECT_EQ(types(in), "CNAME,A");
  EXPECT_EQ(addresses(in), "192.0.2.1");
  Resolution across = resolve("alias.example.test.");
  EXPECT_EQ(across.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(types(across), "CNAME,A");
  EXPECT_EQ(addresses(across), "192.0.2.20");
  EXPECT_EQ(across.answer[0].owner, name("alias.example.test."));
}

TEST_F(IteratorTest, DnameSynthesisesACname) {
  Resolution r = resolve("www.dn.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(types(r), "DNAME,CNAME,A");
  EXPECT_EQ(addresses(r), "192.0.2.20");
  ASSERT_GE(r.answer.size(), 2u);
  EXPECT_EQ(r.answer[1].owner, name("www.dn.example.test."));
  EXPECT_EQ(dns::rdata_single_name(r.answer[1].rdatas.front()).value(), name("www.glueless.test."));
}

TEST_F(IteratorTest, NxdomainIsNegativelyCached) {
  Resolution r = resolve("nx.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNXDomain);
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].type, RRType::kSOA);
  EXPECT_EQ(r.authority[0].owner, name("example.test."));
  net_.clear_log();
  Resolution again = resolve("nx.example.test.");
  EXPECT_EQ(again.rcode, dns::Rcode::kNXDomain);
  EXPECT_EQ(again.upstream_queries, 0);
  EXPECT_TRUE(again.from_cache);
  EXPECT_EQ(net_.count(), 0u);
}

TEST_F(IteratorTest, NodataIsNegativelyCached) {
  Resolution r = resolve("txtonly.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_TRUE(r.answer.empty());
  ASSERT_EQ(r.authority.size(), 1u);
  EXPECT_EQ(r.authority[0].type, RRType::kSOA);
  net_.clear_log();
  Resolution again = resolve("txtonly.example.test.");
  EXPECT_EQ(again.rcode, dns::Rcode::kNoError);
  EXPECT_TRUE(again.answer.empty());
  EXPECT_EQ(net_.count(), 0u);
  Resolution txt = resolve("txtonly.example.test.", RRType::kTXT);
  EXPECT_EQ(types(txt), "TXT");
}

TEST_F(IteratorTest, WildcardAnswersCarryTheQueriedName) {
  Resolution r = resolve("anything.wild.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(addresses(r), "192.0.2.4");
  ASSERT_EQ(r.answer.size(), 1u);
  EXPECT_EQ(r.answer[0].owner, name("anything.wild.example.test."));
}

// Names of example.test. with an A record. Tests that need the unmeasured,
// faulty server of a pair to be asked at least once resolve all of them: the
// first pick is a coin toss and later picks explore with 5 %, so six names
// leave a chance of about 5e-9 that the faulty server is never tried.
constexpr const char* kExampleNamesWithA[] = {"www.example.test.",  "www2.example.test.", "www3.example.test.",
                                              "mail.example.test.", "ns1.example.test.",  "ns2.example.test."};

TEST_F(IteratorTest, DeadServerWithLiveSibling) {
  net_.faults(ep("127.53.3.1")).dead = true;
  net_.faults(ep("127.53.3.2")).rtt = std::chrono::milliseconds(2000);  // so the unmeasured dead one is tried
  for (const char* q : kExampleNamesWithA) {
    Resolution r = resolve(q);
    EXPECT_EQ(r.rcode, dns::Rcode::kNoError) << q;
    EXPECT_EQ(types(r), "A") << q;
  }
  EXPECT_GE(net_.count(ep("127.53.3.1")), 1u);
  auto info = infra("127.53.3.1");
  ASSERT_TRUE(info.has_value());
  EXPECT_GE(info->timeouts, 1u);
  EXPECT_GE(it_->stats().upstream_timeouts, 1u);
}

TEST_F(IteratorTest, AllServersDeadIsServfailWithEde22) {
  both_example_servers([](sim::ServerFaults& f) { f.dead = true; });
  Resolution r = resolve("www.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
  ASSERT_TRUE(r.ede.has_value());
  EXPECT_EQ(r.ede->code, dns::EdeCode::kNoReachableAuthority);
  EXPECT_LE(net_.count(ep("127.53.3.1")) + net_.count(ep("127.53.3.2")),
            static_cast<std::size_t>(config_.max_attempts_per_zone));
}

TEST_F(IteratorTest, LameServerIsSkipped) {
  net_.faults(ep("127.53.3.1")).rcode_override = [](const Name&, RRType) { return dns::Rcode::kRefused; };
  net_.faults(ep("127.53.3.2")).rtt = std::chrono::milliseconds(2000);  // so the unmeasured lame one is tried
  for (const char* q : kExampleNamesWithA) {
    Resolution r = resolve(q);
    EXPECT_EQ(r.rcode, dns::Rcode::kNoError) << q;
    EXPECT_EQ(types(r), "A") << q;
  }
  EXPECT_GE(net_.count(ep("127.53.3.1")), 1u);
  EXPECT_GE(it_->stats().lame_or_failed, 1u);
}

TEST_F(IteratorTest, ServerNotServingTheZoneAtAllIsLame) {
  // lame.test is delegated to ns.victim.net (which serves only victim.net:
  // REFUSED) and to ns.provider.net (which serves it).
  add("127.53.4.1", "lame.test.", "$TTL 3600\n@ SOA ns.provider.net. h 1 1 1 1 300\nwww A 192.0.2.30\n");
  for (const char* q : {"www.lame.test.", "www.lame.test."}) {
    Resolution r = resolve(q);
    EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
    EXPECT_EQ(addresses(r), "192.0.2.30");
  }
}

TEST_F(IteratorTest, EdnsFormerrFallsBackToPlainDns) {
  both_example_servers([](sim::ServerFaults& f) { f.formerr_to_edns = true; });
  Resolution r = resolve("www.example.test.");
  EXPECT_EQ(addresses(r), "192.0.2.1");
  EXPECT_GE(it_->stats().edns_fallbacks, 1u);
  bool plain = false;
  for (const auto& q : net_.log())
    if (q.server.address().to_string().rfind("127.53.3.", 0) == 0 && !q.edns) plain = true;
  EXPECT_TRUE(plain);
}

TEST_F(IteratorTest, TruncatedUdpAnswerIsRetriedOverTcp) {
  both_example_servers([](sim::ServerFaults& f) { f.udp_tc_above = 200; });
  Resolution r = resolve("big.example.test.", RRType::kTXT);
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  ASSERT_EQ(types(r), "TXT");
  EXPECT_EQ(r.answer[0].rdatas.size(), 3u);
  EXPECT_EQ(it_->stats().upstream_tcp, 1u);
  auto lines = log_lines();
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("big.example.test. TXT tcp"), std::string::npos) << lines.back();
}

TEST_F(IteratorTest, GarbageAndWrongIdRepliesDoNotBreakResolution) {
  net_.faults(ep("127.53.3.1")).garbage = true;
  net_.faults(ep("127.53.3.2")).rtt = std::chrono::milliseconds(2000);
  for (const char* q : kExampleNamesWithA) EXPECT_EQ(types(resolve(q)), "A") << q;
  EXPECT_GE(net_.count(ep("127.53.3.1")), 1u);
}

TEST_F(IteratorTest, OutOfBailiwickAndUnrelatedRecordsAreNotCached) {
  both_example_servers([](sim::ServerFaults& f) {
    f.extra_answer = {rrset("www.victim.net.", RRType::kA, "6.6.6.6"),
                      rrset("other.example.test.", RRType::kA, "6.6.6.6")};
    f.extra_authority = {rrset("victim.net.", RRType::kNS, "ns.evil.")};
    f.extra_additional = {rrset("ns.provider.net.", RRType::kA, "6.6.6.6")};
  });
  // The TLD slips an in-bailiwick address that is no NS name into its referral.
  for (const char* s : {"127.53.1.1", "127.53.1.2"})
    net_.faults(ep(s)).extra_additional = {rrset("www.glueless.test.", RRType::kA, "6.6.6.6")};
  Resolution r = resolve("www.example.test.");
  EXPECT_EQ(addresses(r), "192.0.2.1");
  EXPECT_FALSE(cached("www.victim.net.", RRType::kA));
  EXPECT_FALSE(cached("other.example.test.", RRType::kA));
  EXPECT_FALSE(cached("victim.net.", RRType::kNS));
  EXPECT_FALSE(cached("ns.provider.net.", RRType::kA));
  EXPECT_FALSE(cached("www.glueless.test.", RRType::kA));
  // And later resolutions get the truth.
  for (auto& s : {"127.53.1.1", "127.53.1.2"}) net_.faults(ep(s)).extra_additional.clear();
  EXPECT_EQ(addresses(resolve("www.glueless.test.")), "192.0.2.20");
}

TEST_F(IteratorTest, CnameLoopIsServfail) {
  Resolution r = resolve("loop1.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
  ASSERT_TRUE(r.ede.has_value());
}

TEST_F(IteratorTest, CnameChainWithinTheLimitResolves) {
  Resolution r = resolve("chain10.example.test.");  // 10 CNAMEs
  EXPECT_EQ(r.rcode, dns::Rcode::kNoError);
  EXPECT_EQ(addresses(r), "192.0.2.5");
}

TEST_F(IteratorTest, CnameChainLongerThanTheLimitIsServfail) {
  Resolution r = resolve("chain0.example.test.");  // 20 CNAMEs > max_cname_chain (12)
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
  ASSERT_TRUE(r.ede.has_value());
}

TEST_F(IteratorTest, CnameChainLongerThanTheLimitIsServfailFromCacheToo) {
  resolve("chain10.example.test.");  // caches chain10..chain20
  Resolution r = resolve("chain0.example.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
}

TEST_F(IteratorTest, NxnsReferralToManyGluelessNamesStaysWithinBudget) {
  config_.use_ipv6 = true;
  Resolution r = resolve("www.nxns.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
  EXPECT_LE(r.upstream_queries, config_.max_upstream_queries);
  EXPECT_LE(net_.count(), static_cast<std::size_t>(config_.max_upstream_queries));
  // At most max_glueless_lookups NS names (A and AAAA each) reach the victim.
  EXPECT_LE(net_.count(ep("127.53.5.1")), static_cast<std::size_t>(2 * config_.max_glueless_lookups));
  EXPECT_GE(net_.count(ep("127.53.5.1")), 1u);
}

TEST_F(IteratorTest, TightQueryBudgetStopsResolution) {
  config_.max_upstream_queries = 3;
  Resolution r = resolve("www.glueless.test.");
  EXPECT_EQ(r.rcode, dns::Rcode::kServFail);
  EXPECT_LE(net_.count(), 3u);
  EXPECT_GE(it_->stats().budget_exhausted, 0u);
}

}  // namespace
}  // namespace dns4eu::resolver

namespace dns4eu::resolver {
namespace {

TEST_F(IteratorTest, ResolveCachedAnswersFromTheCachesAlone) {
  resolve("example.test.", RRType::kSOA);  // creates the iterator; caches the zone cut only
  EXPECT_FALSE(it_->resolve_cached(name("www.example.test."), RRType::kA).has_value());
  resolve("www.example.test.");
  net_.clear_log();
  auto r = it_->resolve_cached(name("WWW.example.test."), RRType::kA);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->rcode, dns::Rcode::kNoError);
  EXPECT_EQ(addresses(*r), "192.0.2.1");
  EXPECT_EQ(r->answer[0].owner.to_text(), "WWW.example.test.");  // the question's case
  EXPECT_EQ(net_.count(), 0u);
  // A name not yet resolved still needs resolve().
  EXPECT_FALSE(it_->resolve_cached(name("www2.example.test."), RRType::kA).has_value());
}

TEST_F(IteratorTest, ResolveCachedReproducesNegativeAnswersAndDnameChains) {
  EXPECT_EQ(resolve("nothere.example.test.").rcode, dns::Rcode::kNXDomain);
  auto nx = it_->resolve_cached(name("nothere.example.test."), RRType::kA);
  ASSERT_TRUE(nx.has_value());
  EXPECT_EQ(nx->rcode, dns::Rcode::kNXDomain);
  ASSERT_EQ(nx->authority.size(), 1u);
  EXPECT_EQ(nx->authority[0].type, RRType::kSOA);

  Resolution first = resolve("www.dn.example.test.");
  ASSERT_EQ(types(first), "DNAME,CNAME,A");
  auto again = it_->resolve_cached(name("www.dn.example.test."), RRType::kA);
  ASSERT_TRUE(again.has_value());
  ASSERT_EQ(again->answer.size(), first.answer.size());
  for (std::size_t i = 0; i < first.answer.size(); ++i) {
    EXPECT_EQ(again->answer[i].type, first.answer[i].type) << i;
    EXPECT_EQ(again->answer[i].owner, first.answer[i].owner) << i;
    EXPECT_EQ(again->answer[i].rdatas, first.answer[i].rdatas) << i;
  }
}

}  // namespace
}  // namespace dns4eu::resolver
