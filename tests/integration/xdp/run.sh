#!/bin/bash
# End-to-end test of dns4eud's AF_XDP fast path (udp listeners with `xdp:`),
# in a private network namespace with the local test Internet: the XDP
# program is attached to the namespace's `lo` in generic mode, IPv4 and IPv6
# queries come in as frames and their answers go out as frames dns4eud builds
# (checked by real clients, kdig/dig/dnsperf, which accept only well-formed
# datagrams with correct checksums); cache misses answered later, truncation
# and TCP fallback, traffic for other ports and addresses left to the kernel,
# a worker without a queue on the interface, hostile frames, SIGHUP, the
# counters in /metrics, config errors, and the program detached at exit.
# Needs real root: BPF cannot be loaded from a user namespace, so this test
# runs in `unshare --net` (tests/internet/netns-run.sh, DNS4EU_NETNS_ROOT=1).
# Usage: tests/integration/xdp/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
if [ "$(id -u)" != 0 ]; then
    # ctest shows this as "Skipped" (SKIP_RETURN_CODE 77), never as passed.
    echo "SKIPPED: the AF_XDP test needs root (BPF cannot be loaded from a user namespace)"
    exit 77
fi
export DNS4EU_NETNS_ROOT=1
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"
for tool in kdig dig dnsperf curl python3 ip sysctl; do
    command -v "$tool" >/dev/null || { echo "FAIL missing tool $tool (make deps)"; echo "0 passed, 1 failed"; exit 1; }
done

open_workdir xdp

if ! "$inet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    cat "$wd/start.out"; echo "FAIL start.sh (the test Internet did not start)"; echo "0 passed, 1 failed"; exit 1
fi
# shellcheck disable=SC1091
. "$wd/env"
ip addr add 192.0.2.53/32 dev lo   # dnsperf: see tests/integration/transports/run.sh
# Frames that dns4eud writes onto lo carry the query's addresses swapped, so
# the kernel sees a packet from a local 127/8 or fd53:: address *arriving*
# on lo without the route a locally sent packet has: allow it (loopback only;
# on a real network interface the client's address is not ours).
sysctl -qw net.ipv4.conf.lo.route_localnet=1 net.ipv4.conf.lo.accept_local=1

X=127.53.100.30      # udp with xdp (+ tcp)
P=127.53.100.31      # udp without xdp, for comparison
X6=fd53::100:30
ip -6 addr add $X6/128 dev lo nodad
write_config() {  # write_config FILE LISTENER_EXTRA
    cat >"$1" <<YAML
server: {workers: 2}   # lo has one queue: worker 1 serves the socket only
listeners:
  - {address: $X, transport: udp, xdp: {interface: lo, mode: generic}}
  - {address: $X, transport: tcp}
  - {address: "$X6", transport: udp, xdp: lo}
  - {address: $P, transport: udp}
$2
management: {address: $X, port: 8053}
access: {allow: [127.0.0.0/8, "fd53::/16"]}
upstream: {allow_loopback_servers: true, allow_private_servers: true}
resolver: {root_hints: $INET_ROOT_HINTS}
dnssec: {trust_anchor_file: $(dirname "$INET_ROOT_HINTS")/root.key}
local_zones: {test.: transparent}
YAML
}

# ---- config errors ---------------------------------------------------------
write_config "$wd/bad1.yaml" "  - {address: $X, port: 5353, transport: tcp, xdp: lo}"
out=$("$daemon" --check-config "$wd/bad1.yaml" 2>&1); rc=$?
[ $rc -ne 0 ] && check "xdp on a tcp listener refused with file:line" "bad1.yaml:7:" "$out" || bad "xdp on tcp refused" "rc $rc: $out"
check "... saying why" "xdp is only for udp listeners" "$out"
write_config "$wd/bad2.yaml" "  - {address: 0.0.0.0, port: 5353, transport: udp, xdp: lo}"
out=$("$daemon" --check-config "$wd/bad2.yaml" 2>&1); rc=$?
[ $rc -ne 0 ] && check "xdp on a wildcard address refused" "xdp needs a specific listener address" "$out" || bad "xdp on wildcard refused" "rc $rc: $out"
write_config "$wd/bad3.yaml" "  - {address: 127.53.100.32, transport: udp, xdp: nosuchif0}"
out=$(timeout 10 "$daemon" --config "$wd/bad3.yaml" 2>&1); rc=$?
[ $rc -ne 0 ] && check "unknown interface: the daemon says which" "no interface named 'nosuchif0'" "$out" || bad "unknown interface refused" "rc $rc"

# ---- the daemon --------------------------------------------------------------
write_config "$wd/d.yaml" ""
"$daemon" --config "$wd/d.yaml" >"$wd/dns4eud.log" 2>&1 &
dpid=$!
pids+=("$dpid")
for _ in $(seq 1 50); do
    kdig @$P localhost A +short +timeout=1 +retry=0 2>/dev/null | grep -q . && break
    sleep 0.2
done
if ! kill -0 "$dpid" 2>/dev/null; then  # no point in forty checks against a dead daemon
    wait "$dpid"; rc=$?
    bad "dns4eud running" "it exited (status $rc) at start; its log: $(tail -20 "$wd/dns4eud.log")"
    echo "$passed passed, $failed failed"
    exit 1
fi
check "XDP program attached to lo (generic mode)" "xdpgeneric" "$(ip link show lo)"

metric() {  # metric LISTENER EVENT -> value (0 when absent)
    curl -s "http://$X:8053/metrics" | awk -v l="$1" -v e="$2" \
        'index($0, "dns4eu_listener_events_total{") == 1 && index($0, "transport=\"udp\"") && index($0, "listener=\"" l "\"") && index($0, "event=\"" e "\"") { v = $NF } END { print v + 0 }'
}

check "IPv4 cold answer (deferred, sent as a frame)" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
check "IPv4 cached answer (same call, sent as a frame)" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
check "IPv6 answer over XDP" "fd53::200:1" "$(kdig @$X6 +short +timeout=3 +retry=0 www.ok.test AAAA 2>&1)"
check "dig (no EDNS) over XDP" "127.53.200.1" "$(dig @$X +noedns +short +tries=1 +time=3 www.ok.test A 2>&1)"
out=$(kdig @$X +notcp +ignore +timeout=3 +retry=0 big.ok.test TXT 2>&1)
check "big answer over XDP is truncated (TC)" "qr tc" "$out"
check "... and kdig's TCP retry gets it whole" "ANSWER: 1" "$(kdig @$X +timeout=3 +retry=0 big.ok.test TXT 2>&1)"
check "NXDOMAIN over XDP" "NXDOMAIN" "$(kdig @$X +timeout=3 +retry=0 nx.ok.test A 2>&1)"

# Same answers through XDP and through the plain socket (RRsets, sorted).
same=1
with_data=0
for q in "www.ok.test A" "www.ok.test AAAA" "ok.test MX" "ok.test TXT" "_imap._tcp.ok.test SRV" "alias.ok.test A" \
         "chain.ok.test A" "exists.wild.ok.test A" "w7.wild.ok.test A" "www.example A" "www.glueless.test A" \
         "mail.ok.test A" "nodata.ok.test A"; do
    # shellcheck disable=SC2086
    a=$(kdig @$X +timeout=3 +retry=0 +noall +answer $q 2>&1 | awk '{ $2 = ""; print }' | sort)
    # shellcheck disable=SC2086
    b=$(kdig @$P +timeout=3 +retry=0 +noall +answer $q 2>&1 | awk '{ $2 = ""; print }' | sort)
    [ "$a" = "$b" ] || { same=0; bad "same answer for $q through XDP and the socket" "xdp '$a' socket '$b'"; }
    if [ -n "$a" ]; then with_data=$((with_data + 1)); else empty="${empty:-}$q; "; fi
done
[ $same = 1 ] && ok "13 questions answered identically through XDP and the socket"
# All but nodata.ok.test have records: two empty (failed) answers must not count as agreement.
[ $with_data = 12 ] && ok "12 of them with records" || bad "answers with records" "$with_data of 12; empty: ${empty:-}"

# Other ports on the XDP address stay with the kernel: a UDP echo on :5300.
python3 - "$X" >"$wd/echo.out" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((sys.argv[1], 5300)); s.settimeout(10)
d, a = s.recvfrom(100); s.sendto(d[::-1], a)
PY
pids+=("$!")
sleep 0.3
out=$(python3 -c "
import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.sendto(b'olleh', ('$X', 5300)); print(s.recvfrom(100)[0].decode())" 2>&1)
check "UDP to another port of the same address reaches the kernel socket" "hello" "$out"
check "TCP on the XDP address is served by the kernel" "127.53.200.1" "$(kdig @$X +tcp +short +timeout=3 +retry=0 www.ok.test A 2>&1)"

# Hostile frames: a short datagram, garbage, a query with QR set; then it still answers.
python3 - "$X" <<'PY'
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for d in (b"\x00", b"\x12\x34\x01", os.urandom(12), os.urandom(200), bytes.fromhex("1234812000010000000000000377777702") ):
    s.sendto(d, (sys.argv[1], 53))
PY
sleep 0.3
check "still answering after hostile datagrams" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
kill -0 "$dpid" 2>/dev/null && ok "daemon alive after hostile datagrams" || bad "daemon alive after hostile datagrams"

# Load: dnsperf through XDP, nothing lost.
for i in $(seq 1 20); do echo "w$i.wild.ok.test A"; done >"$wd/q.txt"
dnsperf -f inet -s $X -d "$wd/q.txt" -l 3 -c 4 -q 50 -t 10 >"$wd/dnsperf.out" 2>&1
lost=$(awk '/Queries lost:/ { print $3 }' "$wd/dnsperf.out")
done_=$(awk '/Queries completed:/ { print $3 }' "$wd/dnsperf.out")
[ "${lost:-x}" = 0 ] && [ "${done_:-0}" -gt 1000 ] && ok "dnsperf 3 s through XDP: $done_ answered, 0 lost" ||
    bad "dnsperf through XDP" "$(tail -12 "$wd/dnsperf.out")"

rx=$(metric "$X:53" xdp_received); tx=$(metric "$X:53" xdp_sent)
[ "$rx" -gt 1000 ] && [ "$tx" -gt 1000 ] && ok "metrics: IPv4 listener xdp_received=$rx xdp_sent=$tx" ||
    bad "metrics xdp counters (IPv4)" "received=$rx sent=$tx"
rx6=$(metric "[$X6]:53" xdp_received)
[ "$rx6" -ge 1 ] && ok "metrics: IPv6 listener xdp_received=$rx6" || bad "metrics xdp counters (IPv6)" "received=$rx6"
rxp=$(metric "$P:53" xdp_received)
[ "$rxp" = 0 ] && ok "listener without xdp: xdp_received=0" || bad "listener without xdp" "xdp_received=$rxp"

# hup: SIGHUP, then wait (60 s at most) for one more "reload done" in the log.
hup() {
    local n; n=$(grep -c "reload done" "$wd/dns4eud.log")
    kill -HUP "$dpid"
    for _ in $(seq 600); do [ "$(grep -c "reload done" "$wd/dns4eud.log")" -gt "$n" ] && return 0; sleep 0.1; done
    bad "reload done after SIGHUP" "$(tail -5 "$wd/dns4eud.log")"
}

# SIGHUP with the same config: XDP keeps serving.
before=$(metric "$X:53" xdp_received)
hup
check "answer after SIGHUP" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
after=$(metric "$X:53" xdp_received)
[ "$after" -gt "$before" ] && ok "still through XDP after SIGHUP ($before -> $after)" || bad "XDP after SIGHUP" "$before -> $after"

# Reload with one more listener: the XDP address keeps its fast path.
write_config "$wd/d.yaml" "  - {address: 127.53.100.33, transport: udp}"
before=$(metric "$X:53" xdp_received)
hup
check "new listener after SIGHUP" "127.53.200.1" "$(kdig @127.53.100.33 +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
check "XDP address after SIGHUP adding a listener" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
after=$(metric "$X:53" xdp_received)
[ "$after" -gt "$before" ] && ok "... still through XDP ($before -> $after)" || bad "XDP after adding a listener" "$before -> $after"
# Reload without any xdp listener: program detached, the socket answers.
sed -e 's/, xdp: {interface: lo, mode: generic}//' -e 's/, xdp: lo//' "$wd/d.yaml" >"$wd/noxdp.yaml"
cp "$wd/noxdp.yaml" "$wd/d.yaml"
hup
out=$(ip link show lo)
[[ "$out" != *xdp* ]] && ok "SIGHUP without xdp listeners: program detached" || bad "program detached on reload" "$out"
check "... and the address answers through its socket" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"
write_config "$wd/d.yaml" ""
hup
check "SIGHUP with xdp again: program attached" "xdpgeneric" "$(ip link show lo)"
check "... and answering" "127.53.200.1" "$(kdig @$X +short +timeout=3 +retry=0 www.ok.test A 2>&1)"

kill -TERM "$dpid"; wait "$dpid"; rc=$?
[ $rc = 0 ] && ok "SIGTERM: clean exit" || bad "SIGTERM: clean exit" "rc $rc; $(tail -3 "$wd/dns4eud.log")"
out=$(ip link show lo)
[[ "$out" != *xdp* ]] && ok "XDP program detached at exit" || bad "XDP program detached at exit" "$out"
grep -q -i "sanitizer\|runtime error" "$wd/dns4eud.log" && bad "no sanitizer reports" "$(grep -i -m3 'sanitizer\|runtime error' "$wd/dns4eud.log")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
