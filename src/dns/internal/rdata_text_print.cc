// rdata_text_print.cc — wire RDATA → presentation text, driven by the type
// schema; see rdata_text.h. Output follows BIND/ldns: character-strings
// always quoted, RRSIG times as YYYYMMDDHHmmSS, base64 as one token, hex
// upper-case, IPv6 in RFC 5952 form (inet_ntop).
#include <arpa/inet.h>

#include "dns/internal/rdata_svcb.h"
#include "dns/internal/rdata_text.h"
#include "dns/rdata.h"
#include "dns/wire.h"

namespace dns4eu::dns::internal {
namespace {

class Printer {
 public:
  explicit Printer(std::span<const uint8_t> rdata) : rd_(rdata) {}

  // False when the field has no presentation of its own (see print_rdata).
  bool field(FieldKind k);
  std::string& out() { return out_; }

 private:
  void word(std::string_view w) {
    if (!out_.empty()) out_ += ' ';
    out_ += w;
  }
  std::span<const uint8_t> take(std::size_t n) {
    auto s = rd_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  std::span<const uint8_t> take_rest() { return take(rd_.size() - pos_); }
  std::span<const uint8_t> take_prefixed() { return take(rd_[pos_++]); }
  void quoted(std::span<const uint8_t> s) { word("\"" + escape_text(s) + "\""); }
  void name();
  void address(int family, std::size_t size);
  void type_bitmap(std::span<const uint8_t> bitmap);

  std::span<const uint8_t> rd_;
  std::size_t pos_ = 0;
  std::string out_;
};

void Printer::name() {
  std::size_t end = pos_;
  while (rd_[end] != 0) end += 1 + rd_[end];
  auto n = Name::from_wire(take(end + 1 - pos_));
  word(n ? n->to_text() : "?");
}

void Printer::address(int family, std::size_t size) {
  char buf[INET6_ADDRSTRLEN];
  auto a = take(size);
  word(inet_ntop(family, a.data(), buf, sizeof buf) ? buf : "?");
}

void Printer::type_bitmap(std::span<const uint8_t> bm) {
  for (std::size_t i = 0; i + 1 < bm.size(); i += 2 + bm[i + 1]) {
    unsigned window = bm[i];
    for (unsigned b = 0; b < bm[i + 1] * 8u; ++b)
      if (bm[i + 2 + b / 8] & (0x80 >> (b % 8))) word(rrtype_to_text(RRType(window * 256 + b)));
  }
}

bool Printer::field(FieldKind k) {
  switch (k) {
    case FieldKind::kU8: word(std::to_string(take(1)[0])); return true;
    case FieldKind::kU16: word(std::to_string(load_u16(take(2).data()))); return true;
    case FieldKind::kU32: case FieldKind::kPeriod: word(std::to_string(load_u32(take(4).data()))); return true;
    case FieldKind::kTime: word(format_rrsig_time(load_u32(take(4).data()))); return true;
    case FieldKind::kType: word(rrtype_to_text(RRType(load_u16(take(2).data())))); return true;
    case FieldKind::kName: name(); return true;
    case FieldKind::kIpv4: address(AF_INET, 4); return true;
    case FieldKind::kIpv6: address(AF_INET6, 16); return true;
    case FieldKind::kCharString: quoted(take_prefixed()); return true;
    case FieldKind::kCharStrings:
      while (pos_ < rd_.size()) quoted(take_prefixed());
      return true;
    case FieldKind::kBase64Rest: {
      auto b = take_rest();
      word(base64_encode(b));
      return !b.empty();
    }
    case FieldKind::kHexRest: {
      auto b = take_rest();
      word(hex_encode(b));
      return !b.empty();
    }
    case FieldKind::kHexU8: {
      auto b = take_prefixed();
      word(b.empty() ? "-" : hex_encode(b));
      return true;
    }
    case FieldKind::kBase32U8: word(base32hex_encode(take_prefixed())); return true;
    case FieldKind::kTypeBitmap: type_bitmap(take_rest()); return true;
    case FieldKind::kSvcParams: {
      std::string p = svc_params_to_text(take_rest());
      if (!p.empty()) word(p);
      return true;
    }
    case FieldKind::kCaaTag: {
      auto t = take_prefixed();
      word(std::string_view(reinterpret_cast<const char*>(t.data()), t.size()));
      return true;
    }
    case FieldKind::kCaaValue: quoted(take_rest()); return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> print_rdata(const TypeSchema& schema, std::span<const uint8_t> rdata) {
  Printer p(rdata);
  for (FieldKind k : schema.fields)
    if (!p.field(k)) return std::nullopt;
  return std::move(p.out());
}

}  // namespace dns4eu::dns::internal
