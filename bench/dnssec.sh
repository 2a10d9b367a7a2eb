#!/bin/bash
# dnssec.sh — cold-cache resolution of DNSSEC-signed names, dns4eud next to
# validating Unbound and Knot Resolver on the signed local test Internet
# (tests/internet, trust anchor = its root KSK). Each resolver starts with an
# empty cache, pinned to core 0, and is asked the same list of names one
# after the other (DO set): 9 signed zones under 3 signed TLDs, 6 questions
# each (A, AAAA, wildcard, CNAME into the next zone, NXDOMAIN, NODATA).
# Reports per resolver: median and p99 latency, total time, CPU time of the
# resolver process, upstream queries (counted on the wire by a packet
# capture) and how many answers had AD. Prints Markdown; never fails.
#
#   bench/dnssec.sh [DNS4EUD_BINARY]     # default $BUILD_DIR/dns4eud
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export PATH="$PATH:/usr/sbin:/sbin"
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi
BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$root/$BUILD_DIR" ;; esac
DNS4EUD=${1:-$BUILD_DIR/dns4eud}
inet="$root/tests/internet"
wd=$(mktemp -d /dev/shm/dns4eu-dnssec-bench.XXXXXX 2>/dev/null || mktemp -d)
trap '"$inet/stop.sh" "$wd" >/dev/null 2>&1; rm -rf "$wd"' EXIT
if ! "$inet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    echo "dnssec.sh: the test Internet did not start:"; cat "$wd/start.out"; exit 0
fi
set -a; . "$wd/env"; set +a

zones="rsa.sec ecdsa.sec ed25519.sec nsec3.sec salted.sec3 signed.optout sec sec3 optout"
for z in $zones; do
    printf '%s\n' "www.$z A" "www.$z AAAA" "foo.wild.$z A" "cname.$z A" "nx.$z A" "mail.$z AAAA"
done >"$wd/names.txt"
servers=$(tr ' ' '\n' <<<"$INET_ROOT_ADDRS $INET_V6_ADDRS" | sort -u | tr '\n' ' ')
for v in $(compgen -v | grep -E '^INET_.*_ADDRS$'); do servers="$servers ${!v}"; done

echo "## DNSSEC: cold-cache resolution of signed names"
echo
echo "$(wc -l <"$wd/names.txt") questions over 9 signed zones (algorithms 8, 13, 15; NSEC, NSEC3, opt-out), asked one"
echo "after the other with DO=1 to a resolver with an empty cache, pinned to core 0; upstream queries counted"
echo "on the wire. Command: \`bench/dnssec.sh\`."
echo
echo "| resolver | answers with AD | median ms | p99 ms | total ms | CPU ms | upstream queries |"
echo "|---|---|---|---|---|---|---|"
run() {  # NAME ADDR PID
    taskset -p -c 0 "$3" >/dev/null 2>&1
    local out
    out=$(python3 "$here/dnssec_helper.py" "$2" 53 "$wd/names.txt" "$3" $servers 2>>"$wd/helper.err")
    echo "| $1 | $out |"
}

cat >"$wd/dns4eud.yaml" <<EOC
listeners:
  - {address: 127.53.100.2, port: 53, transport: udp}
server: {workers: 1}
upstream: {allow_loopback_servers: true, allow_private_servers: true}
resolver: {root_hints: "$INET_ROOT_HINTS"}
dnssec: {trust_anchor_file: "$INET_TRUST_ANCHOR"}
local_zones: {test.: transparent}
EOC
"$DNS4EUD" --config "$wd/dns4eud.yaml" >"$wd/dns4eud.log" 2>&1 &
pid=$!
sleep 0.5
run dns4eud 127.53.100.2 "$pid"
kill "$pid"; wait "$pid" 2>/dev/null

if "$inet/start-unbound.sh" --validate "$wd" >/dev/null 2>&1; then
    pid=$(awk '$1 == "unbound" { p = $2 } END { print p }' "$wd/pids")
    run "unbound $(unbound -V | head -1 | awk '{print $2}')" 127.53.101.1 "$pid"
else
    echo "| unbound | did not start | | | | | |"
fi
if "$inet/start-kresd.sh" "$wd" >/dev/null 2>&1; then
    pid=$(awk '$1 == "kresd" { p = $2 } END { print p }' "$wd/pids")
    run "kresd $(kresd --version | awk '{print $NF}')" 127.53.101.2 "$pid"
else
    echo "| kresd | did not start | | | | | |"
fi
echo
if [ -s "$wd/helper.err" ]; then echo "Notes:"; sed 's/^/    /' "$wd/helper.err"; echo; fi
