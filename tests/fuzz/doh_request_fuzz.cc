// doh_request_fuzz — libFuzzer target for the DoH request parsing
// (net/http1_request.h + net/doh_request.h), the input a DoH client controls.
//
// Input: an HTTP/1.1 request as bytes on the wire. parse_http1_head; when the
// head is complete, its body (Content-Length octets) and its method, target
// and content type go through parse_doh_request. The input is also used
// whole as a GET target and as base64url text, and as a response for
// doh_max_age. Checks: an accepted request has a query of 12..65535 octets;
// an error has a 4xx/5xx status and a reason; a complete head fits the input
// and the head limit; base64url output length matches the input length.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "net/doh_request.h"
#include "net/http1_request.h"

using namespace dns4eu::net;

namespace {

const std::vector<std::string> kPaths = {"/dns-query", "/family"};

void check(const DohRequest& r) {
  if (r.status == 200) {
    if (r.query.size() < 12 || r.query.size() > kMaxDohMessage) __builtin_trap();
  } else if (r.status < 400 || r.status > 599 || r.reason.empty() || !r.query.empty()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Http1Head h = parse_http1_head(in);
  if (h.state == Http1Head::kError && (h.status < 400 || h.reason.empty())) __builtin_trap();
  if (h.state == Http1Head::kComplete) {
    if (h.head_size > in.size() || h.head_size > kMaxHttp1Head || h.content_length > 999999999) __builtin_trap();
    std::size_t n = std::min(h.content_length, in.size() - h.head_size);
    auto body = std::span<const uint8_t>(data + h.head_size, n);
    check(parse_doh_request(h.method, h.target, h.content_type, body, kPaths));
  }
  check(parse_doh_request("GET", in, "", {}, kPaths));
  check(parse_doh_request("POST", "/dns-query", in, std::span<const uint8_t>(data, size), kPaths));
  std::vector<uint8_t> out;
  if (base64url_decode(in, out)) {
    std::size_t chars = in.find_last_not_of('=') == std::string_view::npos ? 0 : in.find_last_not_of('=') + 1;
    if (out.size() != chars * 3 / 4) __builtin_trap();
  }
  (void)doh_max_age(std::span<const uint8_t>(data, size));
  return 0;
}
