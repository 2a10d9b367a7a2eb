// xfr_client.h — one zone transfer (AXFR, RFC 5936; IXFR, RFC 1995) or SOA
// serial check over TCP from a primary, signed and verified with TSIG when a
// key is given. Blocking with a deadline: call it from a control thread,
// never from a worker.
//
//   Primary p{"192.0.2.1", 53};
//   auto serial = query_soa_serial(p, zone, key, 10s);       // Result<uint32_t>
//   auto got = transfer(p, zone, key, &current, 30s);        // IXFR from `current`; AXFR when null
//   if (got) use(got->zone);                                 // a complete, verified new version
//
// An IXFR that the reader finds inconsistent is retried as AXFR (got->fell_back).
// Thread-safety: reentrant.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "dns/name.h"
#include "dns/result.h"
#include "intel/tsig.h"
#include "intel/xfr_source.h"
#include "intel/zone.h"

namespace dns4eu::intel {

struct XfrResult {
  Zone zone;
  bool incremental = false, up_to_date = false, fell_back = false;
  std::size_t messages = 0, records = 0;
};

Result<uint32_t> query_soa_serial(const Primary& p, const dns::Name& zone, const std::optional<TsigKey>& key,
                                  std::chrono::seconds timeout);
Result<XfrResult> transfer(const Primary& p, const dns::Name& zone, const std::optional<TsigKey>& key,
                           const Zone* base, std::chrono::seconds timeout);

// The response stream of one transfer, already received (for tests and fuzzing):
// verifies TSIG (when `session`), reads the records, returns the new version.
Result<XfrResult> read_transfer(const std::vector<std::vector<uint8_t>>& messages, const dns::Name& zone,
                                XfrKind kind, const Zone* base, TsigSession* session, uint64_t now);

}  // namespace dns4eu::intel
