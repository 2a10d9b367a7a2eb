// dnstap.h — dnstap output (https://dnstap.info): each event is encoded as
// a protobuf Dnstap message (protobuf-c, schema in dnstap.proto) on the
// worker that saw it, packed straight into that worker's own bounded frame
// ring (no allocation, no lock, no system call), which drops (and the caller
// counts) rather than blocks when full. One writer thread drains the rings
// every 20 ms and hands each batch of frames to fstrm's writer in one
// writev. Output goes to a Frame Streams file or unix socket (reconnected
// every second when it goes away; meanwhile the rings fill and drop),
// content type "protobuf:dnstap.Dnstap" (readable by dnstap-ldns, fstrm_dump).
//
// Address fields are written as given: callers pass them through the privacy
// AddressFilter first (an empty span omits the field).
//
//   auto tap = DnstapWriter::open({.file = "/var/log/dns4eu.tap", .workers = 2});
//   DnstapEvent e{.type = DnstapType::kClientQuery, .message = query_bytes, ...};
//   if (!(*tap)->submit(worker, e)) metrics.dnstap_dropped();
//
// Thread-safety: submit(w, ...) from worker w only; open/destroy from one thread.
#pragma once

#include <cstdint>
#include <ctime>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "dns/result.h"
#include "telemetry/metrics.h"

namespace dns4eu::telemetry {

enum class DnstapType : uint8_t { kClientQuery, kClientResponse, kResolverQuery, kResolverResponse };

struct DnstapEvent {
  DnstapType type = DnstapType::kClientQuery;
  Transport transport = Transport::kUdp;
  uint8_t family = 4;                        // 4 or 6
  std::span<const uint8_t> query_address{};  // the side that sent the query (already filtered)
  uint16_t query_port = 0;                   // 0: omitted
  std::span<const uint8_t> response_address{};
  uint16_t response_port = 0;
  timespec query_time{};  // tv_sec 0: omitted
  timespec response_time{};
  std::span<const uint8_t> message{};  // the DNS message (query or response by type)
};

struct DnstapWriterConfig {
  std::string file{};  // one of file and socket
  std::string socket{};
  std::string identity{};
  std::string version = "dns4eu";
  std::size_t workers = 1;
  std::size_t queue_size = 16384;  // per worker: a ring of queue_size * 256 bytes (frames of ~256 bytes)
};

class DnstapWriter {
 public:
  static Result<std::unique_ptr<DnstapWriter>> open(const DnstapWriterConfig& config);
  ~DnstapWriter();  // flushes and stops the I/O thread
  DnstapWriter(const DnstapWriter&) = delete;
  DnstapWriter& operator=(const DnstapWriter&) = delete;

  // False when the frame was dropped (queue full or output failed).
  bool submit(std::size_t worker, const DnstapEvent& e);

 private:
  DnstapWriter() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The encoded Dnstap protobuf of `e` (for tests and the fuzz target).
std::vector<uint8_t> encode_dnstap(const DnstapEvent& e, std::string_view identity, std::string_view version);

}  // namespace dns4eu::telemetry
