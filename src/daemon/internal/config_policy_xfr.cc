// config_policy_xfr.cc — a policy list's `xfr:` map: the zone-transfer
// source of an RPZ list (primaries, port, zone, TSIG key, timer bounds).
//
//   xfr: {primaries: [192.0.2.53], port: 53, zone: rpz.example.,
//         tsig: {name: xfr-key, algorithm: hmac-sha256, secret: "base64..."},
//         refresh_min: 1m, refresh_max: 1d, retry_min: 10s, retry_max: 1h, timeout: 30s}
#include <openssl/evp.h>

#include <sstream>

#include "daemon/internal/config_sections.h"
#include "daemon/internal/config_text.h"
#include "dns/rdata.h"

namespace dns4eu::daemon::internal {
namespace {

constexpr std::array<std::string_view, 3> kAlgorithms = {"hmac-sha256", "hmac-sha512", "hmac-sha1"};

std::optional<dns::Name> as_name(const Field& f, Diagnostics& diag) {
  auto s = as_string(f, diag);
  if (!s) return std::nullopt;
  std::string text = *s;
  if (text.empty() || text.back() != '.') text += '.';
  auto n = dns::Name::from_text(text);
  if (!n) {
    diag.error(f.mark, f.path, "bad domain name '" + *s + "': " + n.error().message);
    return std::nullopt;
  }
  return n->lowercased();
}

void read_tsig(const Field& f, intel::XfrSource& out, Diagnostics& diag) {
  MapReader m(f, diag);
  intel::TsigKey key;
  bool ok = true;
  if (auto n = m.take("name")) {
    if (auto name = as_name(*n, diag)) key.name = *name;
    else ok = false;
  } else {
    diag.error(f.mark, f.path, "missing required key 'name'");
    ok = false;
  }
  if (auto a = m.take("algorithm")) {
    if (auto i = as_choice(*a, kAlgorithms, diag)) key.algorithm = *intel::tsig_algorithm_from_text(kAlgorithms[*i]);
  }
  if (auto s = m.take("secret")) {
    if (auto text = as_string(*s, diag)) {
      auto bytes = dns::base64_decode(*text);
      if (!bytes || bytes->empty()) {
        diag.error(s->mark, s->path, "expected the key's secret in base64");
        ok = false;
      } else {
        key.secret = std::move(*bytes);
      }
    }
  } else {
    diag.error(f.mark, f.path, "missing required key 'secret'");
    ok = false;
  }
  m.finish();
  if (ok) out.tsig = std::move(key);
}

std::string base64(const std::vector<uint8_t>& b) {
  std::string out(4 * ((b.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), b.data(), static_cast<int>(b.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

intel::XfrSource read_xfr_source(const Field& f, Diagnostics& diag) {
  intel::XfrSource x;
  MapReader m(f, diag);
  uint16_t port = 53;
  get_uint(m, "port", port, 1, 65535, diag);
  if (auto p = m.take("primaries")) {
    for (const Field& e : as_list(*p, diag))
      if (auto a = as_address(e, diag)) x.primaries.push_back({a->to_string(), 53});
    if (x.primaries.empty()) diag.error(p->mark, p->path, "at least one primary address");
  } else {
    diag.error(f.mark, f.path, "missing required key 'primaries'");
  }
  for (auto& p : x.primaries) p.port = port;
  if (auto z = m.take("zone")) {
    if (auto n = as_name(*z, diag)) x.zone = *n;
  } else {
    diag.error(f.mark, f.path, "missing required key 'zone'");
  }
  if (auto t = m.take("tsig")) read_tsig(*t, x, diag);
  get_seconds(m, "refresh_min", x.refresh_min, Seconds(1), Seconds(7 * 86400), diag);
  get_seconds(m, "refresh_max", x.refresh_max, Seconds(1), Seconds(7 * 86400), diag);
  get_seconds(m, "retry_min", x.retry_min, Seconds(1), Seconds(7 * 86400), diag);
  get_seconds(m, "retry_max", x.retry_max, Seconds(1), Seconds(7 * 86400), diag);
  get_seconds(m, "timeout", x.timeout, Seconds(1), Seconds(3600), diag);
  if (x.refresh_min > x.refresh_max) diag.error(f.mark, f.path, "refresh_min is above refresh_max");
  if (x.retry_min > x.retry_max) diag.error(f.mark, f.path, "retry_min is above retry_max");
  m.finish();
  return x;
}

std::string format_xfr_source(const intel::XfrSource& x) {
  std::ostringstream o;
  o << "{primaries: [";
  for (std::size_t i = 0; i < x.primaries.size(); ++i) o << (i ? ", " : "") << yaml_quoted(x.primaries[i].address);
  o << "], port: " << (x.primaries.empty() ? 53 : x.primaries.front().port) << ", zone: " << yaml_quoted(x.zone.to_text());
  if (x.tsig) {
    o << ", tsig: {name: " << yaml_quoted(x.tsig->name.to_text()) << ", algorithm: " << intel::to_string(x.tsig->algorithm)
      << ", secret: " << yaml_quoted(base64(x.tsig->secret)) << "}";
  }
  o << ", refresh_min: " << format_duration(x.refresh_min) << ", refresh_max: " << format_duration(x.refresh_max)
    << ", retry_min: " << format_duration(x.retry_min) << ", retry_max: " << format_duration(x.retry_max)
    << ", timeout: " << format_duration(x.timeout) << "}";
  return o.str();
}

}  // namespace dns4eu::daemon::internal
