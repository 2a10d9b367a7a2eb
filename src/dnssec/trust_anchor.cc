// trust_anchor.cc — see trust_anchor.h.
#include "dnssec/trust_anchor.h"

#include "dns/zone_reader.h"

namespace dns4eu::dnssec {
namespace {

// IANA root-anchors.xml: KSK-2017 and KSK-2024 (also Debian's dns-root-data).
constexpr std::string_view kBuiltinRoot =
    ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
    ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16\n";

Result<TrustAnchors> from_records(const Result<std::vector<dns::ZoneRecord>>& records, std::string_view source) {
  if (!records) return tl::unexpected(records.error());
  TrustAnchors out;
  for (const auto& r : *records) {
    if (auto st = out.add(r.owner, r.type, r.rdata); !st)
      return fail(st.error().code, std::string(source) + ":" + std::to_string(r.line) + ": " + st.error().message);
  }
  if (out.empty()) return fail(ErrorCode::kInvalidArgument, std::string(source) + ": no DS or DNSKEY records");
  return out;
}

}  // namespace

Status TrustAnchors::add(const dns::Name& zone, dns::RRType type, const dns::Rdata& rdata) {
  if (type == dns::RRType::kDS) {
    if (!dns::DsView::parse(rdata)) return fail(ErrorCode::kMalformed, "bad DS record");
  } else if (type == dns::RRType::kDNSKEY) {
    auto k = dns::DnskeyView::parse(rdata);
    if (!k) return fail(ErrorCode::kMalformed, "bad DNSKEY record");
    if (!k->is_zone_key()) return fail(ErrorCode::kInvalidArgument, "DNSKEY without the zone key flag (256/257)");
  } else {
    return fail(ErrorCode::kInvalidArgument, "only DS and DNSKEY records may be trust anchors");
  }
  TrustAnchor* a = nullptr;
  for (auto& x : anchors_)
    if (x.zone == zone) a = &x;
  if (!a) {
    anchors_.push_back(TrustAnchor{zone.lowercased(), {}, {}});
    a = &anchors_.back();
  }
  (type == dns::RRType::kDS ? a->ds : a->dnskeys).push_back(rdata);
  return {};
}

TrustAnchors TrustAnchors::builtin_root() {
  auto t = from_text(kBuiltinRoot, "built-in root anchor");
  return t ? std::move(*t) : TrustAnchors{};
}

Result<TrustAnchors> TrustAnchors::from_file(const std::string& path) {
  dns::ZoneReaderOptions opt;
  opt.allow_include = false;
  opt.default_ttl = 3600;
  return from_records(dns::read_zone_file(path, opt), path);
}

Result<TrustAnchors> TrustAnchors::from_text(std::string_view text, std::string_view source_name) {
  dns::ZoneReaderOptions opt;
  opt.allow_include = false;
  opt.default_ttl = 3600;
  return from_records(dns::read_zone_text(std::string(text), std::string(source_name), opt), source_name);
}

const TrustAnchor* TrustAnchors::find(const dns::Name& zone) const {
  for (const auto& a : anchors_)
    if (a.zone == zone) return &a;
  return nullptr;
}

bool TrustAnchors::covers(const dns::Name& name) const {
  for (const auto& a : anchors_)
    if (name.is_subdomain_of(a.zone)) return true;
  return false;
}

void TrustAnchors::add_negative(const dns::Name& zone) { negatives_.push_back(zone.lowercased()); }

const dns::Name* TrustAnchors::negative_for(const dns::Name& name) const {
  for (const auto& n : negatives_)
    if (name.is_subdomain_of(n)) return &n;
  return nullptr;
}

}  // namespace dns4eu::dnssec
