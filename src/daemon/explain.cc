// explain.cc — see explain.h.
#include "daemon/explain.h"

#include <sstream>
#include <utility>

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

Result<Explanation> explain(const Config& config, const policy::Policy& p, const ExplainQuery& q) {
  auto name = dns::Name::from_text(q.name);  // the trailing dot is optional
  if (!name) return fail(ErrorCode::kInvalidArgument, "name: " + name.error().message);
  Explanation e;
  e.query = name->to_text();
  std::optional<policy::IpAddr> client;
  if (!q.from.empty()) {
    auto a = policy::IpAddr::parse(q.from);
    if (!a) return fail(ErrorCode::kInvalidArgument, "from: " + a.error().message);
    client = *a;
    e.client = client->to_string();
  }
  uint16_t endpoint_profile = 0;
  e.chosen_by = "endpoint";
  if (auto id = p.profile_id(q.endpoint); id && !q.endpoint.empty()) {
    endpoint_profile = *id;
    e.reached = "an endpoint of flavour " + std::string(q.endpoint);
  } else {
    const Listener* found = nullptr;
    for (const auto& l : config.listeners)
      if (q.endpoint.empty() || endpoint_matches(l, q.endpoint)) {
        found = &l;
        break;
      }
    if (!found) {
      return fail(ErrorCode::kInvalidArgument, "endpoint: no listener or profile '" + std::string(q.endpoint) + "'");
    }
    endpoint_profile = p.profile_id(found->flavour).value_or(0);
    e.reached = listener_text(*found) + " (flavour " + found->flavour + ")";
    if (!q.doh_path.empty()) {
      const DohPath* path = nullptr;
      for (const DohPath& d : found->doh_paths)
        if (d.path == q.doh_path) path = &d;
      if (!path) {
        return fail(ErrorCode::kInvalidArgument,
                    "doh_path: '" + std::string(q.doh_path) + "' is not a DoH path of " + listener_text(*found));
      }
      e.reached += " path " + path->path;
      if (!path->flavour.empty()) {
        endpoint_profile = p.profile_id(path->flavour).value_or(0);
        e.chosen_by = "doh path";
      }
    }
  }
  // The order of Policy::choose: tenant, then server name (or a client ID in
  // it), then the endpoint's (the listener's or its DoH path's).
  policy::Selection chosen = p.choose(endpoint_profile, client ? &*client : nullptr, q.server_name);
  uint16_t profile = chosen.profile;
  if (chosen.by != policy::ChosenBy::kEndpoint) e.chosen_by = std::string(policy::to_string(chosen.by));
  e.unknown_client_id = chosen.unknown_client_id;
  e.tenant = std::string(chosen.tenant);
  e.profile = p.profile(profile).name;
  e.filters = p.profile(profile).filters();
  if (!e.filters) return e;
  policy::Verdict v;
  if (client) {
    v = p.check_client_ip(profile, *client);
    if (v.action != policy::Action::kNone) e.client_rule = p.explain(v, *name);
  }
  if (v.action == policy::Action::kNone) v = p.check_qname(profile, *name);
  e.verdict = p.explain(v, *name);
  e.action = std::string(policy::to_string(v.action));
  e.answer = answer_text(v, p, profile);
  e.ede = v.ede();
  e.answer_checked = !v.blocks() && !v.allowlisted;
  return e;
}

std::string to_text(const Explanation& e) {
  std::ostringstream o;
  o << "query:    " << e.query;
  if (!e.client.empty()) o << " from " << e.client;
  o << " at " << e.reached << "\n";
  o << "profile:  " << e.profile;
  if (e.chosen_by == "tenant") o << " (chosen by the client's network: tenant " << e.tenant << ")";
  else if (e.chosen_by == "server name") o << " (chosen by the TLS server name)";
  else if (e.chosen_by == "client id") o << " (chosen by the client ID in the TLS server name)";
  else if (e.chosen_by == "doh path") o << " (the DoH path's flavour)";
  else o << " (the endpoint's flavour)";
  if (e.unknown_client_id) o << "; the server name's client ID is not configured";
  o << "\n";
  if (!e.filters) {
    o << "verdict:  no filtering in this profile\nanswer:   resolved normally\n";
    return o.str();
  }
  if (!e.client_rule.empty()) o << "client:   " << e.client_rule << "\n";
  o << "verdict:  " << e.verdict << "\n";
  o << "answer:   " << e.answer;
  if (e.ede) o << ", EDE " << static_cast<int>(e.ede->code) << " \"" << e.ede->extra_text << "\"";
  o << "\n";
  if (e.answer_checked)
    o << "then:     every CNAME target (and, with rpz-ip rules, address) of the answer is checked the same way\n";
  return o.str();
}

Result<std::string> explain_query(const Config& config, std::string_view name_text, std::string_view from,
                                  std::string_view endpoint, std::string_view server_name, std::string_view doh_path) {
  // The name first: a typo is answered before the lists load.
  if (auto name = dns::Name::from_text(name_text); !name)
    return fail(ErrorCode::kInvalidArgument, "name: " + name.error().message);
  std::vector<std::string> warnings;
  auto built = policy::Policy::build(config.policy.spec, nullptr, &warnings);
  if (!built) return fail(built.error().code, "policy: " + built.error().message);
  auto e = explain(config, **built, ExplainQuery{name_text, from, endpoint, server_name, doh_path});
  if (!e) {  // the field as the command line's option
    static constexpr std::pair<std::string_view, std::string_view> kOptions[] = {
        {"from:", "--from:"}, {"endpoint:", "--endpoint:"}, {"doh_path:", "--doh-path:"}};
    std::string m = e.error().message;
    for (auto [field, option] : kOptions)
      if (m.rfind(field, 0) == 0) m = std::string(option) + m.substr(field.size());
    return fail(e.error().code, m);
  }
  std::string text = to_text(*e);
  for (const auto& w : warnings) text += "warning:  " + w + "\n";
  return text;
}

}  // namespace dns4eu::daemon
