// rdata_encoding.cc — base64 (via OpenSSL), base32hex and hex codecs used by
// presentation forms; declared in dns/rdata.h.
#include <openssl/evp.h>

#include <cctype>

#include "dns/rdata.h"

namespace dns4eu::dns {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string strip_spaces(std::string_view text) {
  std::string s;
  s.reserve(text.size());
  for (char c : text)
    if (!is_space(c)) s += c;
  return s;
}

bool is_base64_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base32hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'v') return c - 'a' + 10;
  if (c >= 'A' && c <= 'V') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string base64_encode(std::span<const uint8_t> data) {
  if (data.empty()) return {};
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(),
                          static_cast<int>(data.size()));
  out.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return out;
}

// EVP_DecodeBlock decodes whole 4-character groups and counts '=' padding as
// zero octets, so the input is checked here (alphabet, length, padding only at
// the end) and the padding octets are removed from its output.
Result<std::vector<uint8_t>> base64_decode(std::string_view text) {
  std::string s = strip_spaces(text);
  if (s.size() % 4 != 0)
    return fail(ErrorCode::kMalformed, "base64 length " + std::to_string(s.size()) + " is not a multiple of 4");
  std::size_t pad = 0;
  while (pad < 2 && pad < s.size() && s[s.size() - 1 - pad] == '=') ++pad;
  for (std::size_t i = 0; i < s.size() - pad; ++i)
    if (!is_base64_char(s[i]))
      return fail(ErrorCode::kMalformed, "invalid base64 character '" + std::string(1, s[i]) + "' at position " + std::to_string(i));
  std::vector<uint8_t> out(s.size() / 4 * 3);
  if (s.empty()) return out;
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(s.data()),
                          static_cast<int>(s.size()));
  if (n < 0 || static_cast<std::size_t>(n) != out.size() || out.size() < pad)
    return fail(ErrorCode::kMalformed, "invalid base64");
  out.resize(out.size() - pad);
  return out;
}

std::string base32hex_encode(std::span<const uint8_t> data) {
  static constexpr char kAlphabet[] = "0123456789abcdefghijklmnopqrstuv";
  std::string out;
  out.reserve((data.size() * 8 + 4) / 5);
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : data) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (5 - bits)) & 31];
  return out;
}

Result<std::vector<uint8_t>> base32hex_decode(std::string_view text) {
  std::string s = strip_spaces(text);
  std::size_t rem = s.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6)
    return fail(ErrorCode::kMalformed, "base32hex length " + std::to_string(s.size()) + " is not valid");
  std::vector<uint8_t> out;
  out.reserve(s.size() * 5 / 8);
  uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    int v = base32hex_value(s[i]);
    if (v < 0)
      return fail(ErrorCode::kMalformed, "invalid base32hex character '" + std::string(1, s[i]) + "' at position " + std::to_string(i));
    acc = (acc << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<uint8_t>(acc >> (bits - 8)));
      bits -= 8;
    }
    acc &= (1u << bits) - 1;
  }
  if (acc != 0) return fail(ErrorCode::kMalformed, "base32hex has non-zero trailing bits");
  return out;
}

std::string hex_encode(std::span<const uint8_t> data) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(data.size() * 2);
  for (uint8_t b : data) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

Result<std::vector<uint8_t>> hex_decode(std::string_view text) {
  std::string s = strip_spaces(text);
  if (s.size() % 2 != 0) return fail(ErrorCode::kMalformed, "odd number of hex digits");
  std::vector<uint8_t> out(s.size() / 2);
  for (std::size_t i = 0; i < s.size(); i += 2) {
    int hi = hex_value(s[i]), lo = hex_value(s[i + 1]);
    if (hi < 0 || lo < 0)
      return fail(ErrorCode::kMalformed, "invalid hex digit at position " + std::to_string(hi < 0 ? i : i + 1));
    out[i / 2] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return out;
}

}  // namespace dns4eu::dns
