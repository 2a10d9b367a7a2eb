// http_request.cc — see http_request.h.
#include "telemetry/http_request.h"

#include <http_parser.h>

#include <algorithm>
#include <cctype>
#include <climits>

namespace dns4eu::telemetry {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool form) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += (form && c == '+') ? ' ' : c;
    }
  }
  return out;
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string_view> HttpRequest::param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

struct HttpRequestParser::Impl {
  http_parser parser{};
  http_parser_settings settings{};
  HttpLimits limits;
  HttpRequest* out = nullptr;
  std::string url, field, value;
  bool in_value = false, complete = false;
  std::size_t header_bytes = 0;
  std::string error;

  static Impl& of(http_parser* p) { return *static_cast<Impl*>(p->data); }
  bool over_header_limit(std::size_t n) {
    header_bytes += n;
    if (header_bytes <= limits.max_header_bytes) return false;
    error = "request line and headers longer than " + std::to_string(limits.max_header_bytes) + " bytes";
    return true;
  }
  void flush_header() {
    if (!field.empty() || in_value) out->headers.emplace_back(lower(std::move(field)), std::move(value));
    field.clear();
    value.clear();
    in_value = false;
  }
  bool split_url();
};

bool HttpRequestParser::Impl::split_url() {
  http_parser_url u;
  http_parser_url_init(&u);
  if (http_parser_parse_url(url.data(), url.size(), 0, &u) != 0 || !(u.field_set & (1 << UF_PATH))) {
    error = "malformed request target";
    return false;
  }
  auto part = [&](int f) { return std::string_view(url).substr(u.field_data[f].off, u.field_data[f].len); };
  auto path = percent_decode(part(UF_PATH), false);
  if (!path) {
    error = "bad percent-escape in the path";
    return false;
  }
  out->path = std::move(*path);
  if (!(u.field_set & (1 << UF_QUERY))) return true;
  std::string_view q = part(UF_QUERY);
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view item = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    auto k = percent_decode(item.substr(0, eq), true);
    auto v = percent_decode(eq == std::string_view::npos ? std::string_view() : item.substr(eq + 1), true);
    if (!k || !v) {
      error = "bad percent-escape in the query string";
      return false;
    }
    out->query.emplace_back(std::move(*k), std::move(*v));
  }
  return true;
}

HttpRequestParser::HttpRequestParser(HttpLimits limits) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.limits = limits;
  m.out = &request_;
  http_parser_init(&m.parser, HTTP_REQUEST);
  m.parser.data = &m;
  http_parser_settings_init(&m.settings);
  m.settings.on_url = [](http_parser* p, const char* at, size_t n) {
    Impl& s = Impl::of(p);
    if (s.over_header_limit(n)) return 1;
    s.url.append(at, n);
    return 0;
  };
  m.settings.on_header_field = [](http_parser* p, const char* at, size_t n) {
    Impl& s = Impl::of(p);
    if (s.over_header_limit(n)) return 1;
    if (s.in_value) s.flush_header();
    s.field.append(at, n);
    return 0;
  };
  m.settings.on_header_value = [](http_parser* p, const char* at, size_t n) {
    Impl& s = Impl::of(p);
    if (s.over_header_limit(n)) return 1;
    s.in_value = true;
    s.value.append(at, n);
    return 0;
  };
  m.settings.on_headers_complete = [](http_parser* p) {
    Impl& s = Impl::of(p);
    s.flush_header();
    s.out->method = http_method_str(static_cast<http_method>(p->method));
    if (!s.split_url()) return -1;
    if (p->content_length != ULLONG_MAX && p->content_length > s.limits.max_body_bytes) {
      s.error = "body longer than " + std::to_string(s.limits.max_body_bytes) + " bytes";
      return -1;
    }
    return 0;
  };
  m.settings.on_body = [](http_parser* p, const char* at, size_t n) {
    Impl& s = Impl::of(p);
    if (s.out->body.size() + n > s.limits.max_body_bytes) {
      s.error = "body longer than " + std::to_string(s.limits.max_body_bytes) + " bytes";
      return 1;
    }
    s.out->body.append(at, n);
    return 0;
  };
  m.settings.on_message_complete = [](http_parser* p) {
    Impl::of(p).complete = true;
    http_parser_pause(p, 1);
    return 0;
  };
}

HttpRequestParser::~HttpRequestParser() = default;

Result<bool> HttpRequestParser::feed(std::span<const uint8_t> bytes) {
  Impl& m = *impl_;
  if (m.complete) return true;
  if (!m.error.empty()) return fail(ErrorCode::kMalformed, m.error);
  if (bytes.empty()) return false;  // http-parser would take zero bytes for end of input
  http_parser_execute(&m.parser, &m.settings, reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (m.complete) return true;
  auto err = HTTP_PARSER_ERRNO(&m.parser);
  if (err != HPE_OK) {
    if (m.error.empty()) m.error = std::string("malformed HTTP request: ") + http_errno_description(err);
    return fail(ErrorCode::kMalformed, m.error);
  }
  return false;
}

}  // namespace dns4eu::telemetry
