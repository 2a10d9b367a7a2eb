// http_request.h — reads one HTTP/1.1 request from bytes that arrive in
// pieces, with Debian's http-parser (the Node.js parser, libhttp-parser):
// method, path, decoded query parameters, headers (names lower-cased) and
// body, within size limits. This is the management API's only parser of
// outside input (fuzzed by tests/fuzz/http_request_fuzz.cc).
//
//   HttpRequestParser p;
//   auto done = p.feed(bytes);               // Result<bool>: true when complete
//   if (!done) reply_400(done.error().message);
//   else if (*done) route(p.request());
//
// One request per parser (the server closes the connection after answering).
// Thread-safety: single-threaded objects.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dns/result.h"

namespace dns4eu::telemetry {

struct HttpRequest {
  std::string method;                                        // "GET", "POST", ...
  std::string path;                                          // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded parameters, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;

  // First value of a header (name in lower case) or of a query parameter.
  std::optional<std::string_view> header(std::string_view name) const;
  std::optional<std::string_view> param(std::string_view name) const;
};

struct HttpLimits {
  std::size_t max_header_bytes = 16 << 10;  // request line + headers
  std::size_t max_body_bytes = 64 << 10;
};

class HttpRequestParser {
 public:
  explicit HttpRequestParser(HttpLimits limits = {});
  ~HttpRequestParser();
  HttpRequestParser(const HttpRequestParser&) = delete;
  HttpRequestParser& operator=(const HttpRequestParser&) = delete;

  // Consumes `bytes`. True once a whole request has been read (later bytes
  // are ignored); an error says what is wrong (malformed, too large).
  [[nodiscard]] Result<bool> feed(std::span<const uint8_t> bytes);
  const HttpRequest& request() const { return request_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  HttpRequest request_;
};

// Decodes %XX escapes (and '+' as space when `form`); nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view s, bool form);

}  // namespace dns4eu::telemetry
