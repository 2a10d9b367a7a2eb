// zone.h — one transferred zone held in memory (the base for the next IXFR),
// RFC 1982 serial arithmetic, and the reader of an AXFR/IXFR response stream
// (RFC 5936, RFC 1995) that turns it into the next version of the zone.
//
//   XfrReader r(zone_name, XfrKind::kIxfr, &current);   // current: last version (IXFR base)
//   for (each verified message m) if (auto s = r.add(m); !s) refuse(s.error());
//   if (!r.done()) refuse("truncated");
//   auto next = r.take();                              // Result<Zone>: a full new version
//
// The reader is strict: the stream must start with the zone's SOA and end
// with it (AXFR) or with the newest SOA where a deletion sequence would
// start (IXFR); records after the end, class other than IN, owners outside
// the zone, a deletion of a record the base lacks or a delta that does not
// chain from the base serial fail with the packet offset; for IXFR such an
// inconsistency (ErrorCode::kUnsupported) means "fall back to AXFR".
// Thread-safety: plain values; a reader belongs to one transfer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/result.h"
#include "dns/types.h"

namespace dns4eu::intel {

// RFC 1982: a < b in serial number arithmetic (false when undefined, i.e. 2^31 apart).
bool serial_lt(uint32_t a, uint32_t b);
inline bool serial_gt(uint32_t a, uint32_t b) { return serial_lt(b, a); }

struct Rr {
  dns::Name owner;
  dns::RRType type{};
  uint32_t ttl = 0;
  dns::Rdata rdata;
};

struct Zone {
  dns::Name origin;
  uint32_t serial = 0;
  Rr soa;
  std::map<std::string, Rr> records;  // every record but the SOA, keyed by (lower-cased owner, type, rdata)

  static std::string key_of(const Rr& r);
  // A master file (SOA first) that the policy's RPZ parser reads.
  std::string to_text() const;
};

enum class XfrKind : uint8_t { kAxfr, kIxfr };

class XfrReader {
 public:
  XfrReader(dns::Name zone, XfrKind kind, const Zone* base);
  // One response message (its TSIG, if any, already verified).
  Status add(std::span<const uint8_t> message);
  bool done() const { return state_ == State::kDone; }
  // The server said the base is current (IXFR answered by one SOA whose serial is not newer).
  bool up_to_date() const { return up_to_date_; }
  bool incremental() const { return incremental_; }
  std::size_t records_seen() const { return seen_; }
  Result<Zone> take();

 private:
  enum class State : uint8_t { kFirst, kSecond, kFull, kDelSoa, kDel, kAdd, kDone };
  Status on_record(const Rr& r, std::size_t offset);
  dns::Name name_;
  XfrKind kind_;
  const Zone* base_;
  State state_ = State::kFirst;
  Zone zone_;
  Rr first_soa_;
  uint32_t new_serial_ = 0, current_ = 0;
  bool up_to_date_ = false, incremental_ = false;
  std::size_t seen_ = 0, messages_ = 0;
};

}  // namespace dns4eu::intel
