// doh_request_test.cc — RFC 8484 request semantics and the HTTP/1.1 head
// parser: every error status, base64url edge cases, max-age.
#include <gtest/gtest.h>

#include "net/doh_request.h"
#include "net/http1_request.h"
#include "net/internal/test_util.h"

namespace dns4eu::net {
namespace {

const std::vector<std::string> kPaths = {"/dns-query", "/family"};

// RFC 8484 §4.1.1 example: www.example.com A, ID 0.
constexpr std::string_view kExampleGet = "AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB";

DohRequest get(std::string_view target) { return parse_doh_request("GET", target, "", {}, kPaths); }

TEST(DohRequest, GetDecodesRfcExample) {
  DohRequest r = get(std::string("/dns-query?dns=") + std::string(kExampleGet));
  ASSERT_EQ(r.status, 200) << r.reason;
  EXPECT_EQ(r.query.size(), 33u);
  EXPECT_EQ(test::qname_of(r.query), "www.example.com.");
}

TEST(DohRequest, GetWithOtherParametersAndPadding) {
  EXPECT_EQ(get(std::string("/family?ct=x&dns=") + std::string(kExampleGet) + "&z=1").status, 200);
  EXPECT_EQ(get(std::string("/dns-query?dns=") + std::string(kExampleGet) + "==").status, 200);
}

TEST(DohRequest, SaysWhichPathItCameBy) {
  EXPECT_EQ(get(std::string("/dns-query?dns=") + std::string(kExampleGet)).path, 0u);
  EXPECT_EQ(get(std::string("/family?dns=") + std::string(kExampleGet)).path, 1u) << "the listener's flavour for it";
  auto q = test::make_query(7, "example.org.");
  EXPECT_EQ(parse_doh_request("POST", "/family", "application/dns-message", q, kPaths).path, 1u);
}

TEST(DohRequest, GetErrors) {
  EXPECT_EQ(get("/dns-query").status, 400);              // no parameter
  EXPECT_EQ(get("/dns-query?dnsx=AAAA").status, 400);
  EXPECT_EQ(get("/dns-query?dns=AA+A").status, 400);     // base64, not base64url
  EXPECT_EQ(get("/dns-query?dns=A").status, 400);        // impossible length
  EXPECT_EQ(get("/dns-query?dns=AAAA").status, 400);     // shorter than a header
  EXPECT_EQ(get("/other?dns=AAAA").status, 404);
  EXPECT_EQ(get("/dns-query/?dns=AAAA").status, 404);
  EXPECT_EQ(get("/dns-query?dns=" + std::string(90000, 'A')).status, 413);
}

TEST(DohRequest, Post) {
  auto q = test::make_query(7, "example.org.");
  DohRequest ok = parse_doh_request("POST", "/dns-query", "application/dns-message", q, kPaths);
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.query, q);
  EXPECT_EQ(parse_doh_request("POST", "/dns-query", "Application/DNS-Message; x=y", q, kPaths).status, 200);
  EXPECT_EQ(parse_doh_request("POST", "/dns-query", "text/plain", q, kPaths).status, 415);
  EXPECT_EQ(parse_doh_request("POST", "/dns-query", "", q, kPaths).status, 415);
  EXPECT_EQ(parse_doh_request("POST", "/dns-query", "application/dns-message", {}, kPaths).status, 400);
  std::vector<uint8_t> big(kMaxDohMessage + 1, 0);
  EXPECT_EQ(parse_doh_request("POST", "/dns-query", "application/dns-message", big, kPaths).status, 413);
}

TEST(DohRequest, OtherMethods) {
  EXPECT_EQ(parse_doh_request("PUT", "/dns-query", "", {}, kPaths).status, 405);
  EXPECT_EQ(parse_doh_request("HEAD", "/dns-query?dns=AAAA", "", {}, kPaths).status, 405);
}

TEST(DohRequest, Base64url) {
  std::vector<uint8_t> out;
  ASSERT_TRUE(base64url_decode("-_8", out));
  EXPECT_EQ(out, (std::vector<uint8_t>{0xfb, 0xff}));
  EXPECT_TRUE(base64url_decode("", out));
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(base64url_decode("ab cd", out));
  EXPECT_FALSE(base64url_decode("a/bc", out));
}

TEST(DohRequest, MaxAgeIsSmallestTtl) {
  // Answer with two A records, TTL 300 and 60.
  std::vector<uint8_t> m = {0, 1, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1};
  for (uint8_t ttl : {uint8_t{0x2c}, uint8_t{60}}) {
    std::vector<uint8_t> rr = {0xc0, 12, 0, 1, 0, 1, 0, 0, uint8_t(ttl == 0x2c ? 1 : 0), ttl, 0, 4, 192, 0, 2, 1};
    m.insert(m.end(), rr.begin(), rr.end());
  }
  EXPECT_EQ(doh_max_age(m), 60);
  EXPECT_EQ(doh_max_age(test::make_query(1, "a.")), -1);  // no records
  EXPECT_EQ(doh_max_age(std::vector<uint8_t>{1, 2, 3}), -1);
}

TEST(Http1Head, Complete) {
  std::string req = "POST /dns-query HTTP/1.1\r\nHost: dns.test\r\nContent-Type: application/dns-message\r\n"
                    "Content-Length: 33\r\n\r\nBODY";
  Http1Head h = parse_http1_head(req);
  ASSERT_EQ(h.state, Http1Head::kComplete);
  EXPECT_EQ(h.method, "POST");
  EXPECT_EQ(h.target, "/dns-query");
  EXPECT_EQ(h.host, "dns.test");
  EXPECT_EQ(h.content_type, "application/dns-message");
  EXPECT_EQ(h.content_length, 33u);
  EXPECT_EQ(h.head_size, req.size() - 4);
  EXPECT_TRUE(h.keep_alive);
}

TEST(Http1Head, KeepAlive) {
  EXPECT_FALSE(parse_http1_head("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keep_alive);
  EXPECT_FALSE(parse_http1_head("GET / HTTP/1.0\r\n\r\n").keep_alive);
  EXPECT_TRUE(parse_http1_head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keep_alive);
}

TEST(Http1Head, IncompleteAndErrors) {
  EXPECT_EQ(parse_http1_head("GET / HTTP/1.1\r\nHost: x\r\n").state, Http1Head::kIncomplete);
  EXPECT_EQ(parse_http1_head(std::string(kMaxHttp1Head + 1, 'a')).status, 431);
  EXPECT_EQ(parse_http1_head("GET / HTTP/2.0\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("GET noslash HTTP/1.1\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("GET / HTTP/1.1\r\nbad header\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("GET / HTTP/1.1\r\n folded: x\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("POST / HTTP/1.1\r\nContent-Length: 70000\r\n\r\n").content_length, 70000u);
  EXPECT_EQ(parse_http1_head("POST / HTTP/1.1\r\nContent-Length: 1234567890\r\n\r\n").status, 400);
  EXPECT_EQ(parse_http1_head("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").status, 501);
}

}  // namespace
}  // namespace dns4eu::net
