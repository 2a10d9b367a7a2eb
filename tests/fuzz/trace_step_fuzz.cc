// trace_step_fuzz — libFuzzer target for daemon::summarise_exchange, which
// reads an upstream server's reply (outside input) for POST /trace.
//
// Input: one DNS message, taken as the reply to a fixed query, over UDP and
// over TCP, and as the query itself. The summary and its JSON must be built
// without a crash; a referral must name a zone that parses.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "daemon/trace.h"
#include "dns/builder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dns4eu;
  static const std::vector<uint8_t> query = [] {
    std::vector<uint8_t> out;
    dns::MessageBuilder b(out);
    b.set_id(1);
    b.add_question(*dns::Name::from_text("www.example.test."), dns::RRType::kA, dns::RRClass::kIN);
    b.finish();
    return out;
  }();
  static const net::Endpoint server = *net::Endpoint::parse("192.0.2.1:53");
  std::vector<uint8_t> wire(data, data + size);
  for (bool tcp : {false, true}) {
    auto s = daemon::summarise_exchange(server, query, tcp, resolver::UpstreamReply{wire, std::chrono::microseconds(size)});
    if (!s.referral.empty() && !dns::Name::from_text(s.referral)) std::abort();
    (void)daemon::to_json(s).dump();
  }
  auto as_query = daemon::summarise_exchange(server, wire, false, resolver::UpstreamReply{query, {}});
  (void)daemon::to_json(as_query).dump();
  return 0;
}
