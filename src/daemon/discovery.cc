// discovery.cc — RFC 9462 SVCB answers (see discovery.h).
#include "daemon/discovery.h"

#include <map>
#include <set>
#include <string>
#include <utility>

namespace dns4eu::daemon {
namespace {

struct Endpoint {
  std::string alpn;
  std::string dohpath;
  std::set<std::string> v4, v6;
};

std::string join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

// The DoH path advertised for a listener: its first path of the listener's
// own flavour (a path with another flavour is not this flavour's endpoint).
std::string doh_path(const Listener& l) {
  for (const DohPath& p : l.doh_paths)
    if (p.flavour.empty() || p.flavour == l.flavour) return p.path;
  return {};
}

}  // namespace

const dns::Name& designated_resolver_name() {
  static const dns::Name name = dns::Name::from_text("_dns.resolver.arpa.").value();
  return name;
}

std::optional<resolver::Resolution> discovery_answer(const Config& config, std::string_view flavour) {
  if (!config.discovery) return std::nullopt;
  // (transport, port) -> endpoint, in a stable order: dot, doh, doq.
  std::map<std::pair<Transport, uint16_t>, Endpoint> endpoints;
  for (const Listener& l : config.listeners) {
    if (l.flavour != flavour) continue;
    if (l.transport != Transport::kDot && l.transport != Transport::kDoh && l.transport != Transport::kDoq) continue;
    Endpoint& e = endpoints[{l.transport, l.port}];
    if (l.transport == Transport::kDot) e.alpn = "dot";
    if (l.transport == Transport::kDoq) e.alpn = "doq";
    if (l.transport == Transport::kDoh) {
      e.alpn = "h2,http/1.1";
      if (e.dohpath.empty()) e.dohpath = doh_path(l);
      if (e.dohpath.empty()) {  // no path of this flavour on this listener
        endpoints.erase({l.transport, l.port});
        continue;
      }
    }
    if (!l.address.is_unspecified()) (l.address.is_v4() ? e.v4 : e.v6).insert(l.address.to_string());
  }
  resolver::Resolution r;
  r.rcode = dns::Rcode::kNoError;
  r.from_cache = true;
  dns::RRset set{designated_resolver_name(), dns::RRType::kSVCB, dns::RRClass::kIN,
                 static_cast<uint32_t>(config.discovery->ttl.count()), {}, {}};
  unsigned priority = 1;
  for (const auto& [key, e] : endpoints) {
    std::string text = std::to_string(priority++) + " " + config.discovery->name.to_text() + " alpn=" + e.alpn +
                       " port=" + std::to_string(key.second);
    if (!e.v4.empty()) text += " ipv4hint=" + join(e.v4);
    if (!e.v6.empty()) text += " ipv6hint=" + join(e.v6);
    if (!e.dohpath.empty()) text += " dohpath=\"" + e.dohpath + "{?dns}\"";
    if (auto rd = dns::rdata_from_text(dns::RRType::kSVCB, text)) set.rdatas.push_back(std::move(*rd));
  }
  if (!set.rdatas.empty()) r.answer.push_back(std::move(set));
  return r;
}

}  // namespace dns4eu::daemon
