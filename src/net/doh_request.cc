// doh_request.cc — RFC 8484 request semantics (see doh_request.h).
#include "net/doh_request.h"

#include <algorithm>

#include "dns/message.h"
#include "dns/rdata.h"

namespace dns4eu::net {
namespace {

DohRequest error(uint16_t status, std::string_view reason) {
  DohRequest r;
  r.status = status;
  r.reason = reason;
  return r;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `name` in a query string ("a=1&dns=...").
bool find_param(std::string_view query, std::string_view name, std::string_view& value) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (item.size() > name.size() && item.substr(0, name.size()) == name && item[name.size()] == '=') {
      value = item.substr(name.size() + 1);
      return true;
    }
  }
  return false;
}

DohRequest from_message(std::vector<uint8_t> msg) {
  if (msg.size() < dns::kHeaderSize) return error(400, "DNS message shorter than a header");
  if (msg.size() > kMaxDohMessage) return error(413, "DNS message too large");
  DohRequest r;
  r.query = std::move(msg);
  return r;
}

}  // namespace

bool base64url_decode(std::string_view text, std::vector<uint8_t>& out) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return false;
  std::string b64;
  b64.reserve(text.size() + 3);
  for (char c : text) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    b64.push_back(c);
  }
  while (b64.size() % 4 != 0) b64.push_back('=');
  auto decoded = dns::base64_decode(b64);
  if (!decoded) return false;
  out = std::move(*decoded);
  return true;
}

DohRequest parse_doh_request(std::string_view method, std::string_view target, std::string_view content_type,
                             std::span<const uint8_t> body, std::span<const std::string> paths) {
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  auto known = std::find(paths.begin(), paths.end(), path);
  if (known == paths.end()) return error(404, "not a DoH path");
  DohRequest r = error(405, "only GET and POST");
  if (method == "GET") {
    std::string_view dns;
    if (!find_param(query, "dns", dns)) return error(400, "missing dns parameter");
    if (dns.size() > (kMaxDohMessage + 2) / 3 * 4) return error(413, "DNS message too large");
    std::vector<uint8_t> msg;
    if (!base64url_decode(dns, msg)) return error(400, "dns parameter is not base64url");
    r = from_message(std::move(msg));
  } else if (method == "POST") {
    std::string_view type = trim(content_type.substr(0, content_type.find(';')));
    if (!iequals(type, "application/dns-message")) return error(415, "content type must be application/dns-message");
    if (body.size() > kMaxDohMessage) return error(413, "DNS message too large");
    r = from_message(std::vector<uint8_t>(body.begin(), body.end()));
  }
  r.path = static_cast<uint16_t>(known - paths.begin());
  return r;
}

int64_t doh_max_age(std::span<const uint8_t> response) {
  auto msg = dns::MessageView::parse(response);
  if (!msg) return -1;
  int64_t min = -1;
  for (auto s : {dns::Section::kAnswer, dns::Section::kAuthority})
    for (const dns::RecordRef& rr : msg->records(s))
      if (min < 0 || rr.ttl < min) min = rr.ttl;
  return min;
}

}  // namespace dns4eu::net
