// http1_request.h — the head of an HTTP/1.1 request (RFC 9112), parsed as a
// pure function for the DoH listener's HTTP/1.1 front end; fuzzed together
// with doh_request.h by tests/fuzz/doh_request_fuzz.cc.
//
//   Http1Head h = parse_http1_head(buffered_bytes);
//   if (h.state == Http1Head::kIncomplete) read_more();
//   else if (h.state == Http1Head::kError) reply_error(h.status);   // 400, 431, 501
//   else body = buffered_bytes.substr(h.head_size, h.content_length);
//
// Only what DoH needs: method, target, Content-Type, Content-Length,
// Connection; Transfer-Encoding (chunked bodies) is answered 501. The views
// point into the input.
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dns4eu::net {

inline constexpr std::size_t kMaxHttp1Head = 8192;

struct Http1Head {
  enum State : uint8_t { kIncomplete, kComplete, kError } state = kIncomplete;
  uint16_t status = 0;           // kError: the HTTP status to answer (then close)
  std::string_view reason;       // kError: short text
  std::string_view method, target, content_type, host;
  std::size_t content_length = 0;  // up to 999999999: the caller enforces its body limit
  std::size_t head_size = 0;     // octets up to and including the blank line
  bool keep_alive = true;        // HTTP/1.1 default; HTTP/1.0 needs "Connection: keep-alive"
};

Http1Head parse_http1_head(std::string_view buf);

}  // namespace dns4eu::net
