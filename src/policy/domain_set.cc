// domain_set.cc — see domain_set.h.
#include "policy/domain_set.h"

#define XXH_INLINE_ALL  // the suffix hashes are on the query path: no call through the PLT
#include <xxhash.h>

#include <cstring>
#include <string>

namespace dns4eu::policy {
namespace {

bool label_char_ok(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
}

}  // namespace

uint64_t name_hash(std::span<const uint8_t> lower_wire) { return XXH3_64bits(lower_wire.data(), lower_wire.size()); }

Result<std::size_t> text_to_lower_wire(std::string_view text, uint8_t (&out)[dns::Name::kMaxWireSize]) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty()) return fail(ErrorCode::kMalformed, "empty name");
  std::size_t pos = 0, label_start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      std::size_t len = i - label_start;
      if (len == 0) return fail(ErrorCode::kMalformed, "empty label in '" + std::string(text) + "'");
      if (len > dns::Name::kMaxLabelSize) return fail(ErrorCode::kTooLong, "label longer than 63 octets");
      if (pos + 1 + len + 1 > dns::Name::kMaxWireSize) return fail(ErrorCode::kTooLong, "name longer than 255 octets");
      out[pos++] = static_cast<uint8_t>(len);
      for (std::size_t j = label_start; j < i; ++j) {
        uint8_t c = dns::ascii_lower(static_cast<uint8_t>(text[j]));
        if (!label_char_ok(c)) {
          return fail(ErrorCode::kMalformed, "character '" + std::string(1, text[j]) + "' not allowed in a domain name");
        }
        out[pos++] = c;
      }
      label_start = i + 1;
    }
  }
  out[pos++] = 0;
  return pos;
}

NameKeys::NameKeys(const dns::Name& name) : name_(&name) {
  // Label length octets are < 64, never in 'A'..'Z', so lower-casing the whole wire form is safe.
  // Eight octets at a time: bit 5 set in each octet that is in 'A'..'Z'.
  uint8_t lower[dns::Name::kMaxWireSize + 8];
  auto wire = name.wire();
  auto lower8 = [&](std::size_t i) {
    uint64_t w;
    std::memcpy(&w, wire.data() + i, 8);
    constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    uint64_t ge_a = (w | kHigh) - kOnes * 'A';         // high bit: octet >= 'A' (for octets < 0x80)
    uint64_t gt_z = (w | kHigh) - kOnes * ('Z' + 1);   // high bit: octet > 'Z'
    uint64_t upper = ge_a & ~gt_z & ~w & kHigh;        // 'A'..'Z', and not an octet >= 0x80
    w |= upper >> 2;                                   // 0x80 >> 2 = 0x20
    std::memcpy(lower + i, &w, 8);
  };
  std::size_t i = 0;
  for (; i + 8 <= wire.size(); i += 8) lower8(i);
  if (i < wire.size()) {
    if (wire.size() >= 8)
      lower8(wire.size() - 8);  // the last eight octets, overlapping some already done (the same result)
    else
      for (; i < wire.size(); ++i) lower[i] = dns::ascii_lower(wire[i]);
  }
  std::size_t off = 0;
  while (off < wire.size() && lower[off] != 0) {
    keys_[count_++] = slot_key(XXH3_64bits(lower + off, wire.size() - off));
    off += 1 + lower[off];
  }
}

void DomainSet::Builder::add_hash(uint64_t hash, uint8_t flags) {
  slots_.push_back(slot_key(hash) | flags);
}

DomainSet DomainSet::Builder::build() && {
  DomainSet s;
  if (slots_.empty()) return s;
  // Load factor 0.5: a miss under linear probing reads ~2.5 slots (at 0.8 it reads ~13).
  s.capacity_ = 2 * slots_.size() + 1;
  s.table_ = internal::BigArray<uint64_t>(s.capacity_);  // zeroed: 0 is the empty slot
  for (uint64_t v : slots_) {
    uint64_t key = v & ~uint64_t{0xff};
    for (std::size_t i = s.home(key);; i = (i + 1 == s.capacity_) ? 0 : i + 1) {
      uint64_t& slot = s.table_[i];
      if (slot == 0) {
        slot = v;
        ++s.size_;
        break;
      }
      if ((slot & ~uint64_t{0xff}) == key) {  // same owner listed again: merge its flags
        uint8_t old = static_cast<uint8_t>(slot), add = static_cast<uint8_t>(v);
        uint8_t action = (old & kActionMask) ? (old & kActionMask) : (add & kActionMask);
        slot = key | static_cast<uint8_t>(((old | add) & ~kActionMask) | action);
        break;
      }
    }
  }
  std::vector<uint64_t>().swap(slots_);
  return s;
}

}  // namespace dns4eu::policy
