// sim_internet.cc — see sim_internet.h.
#include "sim/sim_internet.h"

#include <algorithm>
#include <cstdlib>

#include "dns/builder.h"
#include "dns/message.h"
#include "dns/zone_reader.h"

namespace dns4eu::sim {

using dns::Name;
using dns::RRset;
using dns::RRType;

namespace {

constexpr int kMaxChase = 16;  // CNAME/DNAME steps followed inside one zone

bool has(const std::map<RRType, RRset>& node, RRType t) { return node.find(t) != node.end(); }

RRset with_owner(RRset s, const Name& owner) {
  s.owner = owner;
  return s;
}

bool owns(const std::vector<RRset>& v, const Name& owner) {
  return std::any_of(v.begin(), v.end(), [&](const RRset& s) { return s.owner == owner; });
}

}  // namespace

struct SimInternet::Reply {
  dns::Rcode rcode = dns::Rcode::kNoError;
  bool aa = true;
  std::vector<RRset> answer, authority, additional;
};

net::Endpoint ep(std::string_view address) {
  auto e = net::Endpoint::parse(address, 53);
  if (!e) std::abort();
  return *e;
}

SimInternet::SimInternet() = default;
SimInternet::~SimInternet() = default;

SimInternet::Server& SimInternet::server(const net::Endpoint& e) { return servers_[e]; }

ServerFaults& SimInternet::faults(const net::Endpoint& e) { return server(e).faults; }

Status SimInternet::add_zone(const net::Endpoint& e, std::string_view origin, std::string zone_text) {
  auto apex = Name::from_text(origin);
  if (!apex) return tl::unexpected(apex.error());
  dns::ZoneReaderOptions opt;
  opt.origin = *apex;
  opt.default_ttl = 3600;
  opt.allow_include = false;
  auto records = dns::read_zone_text(std::move(zone_text), apex->to_text() + "zone", opt);
  if (!records) return tl::unexpected(records.error());
  Zone z{*apex, {}};
  for (auto& r : *records) {
    if (!r.owner.is_subdomain_of(*apex))
      return fail(ErrorCode::kInvalidArgument, "line " + std::to_string(r.line) + ": " + r.owner.to_text() +
                                                   " is outside zone " + apex->to_text());
    RRset& s = z.nodes[r.owner][r.type];
    if (s.rdatas.empty()) s = RRset{r.owner, r.type, r.rclass, r.ttl, {}, {}};
    s.ttl = std::min(s.ttl, r.ttl);
    s.rdatas.push_back(std::move(r.rdata));
  }
  auto top = z.nodes.find(*apex);
  if (top == z.nodes.end() || !has(top->second, RRType::kSOA))
    return fail(ErrorCode::kInvalidArgument, "zone " + apex->to_text() + " has no SOA at its apex");
  server(e).zones.push_back(std::move(z));
  return {};
}

const SimInternet::Zone* SimInternet::best_zone(const Server& s, const Name& qname) {
  const Zone* best = nullptr;
  for (const auto& z : s.zones) {
    if (!qname.is_subdomain_of(z.apex)) continue;
    if (best == nullptr || z.apex.label_count() > best->apex.label_count()) best = &z;
  }
  return best;
}

void SimInternet::add_glue(const Zone& z, const RRset& ns, Reply& r) {
  for (const auto& rd : ns.rdatas) {
    auto target = dns::rdata_single_name(rd);
    if (!target || !target->is_subdomain_of(z.apex)) continue;
    auto node = z.nodes.find(*target);
    if (node == z.nodes.end()) continue;
    for (RRType t : {RRType::kA, RRType::kAAAA})
      if (auto it = node->second.find(t); it != node->second.end()) r.additional.push_back(it->second);
  }
}

// Answers `name` from `node` (records owned by `owner`, the name itself or a
// wildcard). Returns true when a CNAME inside the zone is to be followed.
static bool answer_from_node(const Name& apex, const std::map<RRType, RRset>& node, const RRset* soa, Name& name,
                             RRType qtype, std::vector<RRset>& answer, std::vector<RRset>& authority) {
  if (qtype == RRType::kANY) {
    for (const auto& [t, s] : node) answer.push_back(with_owner(s, name));
    return false;
  }
  if (auto it = node.find(qtype); it != node.end()) {
    answer.push_back(with_owner(it->second, name));
    return false;
  }
  if (auto it = node.find(RRType::kCNAME); it != node.end() && !it->second.rdatas.empty()) {
    answer.push_back(with_owner(it->second, name));
    auto target = dns::rdata_single_name(it->second.rdatas.front());
    if (!target || !target->is_subdomain_of(apex) || owns(answer, *target)) return false;
    name = *target;
    return true;
  }
  if (soa != nullptr) authority.push_back(*soa);
  return false;
}

bool SimInternet::chase(const Zone& z, Name& name, RRType qtype, Reply& r) {
  const RRset* soa = &z.nodes.at(z.apex).at(RRType::kSOA);
  // Delegations and DNAMEs between the apex and the name.
  for (int k = z.apex.label_count() + 1; k <= name.label_count(); ++k) {
    Name a = name.suffix(k);
    auto node = z.nodes.find(a);
    if (node == z.nodes.end()) continue;
    if (auto ns = node->second.find(RRType::kNS); ns != node->second.end() && !(a == name && qtype == RRType::kDS)) {
      if (!r.answer.empty()) return false;  // a CNAME into a child zone: the resolver follows it
      r.aa = false;
      r.authority.push_back(ns->second);
      if (auto ds = node->second.find(RRType::kDS); ds != node->second.end()) r.authority.push_back(ds->second);
      add_glue(z, ns->second, r);
      return false;
    }
    auto dname = node->second.find(RRType::kDNAME);
    if (dname == node->second.end() || a == name || dname->second.rdatas.empty()) continue;
    r.answer.push_back(dname->second);
    auto target = dns::rdata_single_name(dname->second.rdatas.front());
    auto synth = target ? name.replace_suffix(a, *target) : Result<Name>(tl::unexpected(target.error()));
    if (!synth) {
      r.rcode = dns::Rcode::kYXDomain;
      return false;
    }
    RRset cname{name, RRType::kCNAME, dns::RRClass::kIN, dname->second.ttl, {}, {}};
    cname.rdatas.emplace_back(synth->wire().begin(), synth->wire().end());
    r.answer.push_back(std::move(cname));
    if (!synth->is_subdomain_of(z.apex) || owns(r.answer, *synth)) return false;
    name = *synth;
    return true;
  }
  if (auto node = z.nodes.find(name); node != z.nodes.end())
    return answer_from_node(z.apex, node->second, soa, name, qtype, r.answer, r.authority);
  auto exists = [&](const Name& n) {
    auto it = z.nodes.lower_bound(n);
    return it != z.nodes.end() && it->first.is_subdomain_of(n);
  };
  if (exists(name)) {  // an empty non-terminal
    r.authority.push_back(*soa);
    return false;
  }
  for (int k = name.label_count() - 1; k >= z.apex.label_count(); --k) {  // RFC 4592 closest encloser
    Name encloser = name.suffix(k);
    if (!exists(encloser)) continue;
    auto wild = encloser.prepend_label("*");
    auto node = wild ? z.nodes.find(*wild) : z.nodes.end();
    if (node != z.nodes.end())
      return answer_from_node(z.apex, node->second, soa, name, qtype, r.answer, r.authority);
    break;
  }
  r.rcode = dns::Rcode::kNXDomain;
  r.authority.push_back(*soa);
  return false;
}

void SimInternet::lookup(const Zone& z, const Name& qname, RRType qtype, Reply& r) {
  Name name = qname;
  for (int step = 0; step < kMaxChase && chase(z, name, qtype, r); ++step) {
  }
}

namespace {

void add_sections(dns::MessageBuilder& b, dns::Section s, const std::vector<RRset>& v) {
  for (const auto& rr : v) (void)b.add_rrset(s, rr.owner, rr.type, rr.rclass, rr.ttl, rr.rdatas);
}

struct Question {
  uint16_t id;
  uint16_t flags;
  Name qname;
  RRType qtype;
  dns::RRClass qclass;
  std::optional<uint16_t> edns_size;
};

std::vector<uint8_t> build(const Question& q, dns::Rcode rcode, bool aa, bool edns, bool tc,
                           const std::vector<RRset>* an, const std::vector<RRset>* ns,
                           const std::vector<RRset>* ar) {
  std::vector<uint8_t> out;
  dns::MessageBuilder b(out);
  b.set_id(q.id);
  b.set_flags(static_cast<uint16_t>(dns::flags::kQR | (aa ? dns::flags::kAA : 0) | (q.flags & dns::flags::kRD)));
  if (tc) b.set_tc();
  if (edns) (void)b.set_edns(dns::EdnsParams{});
  b.set_rcode(rcode);
  (void)b.add_question(q.qname, q.qtype, q.qclass);
  if (an) add_sections(b, dns::Section::kAnswer, *an);
  if (ns) add_sections(b, dns::Section::kAuthority, *ns);
  if (ar) add_sections(b, dns::Section::kAdditional, *ar);
  (void)b.finish();
  return out;
}

}  // namespace

Result<std::vector<uint8_t>> SimInternet::answer(const net::Endpoint& e, std::span<const uint8_t> wire,
                                                 resolver::Protocol protocol) {
  auto msg = dns::MessageView::parse(wire);
  if (!msg) return tl::unexpected(msg.error());
  auto qref = msg->question();
  auto qname = msg->question_name();
  if (!qref || !qname) return fail(ErrorCode::kMalformed, "sim: query without a question");
  Question q{msg->header().id, msg->header().flags, *qname, qref->type, qref->rclass, std::nullopt};
  if (msg->edns()) q.edns_size = std::max<uint16_t>(512, msg->edns()->udp_size);
  log_.push_back(ReceivedQuery{e, q.qname, q.qtype, protocol, q.edns_size.has_value()});

  Server& s = server(e);
  const ServerFaults& f = s.faults;
  if (f.dead) return fail(ErrorCode::kLimit, "sim: " + e.to_string() + " timed out");
  if (f.garbage) return std::vector<uint8_t>{0xde, 0xad, 0xbe, 0xef, 0x00};
  std::vector<uint8_t> out;
  const bool edns = q.edns_size.has_value();
  if (edns && f.formerr_to_edns) {
    out = build(q, dns::Rcode::kFormErr, false, false, false, nullptr, nullptr, nullptr);
  } else if (auto rc = f.rcode_override ? f.rcode_override(q.qname, q.qtype) : std::nullopt) {
    out = build(q, *rc, false, edns, false, nullptr, nullptr, nullptr);
  } else if (const Zone* z = best_zone(s, q.qname); z == nullptr || q.qclass != dns::RRClass::kIN) {
    out = build(q, dns::Rcode::kRefused, false, edns, false, nullptr, nullptr, nullptr);
  } else {
    Reply r;
    lookup(*z, q.qname, q.qtype, r);
    r.answer.insert(r.answer.end(), f.extra_answer.begin(), f.extra_answer.end());
    r.authority.insert(r.authority.end(), f.extra_authority.begin(), f.extra_authority.end());
    r.additional.insert(r.additional.end(), f.extra_additional.begin(), f.extra_additional.end());
    out = build(q, r.rcode, r.aa, edns, false, &r.answer, &r.authority, &r.additional);
    std::size_t limit = q.edns_size.value_or(512);
    if (f.udp_tc_above) limit = std::min(limit, *f.udp_tc_above);
    if (protocol == resolver::Protocol::kUdp && out.size() > limit)
      out = build(q, r.rcode, r.aa, edns, true, nullptr, nullptr, nullptr);
  }
  if (f.wrong_id) dns::patch_id(out, static_cast<uint16_t>(~q.id));
  return out;
}

asio::awaitable<Result<resolver::UpstreamReply>> SimInternet::query(const net::Endpoint& server,
                                                                    std::span<const uint8_t> wire,
                                                                    std::chrono::milliseconds /*timeout*/,
                                                                    resolver::Protocol protocol) {
  auto reply = answer(server, wire, protocol);
  if (!reply) co_return tl::unexpected(reply.error());
  co_return resolver::UpstreamReply{std::move(*reply), servers_[server].faults.rtt};
}

std::size_t SimInternet::count(const std::optional<net::Endpoint>& server) const {
  if (!server) return log_.size();
  return static_cast<std::size_t>(
      std::count_if(log_.begin(), log_.end(), [&](const ReceivedQuery& q) { return q.server == *server; }));
}

}  // namespace dns4eu::sim
