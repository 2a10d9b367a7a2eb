// name_fuzz — libFuzzer target for dns::Name presentation form and ordering.
//
// Input: "<name text>\n<second name text>". Each text is parsed with
// Name::from_text (the first also relative to the second); every accepted name
// must print with to_text() as text that parses back to the same octets, and
// canonical_compare must be antisymmetric and agree with == and hash().
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "dns/name.h"

using dns4eu::dns::Name;

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

bool same_octets(const Name& a, const Name& b) { return std::ranges::equal(a.wire(), b.wire()); }

// to_text → from_text gives the same octets (case preserved); from_wire too.
void check_text_round_trip(const Name& n) {
  std::string text = n.to_text();
  if (text.empty() || text.back() != '.') __builtin_trap();
  auto back = Name::from_text(text);
  if (!back || !same_octets(*back, n) || back->to_text() != text) __builtin_trap();
  auto wire = Name::from_wire(n.wire());
  if (!wire || !same_octets(*wire, n)) __builtin_trap();
  if (n.label_count() > 0 && n.parent().label_count() != n.label_count() - 1) __builtin_trap();
  if (!n.is_subdomain_of(n.parent()) || !n.is_subdomain_of(Name())) __builtin_trap();
}

void check_order(const Name& a, const Name& b) {
  int ab = a.canonical_compare(b), ba = b.canonical_compare(a);
  if (sign(ab) != -sign(ba)) __builtin_trap();
  if ((ab == 0) != (a == b)) __builtin_trap();
  if (a == b && a.hash() != b.hash()) __builtin_trap();
  if (a.canonical_compare(a) != 0) __builtin_trap();
  if (sign(a.lowercased().canonical_compare(b)) != sign(ab)) __builtin_trap();
  // is_subdomain_of agrees with common_labels.
  if (a.is_subdomain_of(b) != (a.common_labels(b) == b.label_count())) __builtin_trap();
  if (a.common_labels(b) != b.common_labels(a)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  std::string_view first = in.substr(0, nl);
  std::string_view second = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);

  auto a = Name::from_text(first);
  if (a) check_text_round_trip(*a);
  auto b = Name::from_text(second);
  if (b) check_text_round_trip(*b);
  if (a && b) check_order(*a, *b);
  if (b) {
    auto rel = Name::from_text(first, &*b);
    if (rel) {
      check_text_round_trip(*rel);
      // Either `first` was absolute (same name as without origin) or it is
      // `first` (taken as absolute) followed by the origin.
      if (a && !same_octets(*rel, *a)) {
        auto joined = a->concat(*b);
        if (!joined || !same_octets(*joined, *rel) || !rel->is_subdomain_of(*b)) __builtin_trap();
      }
      if (a) check_order(*rel, *a);
    }
  }
  return 0;
}
