// types.h — the vocabulary of the policy engine: list categories and
// formats, rule actions, profile actions, IP addresses and networks as the
// policy sees them, and the Extended DNS Error a category earns (RFC 8914).
//
//   auto c = category_from_text("phishing");   // Category::kPhishing
//   ede_for(*c);                               // EdeCode::kBlocked (15)
//
// Thread-safety: value types and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dns/edns.h"
#include "dns/result.h"

namespace dns4eu::policy {

// What a list is about. Threats earn EDE 15 (Blocked), legal lists 16
// (Censored), every other category 17 (Filtered: the user chose it).
enum class Category : uint8_t { kMalware, kPhishing, kC2, kAdult, kAds, kTracking, kGambling, kLegal, kAllow, kCustom };

enum class ListFormat : uint8_t {
  kDomains,  // one name a line: the name and all its subdomains ("*.name": subdomains only)
  kHosts,    // "0.0.0.0 name [name...]": exactly those names
  kAdblock,  // "||name^" name and subdomains, "@@||name^" exception, "|name|"? no: other rules refused
  kRpz,      // an RPZ zone file (draft-vixie-dnsop-dns-rpz)
  kMisp,     // MISP JSON (event, events, restSearch): domain / hostname / domain|ip attributes with to_ids
};

// What a matching rule does. The first four come from RPZ rule data or the
// profile; kLocalData answers with the rule's records.
enum class Action : uint8_t {
  kNone = 0,   // no rule matched: resolve normally
  kNxdomain,
  kNodata,
  kSinkhole,   // A/AAAA of the profile's block page
  kRefused,
  kDrop,
  kPassthru,   // matched a pass-through (allowlist, RPZ rpz-passthru.): resolve normally, stop looking
  kTcpOnly,    // UDP gets TC=1, TCP resolves normally (RPZ rpz-tcp-only.)
  kLocalData,  // the rule's own records (RPZ local data)
};

// A profile's choice for one of its lists: kGiven takes each rule's own
// action (RPZ), which is NXDOMAIN for plain lists.
// kLog: a dry run — the list's matches are reported (Verdict::logged), never applied.
enum class ProfileAction : uint8_t { kGiven, kNxdomain, kNodata, kSinkhole, kRefused, kDrop, kPassthru, kLog };

std::string_view to_string(Category c);
std::string_view to_string(ListFormat f);
std::string_view to_string(Action a);
std::string_view to_string(ProfileAction a);
std::optional<Category> category_from_text(std::string_view s);
std::optional<ListFormat> format_from_text(std::string_view s);
std::optional<ProfileAction> profile_action_from_text(std::string_view s);

dns::EdeCode ede_for(Category c);

// An IP address as policy sees it: IPv4 or IPv6 bytes, network order.
struct IpAddr {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;  // false: bytes[0..3] hold the IPv4 address
  static IpAddr v4(std::array<uint8_t, 4> b);
  static Result<IpAddr> parse(std::string_view text);
  std::string to_string() const;
  friend bool operator==(const IpAddr&, const IpAddr&) = default;
};

// A network: address with `length` leading bits significant.
struct IpNet {
  IpAddr addr;
  uint8_t length = 0;
  bool contains(const IpAddr& a) const;
  static Result<IpNet> parse(std::string_view text);  // "10.0.0.0/8", a bare address is a host
  std::string to_string() const;
  // The same network with the address bits past `length` cleared.
  IpNet masked() const;
  friend bool operator==(const IpNet&, const IpNet&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const IpNet& n) {
    return H::combine(std::move(h), n.addr.bytes, n.addr.v6, n.length);
  }
};

}  // namespace dns4eu::policy
