// zone_lexer.h — private to the zone reader: splits a master file (RFC 1035
// §5.1) into entries, one record or directive each, in constant memory.
//
// ZoneLineSource reads a file in chunks (or walks a string) and hands out
// physical lines. ZoneLexer joins lines while parentheses are open, drops
// comments and blanks, and yields the tokens of one entry with their line
// and column. Tokens keep their escapes as written (`\.` `\059`); a quoted
// string keeps its quotes, so RDATA parsers can tell "a b" from a b.
//
//   internal::ZoneLexer lx(internal::ZoneLineSource::from_string("a A 1.2.3.4\n"), "t");
//   internal::ZoneEntry e;
//   while (auto more = lx.next(e); more && *more) use(e.tokens[0]);
//
// Thread-safety: an object belongs to one thread.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dns/result.h"

namespace dns4eu::dns::internal {

// Longest physical line and longest entry (sum of its token sizes) accepted:
// bounds memory on a hostile feed (e.g. a '(' never closed). RDATA is at most
// 65535 octets, 262140 characters when every octet is written as \DDD.
inline constexpr std::size_t kMaxZoneEntrySize = std::size_t{1} << 20;

class ZoneLineSource {
 public:
  // Error (kIo) says "cannot open 'path': <reason>".
  static Result<std::unique_ptr<ZoneLineSource>> open_file(const std::string& path);
  static std::unique_ptr<ZoneLineSource> from_string(std::string text);
  ~ZoneLineSource();
  ZoneLineSource(const ZoneLineSource&) = delete;
  ZoneLineSource& operator=(const ZoneLineSource&) = delete;

  // Next physical line without its '\n' (a '\r' before it is kept); false at
  // the end. `line` stays valid until the next call. Errors have no position.
  Result<bool> next_line(std::string_view& line);

 private:
  ZoneLineSource() = default;
  Status fill();  // reads more after compacting; sets eof_

  int fd_ = -1;
  std::string buf_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
};

struct ZoneTokenPos {
  std::size_t line = 0;
  std::size_t column = 0;  // 1-based, in octets
  bool quoted = false;
};

// One logical entry. Vectors are reused between entries (no allocation per
// record once warm): only the first `count` elements are meaningful.
struct ZoneEntry {
  std::vector<std::string> tokens;
  std::vector<ZoneTokenPos> pos;
  std::size_t count = 0;
  bool blank_owner = false;     // the entry's first line starts with blank space
  std::size_t line = 0;         // line of the entry's first token
  std::size_t end_line = 0, end_column = 0;  // just past the last token

  std::span<const std::string> tokens_from(std::size_t i) const {
    return i < count ? std::span<const std::string>(tokens.data() + i, count - i)
                     : std::span<const std::string>();
  }
};

class ZoneLexer {
 public:
  ZoneLexer(std::unique_ptr<ZoneLineSource> source, std::string source_name);

  // Fills `e` with the next entry that has tokens; false at the end of input.
  // Errors read "source:line:column: what".
  Result<bool> next(ZoneEntry& e);

  const std::string& source_name() const { return name_; }
  Error error_at(ErrorCode code, std::size_t line, std::size_t column, const std::string& what) const;

 private:
  Status lex_line(std::string_view line, ZoneEntry& e);
  Status push(ZoneEntry& e, std::string_view text, std::size_t column, bool quoted);

  std::unique_ptr<ZoneLineSource> src_;
  std::string name_;
  std::size_t line_ = 0;
  std::size_t last_line_size_ = 0;
  int depth_ = 0;
  std::size_t paren_line_ = 0;
  std::size_t entry_size_ = 0;
};

}  // namespace dns4eu::dns::internal
