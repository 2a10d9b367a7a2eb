// edns.h — EDNS(0) (RFC 6891): the OPT pseudo-record and its options:
// Extended DNS Errors (RFC 8914), Cookies (RFC 7873), Padding (RFC 7830/8467),
// TCP Keepalive (RFC 7828), Client Subnet (RFC 7871, parse only), NSID (RFC 5001).
//
// Parsing borrows from the packet (EdnsView); building goes through EdnsParams,
// which MessageBuilder writes as the OPT record.
//
//   if (auto e = msg.edns()) { bool dnssec_ok = e->do_bit; ... }
//   for (auto opt : e->options()) if (opt.code == kOptionCookie) parse_cookie(opt.data);
//
// Thread-safety: value types and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dns/result.h"

namespace dns4eu::dns {

inline constexpr uint16_t kOptionNsid = 3;
inline constexpr uint16_t kOptionClientSubnet = 8;
inline constexpr uint16_t kOptionCookie = 10;
inline constexpr uint16_t kOptionKeepalive = 11;
inline constexpr uint16_t kOptionPadding = 12;
inline constexpr uint16_t kOptionExtendedError = 15;

// RFC 8914 §5.2 info codes (and later registrations).
enum class EdeCode : uint16_t {
  kOther = 0, kUnsupportedDnskeyAlgorithm = 1, kUnsupportedDsDigestType = 2, kStaleAnswer = 3,
  kForgedAnswer = 4, kDnssecIndeterminate = 5, kDnssecBogus = 6, kSignatureExpired = 7,
  kSignatureNotYetValid = 8, kDnskeyMissing = 9, kRrsigsMissing = 10, kNoZoneKeyBitSet = 11,
  kNsecMissing = 12, kCachedError = 13, kNotReady = 14, kBlocked = 15, kCensored = 16,
  kFiltered = 17, kProhibited = 18, kStaleNxdomainAnswer = 19, kNotAuthoritative = 20,
  kNotSupported = 21, kNoReachableAuthority = 22, kNetworkError = 23, kInvalidData = 24,
  kSignatureExpiredBeforeValid = 25, kTooEarly = 26, kUnsupportedNsec3Iterations = 27,
  kUnableToConformToPolicy = 28, kSynthesized = 29,
};

struct EdnsOption {
  uint16_t code = 0;
  std::span<const uint8_t> data;
};

// Iterates the options of an OPT RDATA that parse() already validated.
class EdnsOptionIterator {
 public:
  EdnsOptionIterator(std::span<const uint8_t> rdata, std::size_t pos) : rdata_(rdata), pos_(pos) {}
  EdnsOption operator*() const;
  EdnsOptionIterator& operator++();
  bool operator==(const EdnsOptionIterator& o) const { return pos_ == o.pos_; }

 private:
  std::span<const uint8_t> rdata_;
  std::size_t pos_;
};

// The OPT record of a received message.
struct EdnsView {
  uint16_t udp_size = 0;     // the OPT CLASS field (values < 512 mean 512)
  uint8_t ext_rcode = 0;     // upper 8 bits of the 12-bit rcode
  uint8_t version = 0;
  bool do_bit = false;
  uint16_t z_flags = 0;      // the 16 flag bits (DO is 0x8000)
  std::span<const uint8_t> rdata;

  // Validates option framing (lengths inside the RDATA). `rdata_offset` only
  // serves error messages.
  static Result<EdnsView> parse(uint16_t rrclass, uint32_t ttl, std::span<const uint8_t> rdata,
                                std::size_t rdata_offset = 0);
  struct Range {
    std::span<const uint8_t> rdata;
    EdnsOptionIterator begin() const { return {rdata, 0}; }
    EdnsOptionIterator end() const { return {rdata, rdata.size()}; }
  };
  Range options() const { return {rdata}; }
  std::optional<EdnsOption> find(uint16_t code) const;
};

struct ExtendedError {
  EdeCode code = EdeCode::kOther;
  std::string extra_text;  // UTF-8, may be empty
};
Result<ExtendedError> parse_extended_error(std::span<const uint8_t> data);
std::vector<uint8_t> encode_extended_error(const ExtendedError& ede);

struct Cookie {
  std::array<uint8_t, 8> client{};
  std::vector<uint8_t> server;  // empty, or 8 to 32 octets
};
Result<Cookie> parse_cookie(std::span<const uint8_t> data);
std::vector<uint8_t> encode_cookie(const Cookie& c);

struct ClientSubnet {
  uint16_t family = 0;  // 1 = IPv4, 2 = IPv6
  uint8_t source_prefix = 0, scope_prefix = 0;
  std::array<uint8_t, 16> address{};  // zero-filled beyond the prefix
};
Result<ClientSubnet> parse_client_subnet(std::span<const uint8_t> data);

// Keepalive: empty in queries; a 16-bit timeout in units of 100 ms in responses.
Result<std::optional<uint16_t>> parse_keepalive(std::span<const uint8_t> data);
std::vector<uint8_t> encode_keepalive(uint16_t timeout_100ms);

// RFC 8467 block-length padding: how many padding octets (the option body) to
// add to a message of `size` octets, that does not yet carry the 4-octet
// padding option header, so that the total is a multiple of `block`.
std::size_t padding_length(std::size_t size, std::size_t block);

// What MessageBuilder writes as the OPT record.
struct EdnsParams {
  uint16_t udp_size = 1232;
  bool do_bit = false;
  uint8_t version = 0;
  std::vector<std::pair<uint16_t, std::vector<uint8_t>>> options;
  std::size_t pad_to_block = 0;  // 0 = no padding; else RFC 8467 block size (e.g. 468)
};

}  // namespace dns4eu::dns
