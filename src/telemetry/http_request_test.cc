// http_request_test.cc — HttpRequestParser on whole, split and hostile requests.
#include "telemetry/http_request.h"

#include <gtest/gtest.h>

namespace dns4eu::telemetry {
namespace {

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(HttpRequest, ParsesMethodPathQueryHeadersBody) {
  HttpRequestParser p;
  auto r =
      p.feed(bytes("POST /cache/flush?name=Example.COM.&x=a%20b+c HTTP/1.1\r\nHost: x\r\n"
                   "Authorization: Bearer s3cret\r\nContent-Length: 4\r\n\r\nbody"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(*r);
  const HttpRequest& q = p.request();
  EXPECT_EQ(q.method, "POST");
  EXPECT_EQ(q.path, "/cache/flush");
  EXPECT_EQ(q.param("name"), "Example.COM.");
  EXPECT_EQ(q.param("x"), "a b c");
  EXPECT_EQ(q.header("authorization"), "Bearer s3cret");
  EXPECT_EQ(q.body, "body");
  EXPECT_FALSE(q.param("missing"));
}

TEST(HttpRequest, AcceptsBytesOneAtATime) {
  std::string_view text = "GET /health HTTP/1.1\r\nHost: a\r\n\r\n";
  HttpRequestParser p;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto r = p.feed(bytes(text.substr(i, 1)));
    ASSERT_TRUE(r);
    EXPECT_EQ(*r, i + 1 == text.size());
  }
  EXPECT_EQ(p.request().path, "/health");
  EXPECT_EQ(p.request().header("host"), "a");
}

TEST(HttpRequest, RejectsGarbageAndOversizedInput) {
  HttpRequestParser garbage;
  EXPECT_FALSE(garbage.feed(bytes("\x01\x02 nonsense\r\n\r\n")));
  HttpRequestParser big({.max_header_bytes = 64, .max_body_bytes = 8});
  auto r = big.feed(bytes("GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("longer than 64"), std::string::npos);
  HttpRequestParser body({.max_header_bytes = 1024, .max_body_bytes = 8});
  EXPECT_FALSE(body.feed(bytes("POST / HTTP/1.1\r\nContent-Length: 9\r\n\r\n123456789")));
  HttpRequestParser escape;
  EXPECT_FALSE(escape.feed(bytes("GET /a?name=%zz HTTP/1.1\r\n\r\n")));
}

TEST(HttpRequest, PercentDecode) {
  EXPECT_EQ(percent_decode("a%2Fb", false), "a/b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_FALSE(percent_decode("%4", false));
  EXPECT_FALSE(percent_decode("%", false));
}

}  // namespace
}  // namespace dns4eu::telemetry
