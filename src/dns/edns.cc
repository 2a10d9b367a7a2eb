// edns.cc — see edns.h.
#include "dns/edns.h"

#include "dns/wire.h"

namespace dns4eu::dns {

// ---- OPT record and option framing ----------------------------------------

EdnsOption EdnsOptionIterator::operator*() const {
  // Framing was validated by EdnsView::parse; stay in bounds regardless.
  if (pos_ + 4 > rdata_.size()) return {};
  uint16_t code = load_u16(&rdata_[pos_]);
  std::size_t len = load_u16(&rdata_[pos_ + 2]);
  if (pos_ + 4 + len > rdata_.size()) len = rdata_.size() - pos_ - 4;
  return {code, rdata_.subspan(pos_ + 4, len)};
}

EdnsOptionIterator& EdnsOptionIterator::operator++() {
  if (pos_ + 4 > rdata_.size()) {
    pos_ = rdata_.size();
    return *this;
  }
  std::size_t next = pos_ + 4 + load_u16(&rdata_[pos_ + 2]);
  pos_ = next < rdata_.size() ? next : rdata_.size();
  return *this;
}

Result<EdnsView> EdnsView::parse(uint16_t rrclass, uint32_t ttl, std::span<const uint8_t> rdata,
                                 std::size_t rdata_offset) {
  EdnsView v;
  v.udp_size = rrclass;
  v.ext_rcode = static_cast<uint8_t>(ttl >> 24);
  v.version = static_cast<uint8_t>(ttl >> 16);
  v.z_flags = static_cast<uint16_t>(ttl);
  v.do_bit = (v.z_flags & 0x8000) != 0;
  v.rdata = rdata;
  std::size_t pos = 0;
  while (pos < rdata.size()) {
    if (rdata.size() - pos < 4)
      return fail_at(ErrorCode::kMalformed, rdata_offset + pos, "truncated EDNS option header");
    std::size_t len = load_u16(&rdata[pos + 2]);
    if (rdata.size() - pos - 4 < len)
      return fail_at(ErrorCode::kMalformed, rdata_offset + pos,
                     "EDNS option " + std::to_string(load_u16(&rdata[pos])) + " runs past the OPT RDATA");
    pos += 4 + len;
  }
  return v;
}

std::optional<EdnsOption> EdnsView::find(uint16_t code) const {
  for (EdnsOption o : options())
    if (o.code == code) return o;
  return std::nullopt;
}

// ---- Extended DNS Errors (RFC 8914) -----------------------------------------

Result<ExtendedError> parse_extended_error(std::span<const uint8_t> data) {
  if (data.size() < 2) return fail(ErrorCode::kMalformed, "EDE option shorter than 2 octets");
  ExtendedError e;
  e.code = static_cast<EdeCode>(load_u16(data.data()));
  auto text = data.subspan(2);
  // RFC 8914 §2: the text SHOULD NOT be NUL-terminated; tolerate one that is.
  if (!text.empty() && text.back() == 0) text = text.first(text.size() - 1);
  e.extra_text.assign(text.begin(), text.end());
  return e;
}

std::vector<uint8_t> encode_extended_error(const ExtendedError& ede) {
  std::vector<uint8_t> out(2 + ede.extra_text.size());
  store_u16(out.data(), static_cast<uint16_t>(ede.code));
  for (std::size_t i = 0; i < ede.extra_text.size(); ++i) out[2 + i] = static_cast<uint8_t>(ede.extra_text[i]);
  return out;
}

// ---- Cookies (RFC 7873) -------------------------------------------------------

Result<Cookie> parse_cookie(std::span<const uint8_t> data) {
  // §4: 8 octets (client cookie only) or 16..40 (client + 8..32 server cookie).
  std::size_t n = data.size();
  if (n != 8 && (n < 16 || n > 40))
    return fail(ErrorCode::kMalformed, "COOKIE option of " + std::to_string(n) +
                                           " octets (must be 8 or 16 to 40)");
  Cookie c;
  for (std::size_t i = 0; i < 8; ++i) c.client[i] = data[i];
  c.server.assign(data.begin() + 8, data.end());
  return c;
}

std::vector<uint8_t> encode_cookie(const Cookie& c) {
  std::vector<uint8_t> out(c.client.begin(), c.client.end());
  out.insert(out.end(), c.server.begin(), c.server.end());
  return out;
}

// ---- Client Subnet (RFC 7871) -------------------------------------------------

Result<ClientSubnet> parse_client_subnet(std::span<const uint8_t> data) {
  if (data.size() < 4) return fail(ErrorCode::kMalformed, "ECS option shorter than 4 octets");
  ClientSubnet s;
  s.family = load_u16(data.data());
  s.source_prefix = data[2];
  s.scope_prefix = data[3];
  unsigned max_bits;
  if (s.family == 1) max_bits = 32;
  else if (s.family == 2) max_bits = 128;
  else return fail(ErrorCode::kMalformed, "ECS family " + std::to_string(s.family) + " (must be 1 or 2)");
  if (s.source_prefix > max_bits || s.scope_prefix > max_bits)
    return fail(ErrorCode::kMalformed, "ECS prefix length beyond " + std::to_string(max_bits) + " bits");
  // §6: ADDRESS holds exactly ceil(SOURCE PREFIX-LENGTH / 8) octets ...
  std::size_t need = (s.source_prefix + 7u) / 8u;
  auto addr = data.subspan(4);
  if (addr.size() != need)
    return fail(ErrorCode::kMalformed, "ECS address of " + std::to_string(addr.size()) + " octets, expected " +
                                           std::to_string(need));
  // ... and the bits beyond the source prefix must be zero.
  if (need > 0 && s.source_prefix % 8 != 0) {
    uint8_t mask = static_cast<uint8_t>(0xFF >> (s.source_prefix % 8));
    if (addr[need - 1] & mask) return fail(ErrorCode::kMalformed, "ECS address has bits set beyond the source prefix");
  }
  for (std::size_t i = 0; i < need; ++i) s.address[i] = addr[i];
  return s;
}

// ---- TCP keepalive (RFC 7828) and padding (RFC 7830/8467) ------------------

Result<std::optional<uint16_t>> parse_keepalive(std::span<const uint8_t> data) {
  if (data.empty()) return std::optional<uint16_t>{};
  if (data.size() != 2)
    return fail(ErrorCode::kMalformed, "edns-tcp-keepalive option of " + std::to_string(data.size()) +
                                           " octets (must be 0 or 2)");
  return std::optional<uint16_t>{load_u16(data.data())};
}

std::vector<uint8_t> encode_keepalive(uint16_t timeout_100ms) {
  std::vector<uint8_t> out(2);
  store_u16(out.data(), timeout_100ms);
  return out;
}

std::size_t padding_length(std::size_t size, std::size_t block) {
  if (block == 0) return 0;
  std::size_t with_header = size + 4;
  return (block - with_header % block) % block;
}

}  // namespace dns4eu::dns
