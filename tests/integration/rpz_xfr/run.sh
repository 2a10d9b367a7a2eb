#!/bin/bash
# End-to-end test of RPZ lists fed by zone transfer (src/intel) on the local
# test Internet (tests/internet), in a private network namespace:
#   * its own knotd (127.53.120.1) is the RPZ primary: TSIG key (hmac-sha256),
#     transfer ACL by key, IXFR journal on, NOTIFY to dns4eud;
#   * dns4eud (127.53.100.2, list `rpz` with `xfr:`) transfers the zone at
#     start (AXFR): blocked names are answered per their RPZ actions;
#   * the zone changes (knotc zone-begin/set/unset/commit) -> knotd NOTIFY ->
#     IXFR: the new name is blocked and the removed one resolves (polled);
#   * a version the RPZ parser refuses (an IPv4 rpz-ip prefix of 40 bits) is refused with
#     its reason while the previous one serves; once fixed, IXFR catches up;
#     /metrics says so (update refused, serial, when the primary last answered);
#   * NOTIFY from an address that is not a primary is REFUSED, from a primary for another zone NOTAUTH;
#   * a second dns4eud (127.53.100.3) with a WRONG TSIG secret refuses the
#     transfer, says why in its log and in /metrics and serves no RPZ version
#     (names resolve);
#   * SIGHUP with a changed `xfr:` source restarts the feeds (a fresh AXFR);
#   * the primary stopped: /metrics says the update is refused; back with
#     nothing newer: the error is over.
# (capture.sh records knotd's wire data for the unit tests and the fuzz corpus.)
# Usage: tests/integration/rpz_xfr/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure. INET_KEEP=1 keeps the work directory.
set -uo pipefail
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"

wd=$(mktemp -d /tmp/dns4eu-rpzxfr.XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
    "$inet/stop.sh" "$wd" >/dev/null 2>&1
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
trap cleanup EXIT
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }

if ! "$inet/start.sh" "$wd" >/dev/null; then
    echo "FAIL start.sh (the test Internet did not start)"; echo "0 passed, 1 failed"; exit 1
fi
# shellcheck disable=SC1091
. "$wd/env"

# ---------------------------------------------------------------- the RPZ primary (knotd)
secret=$(head -c 32 /dev/urandom | base64)
wrong=$(head -c 32 /dev/urandom | base64)
kd=$wd/knot-rpz
mkdir -p "$kd"
cat > "$kd/rpz.test.zone" <<'ZONE'
$TTL 60
rpz.test.                  SOA ns.rpz.test. hostmaster.rpz.test. 1 3600 600 86400 60
rpz.test.                  NS  localhost.
nx.wild.ok.test.rpz.test.      CNAME .
nodata.wild.ok.test.rpz.test.  CNAME *.
*.sub.wild.ok.test.rpz.test.   CNAME .
local.wild.ok.test.rpz.test.   A     192.0.2.7
ZONE
cat > "$kd/knot.conf" <<CONF
server:
    rundir: "$kd"
    identity: "knot-rpz"
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
    listen: [ "127.53.120.1@53" ]
database:
    storage: "$kd"
log:
  - target: stderr
    any: info
key:
  - id: xfr-key
    algorithm: hmac-sha256
    secret: $secret
remote:
  - id: dns4eud
    address: [ "127.53.100.2@53", "127.53.100.3@53" ]
    via: "127.53.120.1"
acl:
  - id: xfr
    address: "127.0.0.0/8"
    key: xfr-key
    action: transfer
  - id: plain
    address: "127.0.0.0/8"
    action: transfer
zone:
  - domain: "rpz.test."
    file: "$kd/rpz.test.zone"
    storage: "$kd"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: changes
    serial-policy: increment
    notify: dns4eud
    acl: [ xfr ]
CONF
knotd -c "$kd/knot.conf" > "$wd/knot-rpz.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    kdig @127.53.120.1 +timeout=1 +retry=0 -y "hmac-sha256:xfr-key:$secret" rpz.test SOA 2>/dev/null | grep -q 'status: NOERROR' && break
    sleep 0.1
done
knotc() { command knotc -c "$kd/knot.conf" "$@"; }

# ---------------------------------------------------------------- dns4eud (right key) and dns4eud (wrong key)
start_daemon() {  # ADDR SECRET NAME
    cat > "$wd/$3.yaml" <<CONF
server: {workers: 2}
listeners:
  - {address: $1, port: 53, transport: udp, flavour: rpz}
  - {address: $1, port: 53, transport: tcp, flavour: rpz}
access:
  allow: [127.0.0.0/8]
upstream:
  ipv6: false
  allow_loopback_servers: true
resolver:
  root_hints: $INET_ROOT_HINTS
logging: {level: info}
dnssec:
  trust_anchor_file: $INET_TRUST_ANCHOR
local_zones:
  test.: transparent
policy:
  watch_interval: 0s
  lists:
    rpz:
      file: $3-rpz.zone
      format: rpz
      category: malware
      xfr:
        primaries: [127.53.120.1]
        zone: rpz.test
        tsig: {name: xfr-key, algorithm: hmac-sha256, secret: "$2"}
        retry_min: 1s
        retry_max: 2s
  profiles:
    rpz: {lists: [rpz]}
management: {address: $1, port: 8053}
CONF
    "$daemon" --config "$wd/$3.yaml" > "$wd/$3.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        kdig @"$1" +timeout=1 +retry=0 ok.test SOA > /dev/null 2>&1 && break
        sleep 0.1
    done
}
start_daemon 127.53.100.2 "$secret" good
start_daemon 127.53.100.3 "$wrong" bad

q() { out=$(kdig @"$1" +timeout=2 +retry=0 +notcp +edns "$2" "${3:-A}" 2>&1); }
status() { sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<< "$out" | head -1; }
ede() { sed -n 's/^;; EDE: \([0-9]*\).*/\1/p' <<< "$out" | head -1; }
answers() { awk '/^;; ANSWER SECTION:/{a=1;next} /^;;/{a=0} a && NF {print $4, $5}' <<< "$out" | sort | tr '\n' ' ' | sed 's/ $//'; }
# wait_for ADDR NAME TYPE RCODE EDE ANSWERS: polls (up to 10 s) until the answer matches, then asserts it.
wait_for() {
    local addr=$1 name=$2 type=$3 rcode=$4 code=$5 want=$6 got_ede got_ans
    for _ in $(seq 100); do
        q "$addr" "$name" "$type"
        got_ede=$(ede); got_ede=${got_ede:--}
        got_ans=$(answers); got_ans=${got_ans:--}
        [ "$(status)" = "$rcode" ] && [ "$got_ede" = "$code" ] && [ "$got_ans" = "$want" ] && break
        sleep 0.1
    done
    if [ "$(status)" = "$rcode" ] && [ "$got_ede" = "$code" ] && [ "$got_ans" = "$want" ]; then
        pass "$name $type @$addr: $rcode EDE $code answers [$want]"
    else
        fail "$name $type @$addr: want $rcode EDE $code answers [$want], got $(status) EDE $got_ede answers [$got_ans]"
        echo "$out" | sed 's/^/       /'
    fi
}
W10="A 127.53.200.10"
# log_has FILE PATTERN: grep -q, waiting (20 s at most) for the line: the
# daemon logs a transfer after it published the new version, so an answer
# can show the change before the line is written.
log_has() {
    for _ in $(seq 200); do grep -q "$2" "$1" && return 0; sleep 0.1; done
    return 1
}

# metric_is ADDR SAMPLE VALUE: waits (10 s at most) until /metrics of the
# daemon at ADDR has the sample with that value.
metric() { curl -s --max-time 5 "http://$1:8053/metrics" | grep -F "$2 " | awk '{print $2}'; }
metric_is() {
    for _ in $(seq 100); do [ "$(metric "$1" "$2")" = "$3" ] && return 0; sleep 0.1; done
    return 1
}

# ---------------------------------------------------------------- AXFR at start
wait_for 127.53.100.2 nx.wild.ok.test A NXDOMAIN 15 -
wait_for 127.53.100.2 nodata.wild.ok.test A NOERROR 15 -
wait_for 127.53.100.2 x.sub.wild.ok.test A NXDOMAIN 15 -
wait_for 127.53.100.2 local.wild.ok.test A NOERROR 15 "A 192.0.2.7"
wait_for 127.53.100.2 new.wild.ok.test A NOERROR - "$W10"
log_has "$wd/good.log" 'serial 1 by AXFR from 127.53.120.1#53' && pass "first version by AXFR (log)" \
    || { fail "no AXFR line in the log"; tail -5 "$wd/good.log"; }

# ---------------------------------------------------------------- change -> NOTIFY -> IXFR
knotc zone-begin rpz.test > /dev/null
knotc zone-set rpz.test new.wild.ok.test.rpz.test. 60 CNAME . > /dev/null
knotc zone-unset rpz.test nx.wild.ok.test.rpz.test. > /dev/null
knotc zone-commit rpz.test > /dev/null
wait_for 127.53.100.2 new.wild.ok.test A NXDOMAIN 15 -
wait_for 127.53.100.2 nx.wild.ok.test A NOERROR - "$W10"
log_has "$wd/good.log" 'serial 2 by IXFR from 127.53.120.1#53' && pass "second version by IXFR after NOTIFY (log)" \
    || { fail "no IXFR line in the log"; grep -i 'rpz\|xfr' "$wd/good.log" | tail -5; }
log_has "$wd/knot-rpz.log" 'notify.*127.53.100.2' && pass "knotd sent NOTIFY" || fail "knotd log shows no NOTIFY"
# knotd logs "notify, outgoing, remote ADDR, serial N" once the NOTIFY is answered (NOERROR);
# the NOTIFY it sends at its own start may fail (the daemons were not up yet).
log_has "$wd/knot-rpz.log" 'notify, outgoing, remote 127.53.100.2@53, serial 2' \
    && pass "NOTIFY answered NOERROR (knotd log)" || { fail "knotd NOTIFY to dns4eud not answered"; grep -i notify "$wd/knot-rpz.log"; }

# ---------------------------------------------------------------- a version the RPZ parser refuses
knotc zone-begin rpz.test > /dev/null
knotc zone-set rpz.test later.wild.ok.test.rpz.test. 60 CNAME . > /dev/null
knotc zone-set rpz.test 40.1.2.0.192.rpz-ip.rpz.test. 60 CNAME . > /dev/null   # an IPv4 prefix of 40 bits: refused
knotc zone-commit rpz.test > /dev/null
log_has "$wd/good.log" 'transfer refused, the previous version keeps serving:.*bad RPZ record' \
    && pass "serial 3 with a bad rpz-ip trigger refused, reason in the log" \
    || { fail "no refusal of serial 3 in the log"; grep -i xfr "$wd/good.log" | tail -3; }
wait_for 127.53.100.2 new.wild.ok.test A NXDOMAIN 15 -          # serial 2 keeps serving
wait_for 127.53.100.2 later.wild.ok.test A NOERROR - "$W10"
metric_is 127.53.100.2 'dns4eu_policy_list_update_refused{list="rpz"}' 1 &&
    metric_is 127.53.100.2 'dns4eu_policy_list_serial{list="rpz"}' 2 &&
    pass "/metrics: the refused serial 3 is 1 in dns4eu_policy_list_update_refused, serial 2 serves" ||
    { fail "/metrics during the refused transfer"; curl -s http://127.53.100.2:8053/metrics | grep dns4eu_policy_; }
knotc zone-begin rpz.test > /dev/null
knotc zone-unset rpz.test 40.1.2.0.192.rpz-ip.rpz.test. > /dev/null
knotc zone-commit rpz.test > /dev/null
wait_for 127.53.100.2 later.wild.ok.test A NXDOMAIN 15 -        # serial 4 by IXFR from serial 2
log_has "$wd/good.log" 'serial 4 by IXFR' && pass "serial 2 -> 4 by IXFR once the zone is fixed" \
    || { fail "no IXFR to serial 4"; grep -i xfr "$wd/good.log" | tail -3; }
success=$(metric 127.53.100.2 'dns4eu_policy_xfr_last_success_timestamp_seconds{list="rpz"}')
metric_is 127.53.100.2 'dns4eu_policy_list_update_refused{list="rpz"}' 0 &&
    metric_is 127.53.100.2 'dns4eu_policy_list_serial{list="rpz"}' 4 &&
    [ -n "$success" ] && [ $(( $(date +%s) - success )) -lt 120 ] &&
    pass "/metrics: serial 4 serves, nothing refused, the primary answered $(( $(date +%s) - success )) s ago" ||
    { fail "/metrics after serial 4 (last success '$success')"; curl -s http://127.53.100.2:8053/metrics | grep dns4eu_policy_; }

# ---------------------------------------------------------------- NOTIFY authorisation
out=$(dig @127.53.100.2 -b 127.53.100.9 +opcode=notify +norec +timeout=2 +tries=1 rpz.test SOA 2>&1)
[ "$(status)" = REFUSED ] && pass "NOTIFY from a non-primary: REFUSED" || { fail "NOTIFY from a non-primary: $(status)"; echo "$out"; }
out=$(dig @127.53.100.2 -b 127.53.120.1 +opcode=notify +norec +timeout=2 +tries=1 other.test SOA 2>&1)
[ "$(status)" = NOTAUTH ] && pass "NOTIFY for another zone: NOTAUTH" || { fail "NOTIFY for another zone: $(status)"; echo "$out"; }
out=$(dig @127.53.100.2 -b 127.53.100.9 +opcode=notify +norec +timeout=2 +tries=1 other.test SOA 2>&1)
[ "$(status)" = REFUSED ] && pass "NOTIFY for another zone from a non-primary: REFUSED (zones not revealed)" \
    || { fail "NOTIFY for another zone from a non-primary: $(status)"; echo "$out"; }

# ---------------------------------------------------------------- wrong TSIG secret
log_has "$wd/bad.log" 'transfer refused'
if grep -q 'transfer refused, the previous version keeps serving:.*\(BADSIG\|BADKEY\|bad MAC\)' "$wd/bad.log"; then
    pass "wrong TSIG secret: transfer refused with the reason in the log"
else
    fail "wrong TSIG secret: no refusal with a reason in the log"; grep -i xfr "$wd/bad.log" | tail -3
fi
wait_for 127.53.100.3 new.wild.ok.test A NOERROR - "$W10"     # no RPZ version: names resolve
wait_for 127.53.100.3 local.wild.ok.test A NOERROR - "A 127.53.200.10"
grep -q 'serial [0-9]* by' "$wd/bad.log" && fail "wrong TSIG secret: a transfer was accepted" || pass "wrong TSIG secret: nothing accepted"
metric_is 127.53.100.3 'dns4eu_policy_list_update_refused{list="rpz"}' 1 &&
    metric_is 127.53.100.3 'dns4eu_policy_xfr_last_success_timestamp_seconds{list="rpz"}' 0 &&
    pass "/metrics: wrong TSIG secret: update refused 1, the primary never answered" ||
    { fail "/metrics with the wrong TSIG secret"; curl -s http://127.53.100.3:8053/metrics | grep dns4eu_policy_; }
# the right-key daemon still serves its last version
wait_for 127.53.100.2 new.wild.ok.test A NXDOMAIN 15 -

# ---------------------------------------------------------------- SIGHUP with a changed xfr source: new feeds
sed -i 's/retry_max: 2s/retry_max: 3s/' "$wd/good.yaml"
kill -HUP "${pids[1]}"
for _ in $(seq 100); do grep -q 'serial 4 by AXFR' "$wd/good.log" && break; sleep 0.1; done
grep -q 'serial 4 by AXFR' "$wd/good.log" && pass "SIGHUP with a changed xfr source: feeds restarted (AXFR)" \
    || { fail "no AXFR after SIGHUP"; tail -5 "$wd/good.log"; }
wait_for 127.53.100.2 later.wild.ok.test A NXDOMAIN 15 -

# ---------------------------------------------------------------- the primary down, then back
# Serial checks every second (SIGHUP with new timers), the primary stopped:
# its failed checks show in /metrics; once it answers again with nothing
# newer, the error is over (no alert left standing after an outage).
sed -i 's/retry_max: 3s/retry_max: 2s\n        refresh_min: 1s\n        refresh_max: 1s/' "$wd/good.yaml"
before=$(grep -c 'serial 4 by AXFR' "$wd/good.log")
kill -HUP "${pids[1]}"
for _ in $(seq 100); do [ "$(grep -c 'serial 4 by AXFR' "$wd/good.log")" -gt "$before" ] && break; sleep 0.1; done
knotc stop > /dev/null
wait "${pids[0]}" 2>/dev/null
metric_is 127.53.100.2 'dns4eu_policy_list_update_refused{list="rpz"}' 1 &&
    pass "/metrics: the primary down: update refused 1" ||
    { fail "/metrics with the primary down"; curl -s http://127.53.100.2:8053/metrics | grep dns4eu_policy_; }
wait_for 127.53.100.2 later.wild.ok.test A NXDOMAIN 15 -      # serial 4 keeps serving
knotd -c "$kd/knot.conf" >> "$wd/knot-rpz.log" 2>&1 &
pids[0]=$!
metric_is 127.53.100.2 'dns4eu_policy_list_update_refused{list="rpz"}' 0 &&
    pass "/metrics: the primary back with nothing newer: update refused 0 again" ||
    { fail "/metrics after the primary came back"; curl -s http://127.53.100.2:8053/metrics | grep dns4eu_policy_; grep -i xfr "$wd/good.log" | tail -3; }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
