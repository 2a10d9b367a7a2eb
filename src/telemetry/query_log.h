// query_log.h — the structured query log: one JSON object per line per
// answered query, written by a thread of its own from per-worker bounded
// rings. A worker never blocks and never formats: it copies a fixed-size
// QueryRecord into its ring, or counts a drop when the ring is full.
//
// The client field follows the AddressFilter (privacy profile): under drop
// the worker does not even copy the address into the record.
//
//   QueryLog log(config, workers, filter_config, names);
//   if (auto s = log.start(); !s) die(s.error().message);
//   QueryRecord r = ...;                 // on worker w
//   if (!log.submit(w, r)) metrics.query_log_dropped();
//   log.stop();                          // drains, flushes, joins
//
// Line format (fields absent when unknown): {"time":"2026-11-28T13:40:00.123Z",
// "profile":"public","flavour":"plain","transport":"udp","qname":"example.com.",
// "qtype":"A","rcode":"NOERROR","flags":["qr","rd","ra"],"latency_us":812,
// "cache":"answer_cache","cache_hit":true,"policy":{"verdict":"block","list":"malware"},
// "ede":[15],"client":"192.0.2.0/24","client_port":5353,"client_asn":64500}
//
// Thread-safety: submit(w, ...) from worker w only; start/stop from one thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "dns/result.h"
#include "telemetry/address_filter.h"
#include "telemetry/internal/spsc_ring.h"
#include "telemetry/metrics.h"
#include "telemetry/rotating_file.h"

namespace dns4eu::telemetry {

struct QueryRecord {
  int64_t time_us = 0;  // system clock, microseconds since the epoch
  uint32_t latency_us = 0;
  uint16_t qtype = 0;
  uint16_t rcode = 0;     // 12-bit (with EDNS extended bits)
  uint16_t flags = 0;     // response header flags
  uint16_t ede = 0xFFFF;  // first EDE info-code, 0xFFFF: none
  Transport transport = Transport::kUdp;
  AnswerSource source = AnswerSource::kResolution;
  PolicyVerdict verdict = PolicyVerdict::kPass;
  bool has_verdict = false;
  uint8_t flavour = 0;
  uint8_t policy_list = 0;           // slot, 0: none
  uint8_t qname_size = 0;            // 0: no question
  std::array<uint8_t, 255> qname{};  // uncompressed wire form
  ClientAddress client;              // family 0 when the filter drops addresses
  uint32_t client_asn = 0;           // source AS (query_log.asn_database), 0: unknown or not looked up

  // Every field to its default except the qname bytes (qname_size 0 makes
  // them meaningless): for a ring slot reused in place.
  void clear_fields() {
    time_us = 0, latency_us = 0, qtype = 0, rcode = 0, flags = 0, ede = 0xFFFF;
    transport = Transport::kUdp, source = AnswerSource::kResolution, verdict = PolicyVerdict::kPass;
    has_verdict = false, flavour = 0, policy_list = 0, qname_size = 0, client = ClientAddress{}, client_asn = 0;
  }
};

// Names for the indexes in a record.
struct QueryLogNames {
  std::string profile;
  std::vector<std::string> flavours;
  std::vector<std::string> policy_lists;
};

// A growable byte buffer the writer formats lines into (no zero-filling, no
// per-append capacity checks): reserve(n) gives room for n bytes, commit(k)
// keeps the k written.
class LineBuffer {
 public:
  char* reserve(std::size_t n);
  void commit(std::size_t n) { size_ += n; }
  std::size_t size() const { return size_; }
  std::string_view view() const { return {data_.get(), size_}; }
  void clear() { size_ = 0; }

 private:
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, cap_ = 0;
};

// Formats records as JSON lines. The JSON fragments of the names (profile,
// flavours, lists, qtypes, rcodes) are escaped once, when it is built; a
// line is then copies, digits and the escaped qname, with no allocation
// unless the profile keeps a client address.
class QueryLineFormatter {
 public:
  explicit QueryLineFormatter(const QueryLogNames& names);
  void append(LineBuffer& out, const QueryRecord& r, AddressFilter& filter);

 private:
  std::string profile_;
  std::vector<std::string> flavours_, lists_, qtypes_, rcodes_, transports_, sources_, flags_;
  std::size_t fixed_ = 0;  // bound on a line's length without the rare spare fragments
  int64_t cached_second_ = -1;
  char prefix_[32] = {};
};

// One JSON line (with the trailing newline), appended to `out` / returned.
void append_query_record(std::string& out, const QueryRecord& r, const QueryLogNames& names, AddressFilter& filter);
std::string format_query_record(const QueryRecord& r, const QueryLogNames& names, AddressFilter& filter);

struct QueryLogStats {
  uint64_t written = 0;
  uint64_t asn_unknown = 0;  // lines without client_asn while an AS database is in use
  uint64_t write_errors = 0;
  uint64_t files_deleted = 0;
};

class QueryLog {
 public:
  QueryLog(RotatingFileConfig file, std::size_t workers, std::size_t queue_size, AddressFilterConfig filter,
           QueryLogNames names);
  ~QueryLog();  // stop()

  Status start();
  // False when the worker's ring is full (the record is dropped).
  bool submit(std::size_t worker, const QueryRecord& r) { return rings_[worker]->try_push(r); }
  // In place, on worker w: a free record to fill (stale contents: call
  // clear_fields() first), or nullptr when the ring is full (a drop); then
  // commit(w) publishes it.
  QueryRecord* reserve(std::size_t worker) { return rings_[worker]->begin_push(); }
  void commit(std::size_t worker) { rings_[worker]->commit_push(); }
  bool wants_address() const { return !filter_.drops(); }
  // Records carry client_asn (an AS database is in use): count those without one. Before start().
  void expect_asn() { expect_asn_ = true; }
  // New names for indexes (flavours added by a reload, policy lists). Thread-safe.
  void set_names(QueryLogNames names);
  QueryLogStats stats() const;
  void stop();

 private:
  using Ring = internal::SpscRing<QueryRecord>;
  void run();
  std::size_t drain(LineBuffer& buf);
  RotatingFile file_;
  AddressFilter filter_;
  std::mutex names_mu_;  // guards names_, names_changed_ (read by the writer thread once per drain)
  QueryLogNames names_;
  bool names_changed_ = false;
  std::unique_ptr<QueryLineFormatter> formatter_;  // writer thread's, rebuilt when the names change
  std::vector<std::unique_ptr<Ring>> rings_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  bool expect_asn_ = false;
  std::atomic<uint64_t> written_{0}, write_errors_{0}, files_deleted_{0}, asn_unknown_{0};
};

}  // namespace dns4eu::telemetry
