// process_memory.h — what dns4eud's process holds in memory, for /metrics:
// the resident set (Linux /proc/self/statm) and, when jemalloc is the
// process's malloc (release builds of dns4eud), jemalloc's own figures: the
// bytes it has handed out and the bytes of its pages that are resident.
//
//   if (auto rss = resident_bytes()) w.sample("process_resident_memory_bytes", {}, *rss);
//
// Thread-safety: both read process-wide state and may be called from any
// thread (jemalloc's statistics are refreshed per call).
#pragma once

#include <cstdint>
#include <optional>

namespace dns4eu::daemon {

struct AllocatorMemory {
  uint64_t allocated = 0;  // bytes in live allocations (jemalloc stats.allocated)
  uint64_t resident = 0;   // bytes of the allocator's pages in RAM (stats.resident)
};

// The process's resident set in bytes; nullopt when /proc/self/statm cannot be read.
std::optional<uint64_t> resident_bytes();

// jemalloc's figures; nullopt when another malloc is in use (tests, sanitizer builds).
std::optional<AllocatorMemory> allocator_memory();

}  // namespace dns4eu::daemon
