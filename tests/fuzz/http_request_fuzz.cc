// http_request_fuzz.cc — the management API's HTTP/1.1 request parser
// (telemetry::HttpRequestParser over Debian's http-parser) on hostile bytes,
// fed whole and split at a point taken from the input, with small limits.
// Properties: never crashes; a completed request respects the limits; the
// split does not change the outcome.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "telemetry/http_request.h"

using dns4eu::telemetry::HttpLimits;
using dns4eu::telemetry::HttpRequestParser;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::size_t split = data[0] % (size);
  std::span<const uint8_t> input(data + 1, size - 1);
  HttpLimits limits{.max_header_bytes = 1024, .max_body_bytes = 256};
  HttpRequestParser whole(limits), parts(limits);
  auto a = whole.feed(input);
  auto b1 = parts.feed(input.first(std::min(split, input.size())));
  auto b = b1 && !*b1 ? parts.feed(input.subspan(std::min(split, input.size()))) : b1;
  if (a.has_value() != b.has_value()) std::abort();
  if (a && b && *a != *b) std::abort();
  if (a && *a) {
    const auto& r = whole.request();
    if (r.body.size() > limits.max_body_bytes) std::abort();
    if (r.path.empty()) std::abort();
    if (r.path != parts.request().path || r.body != parts.request().body) std::abort();
    (void)r.param("name");
    (void)r.header("authorization");
  }
  return 0;
}
