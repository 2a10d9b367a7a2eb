// address_filter.h — what may be written where a client's address would go,
// per the deployment's privacy policy (RFC 8932 §6.1.2): nothing (drop),
// the address (keep), its network (truncate to /24 and /48 by default), or a
// pseudonym: HMAC-SHA256 of the address under a key of the UTC day, derived
// from a secret drawn at random when the process starts and never written
// anywhere, so one day's pseudonyms cannot be linked to another day's (nor
// across restarts), nor reversed by anyone. All filters of a process agree.
//
//   AddressFilter f({.policy = AddressPolicy::kTruncate});
//   f.text(addr);          // "192.0.2.0/24"
//   f.wire(addr);          // 4 or 16 bytes for dnstap, or empty when dropped
//
// Thread-safety: text() and wire() are safe from one thread at a time (the
// day's key is cached inside); make one filter per thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dns4eu::telemetry {

enum class AddressPolicy { kDrop, kKeep, kTruncate, kPseudonymise };

// A client address as the telemetry code sees it (no net/ types here).
struct ClientAddress {
  uint8_t family = 0;  // 0: none, 4 or 6
  std::array<uint8_t, 16> bytes{};
  uint16_t port = 0;
  std::size_t size() const { return family == 4 ? 4 : family == 6 ? 16 : 0; }
};

std::string address_text(const ClientAddress& a);  // "192.0.2.1", "2001:db8::1"

struct AddressFilterConfig {
  AddressPolicy policy = AddressPolicy::kDrop;
  bool keep_port = false;
  uint8_t truncate_v4 = 24;
  uint8_t truncate_v6 = 48;
};

class AddressFilter {
 public:
  explicit AddressFilter(AddressFilterConfig config);
  const AddressFilterConfig& config() const { return config_; }
  bool drops() const { return config_.policy == AddressPolicy::kDrop; }

  // The text for the query log: nullopt when dropped; "192.0.2.0/24" when
  // truncated; 16 hex digits (64 bits of the HMAC) when pseudonymised.
  std::optional<std::string> text(const ClientAddress& a);
  // The bytes for dnstap's address fields: empty when dropped; the truncated
  // address; or, when pseudonymised, the first 4/16 HMAC bytes (an address-
  // shaped pseudonym).
  std::vector<uint8_t> wire(const ClientAddress& a);
  // The port to write, if allowed.
  std::optional<uint16_t> port(const ClientAddress& a) const;

  // For tests: the key in use for `day` (days since the epoch).
  void set_key_for_test(uint32_t day, const std::array<uint8_t, 32>& key);

 private:
  std::array<uint8_t, 32> hmac(const ClientAddress& a);
  ClientAddress truncated(const ClientAddress& a) const;
  AddressFilterConfig config_;
  uint32_t key_day_ = 0;
  std::array<uint8_t, 32> key_{};
};

}  // namespace dns4eu::telemetry
