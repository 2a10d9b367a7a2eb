// rdata_wire.cc — see rdata_wire.h.
#include "dns/internal/rdata_wire.h"

#include <cctype>
#include <string>

#include "dns/internal/rdata_svcb.h"

namespace dns4eu::dns::internal {
namespace {

class Walker {
 public:
  Walker(std::span<const uint8_t> src, std::size_t begin, std::size_t end, const WalkOptions& o)
      : src_(src), pos_(begin), end_(end), opts_(o) {}

  Status field(FieldKind k);
  bool at_end() const { return pos_ >= end_; }
  std::size_t pos() const { return pos_; }

 private:
  std::size_t left() const { return end_ - pos_; }
  tl::unexpected<Error> error(std::string what) const {
    return fail_at(ErrorCode::kMalformed, pos_, "RDATA " + what);
  }
  void emit(std::size_t n) {
    if (opts_.out) opts_.out->insert(opts_.out->end(), src_.begin() + pos_, src_.begin() + pos_ + n);
    pos_ += n;
    out_pos_ += n;
  }
  Status fixed(std::size_t n, const char* what) {
    if (left() < n) return error("too short for " + std::string(what));
    emit(n);
    return {};
  }
  Status name();
  Status length_prefixed(const char* what, bool allow_empty);
  Status char_strings();
  Status caa_tag();
  Status rest(FieldKind k);

  std::span<const uint8_t> src_;
  std::size_t pos_, end_;
  const WalkOptions& opts_;
  std::size_t out_pos_ = 0;
};

Status Walker::name() {
  std::size_t start = pos_;
  Result<Name> n = Name();
  if (opts_.allow_compression) {
    std::size_t off = pos_;
    n = Name::from_packet(src_, off);
    if (n && off > end_) return error("name runs past the end of the RDATA");
    if (n) pos_ = off;
  } else {
    // Walk the labels in place: pointers are not allowed in uncompressed RDATA.
    std::size_t p = pos_;
    while (p < end_ && src_[p] != 0 && (src_[p] & 0xC0) == 0) p += 1 + src_[p];
    if (p >= end_) return error("name runs past the end of the RDATA");
    if (src_[p] != 0) return fail_at(ErrorCode::kMalformed, p, "RDATA name contains a compression pointer or bad label type");
    n = Name::from_wire(src_.subspan(pos_, p + 1 - pos_));
    if (n) pos_ = p + 1;
  }
  if (!n) return fail(n.error().code, "RDATA name at offset " + std::to_string(start) + ": " + n.error().message);
  if (opts_.on_name) (*opts_.on_name)(out_pos_, *n);
  if (opts_.out) opts_.out->insert(opts_.out->end(), n->wire().begin(), n->wire().end());
  out_pos_ += n->wire_size();
  return {};
}

Status Walker::length_prefixed(const char* what, bool allow_empty) {
  if (left() < 1) return error("too short for " + std::string(what) + " length");
  std::size_t len = src_[pos_];
  if (len == 0 && !allow_empty) return error(std::string(what) + " is empty");
  if (left() < 1 + len) return error(std::string(what) + " runs past the end");
  emit(1 + len);
  return {};
}

Status Walker::char_strings() {
  if (at_end()) return error("needs at least one character-string");
  while (!at_end())
    if (auto s = length_prefixed("character-string", true); !s) return s;
  return {};
}

Status Walker::caa_tag() {
  std::size_t start = pos_;
  if (auto s = length_prefixed("CAA tag", false); !s) return s;
  for (std::size_t i = start + 1; i < pos_; ++i)
    if (!std::isalnum(src_[i])) return fail_at(ErrorCode::kMalformed, i, "RDATA CAA tag is not alphanumeric");
  return {};
}

Status Walker::rest(FieldKind k) {
  auto bytes = src_.subspan(pos_, left());
  if (k == FieldKind::kTypeBitmap) {
    if (auto s = check_type_bitmap(bytes, pos_); !s) return s;
  } else if (k == FieldKind::kSvcParams) {
    if (auto s = check_svc_params(bytes, pos_); !s) return s;
  }
  emit(left());
  return {};
}

Status Walker::field(FieldKind k) {
  switch (k) {
    case FieldKind::kU8: return fixed(1, "8-bit field");
    case FieldKind::kU16: case FieldKind::kType: return fixed(2, "16-bit field");
    case FieldKind::kU32: case FieldKind::kPeriod: case FieldKind::kTime: return fixed(4, "32-bit field");
    case FieldKind::kIpv4: return fixed(4, "IPv4 address");
    case FieldKind::kIpv6: return fixed(16, "IPv6 address");
    case FieldKind::kName: return name();
    case FieldKind::kCharString: return length_prefixed("character-string", true);
    case FieldKind::kCharStrings: return char_strings();
    case FieldKind::kHexU8: return length_prefixed("salt", true);
    case FieldKind::kBase32U8: return length_prefixed("hashed owner name", false);
    case FieldKind::kCaaTag: return caa_tag();
    case FieldKind::kBase64Rest: case FieldKind::kHexRest: case FieldKind::kCaaValue:
    case FieldKind::kTypeBitmap: case FieldKind::kSvcParams:
      return rest(k);
  }
  return error("has an unknown field kind");
}

}  // namespace

Status walk_rdata(const TypeSchema& schema, std::span<const uint8_t> src, std::size_t begin,
                  std::size_t end, const WalkOptions& opts) {
  if (begin > end || end > src.size()) return fail_at(ErrorCode::kOutOfBounds, begin, "RDATA runs past the end of the input");
  Walker w(src, begin, end, opts);
  for (FieldKind k : schema.fields)
    if (auto s = w.field(k); !s) return s;
  if (!w.at_end())
    return fail_at(ErrorCode::kMalformed, w.pos(), "RDATA has " + std::to_string(end - w.pos()) + " trailing octets");
  return {};
}

Status check_type_bitmap(std::span<const uint8_t> bitmap, std::size_t base) {
  std::size_t i = 0;
  int last_window = -1;
  while (i < bitmap.size()) {
    if (bitmap.size() - i < 2) return fail_at(ErrorCode::kMalformed, base + i, "type bitmap window header truncated");
    int window = bitmap[i];
    std::size_t len = bitmap[i + 1];
    if (window <= last_window) return fail_at(ErrorCode::kMalformed, base + i, "type bitmap windows not in increasing order");
    if (len < 1 || len > 32) return fail_at(ErrorCode::kMalformed, base + i + 1, "type bitmap window length not in 1..32");
    if (bitmap.size() - i - 2 < len) return fail_at(ErrorCode::kMalformed, base + i, "type bitmap window runs past the end");
    last_window = window;
    i += 2 + len;
  }
  return {};
}

}  // namespace dns4eu::dns::internal
