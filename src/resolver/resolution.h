// resolution.h — the outcome of resolving one question, and the budget that
// bounds the work spent on it.
//
// A Resolution is what the daemon turns into a client response: an rcode,
// the answer chain (CNAME/DNAME RRsets then the final RRsets), the authority
// RRsets of a negative answer (SOA, proofs), and an Extended DNS Error when
// something went wrong. TTLs in it are remaining TTLs.
//
//   Budget b = Budget::from(config, now);
//   Resolution r = co_await iterator.resolve(qname, RRType::kA, b);
//
// Thread-safety: value types.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "dns/edns.h"
#include "dns/rrset.h"
#include "cache/cache_types.h"
#include "dns/types.h"
#include "dnssec/work_limit.h"

namespace dns4eu::resolver {

struct Resolution {
  dns::Rcode rcode = dns::Rcode::kServFail;
  std::vector<dns::RRset> answer;
  std::vector<dns::RRset> authority;
  std::optional<dns::ExtendedError> ede;
  // DNSSEC: kSecure only when every RRset and denial proof of the chain was
  // validated; kBogus with `ede` saying why; kUnchecked when validation is off.
  cache::Security security = cache::Security::kUnchecked;
  bool from_cache = true;      // no upstream query was needed
  int upstream_queries = 0;    // spent on this resolution

  static Resolution servfail(dns::EdeCode code, std::string text) {
    Resolution r;
    r.ede = dns::ExtendedError{code, std::move(text)};
    return r;
  }
};

// Bounds on the work one client query may cause (NXNS / TsuNAME defence).
struct Budget {
  int upstream_queries_left = 64;
  int glueless_left = 8;
  int depth = 0;               // nesting of sub-resolutions (NS addresses)
  std::chrono::steady_clock::time_point deadline;
  dnssec::WorkMeter validation;  // signature checks left (KeyTrap defence)
  std::vector<dns::Name> keying;  // zones whose chain of trust is being built (loop guard)

  bool exhausted() const {
    return upstream_queries_left <= 0 || std::chrono::steady_clock::now() >= deadline;
  }
};

}  // namespace dns4eu::resolver
