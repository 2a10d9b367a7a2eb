// internal/key.cc — key hashing and the subdomain test on key bytes.
#include "cache/internal/key.h"

#include <cstring>
#include <string_view>

#include "absl/hash/hash.h"

namespace dns4eu::cache::internal {

std::size_t hash_key(std::span<const uint8_t> bytes) {
  std::string_view sv(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return absl::Hash<std::string_view>{}(sv);
}

std::size_t key_name_size(std::span<const uint8_t> key) {
  std::size_t pos = 0;
  while (pos < key.size() && key[pos] != 0) pos += 1 + key[pos];
  return pos + 1;
}

bool key_name_at_or_below(std::span<const uint8_t> key, std::span<const uint8_t> lower_wire) {
  std::size_t pos = 0;
  while (pos + lower_wire.size() <= key.size()) {
    if (std::memcmp(key.data() + pos, lower_wire.data(), lower_wire.size()) == 0) return true;
    if (key[pos] == 0) return false;
    pos += 1 + key[pos];
  }
  return false;
}

}  // namespace dns4eu::cache::internal
