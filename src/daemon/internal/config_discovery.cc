// config_discovery.cc — the `discovery:` section (RFC 9462, see discovery.h).
#include "daemon/internal/config_sections.h"

namespace dns4eu::daemon::internal {

void read_discovery(const Field& f, std::optional<DiscoveryConfig>& out, Diagnostics& diag) {
  MapReader m(f, diag);
  DiscoveryConfig d;
  auto name = m.take("name");
  if (!name) {
    diag.error(f.mark, f.path, "missing required key 'name' (the name on the resolver's TLS certificate)");
  } else if (auto text = as_string(*name, diag)) {
    auto n = dns::Name::from_text(*text);
    if (!n || n->is_root()) {
      diag.error(name->mark, name->path, "'" + *text + "' is not a domain name");
    } else {
      d.name = *n;
      out = d;
    }
  }
  get_seconds(m, "ttl", d.ttl, std::chrono::seconds(0), std::chrono::seconds(86400), diag);
  if (out) out->ttl = d.ttl;
  m.finish();
}

}  // namespace dns4eu::daemon::internal
