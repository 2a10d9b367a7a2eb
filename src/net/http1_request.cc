// http1_request.cc — HTTP/1.1 request head parsing (see http1_request.h).
#include "net/http1_request.h"

#include <algorithm>


namespace dns4eu::net {
namespace {

Http1Head error(uint16_t status, std::string_view reason) {
  Http1Head h;
  h.state = Http1Head::kError;
  h.status = status;
  h.reason = reason;
  return h;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool icontains(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' ||
           c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
  });
}

// "METHOD SP target SP HTTP/1.x"
bool request_line(std::string_view line, Http1Head& h, bool& http10) {
  auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return false;
  auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return false;
  h.method = line.substr(0, sp1);
  h.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string_view version = line.substr(sp2 + 1);
  if (!is_token(h.method) || h.target.empty() || h.target.front() != '/') return false;
  if (h.target.find_first_of(" \t") != std::string_view::npos) return false;
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return false;
  http10 = version == "HTTP/1.0";
  return true;
}

}  // namespace

Http1Head parse_http1_head(std::string_view buf) {
  auto end = buf.find("\r\n\r\n");
  if (end == std::string_view::npos)
    return buf.size() > kMaxHttp1Head ? error(431, "request head too large") : Http1Head{};
  if (end + 4 > kMaxHttp1Head) return error(431, "request head too large");
  Http1Head h;
  h.head_size = end + 4;
  std::string_view rest = buf.substr(0, end + 2);
  auto eol = rest.find("\r\n");
  bool http10 = false;
  if (!request_line(rest.substr(0, eol), h, http10)) return error(400, "bad request line");
  rest.remove_prefix(eol + 2);
  bool have_length = false, keep_alive_token = false, close_token = false;
  while (!rest.empty()) {
    eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return error(400, "bad header line");
    std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (iequals(name, "content-type")) {
      h.content_type = value;
    } else if (iequals(name, "host")) {
      h.host = value;
    } else if (iequals(name, "connection")) {
      keep_alive_token |= icontains(value, "keep-alive");
      close_token |= icontains(value, "close");
    } else if (iequals(name, "transfer-encoding")) {
      return error(501, "transfer-encoding not supported");
    } else if (iequals(name, "content-length")) {
      if (value.empty() || value.size() > 9 || have_length) return error(400, "bad content-length");
      std::size_t n = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return error(400, "bad content-length");
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      h.content_length = n;
      have_length = true;
    }
  }
  h.keep_alive = http10 ? keep_alive_token && !close_token : !close_token;
  h.state = Http1Head::kComplete;
  return h;
}

}  // namespace dns4eu::net
