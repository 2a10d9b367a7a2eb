#!/bin/bash
# End-to-end test of dns4eud against the local test Internet (tests/internet):
# in a private network namespace, start the authoritative servers and Debian's
# Unbound (reference), then scenarios.py starts dns4eud instances and checks
# resolution (vs expected.json and vs Unbound), flags, truncation, TCP
# pipelining, ACL, hostile packets, special-use names, cache, QNAME
# minimisation (captured on lo), reload and IPv6.
# Usage: tests/integration/resolver/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure.
# Env: INET_KEEP=1 keeps the work directory (logs of every server and daemon).
# RESOLVER_ONLY=memory runs only the memory-ceiling scenario.
set -uo pipefail
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
wd=$(mktemp -d /tmp/dns4eu-resolver.XXXXXX)
cleanup() {
    "$inet/stop.sh" "$wd" >/dev/null 2>&1
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
trap cleanup EXIT

if ! "$inet/start.sh" "$wd"; then
    echo "FAIL start.sh (the test Internet did not start)"
    echo "0 passed, 1 failed"
    exit 1
fi
unbound=1
"$inet/start-unbound.sh" "$wd" 127.53.100.1 53 || unbound=0
# shellcheck disable=SC1091
. "$wd/env"
"$py" "$here/scenarios.py" --daemon "$daemon" --workdir "$wd" --inet "$inet" --unbound "$unbound"
