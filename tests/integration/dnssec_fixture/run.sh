#!/bin/bash
# Self-test of the DNSSEC part of the local test Internet (tests/internet):
# in a private network namespace, start it (zones signed by sign.py), check
# the trust anchor files, check the signed zones with two verifiers
# (ldns-verify-zone and kzonecheck: good zones valid, spoiled zones not),
# check the NSEC3 and opt-out chains, then start Debian's Unbound as a
# validator with the test trust anchor and assert every DNSSEC case of
# expected.json (check.py validate: rcode, AD, answer, EDE), the documented
# Unbound deviations included, and that the unsigned cases still resolve;
# then the same cases against Knot Resolver (kresd) with its deviations.
# Prints "N passed, M failed"; exits 1 on any failure.
# Env: INET_KEEP=1 keeps the work directory.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
inet=$(readlink -f "$here/../../internet")
if [ "${DNS4EU_IN_NETNS:-}" != 1 ]; then
    exec "$inet/netns-run.sh" "$(readlink -f "$0")" "$@"
fi
export PATH="$PATH:/usr/sbin:/sbin"

py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
wd=$(mktemp -d /tmp/dns4eu-dnssec.XXXXXX)
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
    [ "$f" = 0 ] && [ "$p" -gt 0 ] || echo "     (from: $line)"
}

if ! "$inet/start.sh" "$wd"; then
    bad "start.sh"
    echo "$passed passed, $failed failed"
    exit 1
fi
ok "start.sh"
# shellcheck disable=SC1091
. "$wd/env"

# 1. The trust anchor: one KSK DNSKEY of the root (unbound trust-anchor-file
#    format, as Debian's root.key), and its DS.
check "env: INET_TRUST_ANCHOR is WORKDIR/root.key" test "${INET_TRUST_ANCHOR:-}" = "$wd/root.key"
check "root.key: one line '. IN DNSKEY 257 3 8 ... ; keytag N'" \
    grep -qE '^\. IN DNSKEY 257 3 8 [A-Za-z0-9+/=]+ ; keytag [0-9]+$' "$INET_TRUST_ANCHOR"
served=$(kdig @127.53.0.1 +norec DNSKEY . +short | grep '^257 ' | tr -d ' ')
anchor=$(awk '{print $4 $5 $6 $7}' "$INET_TRUST_ANCHOR")
check "root.key is the KSK the root servers serve" test -n "$served" -a "$served" = "$anchor"
ds_fields() { awk '{print $(NF-3), $(NF-2), $(NF-1), tolower($NF)}'; }
sed 's/ ; .*//' "$INET_TRUST_ANCHOR" > "$wd/anchor.key"
check "root.ds is the DS of that key (ldns-key2ds agrees)" test \
    "$(ds_fields < "$INET_TRUST_ANCHOR_DS")" = "$(ldns-key2ds -n -2 "$wd/anchor.key" | ds_fields)"

# 2. Two independent verifiers over the served zone files.
good="root sec sec3 optout rsa.sec ecdsa.sec ed25519.sec nsec3.sec salted.sec3 signed.optout iter500.sec"
for z in $good; do
    origin=${z%root}.
    check "ldns-verify-zone: $origin valid" \
        bash -c "ldns-verify-zone '$wd/zones/$z.zone' > '$wd/verify.$z' 2>&1"
    out=$(kzonecheck -d on -o "$origin" "$wd/zones/$z.zone" 2>&1)
    if [ "$z" = sec ]; then   # parent of unknowndigest.sec.: its DS has digest type 3
        check "kzonecheck: sec. valid but for the DS of digest type 3 (unknowndigest.sec.)" \
            test "$(grep -c '^\[' <<<"$out")" = 1 -a \
                 -n "$(grep '^\[unknowndigest.sec.\] invalid algorithm in DS' <<<"$out")"
    else
        check "kzonecheck: $origin valid" test -z "$out"
    fi
done
for z in badsig baddata expired notyet nosig nonsec keytrap; do
    check "ldns-verify-zone: $z.sec. (spoiled) is not valid" \
        bash -c "! ldns-verify-zone '$wd/zones/$z.sec.zone' > /dev/null 2>&1"
    case $z in
    nosig) why='wrong NSEC(3) bitmap' ;;     # lists RRSIG, none left
    nonsec) why='missing NSEC(3) record' ;;
    *) why='no valid signature' ;;
    esac
    check "kzonecheck: $z.sec. (spoiled): $why" \
        grep -qF "$why" <<<"$(kzonecheck -d on -o "$z.sec." "$wd/zones/$z.sec.zone" 2>&1)"
done

# 3. Denial chains as designed.
nsec3_owner() {  # NAME ITERATIONS SALT: the NSEC3 owner label of NAME
    ldns-nsec3-hash -t "$2" ${3:+-s "$3"} "$1" | cut -d. -f1 | tr '[:upper:]' '[:lower:]'
}
has_nsec3() {  # ZONEFILE NAME ITER [SALT]: NAME has its own NSEC3 in ZONEFILE
    grep -qi "^$(nsec3_owner "$2" "$3" "${4:-}")\.[^ 	]*[ 	].*NSEC3[ 	]" "$1"
}
check "sec3.: the insecure delegation has its own NSEC3 (no opt-out)" \
    has_nsec3 "$wd/zones/sec3.zone" insecure.sec3. 0
check "optout.: the insecure delegation has no NSEC3 (opt-out span)" \
    bash -c "! grep -qi '^$(nsec3_owner insecure.optout. 0)\\.' '$wd/zones/optout.zone'"
check "optout.: the secure delegation has its NSEC3" \
    has_nsec3 "$wd/zones/optout.zone" signed.optout. 0
check "optout.: every NSEC3 has the opt-out flag" \
    test -z "$(awk '$4 == "NSEC3" && $5 != 1' "$wd/zones/optout.zone")" -a \
         -n "$(awk '$4 == "NSEC3" && $6 == 1' "$wd/zones/optout.zone")"
check "iter500.sec.: NSEC3PARAM has 500 iterations" \
    grep -qE 'NSEC3PARAM[[:space:]]+1 0 500 ' "$wd/zones/iter500.sec.zone"
check "salted.sec3.: NSEC3 of www with salt c0ffee and 5 iterations" \
    has_nsec3 "$wd/zones/salted.sec3.zone" www.salted.sec3. 5 c0ffee
key_tags() {  # SERVER ZONE: the key tag of each DNSKEY served, one a line
    kdig @"$1" +norec +tcp DNSKEY "$2" +short | "$py" -c '
import base64, sys
for line in sys.stdin:
    f = line.split()
    rd = int(f[0]).to_bytes(2, "big") + bytes([int(f[1]), int(f[2])]) + base64.b64decode("".join(f[3:]))
    ac = sum(b if i & 1 else b << 8 for i, b in enumerate(rd))
    print((ac + (ac >> 16)) & 0xFFFF)'
}
check "keytrap.sec.: >= 30 DNSKEYs share one key tag" \
    test "$(key_tags 127.53.2.1 keytrap.sec. | sort | uniq -c | sort -rn | awk 'NR == 1 {print $1}')" -ge 30
check "keytrap.sec.: >= 30 RRSIGs over www A" \
    test "$(kdig @127.53.2.1 +norec +tcp +dnssec www.keytrap.sec. A | grep -c 'RRSIG[[:space:]]A ')" -ge 30
ds_tag=$(kdig @127.53.1.1 +norec DS nokey.sec. +short | awk '{print $1}')
check "nokey.sec.: the DS in sec. ($ds_tag) matches no DNSKEY of the zone" \
    test -n "$ds_tag" -a -n "$(key_tags 127.53.2.1 nokey.sec.)" -a \
         -z "$(key_tags 127.53.2.1 nokey.sec. | grep -x "$ds_tag")"
check "unknownalg.sec.: DS of algorithm 253 in sec." \
    test "$(kdig @127.53.1.2 +norec DS unknownalg.sec. +short | awk '{print $2}')" = 253
check "unknowndigest.sec.: DS of digest type 3 in sec." \
    test "$(kdig @127.53.1.2 +norec DS unknowndigest.sec. +short | awk '{print $3}')" = 3
# Both TLD servers (knotd and nsd) serve the proofs that a child has no DS.
for a in 127.53.1.1 127.53.1.2; do
    for pair in insecure.sec.:NSEC insecure.sec3.:NSEC3 insecure.optout.:NSEC3; do
        name=${pair%:*} type=${pair#*:}
        auth=$(kdig @"$a" +norec +dnssec DS "$name" | sed -n '/AUTHORITY SECTION/,/^$/p')
        check "@$a: DS $name is NODATA with $type proof" \
            test -n "$(awk -v t="$type" '$4 == t' <<<"$auth")" -a \
                 -z "$(kdig @"$a" +norec DS "$name" +short)"
    done
done

# 4. Unbound, validating with the test trust anchor, cold cache: every case.
if "$inet/start-unbound.sh" --validate "$wd"; then
    ok "validating unbound started"
    # shellcheck disable=SC1091
    . "$wd/env"
    va=$INET_VALIDATOR_ADDR
    out=$("$inet/check.py" validate "$INET_EXPECTED" "$va" "$INET_VALIDATOR_PORT" --resolver unbound)
    echo "$out" | grep -v '^ok' | grep -v '^known' | head -50
    echo "unbound's documented deviations: $(grep -c '^known' <<<"$out")"
    count "$(tail -n 1 <<<"$out")"
    # The correct rcode and AD bit of every case: Unbound deviates in none.
    out=$("$inet/check.py" validate "$INET_EXPECTED" "$va" "$INET_VALIDATOR_PORT" --no-ede)
    echo "$out" | grep -v '^ok' | head -50
    count "$(tail -n 1 <<<"$out")"
    # Every unsigned case keeps its answer behind a validator (insecure).
    out=$("$inet/check.py" resolve "$INET_EXPECTED" "$va" "$INET_VALIDATOR_PORT" \
        --skip dead-all,dead-all-oob --retries 2)
    echo "$out" | grep -v '^ok' | head -50
    count "$(tail -n 1 <<<"$out")"
    check "dig +dnssec: www.rsa.sec. has the ad flag" \
        grep -qw ad <<<"$(dig @"$va" +dnssec +time=5 +tries=1 www.rsa.sec. A | sed -n 's/^;; flags: \([a-z ]*\);.*/\1/p')"
    check "dig: www.badsig.sec. is SERVFAIL with EDE 6" \
        grep -q 'EDE: 6' <<<"$(dig @"$va" +dnssec +time=5 +tries=1 www.badsig.sec. A)"
    check "dig +cd: www.badsig.sec. answers the data unchecked" \
        test "$(dig @"$va" +cd +time=5 +tries=1 +short www.badsig.sec. A)" = 127.53.200.170
    check "unbound logged why keytrap.sec. is bogus" \
        grep -q 'validation failure <www.keytrap.sec. A IN>' "$wd/unbound-validating.log"
    # check.py validate must see a wrong AD bit, rcode and EDE.
    "$py" - "$INET_EXPECTED" "$wd/wrong.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["validate"]:
    if c["id"] == "rsa-sec-pos":
        c["ad"] = False
    if c["id"] == "insecure-sec-pos":
        c["ad"] = True
    if c["id"] == "badsig-sec-pos":
        c["ede"] = 9
    if c["id"] == "sec-nx":
        c["rcode"] = "NOERROR"
json.dump(d, open(sys.argv[2], "w"))
PYEOF
    for id in rsa-sec-pos insecure-sec-pos badsig-sec-pos sec-nx; do
        out=$("$inet/check.py" validate "$wd/wrong.json" "$va" "$INET_VALIDATOR_PORT" --only "$id")
        check "check.py validate reports a wrong expectation ($id)" \
            grep -q '^validate: 0 passed, 1 failed' <<<"$out"
    done
    out=$("$inet/check.py" validate "$wd/wrong.json" "$va" "$INET_VALIDATOR_PORT" --only badsig-sec-pos --no-ede)
    check "check.py validate --no-ede ignores the EDE" grep -q '^validate: 1 passed, 0 failed' <<<"$out"
else
    bad "validating unbound started"
fi

# 5. Knot Resolver, a second validator: its documented deviations, and the
#    correct AD bit of every case but the two it is known to differ on.
if "$inet/start-kresd.sh" "$wd"; then
    ok "kresd started"
    # shellcheck disable=SC1091
    . "$wd/env"
    out=$("$inet/check.py" validate "$INET_EXPECTED" "$INET_KRESD_ADDR" "$INET_KRESD_PORT" --resolver kresd)
    echo "$out" | grep -v '^ok' | grep -v '^known' | head -50
    echo "kresd's documented deviations: $(grep -c '^known' <<<"$out")"
    count "$(tail -n 1 <<<"$out")"
else
    bad "kresd started"
fi

echo "dnssec_fixture: start (with signing) took ${INET_START_MS:-?} ms"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
