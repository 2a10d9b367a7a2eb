// rdata_text_parse.cc — presentation tokens → wire RDATA, driven by the type
// schema; see rdata_text.h.
#include <arpa/inet.h>

#include <array>
#include <bitset>
#include <cctype>
#include <memory>

#include "dns/internal/rdata_svcb.h"
#include "dns/internal/rdata_text.h"
#include "dns/rdata.h"

namespace dns4eu::dns::internal {
namespace {

// "3600", "1h30m", "2w" (BIND TTL units; SOA timers).
Result<uint32_t> parse_period(std::string_view t) {
  if (!t.empty() && std::isdigit(static_cast<unsigned char>(t.back())))
    return parse_decimal(t, UINT32_MAX, "time value");
  uint64_t total = 0, cur = 0;
  bool have_digit = false;
  for (char c : t) {
    if (c >= '0' && c <= '9') {
      cur = cur * 10 + uint64_t(c - '0');
      have_digit = true;
      if (cur > UINT32_MAX) break;
      continue;
    }
    uint64_t mult = 0;
    switch (std::tolower(static_cast<unsigned char>(c))) {
      case 'w': mult = 604800; break;
      case 'd': mult = 86400; break;
      case 'h': mult = 3600; break;
      case 'm': mult = 60; break;
      case 's': mult = 1; break;
    }
    if (mult == 0 || !have_digit) return fail(ErrorCode::kMalformed, "bad time value '" + std::string(t) + "'");
    total += cur * mult;
    cur = 0;
    have_digit = false;
    if (total > UINT32_MAX) break;
  }
  if (t.empty() || total > UINT32_MAX || cur != 0)
    return fail(ErrorCode::kMalformed, "bad time value '" + std::string(t) + "'");
  return static_cast<uint32_t>(total);
}

void put_u16(std::vector<uint8_t>& out, uint32_t v) {
  out.push_back(uint8_t(v >> 8));
  out.push_back(uint8_t(v));
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  put_u16(out, v >> 16);
  put_u16(out, v & 0xFFFF);
}

// RFC 4034 §4.1.2: one window per 256 types that has any bit set.
std::vector<uint8_t> build_type_bitmap(const std::bitset<65536>& types) {
  std::vector<uint8_t> out;
  for (unsigned window = 0; window < 256; ++window) {
    std::array<uint8_t, 32> bits{};
    int len = 0;
    for (unsigned i = 0; i < 256; ++i) {
      if (!types[window * 256 + i]) continue;
      bits[i / 8] |= uint8_t(0x80 >> (i % 8));
      len = int(i / 8) + 1;
    }
    if (len == 0) continue;
    out.push_back(uint8_t(window));
    out.push_back(uint8_t(len));
    out.insert(out.end(), bits.begin(), bits.begin() + len);
  }
  return out;
}

class TextParser {
 public:
  TextParser(std::span<const std::string> tokens, const Name* origin) : toks_(tokens), origin_(origin) {}

  Status field(FieldKind k);
  bool done() const { return i_ >= toks_.size(); }
  std::size_t index() const { return i_; }
  std::vector<uint8_t>& out() { return out_; }

 private:
  Result<std::string_view> next(std::string_view what) {
    if (done()) return fail(ErrorCode::kMalformed, "missing " + std::string(what));
    return std::string_view(toks_[i_++]);
  }
  std::span<const std::string> rest() {
    auto r = toks_.subspan(i_);
    i_ = toks_.size();
    return r;
  }
  std::string joined_rest(std::string_view what, Status& st) {
    std::string s;
    if (done()) st = fail(ErrorCode::kMalformed, "missing " + std::string(what));
    for (const auto& t : rest()) s += t;
    return s;
  }
  Status number(FieldKind k);
  Status name();
  Status address(int family);
  Status char_string();
  Status binary_rest(FieldKind k);
  Status length_prefixed_binary(FieldKind k);
  Status type_bitmap();
  Status caa_tag();
  Status caa_value();
  Status append_bytes(std::span<const uint8_t> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return {};
  }

  std::span<const std::string> toks_;
  std::size_t i_ = 0;
  const Name* origin_;
  std::vector<uint8_t> out_;
};

Status TextParser::number(FieldKind k) {
  auto t = next("number");
  if (!t) return tl::unexpected(t.error());
  Result<uint32_t> v = 0u;
  switch (k) {
    case FieldKind::kU8: v = parse_decimal(*t, 0xFF, "8-bit value"); break;
    case FieldKind::kU16: v = parse_decimal(*t, 0xFFFF, "16-bit value"); break;
    case FieldKind::kU32: v = parse_decimal(*t, UINT32_MAX, "32-bit value"); break;
    case FieldKind::kPeriod: v = parse_period(*t); break;
    case FieldKind::kTime: v = parse_rrsig_time(*t); break;
    default: {
      auto type = rrtype_from_text(*t);
      if (!type) return fail(ErrorCode::kMalformed, "unknown RR type '" + std::string(*t) + "'");
      v = static_cast<uint16_t>(*type);
    }
  }
  if (!v) return tl::unexpected(v.error());
  if (k == FieldKind::kU8) out_.push_back(uint8_t(*v));
  else if (k == FieldKind::kU16 || k == FieldKind::kType) put_u16(out_, *v);
  else put_u32(out_, *v);
  return {};
}

Status TextParser::name() {
  auto t = next("domain name");
  if (!t) return tl::unexpected(t.error());
  Result<Name> n = Name();
  if (*t == "@") {
    if (!origin_) return fail(ErrorCode::kMalformed, "'@' used without an origin");
    n = *origin_;
  } else {
    n = Name::from_text(*t, origin_);
  }
  if (!n) return tl::unexpected(n.error());
  return append_bytes(n->wire());
}

Status TextParser::address(int family) {
  auto t = next(family == AF_INET ? "IPv4 address" : "IPv6 address");
  if (!t) return tl::unexpected(t.error());
  uint8_t buf[16];
  std::string s(*t);
  if (inet_pton(family, s.c_str(), buf) != 1)
    return fail(ErrorCode::kMalformed, std::string(family == AF_INET ? "bad IPv4" : "bad IPv6") + " address '" + s + "'");
  return append_bytes({buf, family == AF_INET ? 4u : 16u});
}

Status TextParser::char_string() {
  auto t = next("character-string");
  if (!t) return tl::unexpected(t.error());
  auto s = decode_text_token(*t);
  if (!s) return tl::unexpected(s.error());
  if (s->size() > 255) return fail(ErrorCode::kTooLong, "character-string longer than 255 octets");
  out_.push_back(uint8_t(s->size()));
  return append_bytes({reinterpret_cast<const uint8_t*>(s->data()), s->size()});
}

Status TextParser::binary_rest(FieldKind k) {
  Status st;
  std::string s = joined_rest(k == FieldKind::kBase64Rest ? "base64 data" : "hex data", st);
  if (!st) return st;
  auto b = k == FieldKind::kBase64Rest ? base64_decode(s) : hex_decode(s);
  if (!b) return tl::unexpected(b.error());
  return append_bytes(*b);
}

Status TextParser::length_prefixed_binary(FieldKind k) {
  bool hex = k == FieldKind::kHexU8;
  auto t = next(hex ? "hex salt" : "base32hex hash");
  if (!t) return tl::unexpected(t.error());
  Result<std::vector<uint8_t>> b = std::vector<uint8_t>{};
  if (!(hex && *t == "-")) b = hex ? hex_decode(*t) : base32hex_decode(*t);
  if (!b) return tl::unexpected(b.error());
  if (b->size() > 255) return fail(ErrorCode::kTooLong, "length-prefixed field longer than 255 octets");
  if (!hex && b->empty()) return fail(ErrorCode::kMalformed, "empty hashed owner name");
  out_.push_back(uint8_t(b->size()));
  return append_bytes(*b);
}

Status TextParser::type_bitmap() {
  auto types = std::make_unique<std::bitset<65536>>();
  for (const auto& t : rest()) {
    auto type = rrtype_from_text(t);
    if (!type) return fail(ErrorCode::kMalformed, "unknown RR type '" + t + "' in type bitmap");
    types->set(static_cast<uint16_t>(*type));
  }
  return append_bytes(build_type_bitmap(*types));
}

Status TextParser::caa_tag() {
  auto t = next("CAA tag");
  if (!t) return tl::unexpected(t.error());
  if (t->empty() || t->size() > 255) return fail(ErrorCode::kMalformed, "CAA tag must be 1..255 characters");
  for (char c : *t)
    if (!std::isalnum(static_cast<unsigned char>(c)))
      return fail(ErrorCode::kMalformed, "CAA tag '" + std::string(*t) + "' is not alphanumeric");
  out_.push_back(uint8_t(t->size()));
  return append_bytes({reinterpret_cast<const uint8_t*>(t->data()), t->size()});
}

Status TextParser::caa_value() {
  auto t = next("CAA value");
  if (!t) return tl::unexpected(t.error());
  auto s = decode_text_token(*t);
  if (!s) return tl::unexpected(s.error());
  return append_bytes({reinterpret_cast<const uint8_t*>(s->data()), s->size()});
}

Status TextParser::field(FieldKind k) {
  switch (k) {
    case FieldKind::kU8: case FieldKind::kU16: case FieldKind::kU32: case FieldKind::kPeriod:
    case FieldKind::kTime: case FieldKind::kType:
      return number(k);
    case FieldKind::kName: return name();
    case FieldKind::kIpv4: return address(AF_INET);
    case FieldKind::kIpv6: return address(AF_INET6);
    case FieldKind::kCharString: return char_string();
    case FieldKind::kCharStrings: {
      if (done()) return fail(ErrorCode::kMalformed, "missing character-string");
      while (!done())
        if (auto s = char_string(); !s) return s;
      return {};
    }
    case FieldKind::kBase64Rest: case FieldKind::kHexRest: return binary_rest(k);
    case FieldKind::kHexU8: case FieldKind::kBase32U8: return length_prefixed_binary(k);
    case FieldKind::kTypeBitmap: return type_bitmap();
    case FieldKind::kSvcParams: return svc_params_from_tokens(rest(), out_);
    case FieldKind::kCaaTag: return caa_tag();
    case FieldKind::kCaaValue: return caa_value();
  }
  return fail(ErrorCode::kUnsupported, "unknown field kind");
}

}  // namespace

Result<std::vector<uint8_t>> parse_rdata_tokens(const TypeSchema& schema,
                                                std::span<const std::string> tokens,
                                                const Name* origin) {
  TextParser p(tokens, origin);
  for (std::size_t f = 0; f < schema.fields.size(); ++f) {
    std::size_t at = p.index();
    if (auto s = p.field(schema.fields[f]); !s)
      return fail(s.error().code, rrtype_to_text(schema.type) + " RDATA field " + std::to_string(f + 1) +
                                      " (token " + std::to_string(at + 1) + "): " + s.error().message);
  }
  if (!p.done())
    return fail(ErrorCode::kMalformed, rrtype_to_text(schema.type) + " RDATA has unexpected extra token " +
                                           std::to_string(p.index() + 1) + " '" + tokens[p.index()] + "'");
  return std::move(p.out());
}

}  // namespace dns4eu::dns::internal
