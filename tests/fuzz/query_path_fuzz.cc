// query_path_fuzz.cc — the fuzz input is a client query; it goes down the
// daemon's query path (parse_client_query, local zones, answer cache, the
// Iterator over a simulated Internet, write_cacheable / finish_for_client)
// as daemon::ResolverHandler drives it, without sockets.
//
// The low 3 bits of the query ID pick a fault profile of the simulated
// Internet (dead, FORMERR to EDNS, TC, garbage, lies, rcode overrides), bit 3
// picks UDP or a stream transport. Invariants checked: every response we
// send parses, echoes the ID, and fits what the client can take.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>

#include "daemon/client_query.h"
#include "daemon/local_zones.h"
#include "daemon/response_writer.h"
#include "dns/message.h"
#include "resolver/caches.h"
#include "resolver/iterator.h"
#include "sim/sim_internet.h"
#include "sim/test_world.h"

namespace {

using namespace dns4eu;
using dns::RRType;

constexpr int kProfiles = 8;

dns::RRset lie(const char* owner) {
  dns::RRset s{*dns::Name::from_text(owner), RRType::kA, dns::RRClass::kIN, 3600, {}, {}};
  s.rdatas.push_back({6, 6, 6, 6});
  return s;
}

std::unique_ptr<sim::SimInternet> make_world(int profile) {
  auto net = std::make_unique<sim::SimInternet>();
  sim::add_test_world(*net);
  auto& f1 = net->faults(sim::ep("127.53.3.1"));
  auto& f2 = net->faults(sim::ep("127.53.3.2"));
  switch (profile) {
    case 1: f1.dead = true; break;
    case 2: f1.formerr_to_edns = f2.formerr_to_edns = true; break;
    case 3: f1.udp_tc_above = f2.udp_tc_above = 200; break;
    case 4: f1.garbage = true; f2.wrong_id = true; break;
    case 5:
      f1.extra_answer = f2.extra_answer = {lie("www.victim.net."), lie("other.example.test.")};
      f1.extra_additional = f2.extra_additional = {lie("ns.provider.net.")};
      net->faults(sim::ep("127.53.1.1")).extra_additional = {lie("www.glueless.test.")};
      break;
    case 6:
      f1.rcode_override = f2.rcode_override = [](const dns::Name& q, RRType) -> std::optional<dns::Rcode> {
        if (q.label_count() <= 3) return dns::Rcode::kRefused;
        return std::nullopt;
      };
      break;
    case 7: f1.dead = f2.dead = true; break;
    default: break;
  }
  return net;
}

asio::awaitable<void> run(resolver::Iterator& it, dns::Name qname, RRType qtype,
                          std::optional<resolver::Resolution>& out) {
  resolver::Budget b = it.new_budget();
  out = co_await it.resolve(qname, qtype, b);
}

void check_response(const daemon::ClientQuery& q, const std::vector<uint8_t>& out) {
  auto msg = dns::MessageView::parse(out);
  if (!msg || msg->header().id != q.id || !msg->header().qr()) __builtin_trap();
  if (out.size() > q.max_response) __builtin_trap();
}

struct World {
  std::unique_ptr<sim::SimInternet> nets[kProfiles];
  daemon::LocalZones local_zones{std::vector<daemon::LocalZone>{}};
  resolver::ResolverConfig config;
  World() {
    for (int i = 0; i < kProfiles; ++i) nets[i] = make_world(i);
    config.server_filter.allow_loopback = true;
    config.use_ipv6 = false;
    config.root_hints.servers = {resolver::RootServer{*dns::Name::from_text("ns.root."),
                                                      {*net::Address::parse("127.53.0.1")}}};
  }
};

resolver::CachesConfig small_caches() {
  resolver::CachesConfig c;
  c.rrsets.max_bytes = 256u << 10;
  c.negative.max_bytes = 64u << 10;
  c.answers.base.max_bytes = 64u << 10;
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  std::span<const uint8_t> in(data, size);
  std::vector<uint8_t> out, packet;
  auto msg = dns::MessageView::parse(in);
  if (!msg) {
    if (auto broken = daemon::parse_broken_query(in)) daemon::write_error(*broken, dns::Rcode::kFormErr, out);
    return 0;
  }
  if (msg->header().qr()) return 0;
  const bool stream = (msg->header().id & 8) != 0;
  daemon::ClientQuery q = daemon::parse_client_query(*msg, stream ? 65535 : 1232, stream);
  if (!q.ok()) {
    daemon::write_error(q, q.error_rcode, out);
    check_response(q, out);
    return 0;
  }
  if (q.qclass != dns::RRClass::kIN || q.qtype == RRType::kANY) {
    daemon::write_error(q, dns::Rcode::kRefused, out);
    check_response(q, out);
    return 0;
  }
  if (auto local = world.local_zones.lookup(q.qname, q.qtype)) {
    daemon::write_cacheable(q, *local, packet, true);
    daemon::finish_for_client(q, packet, out, local->ede);
    check_response(q, out);
    return 0;
  }
  sim::SimInternet& net = *world.nets[q.id % kProfiles];
  net.clear_log();
  resolver::Caches caches(small_caches());
  resolver::Iterator it(world.config, caches, net);
  std::optional<resolver::Resolution> r;
  asio::io_context io;
  asio::co_spawn(io, run(it, q.qname, q.qtype, r), asio::detached);
  io.run();
  if (!r) __builtin_trap();  // the resolution must complete: the sim never waits
  if (r->upstream_queries > world.config.max_upstream_queries + 1) __builtin_trap();  // +1: a TCP retry
  daemon::write_cacheable(q, *r, packet);
  daemon::finish_for_client(q, packet, out, r->ede);
  check_response(q, out);
  if (daemon::is_cacheable(*r)) {  // the answer cache path, as the handler's fast path serves it
    cache::AnswerKey key{q.qname, q.qtype, q.qclass, q.do_bit, q.cd()};
    caches.answers.insert(key, packet, resolver::now_seconds());
    std::vector<uint8_t> scratch(65535);
    if (auto hit = caches.answers.lookup(key, q.id, resolver::now_seconds(), scratch)) {
      daemon::finish_for_client(q, std::span<const uint8_t>(scratch.data(), hit->size), out);
      check_response(q, out);
    }
  }
  return 0;
}
