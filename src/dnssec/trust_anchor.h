// trust_anchor.h — the keys validation starts from (RFC 4035 §4.4) and the
// names where it must not (negative trust anchors, RFC 7646).
//
// A TrustAnchors set maps zones to trusted DS and/or DNSKEY RDATAs. It is
// read from zone-file text in the format of Debian's /usr/share/dns/root.key
// and unbound's `trust-anchor-file` (`. IN DS 20326 8 2 E06D…`, DNSKEY lines
// too); anything but DS/DNSKEY records is an error with file:line. The
// built-in set is the IANA root KSKs 20326 (2017) and 38696 (2024) as DS.
//
//   auto ta = TrustAnchors::from_file("/usr/share/dns/root.key");
//   ta->add_negative(*Name::from_text("broken.example."));
//   if (const TrustAnchor* a = ta->find(zone)) check(a->ds, a->dnskeys);
//
// Thread-safety: immutable after construction; const methods are safe
// concurrently (the daemon shares one per runtime snapshot).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dns/name.h"
#include "dns/rdata.h"
#include "dns/result.h"

namespace dns4eu::dnssec {

struct TrustAnchor {
  dns::Name zone;
  std::vector<dns::Rdata> ds;       // DS RDATAs
  std::vector<dns::Rdata> dnskeys;  // DNSKEY RDATAs trusted as they are
};

class TrustAnchors {
 public:
  TrustAnchors() = default;
  // The IANA root KSKs (as DS, digest SHA-256).
  static TrustAnchors builtin_root();
  static Result<TrustAnchors> from_file(const std::string& path);
  static Result<TrustAnchors> from_text(std::string_view text, std::string_view source_name);

  // Adds one DS or DNSKEY RDATA (other types: kInvalidArgument).
  Status add(const dns::Name& zone, dns::RRType type, const dns::Rdata& rdata);

  // The anchor of exactly `zone`, or nullptr.
  const TrustAnchor* find(const dns::Name& zone) const;
  // True when an anchor is at `name` or one of its ancestors.
  bool covers(const dns::Name& name) const;
  // Validation is off for `zone` and everything below it.
  void add_negative(const dns::Name& zone);
  // The negative anchor at `name` or above it, or nullptr.
  const dns::Name* negative_for(const dns::Name& name) const;

  const std::vector<TrustAnchor>& anchors() const { return anchors_; }
  const std::vector<dns::Name>& negatives() const { return negatives_; }
  bool empty() const { return anchors_.empty(); }

 private:
  std::vector<TrustAnchor> anchors_;
  std::vector<dns::Name> negatives_;
};

}  // namespace dns4eu::dnssec
