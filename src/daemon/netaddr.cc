// netaddr.cc — parsing, formatting and containment for IpAddress / IpPrefix.
#include "daemon/netaddr.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace dns4eu::daemon {
namespace {

constexpr std::array<uint8_t, 12> kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

// True when the first `bits` bits of a and b are equal.
bool same_leading_bits(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int bits) {
  int full = bits / 8;
  if (!std::equal(a.begin(), a.begin() + full, b.begin())) return false;
  int rest = bits % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

int max_length(const IpAddress& a) { return a.is_v4() ? 32 : 128; }

}  // namespace

IpAddress IpAddress::v4(std::array<uint8_t, 4> octets) {
  IpAddress a;
  std::copy(octets.begin(), octets.end(), a.bytes_.begin());
  return a;
}

IpAddress IpAddress::v6(std::array<uint8_t, 16> octets) {
  IpAddress a;
  a.family_ = Family::kV6;
  a.bytes_ = octets;
  return a;
}

Result<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.empty()) return fail(ErrorCode::kMalformed, "empty IP address");
  if (text.size() > INET6_ADDRSTRLEN) {
    return fail(ErrorCode::kMalformed, "'" + std::string(text) + "' is too long to be an IP address");
  }
  std::string s(text);
  if (s.find('%') != std::string::npos) {
    return fail(ErrorCode::kUnsupported, "'" + s + "': zone indexes (%...) are not supported");
  }
  if (s.front() == '[') {
    return fail(ErrorCode::kMalformed, "'" + s + "': write IPv6 addresses without brackets");
  }
  if (s.find(':') != std::string::npos) {
    std::array<uint8_t, 16> b{};
    if (inet_pton(AF_INET6, s.c_str(), b.data()) == 1) return v6(b);
    return fail(ErrorCode::kMalformed, "'" + s + "' is not a valid IPv6 address");
  }
  std::array<uint8_t, 4> b{};
  if (inet_pton(AF_INET, s.c_str(), b.data()) == 1) return v4(b);
  return fail(ErrorCode::kMalformed, "'" + s + "' is not a valid IPv4 or IPv6 address");
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
  return buf;
}

std::span<const uint8_t> IpAddress::bytes() const { return {bytes_.data(), is_v4() ? 4u : 16u}; }

bool IpAddress::is_v4_mapped() const {
  return is_v6() && std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes_.begin());
}

IpAddress IpAddress::unmapped() const {
  if (!is_v4_mapped()) return *this;
  return v4({bytes_[12], bytes_[13], bytes_[14], bytes_[15]});
}

std::array<uint8_t, 16> IpAddress::as_v6() const {
  if (is_v6()) return bytes_;
  std::array<uint8_t, 16> out{};
  std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), out.begin());
  std::copy(bytes_.begin(), bytes_.begin() + 4, out.begin() + 12);
  return out;
}

bool IpAddress::is_unspecified() const {
  IpAddress a = unmapped();
  auto b = a.bytes();
  return std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; });
}

bool IpAddress::is_loopback() const {
  static const IpPrefix kV4 = IpPrefix::masked(v4({127, 0, 0, 0}), 8);
  static const IpPrefix kV6 = IpPrefix::masked(v6({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), 128);
  return kV4.contains(*this) || kV6.contains(*this);
}

bool IpAddress::is_private() const {
  static const std::array<IpPrefix, 8> kRanges = {
      IpPrefix::masked(v4({10, 0, 0, 0}), 8),     IpPrefix::masked(v4({172, 16, 0, 0}), 12),
      IpPrefix::masked(v4({192, 168, 0, 0}), 16), IpPrefix::masked(v4({100, 64, 0, 0}), 10),
      IpPrefix::masked(v4({169, 254, 0, 0}), 16), IpPrefix::masked(v4({0, 0, 0, 0}), 8),
      IpPrefix::masked(v6({0xfc}), 7),            IpPrefix::masked(v6({0xfe, 0x80}), 10),
  };
  return std::any_of(kRanges.begin(), kRanges.end(), [&](const IpPrefix& p) { return p.contains(*this); });
}

Result<IpPrefix> IpPrefix::parse(std::string_view text) {
  auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  if (!address) return tl::unexpected(address.error());
  int max = max_length(*address);
  if (slash == std::string_view::npos) return masked(*address, max);

  std::string_view len_text = text.substr(slash + 1);
  int length = -1;
  auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), length);
  if (len_text.empty() || len_text.size() > 3 || ec != std::errc() || end != len_text.data() + len_text.size() ||
      length < 0) {
    return fail(ErrorCode::kMalformed,
                "'" + std::string(text) + "': prefix length must be a number from 0 to " + std::to_string(max));
  }
  if (length > max) {
    return fail(ErrorCode::kMalformed, "'" + std::string(text) + "': prefix length " + std::to_string(length) +
                                           " is longer than " + std::to_string(max));
  }
  IpPrefix p = masked(*address, length);
  if (p.address_ != *address) {
    return fail(ErrorCode::kMalformed, "'" + std::string(text) + "' has host bits set; did you mean '" +
                                           p.to_string() + "'?");
  }
  return p;
}

IpPrefix IpPrefix::masked(const IpAddress& address, int length) {
  int max = max_length(address);
  length = std::clamp(length, 0, max);
  std::array<uint8_t, 16> b{};
  auto src = address.bytes();
  std::copy(src.begin(), src.end(), b.begin());
  for (int bit = length; bit < max; ++bit) b[bit / 8] &= static_cast<uint8_t>(~(0x80 >> (bit % 8)));
  IpPrefix p;
  p.address_ = address.is_v4() ? IpAddress::v4({b[0], b[1], b[2], b[3]}) : IpAddress::v6(b);
  p.length_ = length;
  return p;
}

std::string IpPrefix::to_string() const { return address_.to_string() + "/" + std::to_string(length_); }

bool IpPrefix::contains(const IpAddress& address) const {
  int bits = address_.is_v4() ? length_ + 96 : length_;
  return same_leading_bits(address_.as_v6(), address.as_v6(), bits);
}

bool IpPrefix::contains(const IpPrefix& other) const {
  int mine = address_.is_v4() ? length_ + 96 : length_;
  int theirs = other.address_.is_v4() ? other.length_ + 96 : other.length_;
  return theirs >= mine && contains(other.address_);
}

}  // namespace dns4eu::daemon
