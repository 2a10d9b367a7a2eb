// rdata_svcb.cc — RFC 9460 SvcParams; see rdata_svcb.h.
//
// Presentation values are decoded in two steps (RFC 9460 App. A.1): the value
// is first a character-string (quotes, \X, \DDD); value lists (alpn,
// mandatory, hints) are then split on commas not escaped by a backslash, and
// each item unescaped again. Printing reverses this, so "a,b" inside one alpn
// item prints as a\\,b.
//
// On the wire we reject exactly what RFC 9460 §2.2 calls malformed: a param
// cut short, keys not strictly increasing, a value of the wrong format.
// Self-consistency (§8: keys listed in mandatory are present; §7.1.1:
// no-default-alpn comes with alpn) is what zone-file parsers SHOULD enforce,
// so it is checked on presentation input only. Hence RDATA received from the
// network may print as text that rdata_from_text refuses.
#include "dns/internal/rdata_svcb.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string_view>

#include "dns/internal/rdata_text.h"
#include "dns/rdata.h"
#include "dns/wire.h"

namespace dns4eu::dns::internal {
namespace {

enum Key : uint16_t {
  kMandatory = 0, kAlpn = 1, kNoDefaultAlpn = 2, kPort = 3, kIpv4Hint = 4, kEch = 5,
  kIpv6Hint = 6, kDohPath = 7, kInvalidKey = 65535,
};

constexpr std::array<std::string_view, 8> kKeyNames = {
    "mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint", "dohpath"};

std::string key_name(uint16_t key) {
  return key < kKeyNames.size() ? std::string(kKeyNames[key]) : "key" + std::to_string(key);
}

std::optional<uint16_t> key_from_name(std::string_view s) {
  for (std::size_t i = 0; i < kKeyNames.size(); ++i)
    if (s == kKeyNames[i]) return static_cast<uint16_t>(i);
  if (s.size() > 3 && s.substr(0, 3) == "key") {
    auto v = parse_decimal(s.substr(3), 65534, "key");
    if (v && (s.size() == 4 || s[3] != '0')) return static_cast<uint16_t>(*v);
  }
  return std::nullopt;
}

// Checks one value; returns "" when valid, else what is wrong, with `at` set
// to the offending octet's offset within the value.
std::string value_problem(uint16_t key, std::span<const uint8_t> v, std::size_t& at) {
  at = 0;
  switch (key) {
    case kMandatory:
      if (v.empty() || v.size() % 2) return "length must be a non-zero multiple of 2";
      for (at = 0; at < v.size(); at += 2) {
        uint16_t k = load_u16(&v[at]);
        if (k == kMandatory) return "lists itself";
        if (at > 0 && k <= load_u16(&v[at - 2])) return "keys not in strictly increasing order";
      }
      return "";
    case kAlpn:
      if (v.empty()) return "empty list";
      for (at = 0; at < v.size(); at += 1 + v[at])
        if (v[at] == 0 || at + 1 + v[at] > v.size()) return "empty or truncated protocol id";
      return "";
    case kNoDefaultAlpn: return v.empty() ? "" : "value must be empty";
    case kPort: return v.size() == 2 ? "" : "value must be 2 octets";
    case kIpv4Hint: return (!v.empty() && v.size() % 4 == 0) ? "" : "length must be a non-zero multiple of 4";
    case kIpv6Hint: return (!v.empty() && v.size() % 16 == 0) ? "" : "length must be a non-zero multiple of 16";
    case kInvalidKey: return "key 65535 is reserved";
    default: return "";
  }
}

// ---- presentation → wire ----------------------------------------------

// Splits a decoded value list on commas not escaped by '\', unescaping items.
std::vector<std::string> split_list(std::string_view v) {
  std::vector<std::string> items(1);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size()) items.back() += v[++i];
    else if (v[i] == ',') items.emplace_back();
    else items.back() += v[i];
  }
  return items;
}

Result<std::vector<uint8_t>> address_list(std::string_view v, int family) {
  std::vector<uint8_t> out;
  for (const auto& item : split_list(v)) {
    uint8_t buf[16];
    if (inet_pton(family, item.c_str(), buf) != 1)
      return fail(ErrorCode::kMalformed, "bad address '" + item + "'");
    out.insert(out.end(), buf, buf + (family == AF_INET ? 4 : 16));
  }
  return out;
}

Result<std::vector<uint8_t>> value_from_text(uint16_t key, const std::string& v) {
  std::vector<uint8_t> out;
  switch (key) {
    case kMandatory: {
      std::vector<uint16_t> keys;
      for (const auto& item : split_list(v)) {
        auto k = key_from_name(item);
        if (!k) return fail(ErrorCode::kMalformed, "unknown key '" + item + "'");
        keys.push_back(*k);
      }
      std::sort(keys.begin(), keys.end());
      if (std::adjacent_find(keys.begin(), keys.end()) != keys.end())
        return fail(ErrorCode::kMalformed, "duplicate key in list");
      for (uint16_t k : keys) { out.push_back(uint8_t(k >> 8)); out.push_back(uint8_t(k)); }
      return out;
    }
    case kAlpn:
      for (const auto& item : split_list(v)) {
        if (item.empty() || item.size() > 255) return fail(ErrorCode::kMalformed, "protocol id must be 1..255 octets");
        out.push_back(uint8_t(item.size()));
        out.insert(out.end(), item.begin(), item.end());
      }
      return out;
    case kPort: {
      auto p = parse_decimal(v, 0xFFFF, "port");
      if (!p) return tl::unexpected(p.error());
      return std::vector<uint8_t>{uint8_t(*p >> 8), uint8_t(*p)};
    }
    case kIpv4Hint: return address_list(v, AF_INET);
    case kIpv6Hint: return address_list(v, AF_INET6);
    case kEch: return base64_decode(v);
    default: return std::vector<uint8_t>(v.begin(), v.end());
  }
}

// Splits "key=value" (the value possibly in the next, quoted token).
struct RawParam {
  std::string key;
  std::optional<std::string> value;  // still in presentation form
};

Result<std::vector<RawParam>> raw_params(std::span<const std::string> tokens) {
  std::vector<RawParam> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    auto eq = t.find('=');
    if (eq == std::string::npos) { out.push_back({t, std::nullopt}); continue; }
    RawParam p{t.substr(0, eq), t.substr(eq + 1)};
    if (p.value->empty() && i + 1 < tokens.size() && !tokens[i + 1].empty() && tokens[i + 1][0] == '"')
      p.value = tokens[++i];
    out.push_back(std::move(p));
  }
  return out;
}

void put_param(std::vector<uint8_t>& out, uint16_t key, std::span<const uint8_t> v) {
  const uint8_t hdr[4] = {uint8_t(key >> 8), uint8_t(key), uint8_t(v.size() >> 8), uint8_t(v.size())};
  out.insert(out.end(), hdr, hdr + 4);
  out.insert(out.end(), v.begin(), v.end());
}

// RFC 9460 §8: every key listed in mandatory must be present; §7.1.1:
// no-default-alpn requires alpn.
Status check_consistency(const std::map<uint16_t, std::vector<uint8_t>>& params) {
  if (params.count(kNoDefaultAlpn) && !params.count(kAlpn))
    return fail(ErrorCode::kMalformed, "SvcParam no-default-alpn requires alpn");
  auto m = params.find(kMandatory);
  if (m == params.end()) return {};
  for (std::size_t i = 0; i + 1 < m->second.size(); i += 2) {
    uint16_t k = load_u16(&m->second[i]);
    if (!params.count(k)) return fail(ErrorCode::kMalformed, "mandatory SvcParam " + key_name(k) + " is missing");
  }
  return {};
}

// ---- wire → presentation ----------------------------------------------

std::string addresses_to_text(std::span<const uint8_t> v, int family, std::size_t size) {
  std::string s;
  char buf[INET6_ADDRSTRLEN];
  for (std::size_t i = 0; i + size <= v.size(); i += size) {
    if (!s.empty()) s += ',';
    s += inet_ntop(family, &v[i], buf, sizeof buf) ? buf : "?";
  }
  return s;
}

std::string value_to_text(uint16_t key, std::span<const uint8_t> v) {
  std::string s;
  switch (key) {
    case kMandatory:
      for (std::size_t i = 0; i + 1 < v.size(); i += 2) s += (i ? "," : "") + key_name(load_u16(&v[i]));
      return s;
    case kAlpn:
      for (std::size_t i = 0; i < v.size(); i += 1 + v[i]) {
        // Item escaping (\, and \\) first, then character-string escaping.
        std::string item;
        for (uint8_t c : v.subspan(i + 1, v[i])) {
          if (c == ',' || c == '\\') item += '\\';
          item += char(c);
        }
        s += (i ? "," : "") + escape_text({reinterpret_cast<const uint8_t*>(item.data()), item.size()});
      }
      return s;
    case kPort: return std::to_string(load_u16(v.data()));
    case kIpv4Hint: return addresses_to_text(v, AF_INET, 4);
    case kIpv6Hint: return addresses_to_text(v, AF_INET6, 16);
    case kEch: return base64_encode(v);
    default: return escape_text(v);
  }
}

// Values are printed unquoted (as ldns does) unless they hold characters
// that end a token.
std::string maybe_quote(const std::string& v) {
  if (!v.empty() && v.find_first_of(" ;()\t") == std::string::npos) return v;
  return "\"" + v + "\"";
}

}  // namespace

Status check_svc_params(std::span<const uint8_t> p, std::size_t base) {
  std::size_t i = 0;
  int last = -1;
  while (i < p.size()) {
    if (p.size() - i < 4) return fail_at(ErrorCode::kMalformed, base + i, "SvcParam header truncated");
    uint16_t key = load_u16(&p[i]);
    std::size_t len = load_u16(&p[i + 2]);
    if (int(key) <= last) return fail_at(ErrorCode::kMalformed, base + i, "SvcParam keys not in strictly increasing order");
    if (p.size() - i - 4 < len) return fail_at(ErrorCode::kMalformed, base + i, "SvcParam value runs past the end");
    std::size_t at;
    if (auto what = value_problem(key, p.subspan(i + 4, len), at); !what.empty())
      return fail_at(ErrorCode::kMalformed, base + i + 4 + at, "SvcParam " + key_name(key) + ": " + what);
    last = key;
    i += 4 + len;
  }
  return {};
}

Status svc_params_from_tokens(std::span<const std::string> tokens, std::vector<uint8_t>& out) {
  auto raw = raw_params(tokens);
  if (!raw) return tl::unexpected(raw.error());
  std::map<uint16_t, std::vector<uint8_t>> params;  // sorted by key
  for (const auto& r : *raw) {
    auto key = key_from_name(r.key);
    if (!key) return fail(ErrorCode::kMalformed, "unknown SvcParam key '" + r.key + "'");
    if (params.count(*key)) return fail(ErrorCode::kMalformed, "duplicate SvcParam key " + r.key);
    std::string decoded;
    if (r.value) {
      auto d = decode_text_token(*r.value);
      if (!d) return tl::unexpected(d.error());
      decoded = std::move(*d);
    } else if (*key != kNoDefaultAlpn && *key < kKeyNames.size()) {
      return fail(ErrorCode::kMalformed, "SvcParam " + r.key + " needs a value");
    }
    auto v = value_from_text(*key, decoded);
    if (!v) return fail(v.error().code, "SvcParam " + r.key + ": " + v.error().message);
    std::size_t at;
    if (auto what = value_problem(*key, *v, at); !what.empty())
      return fail(ErrorCode::kMalformed, "SvcParam " + r.key + ": " + what);
    params.emplace(*key, std::move(*v));
  }
  if (auto s = check_consistency(params); !s) return s;
  for (const auto& [key, value] : params) put_param(out, key, value);
  return {};
}

std::string svc_params_to_text(std::span<const uint8_t> p) {
  std::string s;
  for (std::size_t i = 0; i + 4 <= p.size();) {
    uint16_t key = load_u16(&p[i]);
    std::size_t len = load_u16(&p[i + 2]);
    auto v = p.subspan(i + 4, std::min(len, p.size() - i - 4));
    if (!s.empty()) s += ' ';
    s += key_name(key);
    if (key != kNoDefaultAlpn && !(key >= kKeyNames.size() && v.empty())) s += "=" + maybe_quote(value_to_text(key, v));
    i += 4 + len;
  }
  return s;
}

}  // namespace dns4eu::dns::internal
