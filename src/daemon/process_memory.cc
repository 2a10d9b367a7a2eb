// process_memory.cc — see process_memory.h.
#include "daemon/process_memory.h"

#include <unistd.h>

#include <cstddef>
#include <cstdio>

// jemalloc's control interface: a weak reference, non-null exactly when
// jemalloc is the process's malloc (as in cache/internal/blob.cc).
extern "C" int mallctl(const char* name, void* oldp, std::size_t* oldlenp, void* newp, std::size_t newlen)
    __attribute__((weak));

namespace dns4eu::daemon {

std::optional<uint64_t> resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return std::nullopt;
  unsigned long size = 0, resident = 0;
  const bool ok = std::fscanf(f, "%lu %lu", &size, &resident) == 2;
  std::fclose(f);
  if (!ok) return std::nullopt;
  return static_cast<uint64_t>(resident) * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::optional<AllocatorMemory> allocator_memory() {
  if (mallctl == nullptr) return std::nullopt;
  // The statistics are a snapshot taken when the epoch advances.
  uint64_t epoch = 1;
  std::size_t len = sizeof epoch;
  if (mallctl("epoch", &epoch, &len, &epoch, len) != 0) return std::nullopt;
  AllocatorMemory m;
  std::size_t v = 0;
  len = sizeof v;
  if (mallctl("stats.allocated", &v, &len, nullptr, 0) != 0) return std::nullopt;
  m.allocated = v;
  len = sizeof v;
  if (mallctl("stats.resident", &v, &len, nullptr, 0) != 0) return std::nullopt;
  m.resident = v;
  return m;
}

}  // namespace dns4eu::daemon
