// resolver_config.h — the knobs of the iterative algorithm. The daemon fills
// this from its YAML config; the resolver never reads config files.
//
//   ResolverConfig rc;
//   rc.server_filter.allow_loopback = true;   // a test Internet on 127.53/16
//   Iterator it(rc, caches, upstream);
//
// Thread-safety: immutable once a worker uses it (swapped whole on reload).
#pragma once

#include <chrono>
#include <cstdint>

#include <memory>

#include "dnssec/trust_anchor.h"
#include "dnssec/work_limit.h"
#include "resolver/root_hints.h"
#include "resolver/server_filter.h"

namespace dns4eu::resolver {

struct ResolverConfig {
  bool qname_minimisation = true;      // RFC 9156, with its fallbacks
  bool use_ipv4 = true;                // query servers over IPv4
  bool use_ipv6 = true;                // query servers over IPv6
  bool dnssec_ok = true;               // set DO upstream (RRSIGs kept for validation)
  uint16_t edns_buffer_size = 1232;    // advertised upstream (DNS flag day 2020)

  // Work limits per client query (NXNS / TsuNAME class attacks).
  int max_upstream_queries = 64;
  int max_glueless_lookups = 8;        // NS names resolved for their addresses
  int max_depth = 4;                   // nested sub-resolutions
  int max_cname_chain = 12;
  int max_referrals = 24;              // per name
  int max_attempts_per_zone = 6;       // servers tried for one question
  int max_minimised_queries = 10;      // RFC 9156 MAX_MINIMISE_COUNT
  std::chrono::milliseconds max_resolution_time{8000};
  std::chrono::milliseconds tcp_timeout{2000};

  // DNSSEC validation (RFC 4035): on when trust anchors are given.
  std::shared_ptr<const dnssec::TrustAnchors> trust_anchors;
  dnssec::ValidationLimits validation;

  ServerFilter server_filter;
  RootHints root_hints = builtin_root_hints();
};

}  // namespace dns4eu::resolver
