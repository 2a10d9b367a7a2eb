// dnstap_test.cc — Dnstap frames written through fstrm, read back with
// fstrm's reader and protobuf-c, and with Debian's dnstap-ldns.
#include "telemetry/dnstap.h"

#include <fstrm.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>

#include "dnstap.pb-c.h"

namespace dns4eu::telemetry {
namespace {

// A query for example.com. A (ID 0x1234, RD).
const std::vector<uint8_t> kQuery = {0x12, 0x34, 0x01, 0x00, 0,   1, 0,   0,   0,   0, 0, 0, 7, 'e', 'x',
                                     'a',  'm',  'p',  'l',  'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};

std::vector<std::vector<uint8_t>> read_frames(const std::string& path) {
  fstrm_file_options* fopt = fstrm_file_options_init();
  fstrm_file_options_set_file_path(fopt, path.c_str());
  fstrm_reader* r = fstrm_file_reader_init(fopt, nullptr);
  fstrm_file_options_destroy(&fopt);
  std::vector<std::vector<uint8_t>> frames;
  if (!r || fstrm_reader_open(r) != fstrm_res_success) return frames;
  const uint8_t* data;
  size_t len;
  while (fstrm_reader_read(r, &data, &len) == fstrm_res_success) frames.emplace_back(data, data + len);
  fstrm_reader_destroy(&r);
  return frames;
}

TEST(Dnstap, WritesFramesThatDecodeAndDnstapLdnsReads) {
  auto path = (std::filesystem::temp_directory_path() / ("dns4eu_tap_" + std::to_string(::getpid()))).string();
  {
    auto w = DnstapWriter::open({.file = path, .identity = "test-resolver", .workers = 2, .queue_size = 64});
    ASSERT_TRUE(w) << w.error().message;
    const uint8_t truncated[] = {192, 0, 2, 0};
    const uint8_t local[] = {127, 0, 0, 1};
    DnstapEvent e{.type = DnstapType::kClientQuery,
                  .transport = Transport::kUdp,
                  .family = 4,
                  .query_address = truncated,
                  .response_address = local,
                  .response_port = 53,
                  .query_time = {1764337200, 5},
                  .message = kQuery};
    EXPECT_TRUE((*w)->submit(1, e));
    e.type = DnstapType::kResolverQuery;
    e.query_address = {};  // dropped by the privacy filter: the field is absent
    EXPECT_TRUE((*w)->submit(0, e));
  }  // destroying the writer flushes
  auto frames = read_frames(path);
  ASSERT_EQ(frames.size(), 2u);
  // Queues drain in no particular order across workers: the client query came from worker 1.
  Dnstap__Dnstap* first = dnstap__dnstap__unpack(nullptr, frames[0].size(), frames[0].data());
  ASSERT_NE(first, nullptr);
  if (first->message->type != DNSTAP__MESSAGE__TYPE__CLIENT_QUERY) std::swap(frames[0], frames[1]);
  dnstap__dnstap__free_unpacked(first, nullptr);
  Dnstap__Dnstap* tap = dnstap__dnstap__unpack(nullptr, frames[0].size(), frames[0].data());
  ASSERT_NE(tap, nullptr);
  ASSERT_NE(tap->message, nullptr);
  std::string identity(reinterpret_cast<char*>(tap->identity.data), tap->identity.len);
  EXPECT_EQ(identity, "test-resolver");
  EXPECT_EQ(tap->message->query_address.len, 4u);
  EXPECT_EQ(tap->message->query_address.data[0], 192);
  EXPECT_EQ(tap->message->query_message.len, kQuery.size());
  EXPECT_EQ(tap->message->response_port, 53u);
  dnstap__dnstap__free_unpacked(tap, nullptr);
  Dnstap__Dnstap* second = dnstap__dnstap__unpack(nullptr, frames[1].size(), frames[1].data());
  ASSERT_NE(second, nullptr);
  EXPECT_FALSE(second->message->has_query_address);
  dnstap__dnstap__free_unpacked(second, nullptr);

  std::string cmd = "dnstap-ldns -r " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  EXPECT_EQ(pclose(p), 0) << out;
  EXPECT_NE(out.find("example.com"), std::string::npos) << out;
  EXPECT_NE(out.find("CQ"), std::string::npos) << out;
  EXPECT_NE(out.find("RQ"), std::string::npos) << out;
  std::filesystem::remove(path);
}

TEST(Dnstap, WrittenFrameRepacksToTheCanonicalEncoding) {
  // The writer concatenates a pre-packed envelope and the Message field;
  // decoded and packed again by protobuf-c it is exactly encode_dnstap().
  auto path = (std::filesystem::temp_directory_path() / ("dns4eu_tap_canon_" + std::to_string(::getpid()))).string();
  const uint8_t local[] = {127, 0, 0, 1};
  std::vector<uint8_t> big(300, 0xAB);  // a length that needs a 2-byte varint
  big.insert(big.begin(), kQuery.begin(), kQuery.end());
  std::vector<DnstapEvent> events = {
      {.type = DnstapType::kClientResponse,
       .response_address = local,
       .response_port = 53,
       .query_time = {1764337200, 5},
       .response_time = {1764337200, 900},
       .message = kQuery},
      {.type = DnstapType::kResolverResponse, .transport = Transport::kTcp, .family = 6, .message = big}};
  {
    auto w = DnstapWriter::open({.file = path, .identity = "id", .version = "v1", .workers = 1});
    ASSERT_TRUE(w) << w.error().message;
    for (const auto& e : events) EXPECT_TRUE((*w)->submit(0, e));
  }
  auto frames = read_frames(path);
  ASSERT_EQ(frames.size(), events.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    Dnstap__Dnstap* tap = dnstap__dnstap__unpack(nullptr, frames[i].size(), frames[i].data());
    ASSERT_NE(tap, nullptr);
    std::vector<uint8_t> repacked(dnstap__dnstap__get_packed_size(tap));
    dnstap__dnstap__pack(tap, repacked.data());
    dnstap__dnstap__free_unpacked(tap, nullptr);
    EXPECT_EQ(repacked, encode_dnstap(events[i], "id", "v1")) << "frame " << i;
  }
  std::filesystem::remove(path);
}

TEST(Dnstap, FullQueueDropsInsteadOfBlocking) {
  auto path = (std::filesystem::temp_directory_path() / ("dns4eu_tap_full_" + std::to_string(::getpid()))).string();
  auto w = DnstapWriter::open({.file = path, .workers = 1, .queue_size = 2});
  ASSERT_TRUE(w);
  DnstapEvent e{.message = kQuery};
  int dropped = 0;
  for (int i = 0; i < 100000; ++i) dropped += (*w)->submit(0, e) ? 0 : 1;
  EXPECT_GT(dropped, 0);  // 100000 frames into a 2-slot queue: some must be dropped, none blocked
  w->reset();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dns4eu::telemetry
