// config_telemetry.h — the config sections of observability and privacy:
// how client addresses may be written (privacy), the JSON-lines query log
// and dnstap. Part of Config (config.h); read by internal/config_telemetry.cc,
// documented key by key in README.md (Configuration reference).
//
//   if (cfg.query_log) open(cfg.query_log->path);
//   AddressPolicy p = effective_address_policy(cfg.profile, cfg.privacy);
//
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dns4eu::daemon {

enum class PrivacyProfile;

// What is written where a client's address would go (RFC 8932 §6.1.2).
enum class AddressPolicy { kDrop, kKeep, kTruncate, kPseudonymise };
std::string_view to_string(AddressPolicy p);

struct PrivacyConfig {
  // Absent: the profile's default (public: drop, government: keep, telco: truncate).
  // The public profile accepts only drop.
  std::optional<AddressPolicy> client_address;
  bool client_port = false;  // write the client's source port (never under public)
  uint8_t truncate_v4 = 24;  // prefix length kept by truncate
  uint8_t truncate_v6 = 48;
  friend bool operator==(const PrivacyConfig&, const PrivacyConfig&) = default;
};

struct QueryLogConfig {
  std::string path;                                                // the live file; rotated ones get a timestamp suffix
  uint64_t max_size = 100ull << 20;                                // rotate when the file reaches this size
  std::chrono::milliseconds rotate_every{std::chrono::hours(24)};  // and at this age
  std::chrono::milliseconds retention{0};                          // delete rotated files older than this (0: keep)
  uint32_t queue_size = 8192;  // records buffered per worker (~300 bytes each); more are dropped and counted
  std::string asn_database{};  // MMDB file: log the client's source AS (client_asn); empty: none
  friend bool operator==(const QueryLogConfig&, const QueryLogConfig&) = default;
};

struct DnstapConfig {
  std::string file;    // exactly one of file and socket
  std::string socket;  // a unix socket path (fstrm bidirectional)
  std::string identity;
  bool client_query = false;  // CLIENT_RESPONSE frames carry the query time too
  bool client_response = true;
  bool resolver_query = false;
  bool resolver_response = false;
  uint32_t queue_size = 16384;  // frames buffered per worker; more are dropped and counted
  friend bool operator==(const DnstapConfig&, const DnstapConfig&) = default;
};

AddressPolicy effective_address_policy(PrivacyProfile profile, const PrivacyConfig& privacy);

}  // namespace dns4eu::daemon
