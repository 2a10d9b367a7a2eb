// asn_database.h — the source AS number of a client address, looked up in a
// MaxMind-format database file (GeoLite2-ASN or any MMDB whose records have
// an `autonomous_system_number`), with Debian's libmaxminddb. Lets the
// query log say which network a query came from without keeping its address
// (the public profile's option). The file is the operator's, memory-mapped,
// read-only; a lookup allocates nothing.
//
//   auto db = AsnDatabase::open("/var/lib/GeoIP/GeoLite2-ASN.mmdb");
//   if (!db) die(db.error().message);              // "FILE: reason"
//   uint32_t as = (*db)->lookup(address);          // 0: in no AS of the file
//
// Thread-safety: lookup() from any number of threads; open/destroy from one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dns/result.h"
#include "telemetry/address_filter.h"

namespace dns4eu::telemetry {

class AsnDatabase {
 public:
  static Result<std::unique_ptr<AsnDatabase>> open(const std::string& path);
  ~AsnDatabase();
  AsnDatabase(const AsnDatabase&) = delete;
  AsnDatabase& operator=(const AsnDatabase&) = delete;

  // The AS number of `a` (family 4 or 6), or 0 when the file has none (AS 0
  // is reserved, RFC 7607, so it never names a real origin).
  uint32_t lookup(const ClientAddress& a) const;
  const std::string& path() const { return path_; }

 private:
  AsnDatabase() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string path_;
};

}  // namespace dns4eu::telemetry
