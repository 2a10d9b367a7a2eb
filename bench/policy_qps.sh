#!/bin/bash
# policy_qps.sh — what filtering costs the cached fast path: one dns4eud (one
# worker, pinned to core 0) on the local test Internet with a plain listener
# (127.53.100.2) and a protective one (127.53.100.3: a 1-million-name domain
# list, a hosts list, an RPZ zone and an allowlist). dnsperf (core 1) sends the
# same cached names to each in turn: at the maximum rate, then at a fixed rate
# where the resolver's CPU time per 1M answers is the figure that counts.
# Prints a Markdown table; never fails.
#
#   bench/policy_qps.sh [DNS4EUD_BINARY]     # default build/dns4eud
# Env: BENCH_SECONDS (10), FIXED_QPS (10000).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi
DNS4EUD=$(readlink -f "${1:-$root/build/dns4eud}")
SECS=${BENCH_SECONDS:-10}
FIXED_QPS=${FIXED_QPS:-10000}
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
declare -A R
for flavour in plain protective; do
    addr=127.53.100.2; [ "$flavour" = protective ] && addr=127.53.100.3
    taskset -c 1 dnsperf -f inet -s "$addr" -d "$wd/names.txt" -n 3 -c 1 -q 10 -t 5 > /dev/null 2>&1   # prime both caches
    t0=$(ticks)
    taskset -c 1 dnsperf -f inet -s "$addr" -d "$wd/names-rep.txt" -l "$SECS" -c 10 -q 500 -t 2 > "$wd/$flavour.max" 2>&1
    t1=$(ticks)
    R[$flavour.max]=$(awk '/Queries per second:/ { print int($4) }' "$wd/$flavour.max")
    R[$flavour.maxcpu]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
    t0=$(ticks)
    taskset -c 1 dnsperf -f inet -s "$addr" -d "$wd/names-rep.txt" -l "$SECS" -c 10 -q 200 -t 2 -Q "$FIXED_QPS" > "$wd/$flavour.fixed" 2>&1
    t1=$(ticks)
    done_q=$(awk '/Queries completed:/ { print $3 }' "$wd/$flavour.fixed")
    R[$flavour.lost]=$(awk '/Queries lost:/ { print $3 }' "$wd/$flavour.fixed")
    R[$flavour.per1m]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="${done_q:-0}" 'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6; else print "nan" }')
done
echo "| figure | plain | protective (1M-name list + 3 lists) | protective / plain |"
echo "|---|---|---|---|"
echo "| cached answers, max q/s (resolver CPU) | ${R[plain.max]} (${R[plain.maxcpu]} %) | ${R[protective.max]} (${R[protective.maxcpu]} %) | $(awk -v a="${R[plain.max]}" -v b="${R[protective.max]}" 'BEGIN { if (a > 0) printf "%.2f", b / a }') |"
echo "| CPU seconds per 1M cached answers at $FIXED_QPS q/s (lost) | ${R[plain.per1m]} (${R[plain.lost]}) | ${R[protective.per1m]} (${R[protective.lost]}) | $(awk -v a="${R[plain.per1m]}" -v b="${R[protective.per1m]}" 'BEGIN { if (a > 0) printf "%.2f", b / a }') |"
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""
grep -o 'stats: .*' "$wd/dns4eud.log" | sed 's/^/    /'   # answer_cache_hits should be nearly all of queries
