#!/bin/bash
# Self-test of the local test Internet (tests/internet): in a private network
# namespace, start it, ask every server directly for what it must serve
# (check.py direct: SOA/RRsets/referrals/glue/TC/lame/dead/AXFR), run a few
# dig assertions, start Debian's Unbound against it and check every
# resolution case of expected.json, then stop it and check it is gone.
# Prints "N passed, M failed"; exits 1 on any failure.
# Env: INET_KEEP=1 keeps the work directory.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
inet=$(readlink -f "$here/../../internet")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$inet/netns-run.sh" "$(readlink -f "$0")" "$@"
fi

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
wd=$(mktemp -d /tmp/dns4eu-inet.XXXXXX)
cleanup() {
    "$inet/stop.sh" "$wd"
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
bad() { failed=$((failed + 1)); echo "FAIL $*"; }
check() {  # DESCRIPTION COMMAND...: passes when COMMAND succeeds
    local what=$1; shift
    if "$@"; then ok "$what"; else bad "$what"; fi
}
count() {  # adds "N passed, M failed" from the last line of check.py output
    local line=$1 p f
    p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
    f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$line")
    if [ -z "$p" ]; then bad "check.py printed no summary: $line"; return; fi
    passed=$((passed + p)); failed=$((failed + f))
}

if ! "$inet/start.sh" "$wd"; then
    bad "start.sh"
    echo "$passed passed, $failed failed"
    exit 1
fi
ok "start.sh"
# shellcheck disable=SC1091
. "$wd/env"

# 1. Every server, directly.
out=$("$inet/check.py" direct "$INET_EXPECTED")
echo "$out" | grep -v '^ok' | head -50
count "$(tail -n 1 <<<"$out")"

# 2. A few assertions with dig (BIND's client), independent of check.py.
flags() { dig "$@" +norec +time=2 +tries=1 | sed -n 's/^;; flags: \([a-z ]*\);.*/\1/p'; }
status() { dig "$@" +norec +time=2 +tries=1 | sed -n 's/.*status: \([A-Z]*\),.*/\1/p'; }
check "dig: root referral for test. has no AA" \
    test "$(flags @127.53.0.1 www.ok.test A)" = "qr"
check "dig: big TXT over UDP (1232) is truncated" \
    grep -qw tc <<<"$(flags @127.53.2.1 +bufsize=1232 +ignore big.ok.test TXT)"
check "dig: big TXT over TCP is > 1232 bytes" \
    test "$(dig @127.53.2.2 +tcp +norec big.ok.test TXT | sed -n 's/^;; MSG SIZE  rcvd: //p')" -gt 1232
check "dig: lame server REFUSED" test "$(status @127.53.2.2 SOA lame.test)" = REFUSED
check "dig: IPv6-only server answers on fd53::2:3" \
    test "$(dig @fd53::2:3 +norec +short www.v6only.test A)" = 127.53.200.41
check "dig: dead server gives no answer" \
    bash -c '! dig @127.53.9.1 +time=1 +tries=1 SOA dead.test >/dev/null'
check "dig: silent server gives no answer (UDP)" \
    bash -c '! dig @127.53.9.2 +time=1 +tries=1 SOA silent.test >/dev/null'
p_axfr=$(dig @127.53.2.1 AXFR xfr.test +noall +answer | awk '{print $1,$4,$5}' | sort)
s_axfr=$(dig @127.53.2.2 AXFR xfr.test +noall +answer | awk '{print $1,$4,$5}' | sort)
check "AXFR: nsd secondary has the knot primary's zone" \
    test -n "$p_axfr" -a "$p_axfr" = "$s_axfr"
check "root.hints names both root servers" \
    test "$(grep -c 'NS' "$INET_ROOT_HINTS")" = 2

# 3. A real resolver (Unbound) through the fixture.
if "$inet/start-unbound.sh" "$wd" 127.53.100.1 53; then
    ok "unbound started"
    check "unbound resolves www.ok.test" \
        test "$(dig @127.53.100.1 +time=5 +tries=1 +short www.ok.test A)" = 127.53.200.1
    # Unbound 1.17 drops the reply when every server of a zone is dead, and
    # sometimes a cold query with one dead server: ask it up to 3 times.
    out=$("$inet/check.py" resolve "$INET_EXPECTED" 127.53.100.1 53 \
        --skip dead-all,dead-all-oob --retries 2)
    echo "$out" | grep -v '^ok' | head -50
    count "$(tail -n 1 <<<"$out")"
    # check.py must see a wrong answer and a wrong rcode.
    "$py" - "$INET_EXPECTED" "$wd/wrong.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["resolve"]:
    if c["id"] == "a":
        c["answer"] = ["www.ok.test. A 127.53.200.99"]
    if c["id"] == "nxdomain":
        c["rcode"] = "NOERROR"
json.dump(d, open(sys.argv[2], "w"))
PYEOF
    out=$("$inet/check.py" resolve "$wd/wrong.json" 127.53.100.1 53 --only a)
    check "check.py reports a wrong answer" grep -q '^resolve: 0 passed, 1 failed' <<<"$out"
    out=$("$inet/check.py" resolve "$wd/wrong.json" 127.53.100.1 53 --only nxdomain)
    check "check.py reports a wrong rcode" grep -q '^resolve: 0 passed, 1 failed' <<<"$out"
else
    bad "unbound started"
fi

# 4. stop.sh stops everything.
"$inet/stop.sh" "$wd"
check "stop.sh: root server gone" \
    bash -c '! kdig @127.53.0.1 +tcp +time=1 +retry=0 SOA . >/dev/null 2>&1'
check "stop.sh: no server process left" \
    bash -c '! pgrep -x knotd && ! pgrep -x nsd && ! pgrep -x unbound'

# 5. A start that cannot succeed fails, says why, and leaves nothing running.
# shellcheck disable=SC2016  # $1 is for the hook, not for us
printf '#!/bin/sh\necho "broken line" >> "$1/zones/ok.test.zone"\n' > "$wd/break.sh"
chmod +x "$wd/break.sh"
out=$(INET_START_TIMEOUT=3 INET_ZONE_HOOK="$wd/break.sh" "$inet/start.sh" "$wd/broken" 2>&1)
rc=$?
[ -n "${INET_DEBUG:-}" ] && echo "$out"
check "start.sh fails on a broken zone" test "$rc" = 1
check "start.sh names the zone it waited for" grep -q 'does not serve ok.test.' <<<"$out"
check "failed start.sh leaves no server process" \
    bash -c '! pgrep -x knotd && ! pgrep -x nsd'

echo "internet_selftest: start took ${INET_START_MS:-?} ms"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
