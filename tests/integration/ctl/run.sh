#!/bin/bash
# End-to-end test of `dns4eu-ctl lists` and `dns4eu-ctl trace` (GET /lists,
# POST /trace) against the local test Internet (tests/internet), inside a
# private network namespace: a list shows its entries; a trace shows the
# root, TLD and domain servers asked, the referrals and the answer; a signed
# name traces secure; a blocked name shows the policy verdict; and a trace
# does not fill the shared cache (the next normal query still goes upstream).
# Usage: tests/integration/ctl/run.sh PATH/TO/dns4eud PATH/TO/dns4eu-ctl
# Prints "N passed, M failed"; exits 1 on any failure. INET_KEEP=1 keeps the work directory.
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
passed=0 failed=0
check() {  # check NAME CONDITION-EXIT-STATUS [DETAIL FILE]
    if [ "$2" = 0 ]; then passed=$((passed + 1)); echo "PASS $1"
    else failed=$((failed + 1)); echo "FAIL $1"; [ -n "${3:-}" ] && [ -f "$3" ] && sed 's/^/    /' "$3" | head -60; fi
}
for tool in kdig python3; do
    command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (make deps)"; echo "0 passed, 1 failed"; exit 1; }
done
wd=$(mktemp -d /tmp/dns4eu-ctl.XXXXXX)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    "$inet/stop.sh" "$wd" >/dev/null 2>&1
    if [ "${INET_KEEP:-}" = 1 ]; then echo "kept $wd"; else rm -rf "$wd"; fi
}
trap cleanup EXIT
if ! "$inet/start.sh" "$wd" >"$wd/start.log" 2>&1; then
    cat "$wd/start.log"; echo "FAIL start.sh"; echo "0 passed, 1 failed"; exit 1
fi
# shellcheck disable=SC1091
. "$wd/env"
addr=127.53.100.9
token=ctl-test-token-0123456789abcdef
printf 'www.ok.test\nbad.example.test\n*.evil.test\n' >"$wd/malware.txt"
cat >"$wd/dns4eud.yaml" <<YAML
server: {workers: 1, profile: public}
listeners:
  - {address: "$addr", port: 53, transport: udp}
  - {address: "$addr", port: 53, transport: tcp}
access: {allow: ["127.0.0.0/8"]}
upstream: {allow_loopback_servers: true, allow_private_servers: true}
resolver: {root_hints: $INET_ROOT_HINTS}
dnssec: {trust_anchor_file: $INET_TRUST_ANCHOR}
policy:
  lists: {malware: {file: $wd/malware.txt, format: domains, category: malware}}
  profiles: {protective: {lists: [malware]}}
management: {address: $addr, port: 8053, token: $token}
YAML
"$daemon" --config "$wd/dns4eud.yaml" >"$wd/daemon.log" 2>&1 &
pid=$!
ctl=("$ctl" --server "http://$addr:8053" --token "$token")
for _ in $(seq 1 100); do "${ctl[@]}" health >/dev/null 2>&1 && break; sleep 0.2; done
"${ctl[@]}" health >"$wd/out" 2>&1; check "dns4eud started, API answers" $? "$wd/daemon.log"

# --- lists
"${ctl[@]}" lists >"$wd/lists.txt" 2>&1
grep -Eq '^malware +malware +domains +file +3 ' "$wd/lists.txt"; check "ctl lists: malware, domains, file, 3 entries" $? "$wd/lists.txt"
"${ctl[@]}" lists --json >"$wd/lists.json" 2>&1
python3 - "$wd/lists.json" <<'PY'; check "ctl lists --json: fields" $? "$wd/lists.json"
import json, sys
l = json.load(open(sys.argv[1]))["lists"][0]
assert l["name"] == "malware" and l["entries"] == 3 and l["source"] == "file" and "version" in l and "loaded" in l, l
assert "last_error" not in l, l
PY
# A broken file is refused: the old version keeps serving, the error shows.
printf 'www.ok.test\nnot a name !!\n' >"$wd/malware.txt"
"${ctl[@]}" reload >/dev/null 2>&1
"${ctl[@]}" lists --json >"$wd/lists2.json" 2>&1
python3 - "$wd/lists2.json" <<'PY'; check "ctl lists: a refused reload shows last_error, old entries" $? "$wd/lists2.json"
import json, sys
l = json.load(open(sys.argv[1]))["lists"][0]
assert l["entries"] == 3 and l.get("last_error"), l
PY
printf 'www.ok.test\nbad.example.test\n*.evil.test\n' >"$wd/malware.txt"
"${ctl[@]}" reload >/dev/null 2>&1

# --- trace needs the token
"$ctl" --server "http://$addr:8053" trace www.ok.test A >"$wd/out" 2>&1
[ $? = 1 ] && grep -q token "$wd/out"; check "ctl trace without a token fails" $? "$wd/out"

upstream() { "${ctl[@]}" stats | python3 -c 'import json,sys; j=json.load(sys.stdin); print(sum(v["queries"] for v in j.get("upstream",{}).values()))'; }
before=$(upstream)
"${ctl[@]}" trace www.ok.test A >"$wd/trace.txt" 2>&1; check "ctl trace www.ok.test A exits 0" $? "$wd/trace.txt"
"${ctl[@]}" trace www.ok.test A --json >"$wd/trace.json" 2>&1
python3 - "$wd/trace.json" "$INET_ROOT_ADDRS" <<'PY'; check "trace: root, TLD and domain servers asked, referrals, answer" $? "$wd/trace.json"
import json, sys
t = json.load(open(sys.argv[1]))
steps = [s for s in t["steps"] if "rcode" in s]
servers = [s["server"].rsplit(":", 1)[0].strip("[]") for s in steps]
assert all(a.startswith("127.53.") or a.startswith("fd53:") for a in servers), servers  # the test Internet
assert len(set(servers)) >= 3, servers  # root, TLD and domain servers
roots = sys.argv[2].replace(",", " ").split()
assert any(a in roots for a in servers), (servers, roots)
refs = [s.get("referral") for s in steps if s.get("referral")]
assert "test." in refs and "ok.test." in refs, refs
assert t["rcode"] == "NOERROR" and any(" A " in a for a in t["answer"]), t["answer"]
assert any(s["question"].startswith("www.ok.test. A") and "aa" in s["flags"] for s in steps), steps
PY
grep -q 'referral to test\.' "$wd/trace.txt" && grep -q 'referral to ok\.test\.' "$wd/trace.txt" && grep -q '^result: NOERROR' "$wd/trace.txt"
check "ctl trace text: one line per step, referrals, result" $? "$wd/trace.txt"
sed 's/^/    | /' "$wd/trace.txt"
grep -q 'policy www.ok.test.: blocked' "$wd/trace.txt"; check "trace: policy verdict of a listed name (profile protective)" $? "$wd/trace.txt"
"${ctl[@]}" trace www.ok.test A --profile plain >"$wd/out" 2>&1
! grep -q 'blocked' "$wd/out"; check "trace --profile plain: not blocked" $? "$wd/out"
"${ctl[@]}" trace www.rsa.sec A >"$wd/sec.txt" 2>&1
grep -q '^security: secure' "$wd/sec.txt"; check "trace www.rsa.sec A: secure" $? "$wd/sec.txt"
"${ctl[@]}" trace www.ok.test A --profile nosuch >"$wd/out" 2>&1
[ $? = 1 ]; check "trace with an unknown profile is an error" $? "$wd/out"

# --- the trace did not fill the shared cache
after=$(upstream)
[ "$before" = "$after" ]; check "trace queries are not the daemon's upstream traffic ($before = $after)" $?
kdig @"$addr" www.rsa.sec A +timeout=5 >"$wd/kdig.txt" 2>&1
grep -q 'status: NOERROR' "$wd/kdig.txt"; check "normal query after the trace answers" $? "$wd/kdig.txt"
final=$(upstream)
[ "$final" -gt "$after" ]; check "normal query after the trace went upstream ($after -> $final)" $?

kill "$pid"; wait "$pid"; rc=$?; pid=
[ $rc = 0 ]; check "dns4eud exits 0" $? "$wd/daemon.log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
