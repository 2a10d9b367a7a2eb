#!/bin/bash
# telemetry-callgrind.sh — what the query log and dnstap cost on cached
# answers in instructions (valgrind --tool=callgrind, all the daemon's
# threads): stable on a shared, loaded machine where CPU-time figures
# (bench/telemetry.sh) are noisy. Kernel work (the UDP path) is not counted,
# so the ratios are larger than CPU-time ratios. dns4eud (one worker) on the
# local test Internet answers N1 and then N2 cached queries (dnsperf) in two
# runs per variant; (Ir(N2) - Ir(N1)) / (N2 - N1) is the cost per answer,
# start-up excluded. Prints a Markdown table. Never fails.
#
#   bench/telemetry-callgrind.sh [DNS4EUD_BINARY]     # default build/dns4eud
# Knobs: N1 (2000), N2 (12000).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export PATH="$PATH:/usr/sbin:/sbin"
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi
DNS4EUD=$(readlink -f "${1:-$root/build/dns4eud}")
N1=${N1:-2000}
N2=${N2:-12000}
command -v valgrind >/dev/null || { echo "telemetry-callgrind.sh: valgrind is not installed"; exit 0; }
ADDR=127.53.100.2
wd=$(mktemp -d /dev/shm/dns4eu-tcg.XXXXXX 2>/dev/null || mktemp -d)
if ! "$root/tests/internet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    echo "telemetry-callgrind.sh: the test Internet did not start:"; cat "$wd/start.out"; exit 0
fi
. "$wd/env"
ip addr add 192.0.2.53/32 dev lo 2>/dev/null   # dnsperf needs a non-loopback IPv4 address (see resolvers.sh)
{ for n in www.ok.test ok.test mail.ok.test alias.ok.test www.example www.new.test; do echo "$n A"; done
  for i in $(seq 1 44); do echo "w$i.wild.ok.test A"; done; } >"$wd/names.txt"
declare -A R
for v in off qlog on; do
    case $v in
        off) extra="" ;;
        qlog) extra="query_log: {path: $wd/q-$v.jsonl, max_size: 1GiB}" ;;
        on) extra="query_log: {path: $wd/q-$v.jsonl, max_size: 1GiB}
dnstap: {file: $wd/d.fstrm}" ;;
    esac
    printf '%s\n' "listeners: [{address: $ADDR, port: 53, transport: udp}]" "server: {workers: 1}" \
        "upstream: {allow_loopback_servers: true, allow_private_servers: true}" \
        "resolver: {root_hints: $INET_ROOT_HINTS}" "dnssec: {trust_anchor_file: $(dirname "$INET_ROOT_HINTS")/root.key}" \
        "local_zones: {test.: transparent}" "$extra" >"$wd/$v.yaml"
    for n in $N1 $N2; do
        (cd "$wd" && exec valgrind --tool=callgrind --callgrind-out-file="$wd/cg-$v-$n.out" "$DNS4EUD" \
            --config "$wd/$v.yaml" >"$wd/$v.log" 2>&1) &
        pid=$!
        for _ in $(seq 1 300); do kdig @$ADDR +timeout=1 +retry=0 localhost A >/dev/null 2>&1 && break; sleep 0.2; done
        dnsperf -f inet -s $ADDR -d "$wd/names.txt" -n 2 -c 1 -q 10 -t 5 >/dev/null 2>&1   # prime the caches
        dnsperf -f inet -s $ADDR -d "$wd/names.txt" -n $((n / 50)) -c 1 -q 20 -t 5 >/dev/null 2>&1
        kill -TERM $pid; wait $pid 2>/dev/null
        R[$v.$n]=$(awk '/^summary:|^totals:/ { print $2; exit }' "$wd/cg-$v-$n.out" 2>/dev/null)
    done
    R[$v]=$(awk -v a="${R[$v.$N2]:-0}" -v b="${R[$v.$N1]:-0}" -v n=$((N2 - N1)) 'BEGIN { printf "%.0f", (a - b) / n }')
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "nan" }'; }
echo "## Telemetry cost on cached answers, instructions ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "| figure | off | query log | query log + dnstap | (log + dnstap) / off |"
echo "|---|---|---|---|---|"
echo "| instructions per cached answer (user space, all threads) | ${R[off]} | ${R[qlog]} | ${R[on]} | $(ratio "${R[off]}" "${R[on]}") |"
"$root/tests/internet/stop.sh" "$wd" >/dev/null 2>&1
rm -rf "$wd"
