// rpz_parser.cc — RPZ zone files (draft-vixie-dnsop-dns-rpz) into a List.
//
// The zone's SOA (its first record) gives the origin; every other record's
// owner, relative to it, is a trigger:
//   name / *.name                 QNAME (exact / names below)
//   <len>.<reversed ip>.rpz-ip    response IP        (IPv6: groups reversed, "zz" for "::")
//   ... .rpz-client-ip            client IP
//   name.rpz-nsdname              NS name (exact; "*.name" below)
//   <len>.<reversed ip>.rpz-nsip  an address of a name server of the name's zone
// and its records the action: CNAME . (NXDOMAIN), CNAME *. (NODATA),
// CNAME rpz-passthru. / rpz-drop. / rpz-tcp-only., or local data (any other
// records, answered with the query name as owner). NS records at the apex are
// ignored.
#include <algorithm>

#include "dns/zone_reader.h"
#include "policy/list_parser.h"

namespace dns4eu::policy::internal {
namespace {

enum class TriggerKind { kQname, kIp, kClientIp, kNsdname, kNsIp };

struct Trigger {
  TriggerKind kind = TriggerKind::kQname;
  dns::Name name;  // kQname / kNsdname, without "*."
  bool below = false;
  IpNet net;       // kIp / kClientIp / kNsIp
};

// `owner`'s first `labels` labels: prefix length, then the address least significant part first.
Result<IpNet> parse_ip_trigger(const dns::Name& owner, int labels) {
  if (labels < 2) return fail(ErrorCode::kMalformed, "bad IP trigger: no address");
  std::vector<std::string_view> parts;  // the address in normal order
  for (int i = labels - 1; i >= 1; --i) parts.push_back(owner.label(i));
  bool v4 = parts.size() == 4;
  for (auto p : parts) v4 = v4 && !p.empty() && p.size() <= 3 && p.find_first_not_of("0123456789") == std::string::npos;
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) text += v4 ? "." : ":";
    if (!v4 && parts[i] == "zz") {
      if (i == 0) text += ":";
      if (i + 1 == parts.size()) text += ":";
      continue;
    }
    text += parts[i];
  }
  auto net = IpNet::parse(text + "/" + std::string(owner.label(0)));
  if (!net) return fail(ErrorCode::kMalformed, "bad IP trigger: " + net.error().message);
  return net;
}

Result<Trigger> parse_trigger(const dns::Name& owner, const dns::Name& origin) {
  if (!owner.is_subdomain_of(origin)) return fail(ErrorCode::kMalformed, "owner " + owner.to_text() + " is outside the zone");
  int labels = owner.label_count() - origin.label_count();
  Trigger t;
  std::string_view last = labels > 0 ? owner.label(labels - 1) : std::string_view{};
  auto is = [&](std::string_view s) {
    return last.size() == s.size() && std::equal(s.begin(), s.end(), last.begin(), [](char a, char b) {
             return a == static_cast<char>(dns::ascii_lower(static_cast<uint8_t>(b)));
           });
  };
  if (is("rpz-ip") || is("rpz-client-ip") || is("rpz-nsip")) {
    t.kind = is("rpz-ip") ? TriggerKind::kIp : is("rpz-nsip") ? TriggerKind::kNsIp : TriggerKind::kClientIp;
    auto net = parse_ip_trigger(owner, labels - 1);
    if (!net) return tl::unexpected(net.error());
    t.net = *net;
    return t;
  }
  int name_labels = labels;
  if (is("rpz-nsdname")) {
    t.kind = TriggerKind::kNsdname;
    --name_labels;
  }
  if (name_labels <= 0) return fail(ErrorCode::kMalformed, "empty trigger name");
  // The trigger name: the owner's first name_labels labels, as an absolute name.
  dns::Name name;
  for (int i = name_labels - 1; i >= 0; --i) {
    auto n = name.prepend_label(owner.label(i));
    if (!n) return tl::unexpected(n.error());
    name = *n;
  }
  if (owner.label(0) == "*") {
    t.below = true;
    name = name.parent();
    if (name.is_root()) return fail(ErrorCode::kMalformed, "wildcard trigger on the root");
  }
  t.name = name.lowercased();
  return t;
}

// The action of a CNAME rule, or kLocalData for a CNAME to anything else.
RuleAction cname_action(const dns::Rdata& rdata) {
  auto target = dns::Name::from_wire(rdata);
  if (!target) return RuleAction::kLocalData;
  if (target->is_root()) return RuleAction::kNxdomain;
  std::string t = target->lowercased().to_text();
  if (t == "*.") return RuleAction::kNodata;
  if (t == "rpz-passthru.") return RuleAction::kPassthru;
  if (t == "rpz-drop.") return RuleAction::kDrop;
  if (t == "rpz-tcp-only.") return RuleAction::kTcpOnly;
  return RuleAction::kLocalData;
}

// One owner's rules, collected before they go into the compact sets.
struct Pending {
  RuleAction self = RuleAction::kList, below = RuleAction::kList;
  LocalData self_data, below_data;
  bool has_self = false, has_below = false;
};

struct TriggerKey {
  TriggerKind kind;
  uint64_t hash;
  friend bool operator==(const TriggerKey&, const TriggerKey&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const TriggerKey& k) {
    return H::combine(std::move(h), static_cast<int>(k.kind), k.hash);
  }
};

Status add_record(const dns::ZoneRecord& rec, const Trigger& t, Pending& p) {
  RuleAction a = rec.type == dns::RRType::kCNAME ? cname_action(rec.rdata) : RuleAction::kLocalData;
  bool& has = t.below ? p.has_below : p.has_self;
  RuleAction& act = t.below ? p.below : p.self;
  LocalData& data = t.below ? p.below_data : p.self_data;
  if (has && (a != RuleAction::kLocalData || act != RuleAction::kLocalData)) {
    return fail(ErrorCode::kMalformed, "a trigger has either one action (CNAME) or local data records, not both");
  }
  if (has && rec.type == dns::RRType::kCNAME) return fail(ErrorCode::kMalformed, "CNAME and other data at one trigger");
  for (const auto& d : data)
    if (d.type == dns::RRType::kCNAME) return fail(ErrorCode::kMalformed, "CNAME and other data at one trigger");
  has = true;
  act = a;
  if (a == RuleAction::kLocalData) data.push_back(LocalRecord{rec.type, rec.ttl, rec.rdata});
  return {};
}

uint32_t store_data(LocalData&& d, List& out) {
  if (d.empty()) return UINT32_MAX;
  out.data.push_back(std::move(d));
  return static_cast<uint32_t>(out.data.size() - 1);
}

// Simple rules go into the DomainSet's flag byte; the rest into the side table.
void add_name_rule(uint64_t hash, Pending& p, DomainSet::Builder& b, List& out) {
  uint8_t flags = (p.has_self ? kSelf : 0) | (p.has_below ? kBelow : 0);
  bool simple = p.self_data.empty() && p.below_data.empty() && (!p.has_self || !p.has_below || p.self == p.below);
  if (simple) {
    RuleAction a = p.has_self ? p.self : p.below;
    b.add_hash(hash, static_cast<uint8_t>(flags | (static_cast<uint8_t>(a) << kActionShift)));
    return;
  }
  SideRule r{p.self, p.below, store_data(std::move(p.self_data), out), store_data(std::move(p.below_data), out)};
  out.side.emplace(slot_key(hash), r);
  b.add_hash(hash, static_cast<uint8_t>(flags | kSideTable));
}

}  // namespace

Status parse_rpz(std::string_view text, List& out) {
  dns::ZoneReaderOptions opt;
  opt.allow_include = false;
  opt.default_ttl = 300;
  auto reader = dns::ZoneReader::from_string(std::string(text), out.source, opt);
  std::optional<dns::Name> origin;
  absl::flat_hash_map<TriggerKey, Pending> names;
  std::vector<std::pair<Trigger, Pending>> ips;
  absl::flat_hash_map<std::pair<int, IpNet>, std::size_t> ip_index;  // (kind, network) -> index in ips
  for (;;) {
    auto rec = reader.next();
    if (!rec) return tl::unexpected(rec.error());
    if (!*rec) break;
    const dns::ZoneRecord& r = **rec;
    auto where = [&](const std::string& m) { return out.source + ":" + std::to_string(r.line) + ": " + m; };
    if (!origin) {
      if (r.type != dns::RRType::kSOA) return fail(ErrorCode::kMalformed, where("an RPZ zone starts with its SOA record"));
      origin = r.owner;
      if (auto soa = dns::SoaView::parse(r.rdata)) out.serial = soa->serial;
      continue;
    }
    if (r.owner == *origin) {
      if (r.type == dns::RRType::kNS || r.type == dns::RRType::kSOA) continue;
      return fail(ErrorCode::kMalformed, where("only SOA and NS records belong at the zone apex"));
    }
    auto t = parse_trigger(r.owner, *origin);
    if (!t) return fail(t.error().code, where(t.error().message));
    Status s;
    if (t->kind == TriggerKind::kIp || t->kind == TriggerKind::kClientIp || t->kind == TriggerKind::kNsIp) {
      auto [at, added] = ip_index.emplace(std::pair{static_cast<int>(t->kind), t->net}, ips.size());
      if (added) ips.push_back({*t, Pending{}});
      s = add_record(r, *t, ips[at->second].second);
    } else {
      s = add_record(r, *t, names[TriggerKey{t->kind, name_hash(t->name.wire())}]);
    }
    if (!s) return fail(s.error().code, where(s.error().message));
  }
  if (!origin) return fail(ErrorCode::kMalformed, out.source + ": empty RPZ zone (no SOA)");
  DomainSet::Builder qnames, nsdnames;
  for (auto& [key, p] : names) add_name_rule(key.hash, p, key.kind == TriggerKind::kQname ? qnames : nsdnames, out);
  for (auto& [t, p] : ips) {
    IpRule rule{t.net, p.self, store_data(std::move(p.self_data), out)};
    auto& rules = t.kind == TriggerKind::kIp ? out.response_ips : t.kind == TriggerKind::kNsIp ? out.ns_ips : out.client_ips;
    // One per (kind, network) as written: the records of each were merged above. Two
    // triggers for one network written with different host bits: the first rule stays.
    rules.add(rule);
  }
  out.rule_count = qnames.size() + nsdnames.size() + ips.size();
  out.names = std::move(qnames).build();
  out.nsdnames = std::move(nsdnames).build();
  return {};
}

}  // namespace dns4eu::policy::internal
