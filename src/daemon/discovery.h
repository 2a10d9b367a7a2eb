// discovery.h — Discovery of Designated Resolvers (RFC 9462): the SVCB
// answer to `_dns.resolver.arpa` that tells a Do53 client which encrypted
// endpoints (DoT, DoH, DoQ) of this resolver it may upgrade to, so clients
// switch to encrypted DNS by themselves.
//
// The records advertise the config's dot/doh/doq listeners of the flavour the
// query arrived on (a DoH path may refine a flavour, never alone: RFC 9462
// §6.5 — only the listener's own paths are advertised), with the name from
// `discovery.name` as target (the name their certificate must carry), one
// SVCB record per transport and port, with alpn, port, dohpath and the
// listeners' addresses as ipv4hint/ipv6hint when they are not wildcards.
//
//   auto r = discovery_answer(config, "plain", qname);   // nullopt: not enabled
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

#include "daemon/config.h"
#include "resolver/resolution.h"

namespace dns4eu::daemon {

// "_dns.resolver.arpa."
const dns::Name& designated_resolver_name();

// The Resolution answering `_dns.resolver.arpa` SVCB for clients of listeners
// of `flavour`; nullopt when config.discovery is not set. NOERROR with no
// records when no encrypted listener serves that flavour.
std::optional<resolver::Resolution> discovery_answer(const Config& config, std::string_view flavour);

}  // namespace dns4eu::daemon
