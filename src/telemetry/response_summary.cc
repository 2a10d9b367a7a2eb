// response_summary.cc — see response_summary.h.
#include "telemetry/response_summary.h"

#include <cstring>

namespace dns4eu::telemetry {
namespace {

constexpr uint16_t kTypeOpt = 41;
constexpr uint16_t kOptionEde = 15;

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// Moves `off` past the (possibly compressed) name there; false if it runs out.
bool skip_name(std::span<const uint8_t> m, std::size_t& off) {
  for (int labels = 0; labels < 128; ++labels) {
    if (off >= m.size()) return false;
    uint8_t len = m[off];
    if ((len & 0xC0) == 0xC0) {
      off += 2;
      return off <= m.size();
    }
    if (len & 0xC0) return false;
    off += 1 + len;
    if (len == 0) return true;
  }
  return false;
}

// First EDE info-code in the OPT RDATA [p, p + n), or 0xFFFF.
uint16_t first_ede(const uint8_t* p, std::size_t n) {
  std::size_t i = 0;
  while (i + 4 <= n) {
    uint16_t code = u16(p + i), len = u16(p + i + 2);
    if (i + 4 + len > n) break;
    if (code == kOptionEde && len >= 2) return u16(p + i + 4);
    i += 4 + len;
  }
  return 0xFFFF;
}

}  // namespace

void summarize_response(std::span<const uint8_t> m, QueryRecord& r) {
  if (m.size() < 12) return;
  r.flags = static_cast<uint16_t>(u16(&m[2]) & 0xFFF0);
  r.rcode = m[3] & 0x0F;
  unsigned qd = u16(&m[4]), an = u16(&m[6]), ns = u16(&m[8]), ar = u16(&m[10]);
  std::size_t off = 12;
  for (unsigned q = 0; q < qd; ++q) {
    std::size_t start = off;
    if (!skip_name(m, off) || off + 4 > m.size()) return;
    // The question of our own answers is never compressed; a pointer only skips the copy.
    if (q == 0 && m[off - 1] == 0 && off - start <= r.qname.size()) {
      r.qname_size = static_cast<uint8_t>(off - start);
      std::memcpy(r.qname.data(), &m[start], off - start);
      r.qtype = u16(&m[off]);
    }
    off += 4;
  }
  if (ar == 0) return;
  unsigned total = an + ns + ar;
  for (unsigned i = 0; i < total; ++i) {
    if (!skip_name(m, off) || off + 10 > m.size()) return;
    uint16_t type = u16(&m[off]);
    std::size_t rdlen = u16(&m[off + 8]);
    const uint8_t* ttl = &m[off + 4];
    off += 10;
    if (off + rdlen > m.size()) return;
    if (i >= an + ns && type == kTypeOpt) {
      r.rcode = static_cast<uint16_t>((ttl[0] << 4) | (m[3] & 0x0F));
      r.ede = first_ede(&m[off], rdlen);
      return;
    }
    off += rdlen;
  }
}

}  // namespace dns4eu::telemetry
