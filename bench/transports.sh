#!/bin/bash
# transports.sh — DoT and DoH throughput of dns4eud next to Unbound on the
# local test Internet (tests/internet), cache warm, each resolver on core 0
# with one thread, dnsperf on core 1:
#   * reused connections: dnsperf -m dot / -m doh (GET and POST), 20 clients,
#     up to 200 queries outstanding, for BENCH_SECONDS;
#   * new connections: -O num-queries-per-conn=1 (a TLS handshake per query).
# Prints a Markdown table: queries (or handshakes) per second and the
# resolver's CPU seconds per 1000 queries, and dns4eud/unbound ratios.
# Never fails: problems are printed in the report. Figures, not assertions.
#
#   bench/transports.sh [DNS4EUD_BINARY]     # default build/dns4eud; BENCH_SECONDS (10)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export PATH="$PATH:/usr/sbin:/sbin"
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi
DNS4EUD=${1:-$root/build/dns4eud}
SECS=${BENCH_SECONDS:-10}
declare -A ADDR=([dns4eud]=127.53.100.2 [unbound]=127.53.100.3)
declare -A PID

wd=$(mktemp -d /dev/shm/dns4eu-tbench.XXXXXX 2>/dev/null || mktemp -d)
trap '"$root/tests/internet/stop.sh" "$wd" >/dev/null 2>&1; for p in "${PID[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$wd"' EXIT
if ! "$root/tests/internet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    echo "transports.sh: the test Internet did not start:"; cat "$wd/start.out"; exit 0
fi
. "$wd/env"
ip addr add 192.0.2.53/32 dev lo 2>/dev/null  # dnsperf's AI_ADDRCONFIG (see resolvers.sh)

printf 'cn = "bench"\ndns_name = "dns.test"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >"$wd/srv.tmpl"
certtool --generate-privkey --key-type=ecdsa --outfile "$wd/key.pem" 2>/dev/null
certtool --generate-self-signed --load-privkey "$wd/key.pem" --template "$wd/srv.tmpl" --outfile "$wd/cert.pem" 2>/dev/null

cat >"$wd/dns4eud.yaml" <<YAML
server: {workers: 1}
listeners:
  - {address: ${ADDR[dns4eud]}, transport: udp}
  - {address: ${ADDR[dns4eud]}, transport: dot, tls: {certificate: $wd/cert.pem, key: $wd/key.pem}}
  - {address: ${ADDR[dns4eud]}, transport: doh, tls: {certificate: $wd/cert.pem, key: $wd/key.pem}}
access: {allow: [127.0.0.0/8]}
upstream: {allow_loopback_servers: true, allow_private_servers: true}
resolver: {root_hints: $INET_ROOT_HINTS}
dnssec: {validation: false}
tcp: {max_connections: 4000}
local_zones: {test.: transparent}
logging: {level: warn}
YAML
cat >"$wd/unbound.conf" <<CONF
server:
  interface: ${ADDR[unbound]}@53
  interface: ${ADDR[unbound]}@853
  interface: ${ADDR[unbound]}@443
  tls-port: 853
  https-port: 443
  tls-service-key: "$wd/key.pem"
  tls-service-pem: "$wd/cert.pem"
  num-threads: 1
  incoming-num-tcp: 4000
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  root-hints: "$INET_ROOT_HINTS"
  module-config: "iterator"
  username: ""
  chroot: ""
  directory: "$wd"
  pidfile: ""
  use-syslog: no
  verbosity: 0
  qname-minimisation: yes
CONF
taskset -c 0 "$DNS4EUD" --config "$wd/dns4eud.yaml" >"$wd/dns4eud.log" 2>&1 &
PID[dns4eud]=$!
taskset -c 0 unbound -d -c "$wd/unbound.conf" >"$wd/unbound.log" 2>&1 &
PID[unbound]=$!

sleep 1
for r in dns4eud unbound; do
    kill -0 "${PID[$r]}" 2>/dev/null || { echo "transports.sh: $r did not start:"; tail -5 "$wd/$r.log"; }
done
names="$wd/names"
printf 'www.ok.test A\nwww.ok.test AAAA\nok.test MX\nok.test TXT\nalias.ok.test A\nmail.ok.test A\n_imap._tcp.ok.test SRV\nexists.wild.ok.test A\nwww.example A\nchain.ok.test A\n' >"$names"
for r in dns4eud unbound; do  # wait, then warm the cache over UDP
    for _ in $(seq 1 50); do kdig @"${ADDR[$r]}" +timeout=1 +retry=0 www.ok.test A >/dev/null 2>&1 && break; sleep 0.2; done
    while read -r n t; do kdig @"${ADDR[$r]}" +timeout=2 "$n" "$t" >/dev/null 2>&1; done <"$names"
done

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# run RESOLVER LABEL DNSPERF-ARGS... -> "qps cpu_ms_per_1000"
run() {
    local r=$1; shift
    local c0 c1 out qps done_
    c0=$(cpu "${PID[$r]}")
    out=$(taskset -c 1 dnsperf -s "${ADDR[$r]}" -d "$names" -l "$SECS" "$@" 2>&1)
    c1=$(cpu "${PID[$r]}")
    qps=$(echo "$out" | awk '/Queries per second/ {print $4}')
    done_=$(echo "$out" | awk '/Queries completed/ {print $3}')
    if [ -z "$qps" ] || [ -z "$done_" ] || [ "$done_" = 0 ]; then echo "error -"; return; fi
    echo "$qps $(awk -v c=$((c1 - c0)) -v hz="$hz" -v n="$done_" 'BEGIN {printf "%.1f", c / hz * 1000000 / n}')"
}

declare -A RES
tests=("DoT, reused connections|-m dot -p 853 -c 20 -q 200"
       "DoH GET, reused connections|-m doh -p 443 -c 20 -q 200 -O doh-uri=https://dns.test/dns-query -O doh-method=GET"
       "DoH POST, reused connections|-m doh -p 443 -c 20 -q 200 -O doh-uri=https://dns.test/dns-query -O doh-method=POST"
       "DoT, new connection per query|-m dot -p 853 -c 20 -q 20 -O num-queries-per-conn=1"
       "DoH, new connection per query|-m doh -p 443 -c 20 -q 20 -O num-queries-per-conn=1 -O doh-uri=https://dns.test/dns-query")
for t in "${tests[@]}"; do
    label=${t%%|*}; args=${t#*|}
    for r in dns4eud unbound; do
        # shellcheck disable=SC2086
        RES["$label/$r"]=$(run "$r" $args)
    done
done

echo "## Encrypted transports: dns4eud vs Unbound $(unbound -V 2>/dev/null | head -1 | awk '{print $2}') (cache warm, 1 thread each, ${SECS}s per run)"
echo
echo "| test | dns4eud q/s | unbound q/s | ratio | dns4eud CPU µs/query | unbound CPU µs/query |"
echo "|---|---|---|---|---|---|"
for t in "${tests[@]}"; do
    label=${t%%|*}
    read -r dq dc <<<"${RES[$label/dns4eud]}"
    read -r uq uc <<<"${RES[$label/unbound]}"
    ratio=$(awk -v a="$dq" -v b="$uq" 'BEGIN {if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2fx", a / b; else print "-"}')
    printf '| %s | %s | %s | %s | %s | %s |\n' "$label" "${dq%.*}" "${uq%.*}" "$ratio" "$dc" "$uc"
done
echo
echo "(new-connection rows: q/s = TLS handshakes per second, each carrying one query)"
