// aggressive_cache.h — aggressive use of DNSSEC-validated cache (RFC 8198):
// the validated NSEC and NSEC3 records of each zone, kept in order, so an
// NXDOMAIN or NODATA whose proof the cache already holds is answered without
// asking upstream (and a random-subdomain flood against a signed zone costs
// its servers nothing once the chain is known).
//
// insert() takes only records the validator found secure, with the zone's
// SOA. lookup() gathers the records that could prove a denial for (qname,
// qtype) — for NSEC the record at or before qname and at or before each
// "*.<ancestor>", for NSEC3 the same by hash for every ancestor — and runs
// the ordinary proofs of denial.h on them; only kProven synthesises (an
// opt-out span never does). The answer's TTL is the smallest remaining TTL of
// the SOA and the records used.
//
//   AggressiveCache agg;
//   agg.insert(zone, soa, proofs, now);
//   if (auto s = agg.lookup(qname, qtype, now, limits)) answer(s->rcode, s->soa, s->proofs);
//
// Thread-safety: safe to call concurrently (one shared mutex; lookups share it).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/rrset.h"
#include "dns/types.h"
#include "dnssec/work_limit.h"

namespace dns4eu::dnssec {

class AggressiveCache {
 public:
  explicit AggressiveCache(std::size_t max_records = 262144);
  ~AggressiveCache();
  AggressiveCache(const AggressiveCache&) = delete;
  AggressiveCache& operator=(const AggressiveCache&) = delete;

  // `soa`: the zone's SOA RRset (TTL = the negative TTL to use); `proofs`:
  // NSEC/NSEC3 RRsets of `zone` (others are ignored). Times are monotonic seconds.
  void insert(const dns::Name& zone, const dns::RRset& soa, std::span<const dns::RRset> proofs, uint32_t now);

  struct Synthesis {
    dns::Rcode rcode = dns::Rcode::kNXDomain;  // kNXDomain or kNoError (NODATA)
    dns::RRset soa;
    std::vector<dns::RRset> proofs;  // TTLs set to the remaining TTL
    uint32_t ttl = 0;
  };
  std::optional<Synthesis> lookup(const dns::Name& qname, dns::RRType qtype, uint32_t now,
                                  const ValidationLimits& limits) const;

  void flush_all();
  std::size_t records() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dns4eu::dnssec
