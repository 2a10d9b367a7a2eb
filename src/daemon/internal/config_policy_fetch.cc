// config_policy_fetch.cc — a policy list's `fetch:` map: the HTTPS source of
// a list (URL, request headers such as an API key, a query to POST, CAs to
// trust, timers, size bound). Only https: a list decides what a country's users can
// resolve, so it never travels where anyone on the path could change it.
//
//   fetch: {url: "https://cert.example/feeds/c2.txt", headers: {Authorization: "KEY"},
//           ca_file: /etc/dns4eu/cert-ca.pem, interval: 1h, retry: 1m, timeout: 2m, max_size: 1GiB}
//   fetch: {url: "https://misp.example/attributes/restSearch", body: '{"type": "domain"}'}  # POSTed
#include <algorithm>
#include <sstream>

#include "daemon/internal/config_sections.h"
#include "daemon/internal/config_text.h"

namespace dns4eu::daemon::internal {
namespace {

// RFC 9110 token characters: what a header name may hold.
bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

void read_headers(const Field& f, intel::FetchSource& out, Diagnostics& diag) {
  MapReader m(f, diag);
  for (KeyedField& k : m.take_all()) {
    if (!is_token(k.key)) {
      diag.error(k.key_mark, k.value.path, "'" + k.key + "' is not an HTTP header name");
      continue;
    }
    auto v = as_string(k.value, diag);
    if (!v) continue;
    if (v->find_first_of("\r\n") != std::string::npos) {
      diag.error(k.value.mark, k.value.path, "a header value is one line");
      continue;
    }
    out.headers.emplace_back(k.key, *v);
  }
}

}  // namespace

intel::FetchSource read_fetch_source(const Field& f, Diagnostics& diag) {
  intel::FetchSource s;
  MapReader m(f, diag);
  if (auto u = m.take("url")) {
    if (auto text = as_string(*u, diag)) {
      auto scheme = intel::url_scheme(*text);
      if (!scheme)
        diag.error(u->mark, u->path, "expected a URL such as https://feeds.example/list.txt, got '" + *text + "'");
      else if (*scheme != "https")
        diag.error(u->mark, u->path, "lists are fetched over https only, got '" + *scheme + "'");
      else
        s.url = *text;
    }
  } else {
    diag.error(f.mark, f.path, "missing required key 'url'");
  }
  if (auto h = m.take("headers")) read_headers(*h, s, diag);
  if (auto c = m.take("ca_file"))
    if (auto text = as_string(*c, diag)) s.ca_file = *text;
  get_seconds(m, "interval", s.interval, Seconds(10), Seconds(7 * 86400), diag);
  get_seconds(m, "retry", s.retry, Seconds(1), Seconds(7 * 86400), diag);
  get_seconds(m, "timeout", s.timeout, Seconds(1), Seconds(3600), diag);
  get_size(m, "max_size", s.max_size, 1, uint64_t{64} << 30, diag);
  if (auto b = m.take("body"))
    if (auto text = as_string(*b, diag)) {
      if (text->empty()) diag.error(b->mark, b->path, "an empty body: leave 'body' out for a GET");
      s.body = *text;
    }
  m.finish();
  return s;
}

std::string format_fetch_source(const intel::FetchSource& s) {
  std::ostringstream o;
  o << "{url: " << yaml_quoted(s.url);
  if (!s.headers.empty()) {
    o << ", headers: {";
    for (std::size_t i = 0; i < s.headers.size(); ++i)
      o << (i ? ", " : "") << yaml_quoted(s.headers[i].first) << ": " << yaml_quoted(s.headers[i].second);
    o << "}";
  }
  if (!s.ca_file.empty()) o << ", ca_file: " << yaml_quoted(s.ca_file);
  o << ", interval: " << format_duration(s.interval) << ", retry: " << format_duration(s.retry)
    << ", timeout: " << format_duration(s.timeout) << ", max_size: " << format_size(s.max_size);
  if (!s.body.empty()) o << ", body: " << yaml_quoted(s.body);
  o << "}";
  return o.str();
}

}  // namespace dns4eu::daemon::internal
