// types.cc — see types.h.
#include "policy/types.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace dns4eu::policy {
namespace {

constexpr std::string_view kCategories[] = {"malware", "phishing", "c2",    "adult", "ads",
                                            "tracking", "gambling", "legal", "allow", "custom"};
constexpr std::string_view kFormats[] = {"domains", "hosts", "adblock", "rpz", "misp"};
constexpr std::string_view kActions[] = {"none", "nxdomain", "nodata", "sinkhole", "refused",
                                         "drop", "passthru", "tcp-only", "local-data"};
constexpr std::string_view kProfileActions[] = {"given",   "nxdomain", "nodata", "sinkhole",
                                                "refused", "drop",     "passthru", "log"};

template <typename E, std::size_t N>
std::optional<E> find(std::string_view s, const std::string_view (&names)[N]) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Category c) { return kCategories[static_cast<int>(c)]; }
std::string_view to_string(ListFormat f) { return kFormats[static_cast<int>(f)]; }
std::string_view to_string(Action a) { return kActions[static_cast<int>(a)]; }
std::string_view to_string(ProfileAction a) { return kProfileActions[static_cast<int>(a)]; }
std::optional<Category> category_from_text(std::string_view s) { return find<Category>(s, kCategories); }
std::optional<ListFormat> format_from_text(std::string_view s) { return find<ListFormat>(s, kFormats); }
std::optional<ProfileAction> profile_action_from_text(std::string_view s) {
  return find<ProfileAction>(s, kProfileActions);
}

dns::EdeCode ede_for(Category c) {
  switch (c) {
    case Category::kMalware:
    case Category::kPhishing:
    case Category::kC2:
      return dns::EdeCode::kBlocked;
    case Category::kLegal:
      return dns::EdeCode::kCensored;
    default:
      return dns::EdeCode::kFiltered;
  }
}

IpAddr IpAddr::v4(std::array<uint8_t, 4> b) {
  IpAddr a;
  std::memcpy(a.bytes.data(), b.data(), 4);
  return a;
}

Result<IpAddr> IpAddr::parse(std::string_view text) {
  if (text.size() > 45) return fail(ErrorCode::kMalformed, "not an IP address: '" + std::string(text) + "'");
  std::string s(text);
  IpAddr a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  a.v6 = true;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) == 1) return a;
  return fail(ErrorCode::kMalformed, "not an IP address: '" + s + "'");
}

std::string IpAddr::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

bool IpNet::contains(const IpAddr& a) const {
  if (a.v6 != addr.v6) return false;
  int full = length / 8, rest = length % 8;
  if (std::memcmp(a.bytes.data(), addr.bytes.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a.bytes[full] & mask) == (addr.bytes[full] & mask);
}

IpNet IpNet::masked() const {
  IpNet out = *this;
  for (int i = 0; i < 16; ++i) {
    int bits = std::clamp(length - i * 8, 0, 8);  // of byte i, how many leading bits stay
    out.addr.bytes[i] &= static_cast<uint8_t>(0xff00 >> bits);
  }
  return out;
}

Result<IpNet> IpNet::parse(std::string_view text) {
  auto slash = text.find('/');
  auto a = IpAddr::parse(text.substr(0, slash));
  if (!a) return tl::unexpected(a.error());
  IpNet n{*a, static_cast<uint8_t>(a->v6 ? 128 : 32)};
  if (slash == std::string_view::npos) return n;
  auto len = text.substr(slash + 1);
  unsigned v = 0;
  if (len.empty() || len.size() > 3) return fail(ErrorCode::kMalformed, "bad prefix length in '" + std::string(text) + "'");
  for (char c : len) {
    if (c < '0' || c > '9') return fail(ErrorCode::kMalformed, "bad prefix length in '" + std::string(text) + "'");
    v = v * 10 + unsigned(c - '0');
  }
  if (v > n.length) return fail(ErrorCode::kMalformed, "prefix length too long in '" + std::string(text) + "'");
  n.length = static_cast<uint8_t>(v);
  return n;
}

std::string IpNet::to_string() const { return addr.to_string() + "/" + std::to_string(length); }

}  // namespace dns4eu::policy
