// address_filter.cc — see address_filter.h.
#include "telemetry/address_filter.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace dns4eu::telemetry {
namespace {

uint32_t today() {
  using namespace std::chrono;
  return static_cast<uint32_t>(duration_cast<days>(system_clock::now().time_since_epoch()).count());
}

void mask(ClientAddress& a, unsigned bits) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned keep = bits >= 8 ? 8 : bits;
    a.bytes[i] &= static_cast<uint8_t>(keep == 0 ? 0 : 0xFF << (8 - keep));
    bits -= keep;
  }
}

// The process's pseudonym secret: random, drawn once, only in memory. The
// day's key is HMAC(secret, day), so every filter (one per writer thread)
// gives the same pseudonyms on the same day, and a restart changes them.
const std::array<uint8_t, 32>& process_secret() {
  static const std::array<uint8_t, 32> secret = [] {
    std::array<uint8_t, 32> s{};
    if (RAND_bytes(s.data(), static_cast<int>(s.size())) != 1) std::abort();  // no CSPRNG: refuse to pseudonymise
    return s;
  }();
  return secret;
}

}  // namespace

std::string address_text(const ClientAddress& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (a.family == 4) inet_ntop(AF_INET, a.bytes.data(), buf, sizeof buf);
  if (a.family == 6) inet_ntop(AF_INET6, a.bytes.data(), buf, sizeof buf);
  return buf;
}

AddressFilter::AddressFilter(AddressFilterConfig config) : config_(config) {}

void AddressFilter::set_key_for_test(uint32_t day, const std::array<uint8_t, 32>& key) {
  key_day_ = day;
  key_ = key;
}

std::array<uint8_t, 32> AddressFilter::hmac(const ClientAddress& a) {
  if (uint32_t d = today(); d != key_day_) {
    // A new day, a new key; the old one is forgotten (overwritten).
    const auto& secret = process_secret();
    unsigned n = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const uint8_t*>(&d), sizeof d,
         key_.data(), &n);
    key_day_ = d;
  }
  std::array<uint8_t, 32> out{};
  unsigned len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()), a.bytes.data(), a.size(), out.data(), &len);
  return out;
}

ClientAddress AddressFilter::truncated(const ClientAddress& a) const {
  ClientAddress t = a;
  mask(t, a.family == 4 ? config_.truncate_v4 : config_.truncate_v6);
  return t;
}

std::optional<std::string> AddressFilter::text(const ClientAddress& a) {
  if (a.family == 0) return std::nullopt;
  switch (config_.policy) {
    case AddressPolicy::kDrop:
      return std::nullopt;
    case AddressPolicy::kKeep:
      return address_text(a);
    case AddressPolicy::kTruncate:
      return address_text(truncated(a)) + "/" +
             std::to_string(a.family == 4 ? config_.truncate_v4 : config_.truncate_v6);
    case AddressPolicy::kPseudonymise: {
      auto h = hmac(a);
      char hex[17];
      for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02x", h[i]);
      return std::string(hex, 16);
    }
  }
  return std::nullopt;
}

std::vector<uint8_t> AddressFilter::wire(const ClientAddress& a) {
  if (a.family == 0) return {};
  switch (config_.policy) {
    case AddressPolicy::kDrop:
      return {};
    case AddressPolicy::kKeep:
      return {a.bytes.begin(), a.bytes.begin() + a.size()};
    case AddressPolicy::kTruncate: {
      auto t = truncated(a);
      return {t.bytes.begin(), t.bytes.begin() + t.size()};
    }
    case AddressPolicy::kPseudonymise: {
      auto h = hmac(a);
      return {h.begin(), h.begin() + a.size()};
    }
  }
  return {};
}

std::optional<uint16_t> AddressFilter::port(const ClientAddress& a) const {
  if (config_.policy == AddressPolicy::kDrop || !config_.keep_port || a.family == 0) return std::nullopt;
  return a.port;
}

}  // namespace dns4eu::telemetry
