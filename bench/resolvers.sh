#!/bin/bash
# resolvers.sh — dns4eud side by side with Unbound, Knot Resolver (kresd) and
# PowerDNS Recursor on the same local test Internet (tests/internet), each
# resolver pinned to core 0 and dnsperf to core 1. Prints a Markdown report
# (also written to $BENCH_OUT, default bench/results/latest.md when run from
# bench/run.sh). Never fails: problems are printed in the report.
#
#   bench/resolvers.sh [DNS4EUD_BINARY]      # default $BUILD_DIR/dns4eud, BUILD_DIR=build
#
# Knobs (environment): BENCH_SECONDS (10), FIXED_QPS (10000), RSS_NAMES (100000),
# RSS_QPS (2000), COLD_RUNS (10 fresh starts for the cold figures), KX_QPS
# (1500000: what kxdpgun offers in phase 2b), BENCH_OUT (report file),
# RESOLVERS ("dns4eud unbound kresd pdns udp_echo"; as root also
# "dns4eud_xdp": dns4eud with its AF_XDP fast path on the namespace's lo).
# XDP (dns4eud_xdp, and kxdpgun in phase 2b) needs a namespace of the real
# root, see tests/internet/netns-run.sh DNS4EU_NETNS_ROOT; without root those
# rows are left out.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
export PATH="$PATH:/usr/sbin:/sbin"

if [ -z "${RESOLVERS:-}" ]; then
    RESOLVERS="dns4eud unbound kresd pdns udp_echo"
    [ "$(id -u)" = 0 ] && RESOLVERS="dns4eud dns4eud_xdp unbound kresd pdns udp_echo"
fi
export RESOLVERS
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    # XDP (dns4eud_xdp, kxdpgun) needs the real root's CAP_BPF: no user namespace then.
    case " $RESOLVERS " in *" dns4eud_xdp "*) export DNS4EU_NETNS_ROOT=1 ;; esac
    [ "$(id -u)" = 0 ] && command -v kxdpgun >/dev/null && export DNS4EU_NETNS_ROOT=1
    exec "$root/tests/internet/netns-run.sh" "$0" "$@"
fi

BUILD_DIR=${BUILD_DIR:-build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$root/$BUILD_DIR" ;; esac
DNS4EUD=${1:-$BUILD_DIR/dns4eud}
SECS=${BENCH_SECONDS:-10}
FIXED_QPS=${FIXED_QPS:-10000}
RSS_NAMES=${RSS_NAMES:-100000}
RSS_QPS=${RSS_QPS:-2000}
COLD_RUNS=${COLD_RUNS:-10}
helper="$here/resolvers_helper.py"
hz=$(getconf CLK_TCK)

declare -A ADDR=([dns4eud]=127.53.100.2 [unbound]=127.53.100.3 [kresd]=127.53.100.4 [pdns]=127.53.100.5
                 [dns4eud_xdp]=127.53.100.6 [udp_echo]=127.53.100.7)
# Second addresses, on a veth pair (198.18.0.0/15, RFC 2544's benchmarking
# range): kxdpgun, an XDP load generator, reaches them from a child network
# namespace (root only; see "phase 2b").
declare -A GEN=([dns4eud]=198.18.0.2 [unbound]=198.18.0.3 [kresd]=198.18.0.4 [pdns]=198.18.0.5
                [dns4eud_xdp]=198.18.0.6 [udp_echo]=198.18.0.7)
KX_QPS=${KX_QPS:-1500000}
ours() { [ "$1" = dns4eud ] || [ "$1" = dns4eud_xdp ]; }
declare -A PID R
errors=()
err() { errors+=("$*"); echo "ERROR: $*" >&2; }
log() { echo "# $*" >&2; }

wd=$(mktemp -d /dev/shm/dns4eu-bench.XXXXXX 2>/dev/null || mktemp -d)
if ! "$root/tests/internet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    echo "resolvers.sh: the test Internet did not start:"; cat "$wd/start.out"; exit 0
fi
. "$wd/env"
# dnsperf resolves -s with AI_ADDRCONFIG: without a non-loopback IPv4 address
# it refuses IPv4 (-f inet) and its IPv6-mapped socket cannot reach 127/8.
ip addr add 192.0.2.53/32 dev lo 2>/dev/null

# kxdpgun (knot-dnsutils) generates ~1M queries/s from one core through XDP,
# several times what dnsperf can: with it the resolver, not the load
# generator, is the bottleneck. It needs root, and a real link to its target:
# a veth pair, "vg" in a child namespace (198.18.1.1), "vr" here carrying the
# resolvers' second addresses.
KX=0
gen() { nsenter -t "$GEN_PID" -n "$@"; }
if [ "${DNS4EU_NETNS_ROOT:-}" = 1 ] && command -v kxdpgun >/dev/null && ip link add vr type veth peer name vg 2>/dev/null; then
    for a in "${GEN[@]}"; do ip addr add "$a/16" dev vr; done
    ip link set vr up
    unshare --net sleep infinity & GEN_PID=$!
    sleep 0.2
    if ip link set vg netns "$GEN_PID" && gen ip link set lo up && gen ip addr add 198.18.1.1/16 dev vg &&
        gen ip link set vg up; then
        KX=1
    else
        echo "resolvers.sh: the veth pair for kxdpgun did not come up; phase 2b skipped" >&2
    fi
fi

# ---- query lists -----------------------------------------------------------
# 50 names that exist (answers with data), 20 from the fixture + 30 wildcard.
real_names() {
    cat <<'EOF'
www.ok.test A
www.ok.test AAAA
ok.test MX
ok.test TXT
_imap._tcp.ok.test SRV
mail.ok.test A
exists.wild.ok.test A
a.b.c.d.e.deep.ok.test A
x.ent.ok.test A
alias.ok.test A
chain.ok.test A
www.old.example A
www.example A
www.example AAAA
www.test A
www.new.test A
end.new.test A
www.glueless.test A
www.halflame.test A
www.xfr.test A
EOF
}
{ real_names; for i in $(seq 1 30); do echo "w$i.wild.ok.test A"; done; } >"$wd/cached.txt"
# Cold: 30 distinct names, 10 of them wildcard (resolved after the fixture's
# delegations are cached by the first ones).
{ real_names; for i in $(seq 1 10); do echo "cold$i.wild.ok.test A"; done; } >"$wd/cold.txt"
for i in $(seq 1 200); do cat "$wd/cached.txt"; done >"$wd/cached-rep.txt"
awk -v n="$RSS_NAMES" 'BEGIN { srand(53); for (i = 0; i < n; i++) printf "r%d-%06d.wild.ok.test A\n", i, int(rand() * 1e6) }' >"$wd/rss.txt"

# ---- resolvers -------------------------------------------------------------
start_dns4eud() { start_ours dns4eud ""; }
# The AF_XDP fast path on lo (generic mode). Frames dns4eud injects carry the
# client's local 127/8 source: lo must accept them (tests/integration/xdp).
start_dns4eud_xdp() {
    sysctl -qw net.ipv4.conf.lo.route_localnet=1 net.ipv4.conf.lo.accept_local=1
    start_ours dns4eud_xdp ", xdp: {interface: lo, mode: generic}"
}
start_ours() {  # start_ours NAME UDP_LISTENER_EXTRA
    local r=$1
    local gen_listener=""
    if [ "$KX" = 1 ]; then
        gen_listener="  - {address: ${GEN[$r]}, port: 53, transport: udp${2:+, xdp: {interface: vr, mode: native\}}}"
    fi
    cat >"$wd/$r.yaml" <<EOF
listeners:
  - {address: ${ADDR[$r]}, port: 53, transport: udp$2}
  - {address: ${ADDR[$r]}, port: 53, transport: tcp}
$gen_listener
server: {workers: 1}
access: {allow: [127.0.0.0/8, 198.18.0.0/15]}
upstream: {allow_loopback_servers: true, allow_private_servers: true}
resolver: {root_hints: $INET_ROOT_HINTS}
dnssec: {validation: false}   # the peers below run as plain iterators too; bench/dnssec.sh compares validators
local_zones: {test.: transparent}
cache: {size: 512MiB, answer_cache_size: 256MiB}
management: {address: ${ADDR[$r]}, port: 8053}   # /metrics: the upstream query counter
logging: {level: info}
EOF
    taskset -c 0 "$DNS4EUD" --config "$wd/$r.yaml" >>"$wd/$r.log" 2>&1 &
    PID[$r]=$!
}
upstream_ours() {  # the sum of dns4eu_upstream_queries_total over the address families
    curl -s --max-time 5 "http://${ADDR[$1]}:8053/metrics" |
        awk '/^dns4eu_upstream_queries_total/ { s += $2 } END { printf "%d", s }'
}
upstream_dns4eud() { upstream_ours dns4eud; }
upstream_dns4eud_xdp() { upstream_ours dns4eud_xdp; }

# Not a resolver: bench/udp_echo.cc sends each query back with QR set. Its
# CPU per answer is the floor of the kernel's UDP path on this machine.
ECHO=$BUILD_DIR/bench/udp_echo
start_udp_echo() {
    taskset -c 0 "$ECHO" "${ADDR[udp_echo]}" >>"$wd/udp_echo.log" 2>&1 &
    PID[udp_echo]=$!
}
upstream_udp_echo() { echo 0; }

start_unbound() {
    mkdir -p "$wd/unbound"
    cat >"$wd/unbound/unbound.conf" <<EOF
server:
    verbosity: 0
    interface: ${ADDR[unbound]}
$([ "$KX" = 1 ] && echo "    interface: ${GEN[unbound]}")
    port: 53
    do-daemonize: no
    chroot: ""
    username: ""
    directory: "$wd/unbound"
    pidfile: ""
    logfile: "$wd/unbound.log"
    use-syslog: no
    root-hints: "$INET_ROOT_HINTS"
    do-not-query-localhost: no
    module-config: "iterator"
    num-threads: 1
    so-reuseport: no
    qname-minimisation: yes
    edns-buffer-size: 1232
    msg-cache-size: 256m
    rrset-cache-size: 512m
    key-cache-size: 4m
    access-control: 127.0.0.0/8 allow
    access-control: 198.18.0.0/15 allow
    local-zone: "test." nodefault
    local-zone: "example." nodefault
    local-zone: "arpa." nodefault
    extended-statistics: yes
remote-control:
    control-enable: yes
    control-interface: "$wd/unbound/ctl.sock"
    control-use-cert: no
EOF
    taskset -c 0 unbound -d -c "$wd/unbound/unbound.conf" >>"$wd/unbound.log" 2>&1 &
    PID[unbound]=$!
}
upstream_unbound() {
    unbound-control -c "$wd/unbound/unbound.conf" stats_noreset 2>>"$wd/unbound.log" |
        awk -F= '$1 == "num.query.udpout" || $1 == "num.query.tcpout" { s += $2 } END { print s + 0 }'
}

start_kresd() {
    rm -rf "$wd/kresd"; mkdir -p "$wd/kresd"
    cat >"$wd/kresd/kresd.conf" <<EOF
-- kresd: iterator only (no DNSSEC), root hints of the test Internet.
trust_anchors.remove('.')
net.listen('${ADDR[kresd]}', 53, { kind = 'dns' })
$([ "$KX" = 1 ] && echo "net.listen('${GEN[kresd]}', 53, { kind = 'dns' })")
modules = { 'hints > iterate', 'stats' }
hints.root_file('$INET_ROOT_HINTS')
cache.open(512 * MB, 'lmdb://$wd/kresd/cache')
policy.add(policy.all(policy.FLAGS({'ALLOW_LOCAL'})))
-- The test Internet lives under test. (RFC 6761): keep blocking the others.
policy.special_names[2].cb = policy.suffix(policy.DENY,
    { todname('onion.'), todname('invalid.'), todname('local.') })
EOF
    taskset -c 0 kresd -n -q -c "$wd/kresd/kresd.conf" "$wd/kresd" >>"$wd/kresd.log" 2>&1 &
    PID[kresd]=$!
}
upstream_kresd() {  # worker.stats(): udp/tcp = outgoing queries
    python3 "$helper" kresd "$wd/kresd" "worker.stats().udp + worker.stats().tcp" 2>>"$wd/kresd.log" | tr -dc '0-9.'
}

start_pdns() {
    rm -rf "$wd/pdns"; mkdir -p "$wd/pdns"
    cat >"$wd/pdns/recursor.conf" <<EOF
local-address=${ADDR[pdns]}$([ "$KX" = 1 ] && echo ", ${GEN[pdns]}")
local-port=53
allow-from=127.0.0.0/8, 198.18.0.0/15
hint-file=$INET_ROOT_HINTS
dont-query=
dnssec=off
threads=1
pdns-distributes-queries=no
socket-dir=$wd/pdns
daemon=no
write-pid=no
disable-syslog=yes
log-common-errors=no
qname-minimization=yes
max-cache-entries=4000000
max-packetcache-entries=4000000
edns-outgoing-bufsize=1232
EOF
    taskset -c 0 pdns_recursor --config-dir="$wd/pdns" >>"$wd/pdns.log" 2>&1 &
    PID[pdns]=$!
}
upstream_pdns() {
    rec_control --socket-dir="$wd/pdns" get all-outqueries 2>>"$wd/pdns.log" | tr -dc '0-9'
}

stop_one() {
    local r=$1 p=${PID[$1]:-}
    [ -n "$p" ] || return 0
    kill -TERM "$p" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
    PID[$r]=""
}

# Starts resolver $1 and waits until it answers a query (from its cache or not).
start_one() {
    local r=$1
    "start_$r"
    for _ in $(seq 100); do
        if ! kill -0 "${PID[$r]}" 2>/dev/null; then err "$r exited at start (see log below)"; tail -5 "$wd/$r.log" >&2; return 1; fi
        # localhost is answered locally by all four: no upstream query counted.
        kdig @"${ADDR[$r]}" +timeout=1 +retry=0 localhost A >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    err "$r does not answer after 10 s"; return 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }

# dnsperf on core 1; sets DP_QPS, DP_SENT, DP_DONE, DP_LOST, DP_CPU, DP_RCODES.
run_dnsperf() {
    local out=$1; shift
    python3 "$helper" rusage "$out.cpu" taskset -c 1 dnsperf -f inet "$@" >"$out" 2>&1
    DP_QPS=$(awk '/Queries per second:/ { print int($4) }' "$out")
    DP_SENT=$(awk '/Queries sent:/ { print $3 }' "$out")
    DP_DONE=$(awk '/Queries completed:/ { print $3 }' "$out")
    DP_LOST=$(awk '/Queries lost:/ { print $3 }' "$out")
    DP_RCODES=$(sed -n 's/^ *Response codes: *//p' "$out")
    DP_CPU=$(cat "$out.cpu" 2>/dev/null || echo nan)
    : "${DP_QPS:=0}" "${DP_SENT:=0}" "${DP_DONE:=0}" "${DP_LOST:=0}"
}

# Checks an answer still is right (after load).
check_answer() {
    local r=$1 got
    got=$(kdig @"${ADDR[$r]}" +timeout=2 +retry=1 +short www.ok.test A 2>/dev/null | tr '\n' ' ')
    case "$got" in *127.53.200.1\ *|*127.53.200.1) ;; *) err "$r: wrong answer after load: www.ok.test A -> '$got' (want 127.53.200.1)";; esac
}

prime() {
    local r=$1
    taskset -c 1 dnsperf -f inet -s "${ADDR[$r]}" -d "$wd/cached.txt" -n 2 -c 1 -q 10 -t 5 >"$wd/$r.prime.out" 2>&1
}

# ---- phase 0: cold resolution, every resolver side by side ------------------
# All resolvers run at once (core 0), each fresh; every name is asked of each
# in turn, the first rotating from name to name (resolvers_helper.py cold), so
# all meet the authoritative servers in the same state. COLD_RUNS fresh starts.
cold_set=""
for r in $RESOLVERS; do [ "$r" = udp_echo ] || cold_set="$cold_set $r"; done
declare -A UP OK FAILED
rm -f "$wd"/cold.samples.*
for run in $(seq "$COLD_RUNS"); do
    log "cold resolution, start $run of $COLD_RUNS:$cold_set"
    running=""
    for r in $cold_set; do
        if start_one "$r"; then running="$running $r"; else stop_one "$r"; fi
    done
    sleep 0.5   # the start-up priming (RFC 8109; dns4eud, pdns) is not part of the cold resolutions
    declare -A U0=()
    addrs=""
    for r in $running; do U0[$r]=$("upstream_$r"); addrs="$addrs,${ADDR[$r]}"; done
    [ -n "$addrs" ] || break
    while read -r a o f; do
        for r in $running; do
            [ "${ADDR[$r]}" = "$a" ] && OK[$r]=$(( ${OK[$r]:-0} + o )) && FAILED[$r]=$(( ${FAILED[$r]:-0} + f ))
        done
    done < <(python3 "$helper" cold "${addrs#,}" 53 "$wd/cold.txt" "$wd/cold.samples" 2>>"$wd/cold.err")
    for r in $running; do
        u1=$("upstream_$r")
        UP[$r]=$(( ${UP[$r]:-0} + ${u1:-0} - ${U0[$r]:-0} ))
        stop_one "$r"
    done
done
for r in $cold_set; do
    [ -s "$wd/cold.samples.${ADDR[$r]}" ] || continue
    read -r R[$r.cold_p50] R[$r.cold_p99] R[$r.cold_max] _ < <(python3 "$helper" percentiles "$wd/cold.samples.${ADDR[$r]}")
    R[$r.cold_ok]=${OK[$r]:-0} R[$r.cold_fail]=${FAILED[$r]:-0}
    R[$r.up_per]=$(awk -v u="${UP[$r]:-0}" -v n="$(wc -l <"$wd/cold.txt")" -v k="$COLD_RUNS" 'BEGIN { printf "%.2f", u / n / k }')
done
# Paired: each name of ours against each peer in the same start (same name,
# servers in the same state): the median of the per-name latency ratios.
for r in $cold_set; do
    ours "$r" || continue
    for p in $cold_set; do
        ours "$p" && continue
        [ -s "$wd/cold.samples.rows" ] || continue
        R[$r.paired.$p]=$(python3 "$helper" paired "$wd/cold.samples.rows" "${ADDR[$r]}" "${ADDR[$p]}")
    done
done
[ -s "$wd/cold.err" ] && err "cold: $(head -3 "$wd/cold.err" | tr '\n' ';')"

# ---- phase 1: cached throughput and CPU per query ---------------------------
for r in $RESOLVERS; do
    if [ "$r" = udp_echo ]; then
        [ -x "$ECHO" ] || { err "udp_echo: $ECHO not built (configure with -DDNS4EU_BENCH=ON)"; continue; }
    fi

    log "$r: cached throughput"
    start_one "$r" || { stop_one "$r"; continue; }
    prime "$r"
    t0=$(cpu_ticks "${PID[$r]}")
    run_dnsperf "$wd/$r.max.out" -s "${ADDR[$r]}" -d "$wd/cached-rep.txt" -l "$SECS" -c 10 -q 500 -t 2
    t1=$(cpu_ticks "${PID[$r]}")
    R[$r.max_qps]=$DP_QPS; R[$r.max_lost]=$DP_LOST; R[$r.max_rcodes]=$DP_RCODES
    R[$r.max_cpu]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
    R[$r.max_dpcpu]=$(awk -v c="$DP_CPU" -v s="$SECS" 'BEGIN { printf "%.0f", 100 * c / s }')
    R[$r.max_us]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$DP_DONE" 'BEGIN { if (n > 0) printf "%.2f", t / hz / n * 1e6; else print "nan" }')
    kill -0 "${PID[$r]}" 2>/dev/null || { err "$r died during the max-rate run"; continue; }
    [ "$r" = udp_echo ] || check_answer "$r"

    log "$r: CPU at $FIXED_QPS q/s"
    prime "$r"
    t0=$(cpu_ticks "${PID[$r]}")
    run_dnsperf "$wd/$r.fixed.out" -s "${ADDR[$r]}" -d "$wd/cached-rep.txt" -l "$SECS" -c 10 -q 200 -t 2 -Q "$FIXED_QPS"
    t1=$(cpu_ticks "${PID[$r]}")
    R[$r.fixed_qps]=$DP_QPS; R[$r.fixed_lost]=$DP_LOST
    R[$r.cpu_per_m]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$DP_DONE" 'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6; else print "nan" }')
    R[$r.dp_cpu_per_m]=$(awk -v c="$DP_CPU" -v n="$DP_DONE" 'BEGIN { if (n > 0) printf "%.1f", c / n * 1e6; else print "nan" }')
    [ "$r" = udp_echo ] && { stop_one "$r"; continue; }
    check_answer "$r"
done

# ---- phase 2: p99 latency at half the best peer's max rate ------------------
best_peer=""; best_qps=0
for r in $RESOLVERS; do
    ours "$r" || [ "$r" = udp_echo ] && continue
    q=${R[$r.max_qps]:-0}
    [ "$q" -gt "$best_qps" ] && best_qps=$q && best_peer=$r
done
half=$((best_qps / 2)); [ "$half" -gt 0 ] || half=$FIXED_QPS
for r in $RESOLVERS; do
    [ -n "${PID[$r]:-}" ] || continue
    log "$r: latency at $half q/s"
    prime "$r"
    run_dnsperf "$wd/$r.lat.out" -s "${ADDR[$r]}" -d "$wd/cached-rep.txt" -l "$SECS" -c 10 -q 500 -t 2 -Q "$half" -v
    read -r R[$r.lat_p50] R[$r.lat_p99] R[$r.lat_max] _ < <(python3 "$helper" latency "$wd/$r.lat.out")
    R[$r.lat_qps]=$DP_QPS; R[$r.lat_lost]=$DP_LOST
    rm -f "$wd/$r.lat.out"
done

# ---- phase 2b: resolver-bound throughput (kxdpgun) ---------------------------
# The cached list at KX_QPS (far above any resolver's capacity) for SECS
# seconds from kxdpgun on core 1 to the resolver's veth address: what comes
# back per second is the resolver's own ceiling.
kx_run() {  # kx_run NAME TARGET: sets R[NAME.kx_qps], .kx_cpu, .kx_us, .kx_noerror
    local r=$1 target=$2 out="$wd/$1.kx.out" t0 t1
    gen kdig @"$target" +timeout=1 +retry=2 localhost A >/dev/null 2>&1   # neighbour entry (ARP)
    t0=$(cpu_ticks "${PID[$r]}")
    gen kxdpgun -F 1 -t "$SECS" -Q "$KX_QPS" -i "$wd/kx.txt" "$target" >"$out" 2>&1
    t1=$(cpu_ticks "${PID[$r]}")
    R[$r.kx_qps]=$(awk '/^total replies:/ { gsub(/\(/, "", $4); print $4 }' "$out")
    R[$r.kx_sent]=$(awk '/^total queries:/ { gsub(/\(/, "", $4); print $4 }' "$out")
    R[$r.kx_noerror]=$(awk '/^responded NOERROR:/ { print $3 }' "$out")
    R[$r.kx_cpu]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v s="$SECS" 'BEGIN { printf "%.0f", 100 * t / hz / s }')
    R[$r.kx_us]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v q="${R[$r.kx_qps]:-0}" -v s="$SECS" \
        'BEGIN { if (q > 0) printf "%.2f", t / hz / (q * s) * 1e6; else print "nan" }')
    [ -n "${R[$r.kx_qps]}" ] || err "$r: kxdpgun printed no replies: $(tail -3 "$out" | tr '\n' ';')"
}
if [ "$KX" = 1 ]; then
    sed 's/$/ E/' "$wd/cached.txt" >"$wd/kx.txt"   # E: with EDNS, as a stub resolver asks today
    for r in $RESOLVERS; do
        if [ "$r" = udp_echo ]; then   # stopped after phase 1: an echo on the veth address, for this run only
            [ -x "$ECHO" ] || continue
            log "udp_echo: kxdpgun at $KX_QPS q/s"
            taskset -c 0 "$ECHO" "${GEN[udp_echo]}" >>"$wd/udp_echo.log" 2>&1 &
            PID[udp_echo]=$!; sleep 0.3
            kx_run udp_echo "${GEN[udp_echo]}"
            stop_one udp_echo
            continue
        fi
        [ -n "${PID[$r]:-}" ] || continue
        log "$r: kxdpgun at $KX_QPS q/s"
        prime "$r"
        kx_run "$r" "${GEN[$r]}"
        kill -0 "${PID[$r]}" 2>/dev/null || err "$r died under kxdpgun"
    done
fi

# ---- phase 3: RSS per cached record ----------------------------------------
for r in $RESOLVERS; do
    [ -n "${PID[$r]:-}" ] || continue
    log "$r: RSS after $RSS_NAMES names"
    prime "$r"; sleep 1
    m0=$(rss_kib "${PID[$r]}")
    u0=$("upstream_$r")
    t0=$(cpu_ticks "${PID[$r]}")
    run_dnsperf "$wd/$r.rss.out" -s "${ADDR[$r]}" -d "$wd/rss.txt" -n 1 -c 10 -q 100 -t 5 -Q "$RSS_QPS"
    t1=$(cpu_ticks "${PID[$r]}")
    R[$r.new_us]=$(awk -v t="$((t1 - t0))" -v hz="$hz" -v n="$DP_DONE" 'BEGIN { if (n > 0) printf "%.1f", t / hz / n * 1e6; else print "nan" }')
    sleep 1
    m1=$(rss_kib "${PID[$r]}")
    R[$r.rss_before]=$m0; R[$r.rss_after]=$m1; R[$r.rss_done]=$DP_DONE; R[$r.rss_rcodes]=$DP_RCODES
    u1=$("upstream_$r")
    R[$r.up_wild]=$(awk -v a="${u0:-0}" -v b="${u1:-0}" -v n="$DP_DONE" 'BEGIN { if (n > 0) printf "%.2f", (b - a) / n; else print "nan" }')
    R[$r.rss_per]=$(awk -v a="$m0" -v b="$m1" -v n="$DP_DONE" 'BEGIN { if (n > 0) printf "%.0f", (b - a) * 1024 / n; else print "nan" }')
    kill -0 "${PID[$r]}" 2>/dev/null || err "$r died while loading names"
    check_answer "$r"
    stop_one "$r"
    if ours "$r"; then
        R[$r.exit_stats]=$(grep 'stats:' "$wd/$r.log" | tail -1 | sed 's/.*stats: //')
        n=$(grep -ciE '\[(warning|error|critical)\]' "$wd/$r.log")
        [ "$n" -gt 0 ] && err "$r logged $n warning/error lines, e.g.: $(grep -iE '\[(warning|error|critical)\]' "$wd/$r.log" | head -3 | tr '\n' ';')"
    fi
done
"$root/tests/internet/stop.sh" "$wd" >/dev/null 2>&1

# ---- report ------------------------------------------------------------------
ratio() {  # value of $1 vs best peer, for metric $2, "high" or "low" is better
    local r=$1 key=$2 better=$3 best="" v
    for p in $RESOLVERS; do
        ours "$p" || [ "$p" = udp_echo ] && continue
        v=${R[$p.$key]:-}
        [[ "$v" =~ ^[0-9.]+$ ]] || continue
        if [ -z "$best" ] || awk -v a="$v" -v b="$best" -v h="$better" 'BEGIN { exit !((h == "high") ? a > b : a < b) }'; then best=$v; fi
    done
    v=${R[$r.$key]:-}
    if [ -n "$best" ] && [[ "$v" =~ ^[0-9.]+$ ]]; then
        awk -v a="$v" -v b="$best" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'
    else echo "-"; fi
}
v() { echo "${R[$1]:--}"; }

echo "## Resolvers side by side (bench/resolvers.sh)"
echo
echo "Each resolver alone on core 0 (\`taskset -c 0\`), dnsperf on core 1; local test Internet (tests/internet: knotd + nsd on loopback in a private netns). Iterator only: no DNSSEC validation anywhere; QNAME minimisation on; one worker thread each."
echo
echo "| resolver | cached q/s (max) | resolver CPU % | CPU µs per answer at max | dnsperf CPU % | CPU s per 1M cached answers @${FIXED_QPS} q/s | dnsperf CPU s per 1M | p50 / p99 ms @${half} q/s | RSS B per cached name | cold median / p99 ms | upstream q per cold resolution |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in $RESOLVERS; do
    echo "| $r | $(v $r.max_qps) | $(v $r.max_cpu) | $(v $r.max_us) | $(v $r.max_dpcpu) | $(v $r.cpu_per_m) | $(v $r.dp_cpu_per_m) | $(v $r.lat_p50) / $(v $r.lat_p99) | $(v $r.rss_per) | $(v $r.cold_p50) / $(v $r.cold_p99) | $(v $r.up_per) |"
done
echo
for r in $RESOLVERS; do
    if [ "${R[$r.max_cpu]:-0}" -lt 90 ] && [ "${R[$r.max_dpcpu]:-0}" -lt 90 ]; then
        echo "Note: at the max rate neither $r (${R[$r.max_cpu]:-?} % CPU) nor dnsperf (${R[$r.max_dpcpu]:-?} %) used a whole core: the machine (other jobs), not the resolver, set that q/s."
    fi
done
echo
echo "Ratios of each resolver to the best peer (unbound, kresd, pdns) on that figure; throughput: higher is better, the rest: lower is better."
echo
echo "| resolver | cached q/s | CPU per answer at max | CPU per answer @${FIXED_QPS} q/s | p99 latency | RSS per name | cold median | upstream q (cold) | CPU per new name | upstream q per new wildcard name (absolute, not a ratio) | CPU µs per new wildcard name (absolute) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for r in $RESOLVERS; do
    echo "| $r | $(ratio $r max_qps high) | $(ratio $r max_us low) | $(ratio $r cpu_per_m low) | $(ratio $r lat_p99 low) | $(ratio $r rss_per low) | $(ratio $r cold_p50 low) | $(ratio $r up_per low) | $(ratio $r new_us low) | $(v $r.up_wild) | $(v $r.new_us) |"
done
echo
echo "Cold latency, paired: each name asked of ours and of the peer in the same start, one right after the other (the order rotating), so the name's cost and the servers' state cancel out; the median of the per-name ratios ours / peer over all $((30 * COLD_RUNS)) pairs, its 95 % bootstrap interval, and how often ours answered first. Below 1: ours is faster."
echo
echo "| ours / peer | median ratio | 95 % interval | pairs | ours faster in |"
echo "|---|---|---|---|---|"
for r in $cold_set; do
    ours "$r" || continue
    for p in $cold_set; do
        ours "$p" && continue
        read -r med lo hi n fast <<<"${R[$r.paired.$p]:-- - - - -}"
        echo "| $r / $p | $med | $lo–$hi | $n | $fast % |"
    done
done
echo
if [ "$KX" = 1 ]; then
    echo "Resolver-bound throughput: kxdpgun (XDP load generator, knot-dnsutils) on core 1 offers $KX_QPS q/s of the cached list for $SECS s; the resolver on core 0 answers what it can (phase 2b)."
    echo
    echo "| resolver | answers/s | ratio to the best peer | resolver CPU % | CPU µs per answer | queries offered/s | NOERROR answers |"
    echo "|---|---|---|---|---|---|---|"
    for r in $RESOLVERS; do
        echo "| $r | $(v $r.kx_qps) | $(ratio $r kx_qps high) | $(v $r.kx_cpu) | $(v $r.kx_us) | $(v $r.kx_sent) | $(v $r.kx_noerror) |"
    done
    echo
fi
echo "Details per resolver (answered at max rate: lost queries, rcodes; fixed-rate run achieved q/s; latency run achieved q/s; RSS KiB before/after, names answered, rcodes; cold answers ok/failed):"
echo
for r in $RESOLVERS; do
    echo "- $r: max: lost $(v $r.max_lost), $(v $r.max_rcodes); fixed: $(v $r.fixed_qps) q/s, lost $(v $r.fixed_lost); latency run: $(v $r.lat_qps) q/s, lost $(v $r.lat_lost), max $(v $r.lat_max) ms; RSS $(v $r.rss_before) → $(v $r.rss_after) KiB over $(v $r.rss_done) names ($(v $r.rss_rcodes)); cold: $(v $r.cold_ok) ok, $(v $r.cold_fail) failed, max $(v $r.cold_max) ms"
done
for r in dns4eud dns4eud_xdp; do
    [ -n "${R[$r.exit_stats]:-}" ] && { echo; echo "$r stats at exit (phase 3): \`${R[$r.exit_stats]}\`"; }
done
cat <<EOF

### How each figure is measured

- **Query lists**: 50 names with data (20 fixture names: A, AAAA, MX, TXT, SRV, CNAME chains over 3 zones, DNAME, glueless, half-lame, wildcard; and 30 \`wN.wild.ok.test A\`), repeated 200× for dnsperf; queries without EDNS (dnsperf default).
- **cached q/s (max)**: cache primed (the list twice), then \`taskset -c 1 dnsperf -f inet -s ADDR -d LIST -l $SECS -c 10 -q 500 -t 2\`; "resolver CPU %" is its utime+stime (/proc/PID/stat) over the run, "dnsperf CPU %" dnsperf's own (getrusage of the child). When neither is near 100 %, the limit is the machine (other jobs), not the resolver.
- **CPU µs per answer at max**: the resolver's Δ(utime+stime) over the max-rate run / answers. Where the resolver is not saturated this is the cost of an answer when the load batches well.
- **CPU s per 1M cached answers** (the primary figure): same list at \`-Q $FIXED_QPS\` for $SECS s; Δ(utime+stime) of the resolver / answers × 10⁶. dnsperf's own CPU per 1M is shown beside it.
- **p50 / p99 latency**: \`-Q $half\` (half the best peer's max rate) with \`-v\`; percentiles over every answered query's latency as dnsperf prints it.
- **CPU µs per new wildcard name**: the resolver's Δ(utime+stime) over that same run of $RSS_NAMES new names (each one resolution with one upstream query, the delegation cached) / names answered.
- **RSS per cached name**: VmRSS after the prime, then $RSS_NAMES distinct random names under the wildcard \`*.wild.ok.test\` (each a new A RRset and answer) sent once at \`-Q $RSS_QPS\`; (VmRSS after − before) / names answered. kresd's cache is an LMDB file in /dev/shm mapped into the process: its pages count in RSS when touched. Allocator slack and pre-allocated tables make small N misleading; with 20000 names kresd's figure varied from 129 to 224 B between runs (Lua garbage collection and which LMDB pages a run touches), hence 100000 by default.
- **answers/s with kxdpgun** (phase 2b, root only): dnsperf, one socket call per datagram, saturates its core below what the fastest resolvers answer, so the "cached q/s (max)" column is partly dnsperf's ceiling. \`kxdpgun -F 1 -t $SECS -Q $KX_QPS -i LIST TARGET\`, run in a child network namespace behind a veth pair, sends and receives frames through XDP at ~1M q/s from one core; TARGET is the resolver's second address (198.18.0.x, on the veth end "vr"; dns4eud_xdp's AF_XDP path is attached there in native mode). LIST: the 50 cached names with EDNS. answers/s = replies counted by kxdpgun / $SECS; CPU as above. The kernel's receive work for the queries runs in softirq on kxdpgun's core (the veth transmit), for every resolver alike.
- **cold median / p99**: every resolver started fresh at once (all on core 0), half a second later 30 distinct names (the 20 fixture names and 10 new wildcard names) asked one at a time over UDP with EDNS, each name of every resolver in turn with the first rotating from name to name (bench/resolvers_helper.py cold): all meet the authoritative servers in the same state, and none is always the one that wakes them. The first name pays for the delegations (and for the root priming where the resolver does not prime at start). ${COLD_RUNS} fresh starts; the percentiles are over all $((30 * COLD_RUNS)) latencies of a resolver.
- **upstream q per cold resolution**: the resolver's own counter over those 30 resolutions / 30 (the mean of the ${COLD_RUNS} starts), read half a second after the start (so a priming done at start is not counted, for any of them) and after the last name: dns4eud \`dns4eu_upstream_queries_total\` from its /metrics; unbound-control \`num.query.udpout + num.query.tcpout\`; kresd \`worker.stats().udp + .tcp\` (control socket); rec_control \`get all-outqueries\`. Counters differ in what they count (priming, retries), so this column is indicative.
- **udp_echo** (not a resolver; \`bench/udp_echo.cc\`): sends every query back with QR set, one blocking recvmmsg and one sendmmsg per wake-up, no DNS work: the floor of the kernel's UDP path on this machine, measured in the two cached phases only.
- **dns4eud_xdp**: the same dns4eud and config plus \`xdp: {interface: lo, mode: generic}\` on its UDP listener: the XDP program on the namespace's lo hands its queries to an AF_XDP socket and dns4eud sends answers as frames (no UDP socket calls; see README "AF_XDP"). Generic (copy) mode is the slowest XDP mode; a NIC with a native XDP driver does better.
- **Configs** (generated by bench/resolvers.sh): dns4eud \`server.workers: 1\`, cache 512 MiB + answer cache 256 MiB, \`upstream.allow_loopback_servers\` + \`allow_private_servers\` (the fd53:: servers), \`local_zones: {test.: transparent}\`; unbound iterator only, 1 thread, msg 256 MB / rrset 512 MB, \`do-not-query-localhost: no\`; kresd no trust anchor, \`hints.root_file\`, ALLOW_LOCAL, 512 MB cache, test. unblocked; pdns-recursor \`threads=1\`, \`dnssec=off\`, \`dont-query=\` (empty), no forward-zones, 4M cache entries.
EOF
echo
if [ "${#errors[@]}" -gt 0 ]; then
    echo "**Problems:**"; echo
    for e in "${errors[@]}"; do echo "- $e"; done
else
    echo "No problems: every resolver ran every phase and answered www.ok.test A correctly after each load."
fi
rm -rf "$wd"
exit 0
