// rdata.cc — see rdata.h. (Temporary stub: full implementation follows.)
#include "dns/rdata.h"

namespace dns4eu::dns {
namespace {
tl::unexpected<Error> todo() { return fail(ErrorCode::kUnsupported, "rdata: not implemented yet"); }
}  // namespace

Result<Rdata> rdata_from_text(RRType, std::string_view, const Name*) { return todo(); }
Result<Rdata> rdata_from_tokens(RRType, std::span<const std::string>, const Name*) { return todo(); }
std::string rdata_to_text(RRType, std::span<const uint8_t> rdata) {
  static const char* kHex = "0123456789ABCDEF";
  std::string s = "\\# " + std::to_string(rdata.size());
  if (!rdata.empty()) s += ' ';
  for (uint8_t b : rdata) { s += kHex[b >> 4]; s += kHex[b & 15]; }
  return s;
}
Status rdata_validate(RRType, std::span<const uint8_t>) { return {}; }
Result<Rdata> rdata_from_packet(RRType, std::span<const uint8_t> packet, std::size_t offset,
                                uint16_t rdlength) {
  if (offset + rdlength > packet.size()) return fail_at(ErrorCode::kOutOfBounds, offset, "RDATA past end");
  return Rdata(packet.begin() + offset, packet.begin() + offset + rdlength);
}
bool rdata_names_compressible(RRType) { return false; }
bool rdata_for_each_name(RRType, std::span<const uint8_t>,
                         const std::function<void(std::size_t, const Name&)>&) { return true; }
Rdata rdata_canonical(RRType, std::span<const uint8_t> rdata) { return Rdata(rdata.begin(), rdata.end()); }
Result<SoaView> SoaView::parse(std::span<const uint8_t>) { return todo(); }
Result<RrsigView> RrsigView::parse(std::span<const uint8_t>) { return todo(); }
Result<DnskeyView> DnskeyView::parse(std::span<const uint8_t>) { return todo(); }
uint16_t dnskey_key_tag(std::span<const uint8_t>) { return 0; }
Result<DsView> DsView::parse(std::span<const uint8_t>) { return todo(); }
bool type_bitmap_has(std::span<const uint8_t>, RRType) { return false; }
Result<NsecView> NsecView::parse(std::span<const uint8_t>) { return todo(); }
Result<Nsec3View> Nsec3View::parse(std::span<const uint8_t>) { return todo(); }
Result<Nsec3ParamView> Nsec3ParamView::parse(std::span<const uint8_t>) { return todo(); }
Result<Name> rdata_single_name(std::span<const uint8_t> rdata) { return Name::from_wire(rdata); }
std::string base64_encode(std::span<const uint8_t>) { return {}; }
Result<std::vector<uint8_t>> base64_decode(std::string_view) { return todo(); }
std::string base32hex_encode(std::span<const uint8_t>) { return {}; }
Result<std::vector<uint8_t>> base32hex_decode(std::string_view) { return todo(); }
std::string hex_encode(std::span<const uint8_t>) { return {}; }
Result<std::vector<uint8_t>> hex_decode(std::string_view) { return todo(); }

}  // namespace dns4eu::dns
