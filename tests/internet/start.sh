#!/bin/bash
# Start the local test Internet in WORKDIR (run inside netns-run.sh).
# Usage: tests/internet/start.sh WORKDIR
# Generates zones and configs (gen.py), signs the zones topology.py marks
# signed (sign.py: root.key trust anchor, DNSSEC cases), adds the fixture's IPv6 addresses to
# lo, starts every knotd/nsd instance and the silent server in the
# background, waits until each instance answers SOA (AA) for each of its
# zones on each of its addresses (the nsd secondary only after its AXFR),
# then returns 0. Writes WORKDIR/root.hints, WORKDIR/env (source it),
# WORKDIR/expected.json, WORKDIR/pids; server logs are WORKDIR/<server>.log.
# On failure prints the logs, stops what it started and returns 1.
# Env: INET_START_TIMEOUT (s, default 30); INET_EXTRA_DIR (passed to
# gen.py --extra); INET_ZONE_HOOK: a command run as `$INET_ZONE_HOOK WORKDIR`
# after generation and before the servers start, which may rewrite
# WORKDIR/zones/*.zone in place (e.g. sign them; see README.md).
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
here=$(dirname "$(readlink -f "$0")")
if [ "$#" -ne 1 ]; then
    echo "usage: $0 WORKDIR" >&2
    exit 2
fi
if [ "${DNS4EU_IN_NETNS:-}" != 1 ] && [ "${INET_ALLOW_HOST_NETNS:-}" != 1 ]; then
    echo "$0: run me inside tests/internet/netns-run.sh (or set INET_ALLOW_HOST_NETNS=1)" >&2
    exit 2
fi
wd=$(mkdir -p "$1" && cd "$1" && pwd)
t0=$(date +%s%N)
# Debian's interpreter starts faster than a version-manager shim; stdlib only.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
# State of an earlier run (pid files, databases, logs) would confuse the
# servers: the same PIDs come back in a fresh PID namespace.
if [ -f "$wd/servers.tsv" ]; then
    while IFS=$'\t' read -r name _ _; do
        rm -rf "${wd:?}/$name" "$wd/$name.log" "$wd/$name.stderr"
    done < "$wd/servers.tsv"
fi
"$py" "$here/gen.py" "$wd" ${INET_EXTRA_DIR:+--extra "$INET_EXTRA_DIR"}
"$py" "$here/sign.py" "$wd" || { echo "$0: sign.py failed" >&2; exit 1; }
if [ -n "${INET_ZONE_HOOK:-}" ]; then
    $INET_ZONE_HOOK "$wd" || { echo "$0: INET_ZONE_HOOK failed" >&2; exit 1; }
fi
# shellcheck disable=SC1091
. "$wd/env"

for a in $INET_V6_ADDRS; do
    if ! ip -6 addr add "$a/128" dev lo nodad 2>/dev/null; then
        have=$(ip -6 addr show dev lo)   # already there from an earlier start?
        grep -q " $a/128 " <<<"$have" || { echo "$0: cannot add $a to lo" >&2; exit 1; }
    fi
done

: > "$wd/pids"
while IFS=$'\t' read -r name impl conf; do
    case "$impl" in
    knot) knotd -c "$conf" > "$wd/$name.log" 2>&1 & ;;
    nsd) nsd -d -c "$conf" > "$wd/$name.stderr" 2>&1 & ;;
    esac
    echo "$name $!" >> "$wd/pids"
done < "$wd/servers.tsv"
rm -f "$wd/silent.ready"
"$py" "$here/silent.py" "$INET_SILENT_V4" "$wd/silent.ready" > "$wd/silent.log" 2>&1 &
echo "silent $!" >> "$wd/pids"

fail() {
    echo "$0: $*" >&2
    for f in "$wd"/*.log "$wd"/*.stderr; do
        [ -s "$f" ] && { echo "---- $f" >&2; tail -n 30 "$f" >&2; }
    done
    "$here/stop.sh" "$wd" || true
    exit 1
}

deadline=$(( $(date +%s) + ${INET_START_TIMEOUT:-30} ))
while [ ! -e "$wd/silent.ready" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "silent server did not start"
    sleep 0.05
done
# One poller per server, in parallel; each returns non-zero on timeout.
probe_server() {  # NAME PID: every (address, zone) of NAME in probes.tsv
    local name=$1 pid=$2 n addr zone out
    while IFS=$'\t' read -r n addr zone; do
        [ "$n" = "$name" ] || continue
        while :; do
            out=$(kdig @"$addr" +tcp +norec +time=1 +retry=0 SOA "$zone" 2>&1 || true)
            if grep -q 'status: NOERROR' <<<"$out" && grep -q '^;; Flags: qr aa' <<<"$out"; then
                break
            fi
            if ! kill -0 "$pid" 2>/dev/null; then
                echo "$name (pid $pid) died" > "$wd/$name.probe-failed"
                return 1
            fi
            if [ "$(date +%s)" -ge "$deadline" ]; then
                echo "$name @$addr does not serve $zone: $out" > "$wd/$name.probe-failed"
                return 1
            fi
            sleep 0.02
        done
    done < "$wd/probes.tsv"
}
pollers=()
while read -r name pid; do
    [ "$name" = silent ] && continue
    rm -f "$wd/$name.probe-failed"
    probe_server "$name" "$pid" &
    pollers+=("$!")
done < "$wd/pids"
ok=1
for p in "${pollers[@]}"; do wait "$p" || ok=0; done
[ "$ok" = 1 ] || fail "$(cat "$wd"/*.probe-failed)"
t1=$(date +%s%N)
echo "INET_START_MS='$(( (t1 - t0) / 1000000 ))'" >> "$wd/env"
echo "local test Internet up in $(( (t1 - t0) / 1000000 )) ms ($wd)"
