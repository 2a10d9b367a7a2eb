// privacy_statement.cc — see privacy_statement.h. Each paragraph is derived
// from one part of the config; the wording follows RFC 8932 §6.1.
#include "daemon/privacy_statement.h"

#include <sstream>

#include "daemon/internal/config_text.h"

namespace dns4eu::daemon {
namespace {

using internal::format_duration;

std::string address_sentence(const Config& c) {
  switch (effective_address_policy(c.profile, c.privacy)) {
    case AddressPolicy::kDrop:
      return "never written: it exists only in memory while the query is answered";
    case AddressPolicy::kKeep:
      return "written in full";
    case AddressPolicy::kTruncate:
      return "truncated before it is written: IPv4 to /" + std::to_string(c.privacy.truncate_v4) + ", IPv6 to /" +
             std::to_string(c.privacy.truncate_v6);
    case AddressPolicy::kPseudonymise:
      return "replaced by a pseudonym (HMAC-SHA256 under a key that changes every UTC day and is never stored), "
             "so one day's records cannot be linked to another day's";
  }
  return "";
}

std::string why(const Config& c) {
  switch (c.profile) {
    case PrivacyProfile::kPublic:
      return "to operate and secure the service; nothing identifies a client";
    case PrivacyProfile::kGovernment:
      return "to investigate security incidents affecting the organisations served";
    case PrivacyProfile::kTelco:
      return "to operate the network and meet the operator's legal obligations";
  }
  return "";
}

void write_logs(std::ostream& o, const Config& c, const std::string& address) {
  if (c.query_log) {
    const auto& q = *c.query_log;
    o << "- Query log: each answered query is logged (time, query name and type, response code and flags, "
         "latency, cache and policy outcome, transport and service flavour) in "
      << q.path << ". The client address is " << address << ".";
    if (c.privacy.client_port && c.profile != PrivacyProfile::kPublic) o << " The client's source port is kept.";
    if (!q.asn_database.empty())
      o << " The number of the network (autonomous system) the query came from is logged, looked up in "
        << q.asn_database << "; it names a network operator, never a client.";
    o << " Files rotate every " << format_duration(q.rotate_every) << " or at " << internal::format_size(q.max_size)
      << "; ";
    if (q.retention.count() > 0)
      o << "the daemon itself deletes records after at most " << format_duration(q.retention) << ".\n";
    else
      o << "rotated files are kept until the operator deletes them (no retention is configured).\n";
  } else {
    o << "- Query log: none. Individual queries are not recorded.\n";
  }
  if (c.dnstap) {
    o << "- dnstap: DNS messages (";
    const char* sep = "";
    for (auto [on, name] : {std::pair{c.dnstap->client_query, "client queries"},
                            {c.dnstap->client_response, "client responses"},
                            {c.dnstap->resolver_query, "queries to authoritative servers"},
                            {c.dnstap->resolver_response, "their responses"}})
      if (on) o << sep << name, sep = ", ";
    o << ") are copied to " << (c.dnstap->file.empty() ? c.dnstap->socket : c.dnstap->file)
      << "; the client address there is " << address << ".\n";
  } else {
    o << "- dnstap: off.\n";
  }
}

}  // namespace

std::string privacy_statement(const Config& c) {
  std::ostringstream o;
  std::string address = address_sentence(c);
  o << "Privacy statement of this dns4eu resolver (profile: " << to_string(c.profile) << ")\n"
    << "Generated from its configuration (RFC 8932, section 6).\n\n"
    << "1. Data collected and how long it is kept\n"
    << "- Client IP addresses: " << address << ".\n";
  write_logs(o, c, address);
  o << "- Metrics: only aggregate counters (by transport, service flavour, response code, cache, policy list); "
       "they never carry a client address.\n"
    << "- Cache: answers are cached for at most their TTL (capped at " << format_duration(c.cache.max_ttl)
    << "); the cache holds no client data.\n\n"
    << "2. Why\n"
    << "- The data above is kept " << why(c) << ".\n\n"
    << "3. What the resolver sends to others\n"
    << "- Queries to authoritative servers carry no client data: no client address, no EDNS Client Subnet.\n"
    << "- QNAME minimisation (RFC 9156) is " << (c.resolver.qname_minimisation ? "on" : "off")
    << ": authoritative servers see " << (c.resolver.qname_minimisation ? "only the labels they need" : "full names")
    << ".\n"
    << "- Nothing is shared with or sold to third parties by the resolver itself.\n";
  return o.str();
}

}  // namespace dns4eu::daemon
