// policy_bench — the policy engine at national scale. Generates N synthetic
// listed domains (default 10 million; POLICY_BENCH_DOMAINS overrides) in a
// plain domain list, plus three smaller lists (hosts, adblock, RPZ), then
// prints:
//   * load time of the big list (read + parse + build), and of the policy;
//   * resident memory per listed domain (RSS delta around the load), and the
//     whole index per rule (lists + the suffix filter);
//   * ns per check_qname() of a 4-label name against every list of a
//     profile with all four lists (an allowlist too), for names that are
//     not listed (the common case) and names listed below a blocked domain;
//   * the same two at a time, their reads started together (prefetch_qname),
//     as the daemon checks a chain of CNAME targets;
//   * what one dependent random read costs on this machine (memory_probe.h),
//     the floor under a lookup in tables bigger than the caches.
// It prints figures and never fails a build. Files go to $TMPDIR.
//   * select() of a client among 20,000 tenant networks (the view).
// Env: POLICY_BENCH_ROUNDS (10 passes over 100k names per case),
// POLICY_BENCH_CASE=unlisted|listed|later|pairs|tenants (one case only, for a profiler).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "memory_probe.h"
#include "policy/policy.h"

using namespace dns4eu;
using Clock = std::chrono::steady_clock;

namespace {

long rss_bytes() {
  long pages = 0, resident = 0;
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * sysconf(_SC_PAGESIZE);
}

std::string label(std::mt19937_64& rng, int min, int max) {
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  int len = min + static_cast<int>(rng() % static_cast<unsigned>(max - min + 1));
  std::string s;
  for (int i = 0; i < len; ++i) s += kChars[rng() % 36];
  return s;
}

const char* kTlds[] = {"com", "net", "org", "eu", "de", "fr", "info", "xyz", "top", "online"};

std::string domain(std::mt19937_64& rng) { return label(rng, 5, 14) + "." + kTlds[rng() % 10]; }

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// CPU time of this thread: the machine is shared, wall time over-counts.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// Transparent huge pages backing this process (the big tables ask for them).
long huge_page_kib() {
  long kib = 0;
  std::FILE* f = std::fopen("/proc/self/smaps_rollup", "r");
  if (!f) return 0;
  char line[256];
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "AnonHugePages: %ld kB", &kib) == 1) break;
  std::fclose(f);
  return kib;
}

}  // namespace

int main() {
  const char* env = std::getenv("POLICY_BENCH_DOMAINS");
  const std::size_t n = env ? std::strtoull(env, nullptr, 10) : 10'000'000;
  std::string dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  std::string big = dir + "/policy_bench_big.txt";
  std::mt19937_64 rng(42);
  std::vector<std::string> listed;    // a sample of the big list's names, for hits
  std::vector<std::string> in_ads;    // the adblock list's domains (the profile's third list)
  {
    std::ofstream f(big);
    for (std::size_t i = 0; i < n; ++i) {
      std::string d = domain(rng);
      if (i % 100 == 0) listed.push_back(d);  // 100k distinct: each hit below its own domain
      f << d << '\n';
    }
  }
  {
    std::ofstream hosts(dir + "/policy_bench_hosts.txt"), ads(dir + "/policy_bench_ads.txt"),
        rpz(dir + "/policy_bench_rpz.zone"), allow(dir + "/policy_bench_allow.txt");
    for (int i = 0; i < 100000; ++i) hosts << "0.0.0.0 " << domain(rng) << '\n';
    for (int i = 0; i < 100000; ++i) {
      std::string d = domain(rng);
      in_ads.push_back(d);
      ads << "||" << d << "^\n";  // the rule covers the domain and every name below it
    }
    rpz << "rpz. 60 SOA ns. a. 1 1 1 1 1\n";
    for (int i = 0; i < 100000; ++i) rpz << domain(rng) << ".rpz. 60 CNAME .\n";
    for (int i = 0; i < 1000; ++i) allow << domain(rng) << '\n';
  }
  std::printf("policy_bench: %zu domains in one plain list + 100k hosts + 100k adblock + 100k RPZ + 1k allowlist\n", n);

  long rss0 = rss_bytes();
  auto t0 = Clock::now();
  double c0 = cpu_seconds();
  auto big_list = policy::load_list(policy::ListSpec{"big", big, policy::ListFormat::kDomains, policy::Category::kMalware});
  double load_s = seconds_since(t0), load_cpu = cpu_seconds() - c0;
  long rss1 = rss_bytes();
  if (!big_list) {
    std::printf("load failed: %s\n", big_list.error().message.c_str());
    return 0;
  }
  std::printf("load of %zu domains: %.2f s wall, %.2f s CPU (%.0f ns CPU per domain)\n", n, load_s, load_cpu,
              load_cpu * 1e9 / double(n));
  std::printf("resident memory: %.1f bytes per domain (RSS delta %.1f MiB; table %.1f MiB)\n",
              double(rss1 - rss0) / double(n), double(rss1 - rss0) / 1048576.0,
              double((*big_list)->memory_bytes()) / 1048576.0);
  big_list->reset();

  policy::PolicySpec spec;
  spec.lists = {{"big", big, policy::ListFormat::kDomains, policy::Category::kMalware},
                {"hosts", dir + "/policy_bench_hosts.txt", policy::ListFormat::kHosts, policy::Category::kPhishing},
                {"ads", dir + "/policy_bench_ads.txt", policy::ListFormat::kAdblock, policy::Category::kAds},
                {"rpz", dir + "/policy_bench_rpz.zone", policy::ListFormat::kRpz, policy::Category::kC2},
                {"allow", dir + "/policy_bench_allow.txt", policy::ListFormat::kDomains, policy::Category::kAllow}};
  spec.profiles = {policy::ProfileSpec{"all", {{"big"}, {"hosts"}, {"ads"}, {"rpz"}}, {"allow"}, {}, {}}};
  t0 = Clock::now();
  auto p = policy::Policy::build(spec, nullptr, nullptr);
  if (!p) {
    std::printf("policy build failed: %s\n", p.error().message.c_str());
    return 0;
  }
  std::printf("policy of 5 lists (%zu + 301000 rules): %.2f s; index %.1f bytes per rule (lists + suffix filter); "
              "%.0f MiB in huge pages\n",
              n, seconds_since(t0), double((*p)->memory_bytes()) / double(n + 301000), double(huge_page_kib()) / 1024.0);

  const bench::MemoryProbe mem = bench::probe_memory();
  std::printf("one random read (a pointer chase): %.0f ns in a 256 MiB table; 16384 lines side by side %.1f ns, "
              "one per 4 KiB page %.1f ns (+%.1f ns: address translation)\n",
              mem.table_ns, mem.packed_ns, mem.spread_ns, mem.spread_ns - mem.packed_ns);
  uint16_t prof = *(*p)->profile_id("all");
  // Each pass over the names is timed on its own: the median pass is the
  // figure, the best pass shows what the lookup costs when no other job
  // shares the core's caches (the machine is shared; passes vary).
  auto measure = [&](const char* what, const std::vector<dns::Name>& names, std::size_t group = 1) {
    std::size_t blocked = 0;
    const char* r_env = std::getenv("POLICY_BENCH_ROUNDS");
    const int rounds = r_env ? std::max(1, std::atoi(r_env)) : 10;
    std::vector<double> cpu_ns;
    auto t = Clock::now();
    for (int r = 0; r < rounds; ++r) {
      double c = cpu_seconds();
      if (group <= 1) {
        for (const auto& name : names) blocked += (*p)->check_qname(prof, name).blocks();
      } else {
        for (std::size_t b = 0; b < names.size(); b += group) {
          std::size_t e = std::min(names.size(), b + group);
          for (std::size_t i = b; i < e; ++i) (*p)->prefetch_qname(prof, names[i]);
          for (std::size_t i = b; i < e; ++i) blocked += (*p)->check_qname(prof, names[i]).blocks();
        }
      }
      cpu_ns.push_back((cpu_seconds() - c) * 1e9 / double(names.size()));
    }
    double ns = seconds_since(t) * 1e9 / double(names.size() * rounds);
    std::sort(cpu_ns.begin(), cpu_ns.end());
    std::string how = group > 1 ? ", " + std::to_string(group) + " at a time (prefetch_qname of each, then check_qname)" : "";
    std::printf("check_qname, 4-label names, %s%s: %.0f ns CPU per lookup (median of %d passes; best %.0f; %.0f ns "
                "wall on average; %zu of %zu blocked)\n",
                what, how.c_str(), cpu_ns[cpu_ns.size() / 2], rounds, cpu_ns.front(), ns, blocked / rounds,
                names.size());
  };
  std::vector<dns::Name> misses, hits;
  for (int i = 0; i < 100000; ++i)
    misses.push_back(*dns::Name::from_text(label(rng, 3, 8) + "." + label(rng, 3, 8) + "." + domain(rng) + "."));
  for (std::size_t i = 0; i < 100000; ++i)
    hits.push_back(*dns::Name::from_text(label(rng, 3, 8) + "." + label(rng, 3, 8) + "." + listed[i % listed.size()] + "."));
  std::vector<dns::Name> later_hits;
  for (std::size_t i = 0; i < 100000; ++i)
    later_hits.push_back(
        *dns::Name::from_text(label(rng, 3, 8) + "." + label(rng, 3, 8) + "." + in_ads[i % in_ads.size()] + "."));
  // POLICY_BENCH_CASE = unlisted | listed | later | pairs | tenants: one case only (for profilers).
  const std::string only = std::getenv("POLICY_BENCH_CASE") ? std::getenv("POLICY_BENCH_CASE") : "";
  if (only.empty() || only == "unlisted") measure("not listed", misses);
  if (only.empty() || only == "listed") measure("listed (below a blocked domain)", hits);
  if (only.empty() || only == "later")
    measure("listed in a later list (below an adblock rule; the big and hosts lists probed first)", later_hits);
  // Names whose reads overlap: the daemon starts every target's reads first
  // when an answer has a chain of CNAMEs (policy_answer.cc).
  if (only.empty() || only == "pairs") {
    measure("not listed", misses, 2);
    measure("listed (below a blocked domain)", hits, 2);
  }
  // The view: a telco's customer networks as tenants, checked for every query
  // (PrefixMap: one hash probe per prefix length in use).
  if (only.empty() || only == "tenants") {
    policy::PolicySpec tspec;
    tspec.profiles = {policy::ProfileSpec{"p", {}, {}, {}, {}}};
    for (int i = 0; i < 20000; ++i)
      tspec.tenants.push_back(policy::TenantSpec{
          "c" + std::to_string(i),
          {*policy::IpNet::parse("100." + std::to_string(64 + i / 256) + "." + std::to_string(i % 256) + ".0/24")},
          "p"});
    tspec.tenants.push_back(policy::TenantSpec{"isp", {*policy::IpNet::parse("100.64.0.0/10")}, "p"});
    auto tp = policy::Policy::build(tspec, nullptr, nullptr);
    std::vector<policy::IpAddr> clients;
    for (int i = 0; i < 100000; ++i)
      clients.push_back(policy::IpAddr::v4({100, static_cast<uint8_t>(64 + rng() % 128), static_cast<uint8_t>(rng()),
                                            static_cast<uint8_t>(rng())}));
    unsigned tenants = 0;
    double c = cpu_seconds();
    for (int r = 0; r < 10; ++r)
      for (const auto& a : clients) tenants += (*tp)->select(0, &a) != 0;
    std::printf("view: select() of a client among 20,000 tenant /24s and one /10: %.0f ns CPU "
                "(%u of %zu in a tenant)\n",
                (cpu_seconds() - c) * 1e9 / (10.0 * double(clients.size())), tenants / 10, clients.size());
  }
  for (const char* f : {"big.txt", "hosts.txt", "ads.txt", "rpz.zone", "allow.txt"})
    std::remove((dir + "/policy_bench_" + f).c_str());
  return 0;
}
