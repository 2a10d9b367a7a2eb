// rdata_views.cc — typed views over uncompressed RDATA and the DNSKEY key
// tag; declared in dns/rdata.h. Each parse() checks the whole layout through
// rdata_validate first, so the field reads below cannot run out of bounds.
#include "dns/rdata.h"
#include "dns/wire.h"

namespace dns4eu::dns {
namespace {

// Reads an uncompressed name at `off` of validated RDATA and advances `off`.
Name read_name(std::span<const uint8_t> rd, std::size_t& off) {
  auto n = Name::from_packet(rd, off);
  return n ? *n : Name();
}

Status validate(RRType type, std::span<const uint8_t> rd) {
  auto s = rdata_validate(type, rd);
  if (!s) return fail(s.error().code, rrtype_to_text(type) + " " + s.error().message);
  return {};
}

}  // namespace

Result<SoaView> SoaView::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kSOA, rd); !s) return tl::unexpected(s.error());
  SoaView v;
  std::size_t off = 0;
  v.mname = read_name(rd, off);
  v.rname = read_name(rd, off);
  v.serial = load_u32(&rd[off]);
  v.refresh = load_u32(&rd[off + 4]);
  v.retry = load_u32(&rd[off + 8]);
  v.expire = load_u32(&rd[off + 12]);
  v.minimum = load_u32(&rd[off + 16]);
  return v;
}

Result<RrsigView> RrsigView::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kRRSIG, rd); !s) return tl::unexpected(s.error());
  RrsigView v;
  v.type_covered = RRType(load_u16(&rd[0]));
  v.algorithm = rd[2];
  v.labels = rd[3];
  v.original_ttl = load_u32(&rd[4]);
  v.expiration = load_u32(&rd[8]);
  v.inception = load_u32(&rd[12]);
  v.key_tag = load_u16(&rd[16]);
  std::size_t off = 18;
  v.signer = read_name(rd, off);
  v.signed_fields_size = off;
  v.signature = rd.subspan(off);
  return v;
}

Result<DnskeyView> DnskeyView::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kDNSKEY, rd); !s) return tl::unexpected(s.error());
  DnskeyView v;
  v.flags = load_u16(&rd[0]);
  v.protocol = rd[2];
  v.algorithm = rd[3];
  v.public_key = rd.subspan(4);
  return v;
}

// RFC 4034 Appendix B. Algorithm 1 (RSA/MD5) uses the third- and second-last
// octets of the modulus (App. B.1); everything else the ones'-complement-like
// sum over the whole RDATA.
uint16_t dnskey_key_tag(std::span<const uint8_t> rd) {
  if (rd.size() >= 4 && rd[3] == 1) return rd.size() >= 7 ? load_u16(&rd[rd.size() - 3]) : 0;
  uint32_t ac = 0;
  for (std::size_t i = 0; i < rd.size(); ++i) ac += (i & 1) ? rd[i] : uint32_t(rd[i]) << 8;
  ac += (ac >> 16) & 0xFFFF;
  return static_cast<uint16_t>(ac & 0xFFFF);
}

Result<DsView> DsView::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kDS, rd); !s) return tl::unexpected(s.error());
  DsView v;
  v.key_tag = load_u16(&rd[0]);
  v.algorithm = rd[2];
  v.digest_type = rd[3];
  v.digest = rd.subspan(4);
  return v;
}

// Assumes a bitmap that passed validation; a malformed one answers false
// rather than reading out of bounds.
bool type_bitmap_has(std::span<const uint8_t> bm, RRType type) {
  unsigned t = static_cast<uint16_t>(type);
  unsigned window = t >> 8, bit = t & 0xFF;
  for (std::size_t i = 0; i + 1 < bm.size(); i += 2 + bm[i + 1]) {
    if (bm[i] != window) continue;
    std::size_t len = bm[i + 1], byte = bit / 8;
    if (byte >= len || i + 2 + byte >= bm.size()) return false;
    return bm[i + 2 + byte] & (0x80 >> (bit % 8));
  }
  return false;
}

Result<NsecView> NsecView::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kNSEC, rd); !s) return tl::unexpected(s.error());
  NsecView v;
  std::size_t off = 0;
  v.next = read_name(rd, off);
  v.type_bitmap = rd.subspan(off);
  return v;
}

Result<Nsec3View> Nsec3View::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kNSEC3, rd); !s) return tl::unexpected(s.error());
  Nsec3View v;
  v.hash_algorithm = rd[0];
  v.flags = rd[1];
  v.iterations = load_u16(&rd[2]);
  std::size_t off = 4;
  v.salt = rd.subspan(off + 1, rd[off]);
  off += 1 + rd[off];
  v.next_hashed_owner = rd.subspan(off + 1, rd[off]);
  off += 1 + rd[off];
  v.type_bitmap = rd.subspan(off);
  return v;
}

Result<Nsec3ParamView> Nsec3ParamView::parse(std::span<const uint8_t> rd) {
  if (auto s = validate(RRType::kNSEC3PARAM, rd); !s) return tl::unexpected(s.error());
  Nsec3ParamView v;
  v.hash_algorithm = rd[0];
  v.flags = rd[1];
  v.iterations = load_u16(&rd[2]);
  v.salt = rd.subspan(5, rd[4]);
  return v;
}

Result<Name> rdata_single_name(std::span<const uint8_t> rdata) {
  auto n = Name::from_wire(rdata);
  if (!n) return fail(n.error().code, "single-name RDATA: " + n.error().message);
  return n;
}

}  // namespace dns4eu::dns
