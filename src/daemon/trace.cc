// trace.cc — see trace.h.
#include "daemon/trace.h"

#include <algorithm>

#include "daemon/net_upstream.h"
#include "daemon/policy_answer.h"
#include "dns/message.h"
#include "resolver/caches.h"
#include "resolver/iterator.h"

namespace dns4eu::daemon {
namespace {

using nlohmann::json;

std::string security_text(cache::Security s) {
  switch (s) {
    case cache::Security::kUnchecked: return "unchecked";
    case cache::Security::kInsecure: return "insecure";
    case cache::Security::kSecure: return "secure";
    case cache::Security::kBogus: return "bogus";
    case cache::Security::kIndeterminate: return "indeterminate";
  }
  return "unknown";
}

std::string flags_text(const dns::Header& h) {
  std::string f;
  auto add = [&](bool on, const char* n) {
    if (!on) return;
    if (!f.empty()) f += ' ';
    f += n;
  };
  add(h.qr(), "qr");
  add(h.aa(), "aa");
  add(h.tc(), "tc");
  add(h.rd(), "rd");
  add(h.ra(), "ra");
  add(h.ad(), "ad");
  add(h.cd(), "cd");
  return f;
}

void add_type(std::vector<std::string>& types, dns::RRType t) {
  std::string s = dns::rrtype_to_text(t);
  if (std::find(types.begin(), types.end(), s) == types.end()) types.push_back(std::move(s));
}

// Every RRset of a Resolution section as zone-file lines.
json rrset_lines(const std::vector<dns::RRset>& sets) {
  json out = json::array();
  for (const auto& rs : sets)
    for (const auto& rd : rs.rdatas)
      out.push_back(rs.owner.to_text() + " " + std::to_string(rs.ttl) + " " + dns::rrtype_to_text(rs.type) + " " +
                    dns::rdata_to_text(rs.type, rd));
  return out;
}

}  // namespace

TraceStep summarise_exchange(const net::Endpoint& server, std::span<const uint8_t> query, bool tcp,
                             const Result<resolver::UpstreamReply>& reply) {
  TraceStep s;
  s.server = server.to_string();
  s.tcp = tcp;
  if (auto q = dns::MessageView::parse(query)) {
    auto name = q->question_name();
    auto qr = q->question();
    if (name && qr) s.question = name->to_text() + " " + dns::rrtype_to_text(qr->type);
  }
  if (!reply) {
    if (reply.error().code == ErrorCode::kLimit) s.timeout = true;
    else s.error = reply.error().message;
    return s;
  }
  s.rtt_ms = static_cast<double>(reply->rtt.count()) / 1000.0;
  auto m = dns::MessageView::parse(reply->wire);
  if (!m) {
    s.error = "unparsable reply: " + m.error().message;
    return s;
  }
  s.rcode = dns::rcode_to_text(m->rcode());
  s.flags = flags_text(m->header());
  for (const auto& rr : m->records(dns::Section::kAnswer)) add_type(s.answer_types, rr.type);
  std::optional<dns::Name> ns_owner;
  bool soa = false;
  for (const auto& rr : m->records(dns::Section::kAuthority)) {
    add_type(s.authority_types, rr.type);
    if (rr.type == dns::RRType::kSOA) soa = true;
    if (rr.type == dns::RRType::kNS && !ns_owner)
      if (auto n = m->name_at(rr.owner_offset)) ns_owner = *n;
  }
  if (m->rcode() == dns::Rcode::kNoError && !m->header().aa() && s.answer_types.empty() && ns_owner && !soa)
    s.referral = ns_owner->to_text();
  return s;
}

json to_json(const TraceStep& s) {
  json j{{"server", s.server}, {"question", s.question}, {"transport", s.tcp ? "tcp" : "udp"}};
  if (s.timeout) j["timeout"] = true;
  if (!s.error.empty()) j["error"] = s.error;
  if (!s.timeout && s.error.empty()) {
    j["rcode"] = s.rcode;
    j["flags"] = s.flags;
    j["rtt_ms"] = s.rtt_ms;
    if (!s.answer_types.empty()) j["answer_types"] = s.answer_types;
    if (!s.authority_types.empty()) j["authority_types"] = s.authority_types;
    if (!s.referral.empty()) j["referral"] = s.referral;
  }
  return j;
}

asio::awaitable<Result<resolver::UpstreamReply>> RecordingUpstream::query(const net::Endpoint& server,
                                                                          std::span<const uint8_t> wire,
                                                                          std::chrono::milliseconds timeout,
                                                                          resolver::Protocol protocol) {
  std::vector<uint8_t> copy(wire.begin(), wire.end());  // the caller's buffer outlives us, but be safe
  auto r = co_await inner_.query(server, copy, timeout, protocol);
  steps_.push_back(summarise_exchange(server, copy, protocol == resolver::Protocol::kTcp, r));
  co_return r;
}

asio::awaitable<json> run_trace(std::shared_ptr<const Runtime> rt, dns::Name name, dns::RRType type,
                                std::string profile) {
  std::optional<uint16_t> profile_id;
  if (rt->policy) {
    if (!profile.empty()) {
      profile_id = rt->policy->profile_id(profile);
      if (!profile_id) co_return json{{"error", "no such policy profile: " + profile}};
    } else {
      for (uint16_t i = 1; i < rt->policy->profile_count() && !profile_id; ++i)
        if (rt->policy->profile(i).filters()) profile_id = i;
    }
  } else if (!profile.empty()) {
    co_return json{{"error", "the config has no policy profiles"}};
  }
  // Own small caches: the trace neither reads nor fills the shared ones.
  resolver::CachesConfig cc;
  cc.rrsets = cache::CacheConfig{.max_bytes = 1u << 20, .shards = 1};
  cc.negative = cache::CacheConfig{.max_bytes = 256u << 10, .shards = 1};
  cc.answers = cache::AnswerCacheConfig{cache::CacheConfig{.max_bytes = 256u << 10, .shards = 1}};
  cc.infra.base = cache::CacheConfig{.max_bytes = 256u << 10, .shards = 1};
  resolver::Caches caches(cc);
  NetUpstream net(rt->sources_v4, rt->sources_v6);
  RecordingUpstream rec(net);
  resolver::Iterator it(rt->resolver, caches, rec);
  resolver::Budget budget = it.new_budget();
  resolver::Resolution r = co_await it.resolve(name, type, budget);

  json j{{"name", name.to_text()}, {"type", dns::rrtype_to_text(type)}};
  json steps = json::array();
  for (const auto& s : rec.steps()) steps.push_back(to_json(s));
  j["steps"] = std::move(steps);
  j["upstream_queries"] = rec.steps().size();
  j["rcode"] = dns::rcode_to_text(r.rcode);
  j["answer"] = rrset_lines(r.answer);
  j["authority"] = rrset_lines(r.authority);
  j["security"] = security_text(r.security);
  if (r.ede) j["ede"] = json{{"code", static_cast<int>(r.ede->code)}, {"text", r.ede->extra_text}};
  if (profile_id) {
    j["profile"] = rt->policy->profile(*profile_id).name;
    std::vector<dns::Name> names{name};
    for (const auto& rs : r.answer)
      if (std::find(names.begin(), names.end(), rs.owner) == names.end()) names.push_back(rs.owner);
    json verdicts = json::array();
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto v = rt->policy->check_qname(*profile_id, names[i], i == 0 ? policy::Trigger::kQname : policy::Trigger::kCname);
      verdicts.push_back({{"name", names[i].to_text()},
                          {"blocked", v.blocks()},
                          {"verdict", rt->policy->explain(v, names[i])}});
    }
    j["policy"] = std::move(verdicts);
    // What the answer itself meets: addresses (rpz-ip), the zone's NS names and
    // their addresses (rpz-nsdname, rpz-nsip) as the trace's own caches hold them.
    auto v = answer_policy_verdict(*rt->policy, *profile_id, r, caches, name);
    j["answer_policy"] = {{"blocked", v.blocks()}, {"verdict", rt->policy->explain(v, name)}};
  } else {
    j["profile"] = "plain";
  }
  co_return j;
}

}  // namespace dns4eu::daemon
