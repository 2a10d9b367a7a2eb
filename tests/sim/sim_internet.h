// sim_internet.h — a deterministic, in-process simulated DNS Internet for
// unit tests and fuzzing of the resolver: a resolver::Upstream whose
// "servers" are authoritative name servers answering from zone text.
//
// Each server (an Endpoint) serves any number of zones. It answers like an
// authoritative server (RFC 1034 §4.3.2): AA answers, in-zone CNAME chasing,
// referrals with glue below delegations (non-AA), NXDOMAIN / NODATA with the
// SOA in authority, empty non-terminals as NODATA, wildcards (RFC 4592) and
// DNAME with a synthesised CNAME (RFC 6672); REFUSED for zones it does not
// serve (lame). Faults are set per server (dead, FORMERR to EDNS, TC over
// UDP above a size, garbage, wrong ID, extra out-of-bailiwick records, rcode
// overrides). Every query received is logged. query() completes at once:
// no timers, no sockets, no randomness.
//
//   SimInternet net;
//   net.add_zone(*Endpoint::parse("127.53.0.1"), ".", root_zone_text);
//   net.faults(*Endpoint::parse("127.53.3.1")).dead = true;
//   Iterator it(config, caches, net);          // then co_spawn it.resolve(...)
//
// Thread-safety: none; one SimInternet per test / fuzz iteration thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"
#include "dns/rrset.h"
#include "dns/types.h"
#include "net/endpoint.h"
#include "resolver/upstream.h"

namespace dns4eu::sim {

// What a server does wrong. Defaults: nothing.
struct ServerFaults {
  bool dead = false;              // every query fails with kLimit (a timeout, without waiting)
  bool formerr_to_edns = false;   // queries with an OPT record get FORMERR without OPT
  std::optional<std::size_t> udp_tc_above;  // UDP answers larger than this: TC=1, question only
  bool garbage = false;           // replies with bytes that are not a DNS message
  bool wrong_id = false;          // replies with the query's ID inverted (net/ should drop it)
  // Extra RRsets appended to every answer (e.g. out-of-bailiwick lies).
  std::vector<dns::RRset> extra_answer, extra_authority, extra_additional;
  // When it returns an rcode, the server answers that rcode with no records.
  std::function<std::optional<dns::Rcode>(const dns::Name& qname, dns::RRType qtype)> rcode_override;
  std::chrono::microseconds rtt{10000};   // reported round-trip time
};

struct ReceivedQuery {
  net::Endpoint server;
  dns::Name qname;
  dns::RRType qtype{};
  resolver::Protocol protocol = resolver::Protocol::kUdp;
  bool edns = false;
};

class SimInternet : public resolver::Upstream {
 public:
  SimInternet();
  ~SimInternet() override;

  // Parses `zone_text` (relative names are relative to `origin`) and serves it
  // at `server`. Fails with the zone reader's file:line:column message, or
  // when the zone has no SOA at `origin`.
  Status add_zone(const net::Endpoint& server, std::string_view origin, std::string zone_text);
  // The faults of `server` (created empty; a server without zones is lame).
  ServerFaults& faults(const net::Endpoint& server);

  asio::awaitable<Result<resolver::UpstreamReply>> query(const net::Endpoint& server,
                                                         std::span<const uint8_t> wire,
                                                         std::chrono::milliseconds timeout,
                                                         resolver::Protocol protocol) override;

  // The synchronous core of query(): the reply `server` sends to `wire`.
  // Errors: kLimit for a dead server, kMalformed for a query it cannot parse.
  Result<std::vector<uint8_t>> answer(const net::Endpoint& server, std::span<const uint8_t> wire,
                                      resolver::Protocol protocol);

  const std::vector<ReceivedQuery>& log() const { return log_; }
  void clear_log() { log_.clear(); }
  // Queries received by `server` (all servers when nullopt).
  std::size_t count(const std::optional<net::Endpoint>& server = std::nullopt) const;

 private:
  // A zone's data: owner -> type -> RRset, in canonical order so that the
  // names below a node follow it (empty non-terminals, closest encloser).
  struct Zone {
    dns::Name apex;
    std::map<dns::Name, std::map<dns::RRType, dns::RRset>> nodes;
  };
  struct Server {
    std::vector<Zone> zones;
    ServerFaults faults;
  };
  struct Reply;
  Server& server(const net::Endpoint& ep);
  static const Zone* best_zone(const Server& s, const dns::Name& qname);
  static void lookup(const Zone& z, const dns::Name& qname, dns::RRType qtype, Reply& r);
  static bool chase(const Zone& z, dns::Name& name, dns::RRType qtype, Reply& r);
  static void add_glue(const Zone& z, const dns::RRset& ns, Reply& r);

  std::map<net::Endpoint, Server> servers_;
  std::vector<ReceivedQuery> log_;
};

// Endpoint from "a.b.c.d" (port 53); aborts on a bad literal — tests only.
net::Endpoint ep(std::string_view address);

}  // namespace dns4eu::sim
