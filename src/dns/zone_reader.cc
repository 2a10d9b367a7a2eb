// zone_reader.cc — see zone_reader.h. Tokenising lives in
// internal/zone_lexer.*, TTL syntax in internal/zone_ttl.*; this file gives
// entries their meaning: directives, owner/TTL/class/type defaults, RDATA.
//
// TTL of a record that gives none (BIND's rules): the $TTL value; else the
// last explicit TTL (RFC 1035); else, for an SOA, its MINIMUM field, which
// then also serves as $TTL; else options.default_ttl; else an error.
// Class: the last explicit class, else options.default_class.
// $INCLUDE paths are relative to the including file's directory; at the end
// of an included file the includer's origin and previous owner come back,
// while $TTL and TTL/class defaults carry on (as in BIND).
#include "dns/zone_reader.h"

#include <strings.h>

#include "dns/internal/zone_lexer.h"
#include "dns/internal/zone_ttl.h"

namespace dns4eu::dns {
namespace {

using internal::ZoneEntry;
using internal::ZoneLexer;
using internal::ZoneLineSource;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
}

uint32_t last_u32(const Rdata& rd) {
  std::size_t n = rd.size();
  return (uint32_t{rd[n - 4]} << 24) | (uint32_t{rd[n - 3]} << 16) | (uint32_t{rd[n - 2]} << 8) | rd[n - 1];
}

struct Frame {
  std::unique_ptr<ZoneLexer> lexer;
  std::string dir;                 // prefix for relative $INCLUDE paths
  Name saved_origin;               // the includer's, restored at the end
  std::optional<Name> saved_owner;
};

}  // namespace

struct ZoneReader::State {
  ZoneReaderOptions opt;
  std::vector<Frame> frames;
  Name origin;
  std::optional<Name> last_owner;
  std::optional<uint32_t> dollar_ttl;  // $TTL, or the SOA MINIMUM standing in for it
  std::optional<uint32_t> last_ttl;    // last explicit TTL
  std::optional<RRClass> last_class;
  ZoneEntry e;
  std::optional<Error> failed;

  static std::unique_ptr<State> make(std::unique_ptr<ZoneLineSource> src, std::string name, std::string dir,
                                     const ZoneReaderOptions& options);
  Result<std::optional<ZoneRecord>> next();
  Result<ZoneRecord> record();
  Status directive();
  Status include(std::size_t line, std::size_t column);
  void pop_frame();
  void set_origin(const Name& n) { origin = n; }

  const ZoneLexer& lexer() const { return *frames.back().lexer; }
  tl::unexpected<Error> error(ErrorCode c, std::size_t line, std::size_t column, const std::string& what) const {
    return tl::unexpected(lexer().error_at(c, line, column, what));
  }
  tl::unexpected<Error> error_tok(std::size_t i, const std::string& what, ErrorCode c = ErrorCode::kMalformed) const {
    return error(c, e.pos[i].line, e.pos[i].column, what);
  }
  tl::unexpected<Error> error_end(const std::string& what) const {
    return error(ErrorCode::kMalformed, e.end_line, e.end_column, what);
  }
  Result<Name> name_tok(std::size_t i, const char* what) const;
};

Result<Name> ZoneReader::State::name_tok(std::size_t i, const char* what) const {
  const std::string& t = e.tokens[i];
  if (e.pos[i].quoted) return error_tok(i, std::string("quoted string where ") + what + " was expected");
  if (t == "@") return origin;
  auto n = Name::from_text(t, &origin);
  if (!n) return error_tok(i, std::string("bad ") + what + " '" + t + "': " + n.error().message);
  return n;
}

Result<std::optional<ZoneRecord>> ZoneReader::State::next() {
  while (!frames.empty()) {
    auto more = frames.back().lexer->next(e);
    if (!more) return tl::unexpected(more.error());
    if (!*more) {
      pop_frame();
      continue;
    }
    if (!e.blank_owner && !e.pos[0].quoted && e.pos[0].column == 1 && e.tokens[0][0] == '$') {
      if (auto s = directive(); !s) return tl::unexpected(s.error());
      continue;
    }
    auto r = record();
    if (!r) return tl::unexpected(r.error());
    return std::optional<ZoneRecord>(std::move(*r));
  }
  return std::optional<ZoneRecord>();
}

void ZoneReader::State::pop_frame() {
  if (frames.size() > 1) {
    set_origin(frames.back().saved_origin);
    last_owner = frames.back().saved_owner;
  }
  frames.pop_back();
}

Status ZoneReader::State::directive() {
  const std::string& d = e.tokens[0];
  const std::size_t args = e.count - 1;
  auto want_args = [&](std::size_t lo, std::size_t hi) -> Status {
    if (args < lo) return error_end("missing argument to " + d);
    if (args > hi) return error_tok(1 + hi, "unexpected '" + e.tokens[1 + hi] + "' after " + d);
    return {};
  };
  if (iequals(d, "$ORIGIN")) {
    if (auto s = want_args(1, 1); !s) return s;
    auto n = name_tok(1, "origin");
    if (!n) return tl::unexpected(n.error());
    set_origin(*n);
    return {};
  }
  if (iequals(d, "$TTL")) {
    if (auto s = want_args(1, 1); !s) return s;
    auto t = internal::parse_zone_ttl(e.tokens[1]);
    if (!t) return error_tok(1, t.error().message);
    dollar_ttl = *t;
    return {};
  }
  if (iequals(d, "$INCLUDE")) {
    if (!opt.allow_include) return error_tok(0, "$INCLUDE not allowed", ErrorCode::kUnsupported);
    if (auto s = want_args(1, 2); !s) return s;
    return include(e.pos[0].line, e.pos[0].column);
  }
  return error_tok(0, "unknown directive '" + d + "'", ErrorCode::kUnsupported);
}

Status ZoneReader::State::include(std::size_t line, std::size_t column) {
  if (frames.size() > static_cast<std::size_t>(std::max(opt.max_include_depth, 0)))
    return error(ErrorCode::kLimit, line, column,
                 "$INCLUDE depth exceeded (limit " + std::to_string(opt.max_include_depth) + ")");
  std::string file = e.tokens[1];
  if (e.pos[1].quoted) file = file.substr(1, file.size() - 2);
  if (file.empty()) return error_tok(1, "empty $INCLUDE file name");
  if (file[0] != '/') file = frames.back().dir + file;
  Name new_origin = origin;
  if (e.count > 2) {
    auto n = name_tok(2, "origin");
    if (!n) return tl::unexpected(n.error());
    new_origin = *n;
  }
  auto src = ZoneLineSource::open_file(file);
  if (!src) return error_tok(1, src.error().message, ErrorCode::kIo);
  Frame f{std::make_unique<ZoneLexer>(std::move(*src), file), dir_of(file), origin, last_owner};
  frames.push_back(std::move(f));
  set_origin(new_origin);
  return {};
}

Result<ZoneRecord> ZoneReader::State::record() {
  ZoneRecord r;
  r.line = e.line;
  std::size_t i = 0;
  if (!e.blank_owner) {
    auto n = name_tok(0, "owner name");
    if (!n) return tl::unexpected(n.error());
    last_owner = *n;
    i = 1;
  } else if (!last_owner) {
    return error_tok(0, "no owner name (the line starts with blank space and no record precedes it)");
  }
  r.owner = *last_owner;

  std::optional<uint32_t> ttl;
  std::optional<RRClass> cls;
  for (int k = 0; k < 2 && i < e.count && !e.pos[i].quoted; ++k) {
    const std::string& t = e.tokens[i];
    if (!ttl && is_digit(t[0])) {
      auto v = internal::parse_zone_ttl(t);
      if (!v) return error_tok(i, v.error().message);
      ttl = *v;
    } else if (auto c = cls ? std::nullopt : rrclass_from_text(t)) {
      cls = c;
    } else {
      break;
    }
    ++i;
  }
  if (i >= e.count) return error_end("missing RR type");
  const std::size_t type_at = i;
  auto type = e.pos[i].quoted ? std::nullopt : rrtype_from_text(e.tokens[i]);
  if (!type) return error_tok(i, "unknown RR type '" + e.tokens[i] + "'");
  if (is_meta_type(*type)) return error_tok(i, "RR type '" + e.tokens[i] + "' not allowed in zone data");
  r.type = *type;
  ++i;

  if (cls) last_class = cls;
  r.rclass = last_class ? *last_class : opt.default_class;

  // "@" inside RDATA is resolved by the RDATA parser, which knows which
  // fields are names (in a TXT it is just the octet '@').
  auto rd = rdata_from_tokens(r.type, e.tokens_from(i), &origin);
  if (!rd) {
    std::string what = "bad " + rrtype_to_text(r.type) + " RDATA: " + rd.error().message;
    return i < e.count ? error_tok(i, what) : error_end(what);
  }
  r.rdata = std::move(*rd);

  if (ttl) {
    last_ttl = ttl;
    r.ttl = *ttl;
  } else if (dollar_ttl) {
    r.ttl = *dollar_ttl;
  } else if (last_ttl) {
    r.ttl = *last_ttl;
  } else if (r.type == RRType::kSOA && r.rdata.size() >= 20) {
    uint32_t minimum = last_u32(r.rdata);
    if (minimum > internal::kMaxZoneTtl)
      return error_tok(type_at, "SOA minimum " + std::to_string(minimum) + " out of range as default TTL");
    dollar_ttl = minimum;
    r.ttl = minimum;
  } else if (opt.default_ttl) {
    r.ttl = *opt.default_ttl;
  } else {
    return error_tok(type_at, "no TTL specified (use $TTL or give one)");
  }
  return r;
}

// ---- ZoneReader ----------------------------------------------------------

ZoneReader::ZoneReader(std::unique_ptr<State> s) : state_(std::move(s)) {}
ZoneReader::~ZoneReader() = default;
ZoneReader::ZoneReader(ZoneReader&&) noexcept = default;
ZoneReader& ZoneReader::operator=(ZoneReader&&) noexcept = default;

Result<ZoneReader> ZoneReader::open_file(const std::string& path, const ZoneReaderOptions& options) {
  auto src = ZoneLineSource::open_file(path);
  if (!src) return tl::unexpected(src.error());
  return ZoneReader(State::make(std::move(*src), path, dir_of(path), options));
}

ZoneReader ZoneReader::from_string(std::string text, std::string source_name, const ZoneReaderOptions& options) {
  return ZoneReader(State::make(ZoneLineSource::from_string(std::move(text)), std::move(source_name), "", options));
}

Result<std::optional<ZoneRecord>> ZoneReader::next() {
  if (!state_) return fail(ErrorCode::kInvalidArgument, "ZoneReader used after move");
  if (state_->failed) return tl::unexpected(*state_->failed);
  auto r = state_->next();
  if (!r) state_->failed = r.error();
  return r;
}

std::unique_ptr<ZoneReader::State> ZoneReader::State::make(std::unique_ptr<ZoneLineSource> src, std::string name,
                                                          std::string dir, const ZoneReaderOptions& options) {
  auto s = std::make_unique<ZoneReader::State>();
  s->opt = options;
  s->set_origin(options.origin);
  s->frames.push_back(Frame{std::make_unique<ZoneLexer>(std::move(src), std::move(name)), std::move(dir), Name(), {}});
  return s;
}

namespace {
Result<std::vector<ZoneRecord>> read_all(ZoneReader& reader) {
  std::vector<ZoneRecord> out;
  while (true) {
    auto r = reader.next();
    if (!r) return tl::unexpected(r.error());
    if (!*r) return out;
    out.push_back(std::move(**r));
  }
}
}  // namespace

Result<std::vector<ZoneRecord>> read_zone_file(const std::string& path, const ZoneReaderOptions& options) {
  auto reader = ZoneReader::open_file(path, options);
  if (!reader) return tl::unexpected(reader.error());
  return read_all(*reader);
}

Result<std::vector<ZoneRecord>> read_zone_text(std::string text, std::string source_name,
                                               const ZoneReaderOptions& options) {
  auto reader = ZoneReader::from_string(std::move(text), std::move(source_name), options);
  return read_all(reader);
}

}  // namespace dns4eu::dns
