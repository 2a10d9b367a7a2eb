// query_handler.cc — see query_handler.h.
#include "daemon/query_handler.h"

#include <algorithm>
#include <cstring>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>

#include "daemon/policy_answer.h"
#include "daemon/discovery.h"
#include "daemon/response_writer.h"
#include "daemon/server.h"

namespace dns4eu::daemon {

using dns::RRType;

namespace {

// RFC 8467 §4.1: responders pad to a multiple of 468 octets.
constexpr std::size_t kResponsePadBlock = 468;

// Padding on encrypted transports (RFC 7830, RFC 8467 block policy) for EDNS
// clients; the edns-tcp-keepalive timeout (RFC 7828) on TCP and DoT when the
// client asked (HTTP governs DoH connections; RFC 9250 forbids it on DoQ).
void set_transport_options(ClientQuery& q, net::Transport t, const Config& config) {
  bool encrypted = t == net::Transport::kDot || t == net::Transport::kDoh || t == net::Transport::kDoq;
  if (encrypted && q.has_edns) q.pad_block = kResponsePadBlock;
  if (q.client_keepalive && (t == net::Transport::kTcp || t == net::Transport::kDot))
    q.keepalive_100ms = static_cast<uint16_t>(std::clamp<int64_t>(config.tcp.idle_timeout.count() / 100, 1, 65535));
}

// The flavour of the config listener `req` arrived on ("plain" when unknown).
std::string_view listener_flavour(const Config& config, const net::Request& req) {
  for (const Listener& l : config.listeners)
    if (listener_id(l) == req.listener_id) return l.flavour;
  return "plain";
}

// RFC 8482 §4.2: a small HINFO answer instead of everything at the name.
resolver::Resolution rfc8482_answer(const dns::Name& qname) {
  resolver::Resolution r;
  r.rcode = dns::Rcode::kNoError;
  dns::RRset hinfo{qname, RRType::kHINFO, dns::RRClass::kIN, 3789, {}, {}};
  hinfo.rdatas.push_back({7, 'R', 'F', 'C', '8', '4', '8', '2', 0});
  r.answer.push_back(std::move(hinfo));
  return r;
}

// Copies the client's RD bit into a response built for another client.
void patch_rd(std::span<uint8_t> packet, const ClientQuery& q) {
  packet[2] = static_cast<uint8_t>((packet[2] & ~0x01) | ((q.flags >> 8) & 0x01));
}

// Gives `packet` (built for another client of the same flight) this client's
// ID, question case and RD bit.
void personalise(std::vector<uint8_t>& packet, const ClientQuery& q) {
  dns::patch_id(packet, q.id);
  patch_rd(packet, q);
  auto wire = q.qname.wire();
  if (packet.size() >= dns::kHeaderSize + wire.size()) std::memcpy(&packet[dns::kHeaderSize], wire.data(), wire.size());
}

}  // namespace

void ResolverHandler::note_logged(std::size_t list_slot) {
  if (list_slot && observer_) observer_->note_policy(telemetry::PolicyVerdict::kLog, list_slot);
}

net::Action ResolverHandler::blocked(net::Action a, std::size_t list_slot) {
  stats_.policy_blocked.fetch_add(1, std::memory_order_relaxed);
  if (observer_)
    observer_->note_policy(a == net::Action::kDrop ? telemetry::PolicyVerdict::kDrop : telemetry::PolicyVerdict::kBlock,
                           list_slot);
  return a;
}

ResolverHandler::ResolverHandler(net::Worker& worker, const RuntimeHolder& runtime, resolver::Caches& caches,
                                 HandlerStats& stats, QueryObserver* observer, const NotifyHook* notify)
    : worker_(worker),
      holder_(runtime),
      caches_(caches),
      stats_(stats),
      observer_(observer),
      notify_(notify),
      scratch_(65535) {}

ResolverHandler::~ResolverHandler() = default;

const std::shared_ptr<ResolverHandler::Engine>& ResolverHandler::engine() {
  if (!engine_ || engine_->runtime->generation != holder_.generation()) {
    auto e = std::make_shared<Engine>();
    e->runtime = holder_.current();
    e->upstream = std::make_unique<NetUpstream>(e->runtime->sources_v4, e->runtime->sources_v6, observer_);
    e->iterator = std::make_unique<resolver::Iterator>(e->runtime->resolver, caches_, *e->upstream);
    engine_ = std::move(e);
  }
  return engine_;
}

net::Action ResolverHandler::answer_now(const ClientQuery& q, const resolver::Resolution& r, bool authoritative,
                                        std::vector<uint8_t>& response) {
  packet_.clear();
  write_cacheable(q, r, packet_, authoritative);
  finish_for_client(q, packet_, response, r.ede);
  return net::Action::kReply;
}

net::Action ResolverHandler::handle(const net::Request& req, std::vector<uint8_t>& response) {
  stats_.queries.fetch_add(1, std::memory_order_relaxed);
  const auto& e = engine();
  const Runtime& rt = *e->runtime;
  auto msg = dns::MessageView::parse(req.query);
  if (!msg) {
    auto broken = parse_broken_query(req.query);
    if (!broken) return net::Action::kDrop;
    stats_.formerr.fetch_add(1, std::memory_order_relaxed);
    write_error(*broken, dns::Rcode::kFormErr, response);
    return net::Action::kReply;
  }
  if (msg->header().qr()) return net::Action::kDrop;  // never answer answers (reflection loops)
  // NOTIFY for a transferred RPZ zone: authorised by the zone's primaries, not the ACL.
  if (msg->header().opcode() == dns::Opcode::kNotify && notify_)
    if (auto a = answer_notify(*msg, req, *notify_, response)) return *a;
  ClientQuery q = parse_client_query(*msg, req.max_response_size, net::is_stream(req.transport));
  set_transport_options(q, req.transport, rt.config);
  if (!rt.acl.allowed(req.client.address())) {
    stats_.refused.fetch_add(1, std::memory_order_relaxed);
    write_error(q, dns::Rcode::kRefused, response, dns::ExtendedError{dns::EdeCode::kProhibited, ""});
    return net::Action::kReply;
  }
  if (!q.ok()) {
    (q.error_rcode == dns::Rcode::kNotImp ? stats_.notimp : stats_.formerr).fetch_add(1, std::memory_order_relaxed);
    write_error(q, q.error_rcode, response);
    return net::Action::kReply;
  }
  if (q.qclass != dns::RRClass::kIN) {
    stats_.refused.fetch_add(1, std::memory_order_relaxed);
    write_error(q, dns::Rcode::kRefused, response, dns::ExtendedError{dns::EdeCode::kNotSupported, "only class IN"});
    return net::Action::kReply;
  }
  if (q.qtype == RRType::kANY) return answer_now(q, rfc8482_answer(q.qname), false, response);
  if (rt.config.discovery && q.qname == designated_resolver_name()) {  // RFC 9462
    stats_.local_answers.fetch_add(1, std::memory_order_relaxed);
    auto r = discovery_answer(rt.config, listener_flavour(rt.config, req));
    if (q.qtype != RRType::kSVCB) r->answer.clear();  // the name exists: NODATA
    return answer_now(q, *r, true, response);
  }
  if (auto local = rt.local_zones.lookup(q.qname, q.qtype)) {
    stats_.local_answers.fetch_add(1, std::memory_order_relaxed);
    if (local->rcode == dns::Rcode::kRefused) {
      write_error(q, dns::Rcode::kRefused, response);
      return net::Action::kReply;
    }
    return answer_now(q, *local, true, response);
  }
  // Policy: the plain profile (0) checks nothing; filtering profiles check the
  // client here, the question on an answer-cache miss and, unless it was
  // allowlisted, the answer after resolution. A cached answer of a filtering
  // profile passed its question check under this very snapshot (the key
  // carries the runtime generation; the cache is also flushed on reload), so
  // a hit needs no QNAME check.
  uint16_t profile = select_profile(rt, req, observer_ ? &observer_->metrics() : nullptr);
  PolicyCheck policy;
  if (profile != 0) {
    policy = check_client(rt, profile, req, q, response);
    note_logged(policy.logged_slot);
    if (policy.action) return blocked(*policy.action, policy.list_slot);
  }
  cache::AnswerKey key{q.qname, q.qtype, q.qclass, q.do_bit, q.cd(), profile,
                       profile != 0 ? static_cast<uint32_t>(rt.generation) : 0};
  if (auto hit = caches_.answers.lookup(key, q.id, resolver::now_seconds(), scratch_)) {
    stats_.answer_cache_hits.fetch_add(1, std::memory_order_relaxed);
    patch_rd(scratch_, q);  // the cache already patched ID and question case
    finish_for_client(q, std::span<const uint8_t>(scratch_.data(), hit->size), response);
    return net::Action::kReply;
  }
  if (profile != 0 && !policy.passed) {
    policy = check_question(rt, profile, req, q, response);
    note_logged(policy.logged_slot);
    if (policy.action) return blocked(*policy.action, policy.list_slot);
  }
  // Second sighting: the RRset and negative caches answer without a coroutine,
  // and the packet is now worth keeping. (A name seen once — most names of a
  // random-subdomain flood — never takes answer-cache memory.)
  if (auto cached = e->iterator->resolve_cached(q.qname, q.qtype)) {
    stats_.rrset_cache_answers.fetch_add(1, std::memory_order_relaxed);
    if (policy.check_answer) {
      std::size_t slot = 0, logged = 0;
      if (auto a = check_answer(rt, profile, q, req.transport, *cached, caches_, response, &slot, &logged))
        return blocked(*a, slot);  // blocked answers are not cached
      note_logged(logged);
      if (logged) policy.cacheable = false;  // a dry-run match is reported for every query, as a block would be
    }
    packet_.clear();
    write_cacheable(q, *cached, packet_);
    if (policy.cacheable && is_cacheable(*cached)) caches_.answers.insert(key, packet_, resolver::now_seconds());
    finish_for_client(q, packet_, response, cached->ede);
    return net::Action::kReply;
  }
  if (in_flight_.size() >= rt.max_in_flight_per_worker &&
      !in_flight_.contains(FlightKey{q.qname.lowercased(), q.qtype, q.do_bit, q.cd()})) {
    stats_.busy.fetch_add(1, std::memory_order_relaxed);  // limits.max_concurrent_resolutions
    write_error(q, dns::Rcode::kServFail, response, dns::ExtendedError{dns::EdeCode::kOther, "resolver busy"});
    return net::Action::kReply;
  }
  return start_resolution(req, q, profile, policy.check_answer);
}

net::Action ResolverHandler::start_resolution(const net::Request& req, const ClientQuery& q, uint16_t profile,
                                              bool check_answer) {
  FlightKey key{q.qname.lowercased(), q.qtype, q.do_bit, q.cd()};
  if (auto it = in_flight_.find(key); it != in_flight_.end()) {
    stats_.coalesced.fetch_add(1, std::memory_order_relaxed);
    it->second->waiters.push_back(Waiter{q, req.defer(), profile, check_answer, req.transport,
                                         observer_ ? observer_->current() : QueryStart{}});
    return net::Action::kDefer;
  }
  auto flight = std::make_shared<Flight>();
  flight->waiters.push_back(Waiter{q, req.defer(), profile, check_answer, req.transport,
                                   observer_ ? observer_->current() : QueryStart{}});
  in_flight_.emplace(key, std::move(flight));
  asio::co_spawn(worker_.context(), resolve_flight(engine_, key, q), asio::detached);
  return net::Action::kDefer;
}

void ResolverHandler::prime_root() { asio::co_spawn(worker_.context(), prime_flight(engine()), asio::detached); }

asio::awaitable<void> ResolverHandler::prime_flight(std::shared_ptr<Engine> engine) {
  int sent = co_await engine->iterator->prime_if_needed();
  stats_.upstream_queries.fetch_add(static_cast<uint64_t>(sent), std::memory_order_relaxed);
}

asio::awaitable<void> ResolverHandler::resolve_flight(std::shared_ptr<Engine> engine, FlightKey key, ClientQuery first) {
  stats_.resolutions.fetch_add(1, std::memory_order_relaxed);
  resolver::Budget budget = engine->iterator->new_budget();
  resolver::Resolution r = co_await engine->iterator->resolve(first.qname, first.qtype, budget);
  stats_.upstream_queries.fetch_add(static_cast<uint64_t>(r.upstream_queries), std::memory_order_relaxed);
  if (r.rcode == dns::Rcode::kServFail || (r.security == cache::Security::kBogus && !first.cd()))
    stats_.servfail.fetch_add(1, std::memory_order_relaxed);
  if (r.rcode == dns::Rcode::kNXDomain) stats_.nxdomain.fetch_add(1, std::memory_order_relaxed);
  if (observer_) observer_->resolved(r.security);
  // Not put in the answer cache: a name earns a packet there on its second
  // query (handle()), so one-off names cost only their RRset-cache entries.
  std::vector<uint8_t> packet;
  write_cacheable(first, r, packet);
  auto node = in_flight_.extract(key);
  if (!node.empty()) answer_waiters(*engine->runtime, packet, r, node.mapped()->waiters);
}

void ResolverHandler::answer_waiters(const Runtime& rt, const std::vector<uint8_t>& packet,
                                     const resolver::Resolution& r, std::vector<Waiter>& waiters) {
  std::vector<uint8_t> mine, out;
  for (auto& w : waiters) {
    if (w.check_answer) {
      out.clear();
      std::size_t slot = 0, logged = 0;
      if (auto a = check_answer(rt, w.profile, w.query, w.transport, r, caches_, out, &slot, &logged)) {
        stats_.policy_blocked.fetch_add(1, std::memory_order_relaxed);
        if (*a == net::Action::kReply) w.responder.send(out);
        if (observer_) {  // the deciding list, for the metrics and the query log line
          observer_->note_policy(
              w.start, *a == net::Action::kDrop ? telemetry::PolicyVerdict::kDrop : telemetry::PolicyVerdict::kBlock,
              slot);
          observer_->blocked(w.start, *a == net::Action::kReply ? out : std::span<const uint8_t>());
        }
        continue;
      }
      // A dry-run list matched the answer: reported, the answer unchanged.
      if (logged && observer_) observer_->note_policy(w.start, telemetry::PolicyVerdict::kLog, logged);
    }
    mine = packet;
    personalise(mine, w.query);
    finish_for_client(w.query, mine, out, r.ede);
    w.responder.send(out);
    if (observer_) observer_->answered(w.start, out, telemetry::AnswerSource::kResolution);
  }
}

}  // namespace dns4eu::daemon
