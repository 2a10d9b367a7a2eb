#!/bin/bash
# Records real knotd zone-transfer wire data for the intel unit tests and the
# xfr_fuzz seed corpus: a knotd RPZ primary (TSIG key "xfr-key", IXFR journal
# on) and a small TCP proxy (tcp_tap.py) between kdig and knotd, in a private
# network namespace. Writes to OUTDIR, per transfer, the client->server and
# server->client TCP streams (2-octet length + message, as on the wire):
#   axfr.query axfr.stream   kdig +tcp -y ... rpz.test AXFR  (3000 records: several messages)
#   ixfr.query ixfr.stream   kdig +tcp -y ... rpz.test IXFR=1 after two commits
#   secret                   the key's base64 secret
# Usage: tests/integration/rpz_xfr/capture.sh OUTDIR
set -euo pipefail
here=$(dirname "$(readlink -f "$0")")
inet=$(readlink -f "$here/../../internet")
out=$(readlink -f "$1")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$inet/netns-run.sh" "$(readlink -f "$0")" "$out"
fi
mkdir -p "$out"
wd=$(mktemp -d /tmp/dns4eu-rpzcap.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$wd"' EXIT
secret=$(head -c 32 /dev/urandom | base64)
{
    echo '$TTL 60'
    echo 'rpz.test. SOA ns.rpz.test. hostmaster.rpz.test. 1 3600 600 86400 60'
    echo 'rpz.test. NS localhost.'
    echo 'nx.example.rpz.test. CNAME .'
    echo '*.wild.example.rpz.test. CNAME *.'
    echo 'local.example.rpz.test. A 192.0.2.7'
    echo '32.1.2.0.192.rpz-ip.rpz.test. CNAME .'
    for i in $(seq 3000); do echo "host$i.bad.example.rpz.test. CNAME ."; done
} > "$wd/rpz.test.zone"
cat > "$wd/knot.conf" <<CONF
server:
    rundir: "$wd"
    listen: [ "127.0.0.1@5300" ]
    background-workers: 1
database:
    storage: "$wd"
key:
  - id: xfr-key
    algorithm: hmac-sha256
    secret: $secret
acl:
  - id: xfr
    address: "127.0.0.0/8"
    key: xfr-key
    action: transfer
zone:
  - domain: "rpz.test."
    file: "$wd/rpz.test.zone"
    storage: "$wd"
    zonefile-sync: -1
    journal-content: changes
    serial-policy: increment
    acl: [ xfr ]
CONF
knotd -c "$wd/knot.conf" > "$wd/knot.log" 2>&1 &
for _ in $(seq 100); do kdig @127.0.0.1 -p 5300 +tcp +timeout=1 -y "hmac-sha256:xfr-key:$secret" rpz.test SOA 2>/dev/null | grep -q NOERROR && break; sleep 0.1; done
capture() {  # NAME kdig-args...
    local name=$1; shift
    python3 "$here/tcp_tap.py" 127.0.0.1 5301 127.0.0.1 5300 "$out/$name.query" "$out/$name.stream" &
    local tap=$!
    sleep 0.3
    kdig @127.0.0.1 -p 5301 +tcp -y "hmac-sha256:xfr-key:$secret" "$@" > "$out/$name.kdig.txt"
    wait $tap
}
capture axfr rpz.test AXFR
k() { knotc -c "$wd/knot.conf" "$@" > /dev/null; }
k zone-begin rpz.test; k zone-set rpz.test new1.example.rpz.test. 60 CNAME .; k zone-unset rpz.test nx.example.rpz.test.; k zone-commit rpz.test
k zone-begin rpz.test; k zone-set rpz.test new2.example.rpz.test. 60 A 192.0.2.9; k zone-unset rpz.test host7.bad.example.rpz.test.; k zone-commit rpz.test
capture ixfr rpz.test IXFR=1
echo "$secret" > "$out/secret"
grep -c . "$out"/*.kdig.txt
