// random.cc — per-thread batches of CSPRNG output (see random.h).
#include "net/random.h"

#include <openssl/rand.h>
#include <sys/random.h>

#include <cstring>

namespace dns4eu::net {
namespace {

struct Pool {
  static constexpr std::size_t kSize = 512;
  uint8_t buf[kSize];
  std::size_t pos = kSize;

  void refill() {
    if (RAND_bytes(buf, kSize) != 1) {
      std::size_t got = 0;
      while (got < kSize) {
        ssize_t r = getrandom(buf + got, kSize - got, 0);
        if (r > 0) got += static_cast<std::size_t>(r);
      }
    }
    pos = 0;
  }
  void take(void* out, std::size_t n) {
    if (pos + n > kSize) refill();
    std::memcpy(out, buf + pos, n);
    std::memset(buf + pos, 0, n);  // values handed out are not kept around
    pos += n;
  }
};

thread_local Pool tl_pool;

}  // namespace

uint16_t random_u16() {
  uint16_t v;
  tl_pool.take(&v, sizeof(v));
  return v;
}

uint32_t random_u32() {
  uint32_t v;
  tl_pool.take(&v, sizeof(v));
  return v;
}

uint64_t random_u64() {
  uint64_t v;
  tl_pool.take(&v, sizeof(v));
  return v;
}

uint32_t random_below(uint32_t bound) {
  if (bound == 0) return 0;
  // Rejection sampling: no modulo bias.
  uint32_t limit = UINT32_MAX - (UINT32_MAX % bound);
  uint32_t v;
  do v = random_u32();
  while (v >= limit);
  return v % bound;
}

void random_fill(std::span<uint8_t> out) {
  while (!out.empty()) {
    std::size_t n = out.size() < 64 ? out.size() : 64;
    tl_pool.take(out.data(), n);
    out = out.subspan(n);
  }
}

}  // namespace dns4eu::net
