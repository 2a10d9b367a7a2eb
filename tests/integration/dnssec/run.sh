#!/bin/bash
# dns4eud's DNSSEC validator end to end, against the signed local test
# Internet (tests/internet, see its README "DNSSEC"): in a private network
# namespace start the servers and a validating Unbound with the same trust
# anchor, then scenarios.py runs dns4eud and checks every DNSSEC case (rcode,
# AD, answer, EDE), the same cases again from the cache, agreement with
# Unbound case by case, AD/DO/CD semantics, negative trust anchors and
# validation off by reload, and the KeyTrap zone (SERVFAIL, CPU time, other
# clients answered meanwhile).
# Usage: tests/integration/dnssec/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure.
# Env: INET_KEEP=1 keeps the work directory (logs of every server and daemon).
set -uo pipefail
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
wd=$(mktemp -d /tmp/dns4eu-validator.XXXXXX)
cleanup() {
    "$inet/stop.sh" "$wd" >/dev/null 2>&1
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
trap cleanup EXIT

if ! "$inet/start.sh" "$wd" >/dev/null; then
    echo "FAIL start.sh (the test Internet did not start)"
    echo "0 passed, 1 failed"
    exit 1
fi
"$inet/start-unbound.sh" --validate "$wd" >/dev/null || echo "note: validating unbound did not start"
# shellcheck disable=SC1091
set -a; . "$wd/env"; set +a
"$py" "$here/scenarios.py" --daemon "$daemon" --workdir "$wd" --inet "$inet"
