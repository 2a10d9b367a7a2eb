#!/bin/bash
# End-to-end test of `dns4eu-ctl lists`, `explain` and `trace` (GET /lists,
# GET /explain, POST /trace) against the local test Internet (tests/internet), inside a
# private network namespace: a list shows its entries, a tenant its networks
# file, a client ID file its IDs; a trace shows the
# root, TLD and domain servers asked, the referrals and the answer; a signed
# name traces secure; a blocked name shows the policy verdict, an answer
# address blocked by rpz-ip the answer's verdict; and a trace
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
# mail.ok.test's address: blocked by an rpz-ip rule, which only the answer can meet.
printf 'rpz. 60 SOA ns. a. 1 1 1 1 1\n32.2.200.53.127.rpz-ip.rpz. 60 CNAME .\n' >"$wd/ips.rpz"
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
  lists:
    malware: {file: $wd/malware.txt, format: domains, category: malware}
    ips: {file: $wd/ips.rpz, format: rpz, category: malware}
    # A zone transfer the primary refuses: it does not know this TSIG key.
    feed:
      file: $wd/feed.zone
      format: rpz
      category: malware
      xfr:
        primaries: [127.53.2.1]
        zone: xfr.test
        tsig: {name: no-such-key, algorithm: hmac-sha256, secret: "c2VjcmV0LXRoYXQtbm8tc2VydmVyLWtub3dzLTAxMjM="}
        retry_min: 1s
        retry_max: 2s
  profiles: {protective: {lists: [malware, ips]}}
  tenants:
    isp-a: {networks_file: $wd/isp-a.txt, profile: protective}
  client_id_files: {org.dns.test: $wd/org-ids.txt}
management: {address: $addr, port: 8053, token: $token}
YAML
printf '10.1.0.0/16\n2001:db8:a::/48\n' >"$wd/isp-a.txt"
printf 'bank-42 protective\nschool-7 plain\nlab-1 plain\n' >"$wd/org-ids.txt"
"$daemon" --config "$wd/dns4eud.yaml" >"$wd/daemon.log" 2>&1 &
pid=$!
ctl=("$ctl" --server "http://$addr:8053" --token "$token")
for _ in $(seq 1 100); do "${ctl[@]}" health >/dev/null 2>&1 && break; sleep 0.2; done
"${ctl[@]}" health >"$wd/out" 2>&1; check "dns4eud started, API answers" $? "$wd/daemon.log"

# --- lists
"${ctl[@]}" lists >"$wd/lists.txt" 2>&1
grep -Eq '^malware +malware +domains +file +3 ' "$wd/lists.txt"; check "ctl lists: malware, domains, file, 3 entries" $? "$wd/lists.txt"
grep -Eq '^malware .* protective:given$' "$wd/lists.txt"; check "ctl lists: which profile uses the list, with which action" $? "$wd/lists.txt"
grep -Eq "^isp-a +protective +2 +$wd/isp-a.txt " "$wd/lists.txt"; check "ctl lists: the tenant, its profile, networks and file" $? "$wd/lists.txt"
grep -Eq "^org.dns.test +3 +$wd/org-ids.txt " "$wd/lists.txt"; check "ctl lists: the client ID file, its IDs" $? "$wd/lists.txt"
"${ctl[@]}" lists --json >"$wd/lists.json" 2>&1
python3 - "$wd/lists.json" <<'PY'; check "ctl lists --json: fields" $? "$wd/lists.json"
import json, sys
l = [x for x in json.load(open(sys.argv[1]))["lists"] if x["name"] == "malware"][0]
assert l["name"] == "malware" and l["entries"] == 3 and l["source"] == "file" and "version" in l and "loaded" in l, l
assert "last_error" not in l, l
PY
# A broken file is refused: the old version keeps serving, the error shows.
printf 'www.ok.test\nnot a name !!\n' >"$wd/malware.txt"
"${ctl[@]}" reload >/dev/null 2>&1
"${ctl[@]}" lists --json >"$wd/lists2.json" 2>&1
python3 - "$wd/lists2.json" <<'PY'; check "ctl lists: a refused reload shows last_error (source:line: reason, time), old entries" $? "$wd/lists2.json"
import json, re, sys
l = [x for x in json.load(open(sys.argv[1]))["lists"] if x["name"] == "malware"][0]
assert l["entries"] == 3 and "malware.txt:2:" in l.get("last_error", ""), l
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", l.get("last_error_time", "")), l
PY
"${ctl[@]}" lists >"$wd/lists2.txt" 2>&1
grep -Eq '^malware .*malware\.txt:2:' "$wd/lists2.txt"; check "ctl lists (table): the refused file's reason" $? "$wd/lists2.txt"
# The refused zone transfer (unknown TSIG key) shows with its reason; the placeholder version serves.
for _ in $(seq 1 50); do
    "${ctl[@]}" lists --json >"$wd/lists3.json" 2>&1
    grep -q '"zone transfer: ' "$wd/lists3.json" && break
    sleep 0.2
done
python3 - "$wd/lists3.json" <<'PY'; check "ctl lists: a refused zone transfer shows last_error (TSIG), time, serving version" $? "$wd/lists3.json"
import json, sys
l = [x for x in json.load(open(sys.argv[1]))["lists"] if x["name"] == "feed"][0]
assert l["source"] == "xfr" and l["zone"] == "xfr.test." and "version" in l, l
e = l.get("last_error", "")
assert e.startswith("zone transfer: ") and "TSIG" in e.upper(), l
assert l.get("last_error_time"), l
PY
printf 'www.ok.test\nbad.example.test\n*.evil.test\n' >"$wd/malware.txt"
"${ctl[@]}" reload >/dev/null 2>&1

# --- explain: the running snapshot's verdict, nothing sent upstream
"${ctl[@]}" explain www.bad.example.test --endpoint protective >"$wd/explain.txt" 2>&1
grep -q "^profile:  protective (chosen by: endpoint)$" "$wd/explain.txt" &&
    grep -q "^verdict:  blocked: rule 'names below bad.example.test.' (qname trigger) of list malware" "$wd/explain.txt" &&
    grep -q '^answer:   NXDOMAIN, EDE 15 "list malware (malware)"$' "$wd/explain.txt"
check "ctl explain: profile, rule, answer and EDE" $? "$wd/explain.txt"
"${ctl[@]}" explain www.bad.example.test >"$wd/explain2.txt" 2>&1
grep -q "^verdict:  no filtering in this profile$" "$wd/explain2.txt"; check "ctl explain on the plain listener: no filtering" $? "$wd/explain2.txt"
"${ctl[@]}" explain www.bad.example.test --endpoint protective --json >"$wd/explain.json" 2>&1
python3 - "$wd/explain.json" <<'PY'; check "ctl explain --json: the API's fields" $? "$wd/explain.json"
import json, sys
e = json.load(open(sys.argv[1]))
assert e["profile"] == "protective" and e["action"] == "nxdomain" and e["ede"]["code"] == 15, e
PY
"${ctl[@]}" explain www.ok.test --endpoint 192.0.2.1 >"$wd/explain3.txt" 2>&1
[ $? = 1 ] && grep -q "endpoint: no listener or profile '192.0.2.1'" "$wd/explain3.txt"
check "ctl explain with an unknown endpoint: exit 1, the reason" $? "$wd/explain3.txt"

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
"${ctl[@]}" trace mail.ok.test A >"$wd/ip.txt" 2>&1
grep -q "^policy mail.ok.test.: not listed" "$wd/ip.txt" &&
    grep -q "^policy answer: blocked: rule 'network 127.53.200.2/32' (response-ip trigger) of list ips" "$wd/ip.txt"
check "trace: an answer address blocked by rpz-ip (the name is not listed)" $? "$wd/ip.txt"
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

# --- a slow trace does not hold up the rest of the API. A second daemon whose
# only root server never answers (silent, 127.53.9.2): its trace waits for
# timeouts while /health and /metrics must answer.
printf '.\t3600000\tNS\tsilent.root.\nsilent.root.\t3600000\tA\t127.53.9.2\n' >"$wd/silent.hints"
sed -e "s|root_hints: .*|root_hints: $wd/silent.hints}|" -e "s|port: 8053|port: 8054|" -e "s|$addr|127.53.100.10|g" \
    -e '/^    feed:/,/^        retry_max/d' "$wd/dns4eud.yaml" >"$wd/silent.yaml"
"$daemon" --config "$wd/silent.yaml" >"$wd/silent.log" 2>&1 &
spid=$!
sctl=("$ctl" --server "http://127.53.100.10:8054" --token "$token")
for _ in $(seq 1 100); do "${sctl[@]}" health >/dev/null 2>&1 && break; sleep 0.2; done
"${sctl[@]}" trace www.ok.test A >"$wd/slow-trace.txt" 2>&1 &
tpid=$!
sleep 1  # let the trace start; it then waits for the silent server's timeouts
"${sctl[@]}" health >"$wd/slow-health.txt" 2>&1; hrc=$?
curl -sf "http://127.53.100.10:8054/metrics" >"$wd/slow-metrics.txt"; mrc=$?
"${sctl[@]}" trace www.ok.test AAAA >"$wd/second-trace.txt" 2>&1; src=$?
kill -0 "$tpid" 2>/dev/null; still=$?
[ "$src" = 1 ] && grep -q 'already running' "$wd/second-trace.txt"
check "a second trace meanwhile is refused (429, already running)" $? "$wd/second-trace.txt"
[ "$hrc" = 0 ] && [ "$mrc" = 0 ] && grep -q '^dns4eu_' "$wd/slow-metrics.txt" && [ "$still" = 0 ]
check "while a trace runs (still running: $still = 0), /health ($hrc) and /metrics ($mrc) answer" $? "$wd/slow-health.txt"
wait "$tpid"; trc=$?
grep -Eq 'result: SERVFAIL|ERROR|timeout|time' "$wd/slow-trace.txt"; check "the slow trace finishes, reporting the failure (exit $trc)" $? "$wd/slow-trace.txt"
sed 's/^/    | /' "$wd/slow-trace.txt" | tail -4
kill "$spid"; wait "$spid"

kill "$pid"; wait "$pid"; rc=$?; pid=
[ $rc = 0 ]; check "dns4eud exits 0" $? "$wd/daemon.log"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
