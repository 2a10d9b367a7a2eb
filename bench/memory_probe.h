// memory_probe.h — what one dependent random read costs on this machine,
// printed by policy_bench next to its lookup figures: a lookup in a table far
// bigger than the caches waits for at least one such read, so these figures
// are the floor under the lookup's and say where it comes from.
//
//   MemoryProbe m = probe_memory();
//   m.table_ns        // random lines of a 256 MiB table (huge pages asked for)
//   m.packed_ns       // 16384 lines side by side (1 MiB): cache hits
//   m.spread_ns       // the same 16384 lines, one per 4 KiB page over 64 MiB:
//                     // minus packed_ns, the cost of translating the address
//
// Each figure is a pointer chase (every read's address comes from the one
// before), so reads never overlap. It takes about a second; it prints nothing.
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace dns4eu::bench {

struct MemoryProbe {
  double table_ns = 0, packed_ns = 0, spread_ns = 0;
};

namespace memory_probe_detail {

// ns per read of a chase through `slots` (word indexes into `mem`) in a random cycle.
inline double chase(uint64_t* mem, std::vector<std::size_t> slots, std::mt19937_64& rng) {
  std::shuffle(slots.begin(), slots.end(), rng);
  for (std::size_t i = 0; i < slots.size(); ++i) mem[slots[i]] = slots[(i + 1) % slots.size()];
  constexpr std::size_t kReads = 2'000'000;
  uint64_t at = slots[0];
  for (std::size_t i = 0; i < kReads / 4; ++i) at = mem[at];  // warm the caches and TLB
  auto t = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < kReads; ++i) at = mem[at];
  double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t).count();
  asm volatile("" : : "r"(at));  // keep the chase
  return ns / double(kReads);
}

}  // namespace memory_probe_detail

inline MemoryProbe probe_memory() {
  using memory_probe_detail::chase;
  constexpr std::size_t kBytes = std::size_t{256} << 20, kLine = 64, kPage = 4096, kLines = 16384;
  MemoryProbe m;
  void* p = ::mmap(nullptr, kBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return m;
  ::madvise(p, kBytes, MADV_HUGEPAGE);  // as the policy tables do (internal/big_array.h)
  auto* mem = static_cast<uint64_t*>(p);
  std::mt19937_64 rng(7);
  std::vector<std::size_t> slots;
  for (std::size_t i = 0; i < kBytes / kLine; i += 4) slots.push_back(i * (kLine / 8));  // a quarter of the lines
  m.table_ns = chase(mem, slots, rng);
  slots.clear();
  for (std::size_t i = 0; i < kLines; ++i) slots.push_back(i * (kLine / 8));
  m.packed_ns = chase(mem, slots, rng);
  // One line a page, at every offset in turn so the lines use every cache set.
  slots.clear();
  for (std::size_t i = 0; i < kLines; ++i) slots.push_back((i * kPage + (i % (kPage / kLine)) * kLine) / 8);
  m.spread_ns = chase(mem, slots, rng);
  ::munmap(p, kBytes);
  return m;
}

}  // namespace dns4eu::bench
