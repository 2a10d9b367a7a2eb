// explain.cc — see explain.h.
#include "daemon/explain.h"

#include <sstream>

#include "dns/rdata.h"
#include "policy/policy.h"

namespace dns4eu::daemon {
namespace {

std::string listener_text(const Listener& l) {
  std::string a = l.address.to_string();
  return std::string(to_string(l.transport)) + " " + (l.address.is_v6() ? "[" + a + "]" : a) + ":" + std::to_string(l.port);
}

bool endpoint_matches(const Listener& l, std::string_view e) {
  std::string a = l.address.to_string();
  return e == a || e == a + ":" + std::to_string(l.port) || e == "[" + a + "]:" + std::to_string(l.port) ||
         e == "[" + a + "]";
}

std::string answer_text(const policy::Verdict& v, const policy::Policy& p, uint16_t profile) {
  const policy::Profile& prof = p.profile(profile);
  switch (v.action) {
    case policy::Action::kNone:
    case policy::Action::kPassthru:
      return "resolved normally";
    case policy::Action::kNxdomain: return "NXDOMAIN";
    case policy::Action::kNodata: return "NOERROR without records (NODATA)";
    case policy::Action::kRefused: return "REFUSED";
    case policy::Action::kDrop: return "no answer (dropped)";
    case policy::Action::kTcpOnly: return "TC=1 over UDP, resolved normally over TCP";
    case policy::Action::kSinkhole: {
      std::string s = "sinkhole:";
      if (prof.sinkhole_v4) s += " A " + prof.sinkhole_v4->to_string();
      if (prof.sinkhole_v6) s += " AAAA " + prof.sinkhole_v6->to_string();
      return s + " (other types: NODATA)";
    }
    case policy::Action::kLocalData: {
      std::string s = "local data:";
      if (v.data)
        for (const auto& r : *v.data) s += " " + dns::rrtype_to_text(r.type) + " " + dns::rdata_to_text(r.type, r.rdata) + ";";
      return s;
    }
  }
  return "?";
}

}  // namespace

Result<std::string> explain_query(const Config& config, std::string_view name_text, std::string_view from,
                                  std::string_view endpoint) {
  auto name = dns::Name::from_text(name_text);
  if (!name) return fail(ErrorCode::kInvalidArgument, "name: " + name.error().message);
  std::vector<std::string> warnings;
  auto built = policy::Policy::build(config.policy.spec, nullptr, &warnings);
  if (!built) return fail(built.error().code, "policy: " + built.error().message);
  const policy::Policy& p = **built;
  std::ostringstream o;
  o << "query:    " << name->to_text();
  std::optional<policy::IpAddr> client;
  if (!from.empty()) {
    auto a = policy::IpAddr::parse(from);
    if (!a) return fail(ErrorCode::kInvalidArgument, "--from: " + a.error().message);
    client = *a;
    o << " from " << client->to_string();
  }
  uint16_t endpoint_profile = 0;
  std::string reached;
  if (auto id = p.profile_id(endpoint); id && !endpoint.empty()) {
    endpoint_profile = *id;
    reached = "an endpoint of flavour " + std::string(endpoint);
  } else {
    const Listener* found = nullptr;
    for (const auto& l : config.listeners)
      if (endpoint.empty() || endpoint_matches(l, endpoint)) {
        found = &l;
        break;
      }
    if (!found) return fail(ErrorCode::kInvalidArgument, "--endpoint: no listener or profile '" + std::string(endpoint) + "'");
    endpoint_profile = p.profile_id(found->flavour).value_or(0);
    reached = listener_text(*found) + " (flavour " + found->flavour + ")";
  }
  o << " at " << reached << "\n";
  uint16_t profile = p.select(endpoint_profile, client ? &*client : nullptr);
  o << "profile:  " << p.profile(profile).name
    << (profile != endpoint_profile ? " (chosen by the client's network: a tenant)" : " (the endpoint's flavour)") << "\n";
  if (!p.profile(profile).filters()) {
    o << "verdict:  no filtering in this profile\nanswer:   resolved normally\n";
    return o.str();
  }
  policy::Verdict v;
  if (client) {
    v = p.check_client_ip(profile, *client);
    if (v.action != policy::Action::kNone) o << "client:   " << p.explain(v, *name) << "\n";
  }
  if (v.action == policy::Action::kNone) v = p.check_qname(profile, *name);
  o << "verdict:  " << p.explain(v, *name) << "\n";
  o << "answer:   " << answer_text(v, p, profile);
  if (auto e = v.ede()) o << ", EDE " << static_cast<int>(e->code) << " \"" << e->extra_text << "\"";
  o << "\n";
  if (!v.blocks() && !v.allowlisted) o << "then:     every CNAME target (and, with rpz-ip rules, address) of the answer is checked the same way\n";
  for (const auto& w : warnings) o << "warning:  " << w << "\n";
  return o.str();
}

}  // namespace dns4eu::daemon
