// rdata_wire.h — schema-driven walk over wire-form RDATA.
//
// One walker serves validation, decompression from packets, name iteration
// and canonicalisation: it checks every field of the type's schema against
// src[begin, end), optionally expands compression pointers in names, appends
// the uncompressed form to `out` and reports each embedded name with its
// offset in the uncompressed form. Errors name the offset in `src`.
//
//   Rdata out;
//   auto st = walk_rdata(*find_schema(RRType::kMX), packet, off, off + len, true, &out, nullptr);
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "dns/name.h"
#include "dns/result.h"
#include "dns/internal/rdata_schema.h"

namespace dns4eu::dns::internal {

using NameFn = std::function<void(std::size_t offset, const Name&)>;

struct WalkOptions {
  bool allow_compression = false;     // names may contain pointers into `src`
  std::vector<uint8_t>* out = nullptr;  // receives the uncompressed RDATA
  const NameFn* on_name = nullptr;      // offset is in the uncompressed RDATA
};

Status walk_rdata(const TypeSchema& schema, std::span<const uint8_t> src, std::size_t begin,
                  std::size_t end, const WalkOptions& opts);

// RFC 4034 §4.1.2 type bitmap: windows strictly increasing, lengths 1..32.
// `base` is the offset of `bitmap` in the caller's input, for messages.
Status check_type_bitmap(std::span<const uint8_t> bitmap, std::size_t base);

}  // namespace dns4eu::dns::internal
