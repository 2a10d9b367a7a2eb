// config_dnssec.cc — the `dnssec:` section of dns4eud.yaml (see
// config_sections.h for the reader contract, README for the keys).
#include <algorithm>

#include "daemon/internal/config_sections.h"

namespace dns4eu::daemon::internal {

void read_dnssec(const Field& f, DnssecConfig& out, Diagnostics& diag) {
  MapReader m(f, diag);
  get_bool(m, "validation", out.validation, diag);
  if (auto t = m.take("trust_anchor_file")) {
    if (auto s = as_string(*t, diag)) out.trust_anchor_file = *s == "builtin" ? "" : *s;
  }
  if (auto n = m.take("negative_trust_anchors")) {
    out.negative_trust_anchors.clear();
    for (const Field& item : as_list(*n, diag)) {
      auto text = as_string(item, diag);
      if (!text) continue;
      auto name = dns::Name::from_text(*text);
      if (!name) {
        diag.error(item.mark, item.path, "'" + *text + "' is not a domain name: " + name.error().message);
        continue;
      }
      if (std::find(out.negative_trust_anchors.begin(), out.negative_trust_anchors.end(), *name) ==
          out.negative_trust_anchors.end())
        out.negative_trust_anchors.push_back(*name);
    }
  }
  get_uint(m, "nsec3_max_iterations", out.nsec3_max_iterations, 0, 2500, diag);
  get_uint(m, "max_verifications_per_query", out.max_verifications_per_query, 1, 10000, diag);
  get_uint(m, "max_signatures_per_rrset", out.max_signatures_per_rrset, 1, 64, diag);
  get_uint(m, "max_keys_per_signature", out.max_keys_per_signature, 1, 64, diag);
  get_seconds(m, "bogus_ttl", out.bogus_ttl, std::chrono::seconds(1), std::chrono::seconds(3600), diag);
  m.finish();
}

}  // namespace dns4eu::daemon::internal
