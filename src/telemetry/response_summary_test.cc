// response_summary_test.cc — the worker's direct read of an answer: question,
// rcode with EDNS bits, flags and EDE; malformed input leaves defaults.
#include "telemetry/response_summary.h"

#include <gtest/gtest.h>

#include <vector>

namespace dns4eu::telemetry {
namespace {

// example.com. A: NXDOMAIN, one A record (compressed owner), an OPT with
// extended rcode bits 1 and EDE 18 (prohibited), after a padding option.
const std::vector<uint8_t> kAnswer = {
    0x12, 0x34, 0x81, 0x83, 0,    1,   0,   1,   0, 0,   0,   1,                     // header
    7,    'e',  'x',  'a',  'm',  'p', 'l', 'e', 3, 'c', 'o', 'm', 0,   0, 1, 0, 1,  // question
    0xc0, 12,   0,    1,    0,    1,   0,   0,   0, 60,  0,   4,   192, 0, 2, 1,     // answer
    0,    0,    41,   0x04, 0xd0, 1,   0,   0,   0, 0,   11,                         // OPT, ext rcode 1
    0,    12,   0,    1,    0,                                                       // padding
    0,    15,   0,    2,    0,    18};                                               // EDE 18

TEST(ResponseSummary, ReadsQuestionRcodeFlagsAndEde) {
  QueryRecord r;
  summarize_response(kAnswer, r);
  ASSERT_EQ(r.qname_size, 13u);
  EXPECT_EQ(std::vector<uint8_t>(r.qname.begin(), r.qname.begin() + 13),
            std::vector<uint8_t>(kAnswer.begin() + 12, kAnswer.begin() + 25));
  EXPECT_EQ(r.qtype, 1u);
  EXPECT_EQ(r.rcode, (1u << 4) | 3u);
  EXPECT_EQ(r.flags, 0x8180u);
  EXPECT_EQ(r.ede, 18u);
}

TEST(ResponseSummary, WithoutOptKeepsHeaderRcodeAndNoEde) {
  std::vector<uint8_t> m(kAnswer.begin(), kAnswer.begin() + 45);
  m[11] = 0;  // arcount 0
  QueryRecord r;
  summarize_response(m, r);
  EXPECT_EQ(r.rcode, 3u);
  EXPECT_EQ(r.ede, 0xFFFFu);
  EXPECT_EQ(r.qname_size, 13u);
}

TEST(ResponseSummary, TruncatedOrHostileInputNeverReadsPastTheEnd) {
  for (std::size_t n = 0; n < kAnswer.size(); ++n) {
    std::vector<uint8_t> m(kAnswer.begin(), kAnswer.begin() + static_cast<std::ptrdiff_t>(n));
    QueryRecord r;
    summarize_response(m, r);  // ASan checks the bounds
    if (n < 12) {
      EXPECT_EQ(r.qname_size, 0u);
    }
    EXPECT_EQ(r.ede, 0xFFFFu);  // the EDE option is the last bytes
  }
  std::vector<uint8_t> loop = {0, 0, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1};
  QueryRecord r;
  summarize_response(loop, r);  // a compressed question: no qname copied
  EXPECT_EQ(r.qname_size, 0u);
  std::vector<uint8_t> label_too_long = {0, 0, 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x50, 'a', 0, 0, 1, 0, 1};
  summarize_response(label_too_long, r);
  EXPECT_EQ(r.qname_size, 0u);
}

}  // namespace
}  // namespace dns4eu::telemetry
