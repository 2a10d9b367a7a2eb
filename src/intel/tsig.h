// tsig.h — TSIG (RFC 8945) for zone transfers: signs a request and verifies
// every message of the response stream with the running MAC. The HMAC is
// OpenSSL's (hmac-sha256, hmac-sha512, hmac-sha1); nothing is hand-written.
//
//   TsigKey key{*Name::from_text("xfr-key."), TsigAlgorithm::kHmacSha256, secret};
//   TsigSession s(key);
//   s.sign(query, now);                       // appends the TSIG record, keeps the request MAC
//   for (each response message m) if (auto v = s.verify(m, now); !v) refuse(v.error());
//   if (!s.finished_signed()) refuse();       // the last message must carry a TSIG
//
// Refuses: an unknown key or algorithm, a bad MAC, a time outside the fudge,
// a TSIG error code from the server, an unsigned first or last message and
// more than 99 unsigned messages in a row (RFC 8945 §5.3.1).
// Thread-safety: a TsigSession belongs to one transfer.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"

namespace dns4eu::intel {

enum class TsigAlgorithm : uint8_t { kHmacSha256, kHmacSha512, kHmacSha1 };
std::optional<TsigAlgorithm> tsig_algorithm_from_text(std::string_view s);  // "hmac-sha256", ...
std::string_view to_string(TsigAlgorithm a);
dns::Name algorithm_name(TsigAlgorithm a);

struct TsigKey {
  dns::Name name;
  TsigAlgorithm algorithm = TsigAlgorithm::kHmacSha256;
  std::vector<uint8_t> secret;
  friend bool operator==(const TsigKey&, const TsigKey&) = default;
};

// HMAC of `data` with the key's algorithm and secret.
std::vector<uint8_t> tsig_hmac(const TsigKey& key, std::span<const uint8_t> data);

class TsigSession {
 public:
  explicit TsigSession(TsigKey key, uint16_t fudge = 300) : key_(std::move(key)), fudge_(fudge) {}

  // Appends the TSIG record to `message` (a finished DNS message) and
  // increments its ARCOUNT.
  Status sign(std::vector<uint8_t>& message, uint64_t now);
  // Verifies one response message (in order). Unsigned messages between
  // signed ones are accepted and folded into the next MAC.
  Status verify(std::span<const uint8_t> message, uint64_t now);
  // True when the last message verified carried a TSIG.
  bool last_signed() const { return pending_.empty() && messages_ > 0; }
  const std::vector<uint8_t>& request_mac() const { return request_mac_; }

 private:
  TsigKey key_;
  uint16_t fudge_;
  std::vector<uint8_t> request_mac_, prior_mac_;
  std::vector<uint8_t> pending_;  // unsigned messages since the last signed one
  int unsigned_run_ = 0;
  uint64_t messages_ = 0;
};

}  // namespace dns4eu::intel
