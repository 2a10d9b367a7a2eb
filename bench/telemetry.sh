#!/bin/bash
# telemetry.sh — what the query log and dnstap cost on cached answers:
# dns4eud (one worker, pinned to core 0 with all its threads) with telemetry
# off, then with the query log, then the query log + dnstap (client responses) on, on
# the local test Internet; dnsperf pinned to core 1. Prints a Markdown table
# with max q/s, resolver CPU at that rate (and per answer), and CPU seconds
# per 1M cached answers at a fixed rate, for off / query log / query log +
# dnstap, and the on/off ratios. Never fails.
#
#   bench/telemetry.sh [DNS4EUD_BINARY]     # default build/dns4eud
# Knobs: BENCH_SECONDS (10), FIXED_QPS (10000).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export PATH="$PATH:/usr/sbin:/sbin"
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi
DNS4EUD=${1:-$root/build/dns4eud}
SECS=${BENCH_SECONDS:-10}
FIXED_QPS=${FIXED_QPS:-10000}
hz=$(getconf CLK_TCK)
ADDR=127.53.100.2
wd=$(mktemp -d /dev/shm/dns4eu-tbench.XXXXXX 2>/dev/null || mktemp -d)
if ! "$root/tests/internet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    echo "telemetry.sh: the test Internet did not start:"; cat "$wd/start.out"; exit 0
fi
. "$wd/env"
ip addr add 192.0.2.53/32 dev lo 2>/dev/null   # dnsperf needs a non-loopback IPv4 address (see resolvers.sh)
{ for n in www.ok.test ok.test mail.ok.test alias.ok.test www.example www.new.test; do echo "$n A"; done
  for i in $(seq 1 44); do echo "w$i.wild.ok.test A"; done; } >"$wd/names.txt"
for i in $(seq 1 200); do cat "$wd/names.txt"; done >"$wd/rep.txt"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
declare -A R

run_variant() {
    local v=$1 extra=$2 pid t0 t1 out n
    printf '%s\n' "listeners: [{address: $ADDR, port: 53, transport: udp}]" "server: {workers: 1}" \
        "upstream: {allow_loopback_servers: true, allow_private_servers: true}" \
        "resolver: {root_hints: $INET_ROOT_HINTS}" "dnssec: {trust_anchor_file: $(dirname "$INET_ROOT_HINTS")/root.key}" \
        "local_zones: {test.: transparent}" "$extra" >"$wd/$v.yaml"
    taskset -c 0 "$DNS4EUD" --config "$wd/$v.yaml" >"$wd/$v.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do kdig @$ADDR +timeout=1 +retry=0 localhost A >/dev/null 2>&1 && break; sleep 0.1; done
    taskset -c 1 dnsperf -f inet -s $ADDR -d "$wd/names.txt" -n 2 -c 1 -q 10 -t 5 >/dev/null 2>&1   # prime
    t0=$(cpu_ticks $pid)
    out=$(taskset -c 1 dnsperf -f inet -s $ADDR -d "$wd/rep.txt" -l "$SECS" -c 10 -q 500 -t 2 2>&1)
    t1=$(cpu_ticks $pid)
    R[$v.max]=$(awk '/Queries per second:/ { print int($4) }' <<<"$out")
    R[$v.maxcpu]=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
    t0=$(cpu_ticks $pid)
    out=$(taskset -c 1 dnsperf -f inet -s $ADDR -d "$wd/rep.txt" -l "$SECS" -c 10 -q 200 -t 2 -Q "$FIXED_QPS" 2>&1)
    t1=$(cpu_ticks $pid)
    n=$(awk '/Queries completed:/ { print $3 }' <<<"$out")
    R[$v.cpum]=$(awk -v t=$((t1 - t0)) -v hz="$hz" -v n="${n:-0}" 'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6; else print "nan" }')
    kill -TERM $pid; wait $pid 2>/dev/null
}

run_variant off ""
run_variant qlog "query_log: {path: $wd/q.jsonl, max_size: 1GiB}"
rm -f "$wd"/q.jsonl*
run_variant on "query_log: {path: $wd/q.jsonl, max_size: 1GiB}
dnstap: {file: $wd/d.fstrm}"
logged=$(cat "$wd"/q.jsonl* 2>/dev/null | wc -l)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "nan" }'; }
echo "## Telemetry cost on cached answers ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1 /proc/loadavg))"
echo
per_answer() { awk -v c="$1" -v q="$2" 'BEGIN { if (q > 0) printf "%.2f", c / 100 / q * 1e6; else print "nan" }'; }
for v in off qlog on; do R[$v.us]=$(per_answer "${R[$v.maxcpu]}" "${R[$v.max]}"); done
echo "| figure | off | query log | query log + dnstap | (log + dnstap) / off |"
echo "|---|---|---|---|---|"
echo "| max q/s (dnsperf on the other core) | ${R[off.max]} | ${R[qlog.max]} | ${R[on.max]} | $(ratio "${R[off.max]}" "${R[on.max]}") |"
echo "| resolver CPU at that rate (all its threads) | ${R[off.maxcpu]} % | ${R[qlog.maxcpu]} % | ${R[on.maxcpu]} % | |"
echo "| resolver CPU µs per answer at that rate | ${R[off.us]} | ${R[qlog.us]} | ${R[on.us]} | $(ratio "${R[off.us]}" "${R[on.us]}") |"
echo "| CPU seconds per 1M cached answers at $FIXED_QPS q/s | ${R[off.cpum]} | ${R[qlog.cpum]} | ${R[on.cpum]} | $(ratio "${R[off.cpum]}" "${R[on.cpum]}") |"
echo
echo "Query log lines written in the 'on' runs: $logged."
"$root/tests/internet/stop.sh" "$wd" >/dev/null 2>&1
rm -rf "$wd"
