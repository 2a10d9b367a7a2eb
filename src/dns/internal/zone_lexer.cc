// zone_lexer.cc — see zone_lexer.h.
#include "dns/internal/zone_lexer.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace dns4eu::dns::internal {
namespace {

constexpr std::size_t kChunkSize = 256 * 1024;

// Octets that end an unquoted token or need a look: blanks, comment,
// parentheses, quote and backslash.
constexpr std::array<bool, 256> make_special() {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view(" \t\r;()\"\\")) t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = make_special();

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

}  // namespace

// ---- ZoneLineSource ------------------------------------------------------

Result<std::unique_ptr<ZoneLineSource>> ZoneLineSource::open_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot open '" + path + "': " + std::strerror(errno));
  std::unique_ptr<ZoneLineSource> s(new ZoneLineSource());
  s->fd_ = fd;
  s->buf_.resize(kChunkSize);
  return s;
}

std::unique_ptr<ZoneLineSource> ZoneLineSource::from_string(std::string text) {
  std::unique_ptr<ZoneLineSource> s(new ZoneLineSource());
  s->buf_ = std::move(text);
  s->end_ = s->buf_.size();
  s->eof_ = true;
  return s;
}

ZoneLineSource::~ZoneLineSource() {
  if (fd_ >= 0) ::close(fd_);
}

Status ZoneLineSource::fill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buf_.size()) {
    if (buf_.size() > kMaxZoneEntrySize)
      return fail(ErrorCode::kTooLong, "line longer than " + std::to_string(kMaxZoneEntrySize) + " octets");
    buf_.resize(buf_.size() * 2);
  }
  while (true) {
    ssize_t n = ::read(fd_, buf_.data() + end_, buf_.size() - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::kIo, std::string("read error: ") + std::strerror(errno));
    if (n == 0) eof_ = true;
    end_ += static_cast<std::size_t>(n);
    return {};
  }
}

Result<bool> ZoneLineSource::next_line(std::string_view& line) {
  std::size_t scanned = begin_;  // no '\n' in [begin_, scanned)
  while (true) {
    const char* base = buf_.data();
    const void* nl = std::memchr(base + scanned, '\n', end_ - scanned);
    if (nl != nullptr) {
      std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - base);
      line = std::string_view(base + begin_, at - begin_);
      begin_ = at + 1;
      return true;
    }
    if (eof_) {
      if (begin_ == end_) return false;
      line = std::string_view(base + begin_, end_ - begin_);  // last line, no '\n'
      begin_ = end_;
      return true;
    }
    std::size_t pending = end_ - begin_;
    if (auto s = fill(); !s) return tl::unexpected(s.error());
    scanned = pending;  // fill() moved the pending octets to the front
  }
}

// ---- ZoneLexer -----------------------------------------------------------

ZoneLexer::ZoneLexer(std::unique_ptr<ZoneLineSource> source, std::string source_name)
    : src_(std::move(source)), name_(std::move(source_name)) {}

Error ZoneLexer::error_at(ErrorCode code, std::size_t line, std::size_t column,
                          const std::string& what) const {
  return Error{code, name_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what};
}

Result<bool> ZoneLexer::next(ZoneEntry& e) {
  e.count = 0;
  depth_ = 0;
  entry_size_ = 0;
  while (true) {
    std::string_view line;
    auto more = src_->next_line(line);
    if (!more) return tl::unexpected(error_at(more.error().code, line_ + 1, 1, more.error().message));
    if (!*more) {
      if (depth_ > 0)
        return tl::unexpected(error_at(ErrorCode::kMalformed, line_, last_line_size_ + 1,
                                       "unbalanced parenthesis opened at line " + std::to_string(paren_line_)));
      return false;
    }
    ++line_;
    last_line_size_ = line.size();
    if (line.size() > kMaxZoneEntrySize)
      return tl::unexpected(error_at(ErrorCode::kTooLong, line_, 1,
                                     "line longer than " + std::to_string(kMaxZoneEntrySize) + " octets"));
    if (e.count == 0 && depth_ == 0) e.blank_owner = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (auto s = lex_line(line, e); !s) return tl::unexpected(s.error());
    if (depth_ == 0 && e.count > 0) return true;
  }
}

Status ZoneLexer::push(ZoneEntry& e, std::string_view text, std::size_t column, bool quoted) {
  entry_size_ += text.size();
  if (entry_size_ > kMaxZoneEntrySize)
    return tl::unexpected(error_at(ErrorCode::kTooLong, line_, column,
                                   "entry longer than " + std::to_string(kMaxZoneEntrySize) + " octets" +
                                       (depth_ > 0 ? " (parenthesis opened at line " + std::to_string(paren_line_) + ")" : "")));
  if (e.count == 0) e.line = line_;
  ZoneTokenPos p{line_, column, quoted};
  if (e.count < e.tokens.size()) {
    e.tokens[e.count].assign(text);
    e.pos[e.count] = p;
  } else {
    e.tokens.emplace_back(text);
    e.pos.push_back(p);
  }
  ++e.count;
  e.end_line = line_;
  e.end_column = column + text.size();
  return {};
}

Status ZoneLexer::lex_line(std::string_view line, ZoneEntry& e) {
  const std::size_t n = line.size();
  std::size_t i = 0;
  while (i < n) {
    char c = line[i];
    if (is_blank(c)) { ++i; continue; }
    if (c == ';') break;
    if (c == '(') {
      if (depth_++ == 0) paren_line_ = line_;
      ++i;
      continue;
    }
    if (c == ')') {
      if (depth_ == 0) return tl::unexpected(error_at(ErrorCode::kMalformed, line_, i + 1, "unbalanced parenthesis ')'"));
      --depth_;
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (c == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (line[i] == '\\') { i += 2; continue; }
        if (line[i] == '"') { closed = true; ++i; break; }
        ++i;
      }
      if (!closed) return tl::unexpected(error_at(ErrorCode::kMalformed, line_, start + 1, "unterminated quoted string"));
    } else {
      while (i < n) {
        unsigned char d = static_cast<unsigned char>(line[i]);
        if (!kSpecial[d]) { ++i; continue; }
        if (d != '\\') break;
        if (i + 1 >= n) return tl::unexpected(error_at(ErrorCode::kMalformed, line_, i + 1, "backslash at end of line"));
        i += 2;
      }
    }
    if (auto s = push(e, line.substr(start, i - start), start + 1, c == '"'); !s) return s;
  }
  return {};
}

}  // namespace dns4eu::dns::internal
