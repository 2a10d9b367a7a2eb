#include "daemon/server.h"

#include <gtest/gtest.h>

#include <set>

namespace dns4eu::daemon {
namespace {

Listener listener(std::string_view address, Transport t, uint16_t port = 53) {
  Listener l;
  l.address = IpAddress::parse(address).value();
  l.transport = t;
  l.port = port;
  return l;
}

Config config_with(std::vector<Listener> listeners) {
  Config c;
  c.workers = 2;
  c.listeners = std::move(listeners);
  return c;
}

uint32_t id_of(const std::vector<net::ListenerSpec>& specs, net::Transport t, std::string_view endpoint) {
  for (const auto& s : specs)
    if (s.transport == t && s.address.to_string() == endpoint) return s.id;
  ADD_FAILURE() << "no listener " << endpoint;
  return 0;
}

TEST(ListenerSpecs, DefaultListeners) {
  Config c;
  auto specs = listener_specs(c);
  ASSERT_EQ(specs.size(), 4u);
  std::set<uint32_t> ids;
  for (const auto& s : specs) ids.insert(s.id);
  EXPECT_EQ(ids.size(), 4u) << "ids are distinct";
  EXPECT_NE(id_of(specs, net::Transport::kUdp, "127.0.0.1:53"), id_of(specs, net::Transport::kTcp, "127.0.0.1:53"));
  EXPECT_NE(id_of(specs, net::Transport::kUdp, "127.0.0.1:53"), id_of(specs, net::Transport::kUdp, "[::1]:53"));
}

TEST(ListenerSpecs, IdsStableAcrossCalls) {
  Config c;
  auto a = listener_specs(c);
  auto b = listener_specs(c);
  EXPECT_EQ(a, b);
}

TEST(ListenerSpecs, IdUnchangedWhenConfigChanges) {
  Config before = config_with({listener("192.0.2.1", Transport::kUdp), listener("192.0.2.1", Transport::kTcp)});
  Config after = before;
  after.listeners.insert(after.listeners.begin(), listener("198.51.100.1", Transport::kUdp, 5353));
  after.tcp.idle_timeout = std::chrono::milliseconds(3000);
  after.resolver.edns_buffer_size = 1400;
  after.workers = 4;
  auto a = listener_specs(before);
  auto b = listener_specs(after);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(id_of(a, net::Transport::kUdp, "192.0.2.1:53"), id_of(b, net::Transport::kUdp, "192.0.2.1:53"));
  EXPECT_EQ(id_of(a, net::Transport::kTcp, "192.0.2.1:53"), id_of(b, net::Transport::kTcp, "192.0.2.1:53"));
  EXPECT_NE(id_of(b, net::Transport::kUdp, "198.51.100.1:5353"), id_of(b, net::Transport::kUdp, "192.0.2.1:53"));
}

TEST(ListenerSpecs, DistinctIdsForDifferentListeners) {
  Config c = config_with({listener("192.0.2.1", Transport::kUdp), listener("192.0.2.1", Transport::kUdp, 5353),
                          listener("192.0.2.2", Transport::kUdp), listener("192.0.2.1", Transport::kTcp),
                          listener("2001:db8::1", Transport::kUdp), listener("0.0.0.0", Transport::kUdp),
                          listener("::", Transport::kUdp)});
  auto specs = listener_specs(c);
  ASSERT_EQ(specs.size(), 7u);
  std::set<uint32_t> ids;
  for (const auto& s : specs) ids.insert(s.id);
  EXPECT_EQ(ids.size(), 7u);
}

TEST(ListenerSpecs, DuplicateListenerOnce) {
  Config c = config_with({listener("192.0.2.1", Transport::kUdp), listener("192.0.2.1", Transport::kUdp)});
  EXPECT_EQ(listener_specs(c).size(), 1u);
}

TEST(ListenerSpecs, TlsListenersWithoutCertificateSkipped) {
  Listener dot = listener("192.0.2.1", Transport::kDot, 853);
  dot.tls_certificate = "/etc/ssl/cert.pem";
  dot.tls_key = "/etc/ssl/key.pem";
  Listener doh = listener("192.0.2.1", Transport::kDoh, 443);
  Listener doq = listener("192.0.2.1", Transport::kDoq, 853);
  Config c = config_with({dot, listener("192.0.2.1", Transport::kUdp), doh, doq});
  auto specs = listener_specs(c);
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].transport, net::Transport::kUdp);
  EXPECT_EQ(specs[0].address.to_string(), "192.0.2.1:53");
  EXPECT_TRUE(listener_specs(config_with({dot, doh, doq})).empty());
}

TEST(ListenerSpecs, OptionsFromConfig) {
  Config c = config_with({listener("::1", Transport::kTcp, 5300), listener("127.0.0.1", Transport::kUdp)});
  c.workers = 4;
  c.tcp.max_connections = 1000;
  c.tcp.idle_timeout = std::chrono::milliseconds(2500);
  c.resolver.edns_buffer_size = 1400;
  auto specs = listener_specs(c);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].address.to_string(), "[::1]:5300");
  EXPECT_EQ(specs[0].tcp.max_connections, 250u);  // per worker
  EXPECT_EQ(specs[0].tcp.idle_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(specs[1].udp.max_response_size, 1400);
  c.tcp.max_connections = 1;
  EXPECT_EQ(listener_specs(c)[0].tcp.max_connections, 1u);  // never 0
}

TEST(CachesConfig, SplitsSizes) {
  Config c;
  c.cache.size = 80ull << 20;
  c.cache.answer_cache_size = 16ull << 20;
  c.cache.min_ttl = std::chrono::seconds(5);
  c.cache.max_ttl = std::chrono::seconds(3600);
  c.cache.negative_max_ttl = std::chrono::seconds(900);
  c.serve_stale.max_stale_ttl = std::chrono::seconds(7200);
  c.upstream.timeout.initial = std::chrono::milliseconds(300);
  c.upstream.timeout.min = std::chrono::milliseconds(40);
  c.upstream.timeout.max = std::chrono::milliseconds(2000);
  auto cc = caches_config(c);
  EXPECT_EQ(cc.rrsets.max_bytes, 70ull << 20);
  EXPECT_EQ(cc.negative.max_bytes, 10ull << 20);
  EXPECT_EQ(cc.rrsets.max_bytes + cc.negative.max_bytes, c.cache.size);
  EXPECT_EQ(cc.answers.base.max_bytes, 16ull << 20);
  for (const cache::CacheConfig* b : {&cc.rrsets, &cc.negative, &cc.answers.base}) {
    EXPECT_EQ(b->min_ttl, 5u);
    EXPECT_EQ(b->max_ttl, 3600u);
    EXPECT_EQ(b->max_negative_ttl, 900u);
    EXPECT_EQ(b->stale_retention, 7200u);
  }
  EXPECT_EQ(cc.infra.initial_rto_ms, 300u);
  EXPECT_EQ(cc.infra.min_rto_ms, 40u);
  EXPECT_EQ(cc.infra.max_rto_ms, 2000u);
}

TEST(CachesConfig, TinyAnswerCacheGetsAFloor) {
  Config c;
  c.cache.answer_cache_size = 1000;
  EXPECT_EQ(caches_config(c).answers.base.max_bytes, 64u << 10);
}

// config.h: "answer_cache_size: 0 disables the answer cache".
TEST(CachesConfig, ZeroAnswerCacheSizeDisablesIt) {
  Config c;
  c.cache.answer_cache_size = 0;
  cache::AnswerCache answers(caches_config(c).answers);
  // A small, valid, cacheable response.
  std::vector<uint8_t> packet = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
                                 3, 'w', 'w', 'w', 0, 0, 1, 0, 1,
                                 0xC0, 12, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, 192, 0, 2, 1};
  const dns::Name www = dns::Name::from_text("www.").value();
  cache::AnswerKey key{www, dns::RRType::kA, dns::RRClass::kIN};
  EXPECT_EQ(answers.insert(key, packet, 1000), cache::InsertResult::kUncacheable);
  EXPECT_EQ(answers.entries(), 0u);
  // With a size, the same packet is cached.
  c.cache.answer_cache_size = 1u << 20;
  cache::AnswerCache enabled(caches_config(c).answers);
  EXPECT_NE(enabled.insert(key, packet, 1000), cache::InsertResult::kUncacheable);
  EXPECT_EQ(enabled.entries(), 1u);
}

}  // namespace
}  // namespace dns4eu::daemon
