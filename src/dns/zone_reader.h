// zone_reader.h — reads master files (RFC 1035 §5): $ORIGIN, $TTL, $INCLUDE,
// relative and absolute names, "@", parentheses across lines, comments,
// quoted strings, omitted owner/TTL/class (with RFC 2308 $TTL semantics),
// TTL units (1h30m), and RFC 3597 generic types and RDATA.
//
// It streams: next() returns one record at a time, so multi-gigabyte RPZ
// zones are read in constant memory (files are read in chunks; a line or an
// entry longer than 1 MiB is an error). Every error is
// "file:line:column: what is wrong" (columns count octets from 1); after an
// error next() keeps returning it.
//
// A record without a TTL gets, as in BIND: $TTL; else the last explicit TTL;
// else, for an SOA, its MINIMUM (which then stands in for $TTL); else
// options.default_ttl; else the error "no TTL specified". TTLs above 2^31-1
// are errors. A record without a class gets the last explicit class, else
// options.default_class. $INCLUDE paths are relative to the including file's
// directory (to the working directory for from_string); the includer's
// origin and previous owner come back after the included file. $GENERATE is
// not supported.
//
//   ZoneReaderOptions opt; opt.origin = *Name::from_text("example.com.");
//   auto recs = read_zone_file("example.com.zone", opt);
//   if (!recs) std::cerr << recs.error().message;   // "example.com.zone:12:5: unknown RR type 'AAA'"
//
// Thread-safety: a ZoneReader belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/result.h"
#include "dns/types.h"

namespace dns4eu::dns {

struct ZoneRecord {
  Name owner;
  RRType type{};
  RRClass rclass = RRClass::kIN;
  uint32_t ttl = 0;
  Rdata rdata;
  std::size_t line = 0;  // where the record starts (in its own file)
};

struct ZoneReaderOptions {
  Name origin;                       // initial $ORIGIN (root by default)
  std::optional<uint32_t> default_ttl;  // last resort (see the TTL rules above)
  RRClass default_class = RRClass::kIN;
  bool allow_include = true;         // $INCLUDE (disabled for untrusted feeds)
  int max_include_depth = 8;
};

class ZoneReader {
 public:
  ~ZoneReader();
  ZoneReader(ZoneReader&&) noexcept;
  ZoneReader& operator=(ZoneReader&&) noexcept;

  static Result<ZoneReader> open_file(const std::string& path, const ZoneReaderOptions& options);
  // `source_name` is used in error messages in place of a file name.
  static ZoneReader from_string(std::string text, std::string source_name, const ZoneReaderOptions& options);

  // The next record, std::nullopt at the end, or an error (file:line:column).
  Result<std::optional<ZoneRecord>> next();

 private:
  struct State;
  explicit ZoneReader(std::unique_ptr<State> s);
  std::unique_ptr<State> state_;
};

Result<std::vector<ZoneRecord>> read_zone_file(const std::string& path, const ZoneReaderOptions& options);
Result<std::vector<ZoneRecord>> read_zone_text(std::string text, std::string source_name,
                                               const ZoneReaderOptions& options);

}  // namespace dns4eu::dns
