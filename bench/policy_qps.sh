#!/bin/bash
# policy_qps.sh — what filtering costs the cached fast path: one dns4eud (one
# worker, pinned to core 0) on the local test Internet with a plain listener
# (127.53.100.2) and a protective one (127.53.100.3: a 1-million-name domain
# list, a hosts list, an RPZ zone and an allowlist). dnsperf (core 1) sends the
# same cached names to each in turn: at the maximum rate, then at a fixed rate.
# The figures that count are CPU per answer — the resolver's utime+stime over
# the answers it gave, at the maximum rate and at the fixed rate: unlike q/s
# they hold on a machine shared with other jobs (a loaded core serves fewer
# queries, but each still costs about the same CPU). RUNS rounds alternate
# plain and protective; the table gives the median and the spread (min–max)
# of each figure and of the protective / plain ratio of each round.
# Prints a Markdown table; never fails.
#
#   bench/policy_qps.sh [DNS4EUD_BINARY]     # default build/dns4eud
# Env: BENCH_SECONDS (10), FIXED_QPS (10000), RUNS (3).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi
DNS4EUD=$(readlink -f "${1:-$root/build/dns4eud}")
SECS=${BENCH_SECONDS:-10}
FIXED_QPS=${FIXED_QPS:-10000}
RUNS=${RUNS:-3}
hz=$(getconf CLK_TCK)
wd=$(mktemp -d /dev/shm/dns4eu-policy-qps.XXXXXX 2>/dev/null || mktemp -d)
trap '[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; "$root/tests/internet/stop.sh" "$wd" >/dev/null 2>&1; rm -rf "$wd"' EXIT
"$root/tests/internet/start.sh" "$wd" > "$wd/start.out" 2>&1 || { echo "policy_qps.sh: test Internet did not start"; exit 0; }
# shellcheck disable=SC1091
. "$wd/env"
ip addr add 192.0.2.53/32 dev lo 2>/dev/null   # dnsperf needs a non-loopback IPv4 address to use IPv4 at all

python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    for i in range(1000000): f.write('d%d.bulk%d.test\n' % (i, i % 97))
" "$wd/bulk.txt"
printf '0.0.0.0 phish.wild.ok.test\n' > "$wd/phishing.hosts"
printf 'rpz. 60 SOA ns. a. 1 1 1 1 1\nc2.wild.ok.test.rpz. 60 CNAME .\n' > "$wd/c2.rpz"
printf 'allowed.wild.ok.test\n' > "$wd/allow.txt"
cat > "$wd/dns4eud.yaml" <<CONF
server: {workers: 1}
listeners:
  - {address: 127.53.100.2, transport: udp}
  - {address: 127.53.100.3, transport: udp, flavour: protective}
access: {allow: [127.0.0.0/8, 192.0.2.53]}
upstream: {ipv6: false, allow_loopback_servers: true}
resolver: {root_hints: $INET_ROOT_HINTS}
dnssec: {trust_anchor_file: $INET_TRUST_ANCHOR}
local_zones: {test.: transparent}
policy:
  lists:
    bulk: {file: $wd/bulk.txt, format: domains, category: malware}
    phishing: {file: $wd/phishing.hosts, format: hosts, category: phishing}
    c2: {file: $wd/c2.rpz, format: rpz, category: c2}
    allow: {file: $wd/allow.txt, category: allow}
  profiles:
    protective: {lists: [bulk, phishing, c2], allow: [allow]}
CONF
for i in $(seq 50); do echo "n$i.wild.ok.test A"; done > "$wd/names.txt"
for _ in $(seq 20); do cat "$wd/names.txt"; done > "$wd/names-rep.txt"
taskset -c 0 "$DNS4EUD" --config "$wd/dns4eud.yaml" > "$wd/dns4eud.log" 2>&1 &
pid=$!
for _ in $(seq 100); do kdig @127.53.100.2 +timeout=1 +retry=0 ok.test SOA > /dev/null 2>&1 && break; sleep 0.2; done
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R
for run in $(seq "$RUNS"); do
  for flavour in plain protective; do
    addr=127.53.100.2; [ "$flavour" = protective ] && addr=127.53.100.3
    taskset -c 1 dnsperf -f inet -s "$addr" -d "$wd/names.txt" -n 3 -c 1 -q 10 -t 5 > /dev/null 2>&1   # prime both caches
    t0=$(ticks)
    taskset -c 1 dnsperf -f inet -s "$addr" -d "$wd/names-rep.txt" -l "$SECS" -c 10 -q 500 -t 2 > "$wd/$flavour.max" 2>&1
    t1=$(ticks)
    done_q=$(awk '/Queries completed:/ { print $3 }' "$wd/$flavour.max")
    R[$run.$flavour.max]=$(awk '/Queries per second:/ { print int($4) }' "$wd/$flavour.max")
    R[$run.$flavour.maxcpu]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
    R[$run.$flavour.maxper]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="${done_q:-0}" 'BEGIN { if (n > 0) printf "%.2f", t / hz / n * 1e6; else print "nan" }')
    t0=$(ticks)
    taskset -c 1 dnsperf -f inet -s "$addr" -d "$wd/names-rep.txt" -l "$SECS" -c 10 -q 200 -t 2 -Q "$FIXED_QPS" > "$wd/$flavour.fixed" 2>&1
    t1=$(ticks)
    done_q=$(awk '/Queries completed:/ { print $3 }' "$wd/$flavour.fixed")
    R[$run.$flavour.lost]=$(awk '/Queries lost:/ { print $3 }' "$wd/$flavour.fixed")
    R[$run.$flavour.per1m]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="${done_q:-0}" 'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6; else print "nan" }')
  done
  echo "run $run: plain ${R[$run.plain.max]} q/s, ${R[$run.plain.maxper]} µs CPU/answer, ${R[$run.plain.per1m]} s/1M @$FIXED_QPS; protective ${R[$run.protective.max]} q/s, ${R[$run.protective.maxper]} µs CPU/answer, ${R[$run.protective.per1m]} s/1M @$FIXED_QPS (load $(cut -d' ' -f1 /proc/loadavg))"
done
# stat KEY: "median (min–max)" of R[run.KEY] over the runs.
stat() {
  for run in $(seq "$RUNS"); do echo "${R[$run.$1]}"; done | sort -g |
    awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%g (%g–%g)", m, v[1], v[NR] }'
}
# ratio KEY: protective / plain of each run, "median (min–max)".
ratio() {
  for run in $(seq "$RUNS"); do awk -v a="${R[$run.plain.$1]}" -v b="${R[$run.protective.$1]}" 'BEGIN { if (a > 0) printf "%.3f\n", b / a }'; done | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f (%.2f–%.2f)", m, v[1], v[NR] }'
}
echo
echo "| figure ($RUNS runs: median (min–max)) | plain | protective (1M-name list + 3 lists) | protective / plain |"
echo "|---|---|---|---|"
echo "| cached answers, max q/s | $(stat plain.max) | $(stat protective.max) | $(ratio max) |"
echo "| resolver CPU µs per answer at the max rate | $(stat plain.maxper) | $(stat protective.maxper) | $(ratio maxper) |"
echo "| CPU seconds per 1M cached answers at $FIXED_QPS q/s | $(stat plain.per1m) | $(stat protective.per1m) | $(ratio per1m) |"
echo "(queries lost at $FIXED_QPS q/s, plain / protective, per run: $(for run in $(seq "$RUNS"); do printf '%s/%s ' "${R[$run.plain.lost]}" "${R[$run.protective.lost]}"; done); load average at the start: $load_start, at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
grep -o 'stats: .*' "$wd/dns4eud.log" | sed 's/^/    /'   # answer_cache_hits should be nearly all of queries
