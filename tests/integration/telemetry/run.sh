#!/bin/bash
# End-to-end test of dns4eud's observability and privacy (metrics, management
# API, dns4eu-ctl, query log, dnstap) against the local test Internet
# (tests/internet), inside a private network namespace. scenarios.py starts
# dns4eud under the public, government and telco profiles, sends queries from
# distinctive source addresses (127.63.77.x, fd63::77:x) with kdig -b, and
# checks promtool, dnstap-ldns, the query log's JSON schema, the API, the
# retention, and that under the public profile no output holds a client address.
# Usage: tests/integration/telemetry/run.sh PATH/TO/dns4eud PATH/TO/dns4eu-ctl
# Prints "N passed, M failed"; exits 1 on any failure.
# Env: INET_KEEP=1 keeps the work directory (every log and output file).
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
inet=$(readlink -f "$here/../../internet")
if [ "$#" -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
    echo "usage: $0 PATH/TO/dns4eud PATH/TO/dns4eu-ctl" >&2
    exit 2
fi
daemon=$(readlink -f "$1")
ctl=$(readlink -f "$2")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$inet/netns-run.sh" "$(readlink -f "$0")" "$daemon" "$ctl"
fi
for tool in kdig curl promtool dnstap-ldns certtool; do
    if ! command -v "$tool" >/dev/null; then
        echo "FAIL $tool is not installed (make deps)"
        echo "0 passed, 1 failed"
        exit 1
    fi
done

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
wd=$(mktemp -d /tmp/dns4eu-telemetry.XXXXXX)
cleanup() {
    "$inet/stop.sh" "$wd" >/dev/null 2>&1
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
trap cleanup EXIT

if ! "$inet/start.sh" "$wd" >"$wd/start.log" 2>&1; then
    cat "$wd/start.log"
    echo "FAIL start.sh (the test Internet did not start)"
    echo "0 passed, 1 failed"
    exit 1
fi
# A test CA and a certificate for the public daemon's DoT/DoH/DoQ listeners.
printf 'cn = "telemetry test CA"\nca\ncert_signing_key\nexpiration_days = 2\n' >"$wd/ca.tmpl"
printf 'cn = "dns.test"\ndns_name = "dns.test"\nip_address = "127.53.100.2"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >"$wd/srv.tmpl"
if ! { certtool --generate-privkey --key-type=ecdsa --outfile "$wd/ca.key" &&
       certtool --generate-self-signed --load-privkey "$wd/ca.key" --template "$wd/ca.tmpl" --outfile "$wd/ca.pem" &&
       certtool --generate-privkey --key-type=ecdsa --outfile "$wd/srv.key" &&
       certtool --generate-certificate --load-privkey "$wd/srv.key" --load-ca-certificate "$wd/ca.pem" \
           --load-ca-privkey "$wd/ca.key" --template "$wd/srv.tmpl" --outfile "$wd/srv.pem"; } >/dev/null 2>&1; then
    echo "FAIL certtool"; echo "0 passed, 1 failed"; exit 1
fi
# Distinctive client source addresses (IPv6 on lo; IPv4 127/8 is all local).
for a in fd63::77:99 fd63::88:1; do ip -6 addr add "$a/128" dev lo nodad; done
# shellcheck disable=SC1091
. "$wd/env"
"$py" "$here/scenarios.py" --daemon "$daemon" --ctl "$ctl" --workdir "$wd" --hints "$INET_ROOT_HINTS"
