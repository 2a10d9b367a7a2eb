#!/bin/bash
# End-to-end test of protective filtering (src/policy) through dns4eud on the
# local test Internet (tests/internet), in a private network namespace:
#   * one listener per flavour (plain, protective, child, noads, child-noads)
#     plus one for an RPZ profile, one for an rpz-nsip zone and one whose
#     malware list is a dry run (action log), on 127.53.100.2-.9;
#   * a name of every list category answered per profile (rcode + EDE code and
#     text, as kdig shows them) and normally on the plain listener;
#   * allowlist override, tenant selection by source address (kdig -b), a
#     tenant whose networks come from a file (changed, broken, fixed while serving),
#     sinkhole, a CNAME chain into a blocked domain;
#   * every RPZ trigger (QNAME exact/wildcard, rpz-ip, rpz-client-ip,
#     rpz-nsdname, rpz-nsip) and action (NXDOMAIN, NODATA, PASSTHRU, DROP, TCP-only,
#     local data, a wildcard CNAME target);
#   * dns4eud --explain, and GET /explain of the management API (the running
#     snapshot, also while a broken update is refused); --check-config
#     --check-lists and --check-list (offline checks of the files);
#   * a MISP export as a list (to_ids attributes only, an IDN name as its
#     A-labels), updated while serving; a truncated export refused; a MISP
#     feed directory (manifest.json + event files) as a list;
#   * a broken list is refused (file:line) and the old one keeps serving, and
#     /metrics says so (dns4eu_policy_list_update_refused; promtool passes);
#   * a 1-million-name list reloaded many times while dnsperf runs: zero lost queries.
# Usage: tests/integration/policy/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure. INET_KEEP=1 keeps the work directory.
set -uo pipefail
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"

wd=$(mktemp -d /tmp/dns4eu-policy.XXXXXX)
cleanup() {
    [ -n "${dpid:-}" ] && kill "$dpid" 2>/dev/null && wait "$dpid" 2>/dev/null
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

# ---------------------------------------------------------------- lists and config
lists=$wd/lists
mkdir -p "$lists"
printf 'malware.wild.ok.test\nsafe.wild.ok.test\nend.new.test\n' > "$lists/malware.txt"
printf '0.0.0.0 phish.wild.ok.test\n' > "$lists/phishing.hosts"
cat > "$lists/c2.rpz" <<'ZONE'
$ORIGIN c2.rpz.
@ 60 SOA localhost. hostmaster.localhost. 1 3600 600 86400 60
c2.wild.ok.test 60 CNAME .
ZONE
printf 'adult.wild.ok.test\n' > "$lists/adult.txt"
printf '! ads\n||ads.wild.ok.test^\n' > "$lists/ads.adblock"
printf 'legal.wild.ok.test\n' > "$lists/legal.txt"
printf 'safe.wild.ok.test\n' > "$lists/allow.txt"
: > "$lists/bulk.txt"
# A MISP event export (as /events/restSearch or a feed's event file gives it):
# only attributes marked for detection (to_ids) become rules.
misp_event() {   # misp_event EXTRA_ATTRIBUTE_JSON...
    local extra=""
    for a in "$@"; do extra+=", $a"; done
    cat <<JSON
{"Event": {"info": "phishing campaign", "uuid": "5f0c0a1e-0000-4000-8000-00000000misp",
  "Attribute": [
    {"type": "domain", "value": "misp-phish.wild.ok.test", "to_ids": true, "uuid": "a-1"},
    {"type": "domain", "value": "misp-context.wild.ok.test", "to_ids": false, "uuid": "a-2"},
    {"type": "url", "value": "http://exists.wild.ok.test/login", "to_ids": true, "uuid": "a-3"}$extra],
  "Object": [{"name": "domain-ip", "Attribute": [
    {"type": "domain", "value": "b\u00fccher.wild.ok.test", "to_ids": true, "uuid": "o-1"}]}]}}
JSON
}
misp_event > "$lists/misp.json"
# A MISP feed as a CERT publishes it, mirrored: manifest.json + one file per event.
mkdir -p "$lists/misp-feed"
printf '{"5f0c0a1e-0000-4000-8000-0000000000f1": {"info": "C2", "timestamp": "1700000000"}}' > "$lists/misp-feed/manifest.json"
printf '{"Event": {"Attribute": [{"type": "hostname", "value": "feed-c2.wild.ok.test", "to_ids": true}]}}' \
    > "$lists/misp-feed/5f0c0a1e-0000-4000-8000-0000000000f1.json"
cat > "$lists/rpz.zone" <<'ZONE'
$TTL 60
$ORIGIN rpz.test.rpz.
@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 60
  NS  localhost.
nx.wild.ok.test             CNAME .
nodata.wild.ok.test         CNAME *.
*.sub.wild.ok.test          CNAME .
pass.sub.wild.ok.test       CNAME rpz-passthru.
drop.wild.ok.test           CNAME rpz-drop.
www.ok.test                 CNAME rpz-tcp-only.
local.wild.ok.test          A     192.0.2.7
local.wild.ok.test          TXT   "walled garden"
garden.wild.ok.test         CNAME *.garden.ok.test.
32.10.200.53.127.rpz-ip     CNAME .
32.99.151.53.127.rpz-client-ip CNAME .
ns.new.test.rpz-nsdname     CNAME .
ZONE
# rpz-nsip on its own listener: it names knot-dom's address, which serves
# half the test Internet (ok.test among others).
cat > "$lists/nsip.zone" <<'ZONE'
$TTL 60
$ORIGIN nsip.test.rpz.
@ SOA localhost. hostmaster.localhost. 1 3600 600 86400 60
32.1.2.53.127.rpz-nsip      CNAME .
pass.wild.ok.test           CNAME rpz-passthru.
ZONE

listeners=""
n=2
for flavour in plain protective child noads child-noads rpz nsip trial; do
    for t in udp tcp; do
        listeners+="  - {address: 127.53.100.$n, port: 53, transport: $t, flavour: $flavour}"$'\n'
    done
    n=$((n + 1))
done
cat > "$wd/dns4eud.yaml" <<CONF
server: {workers: 2}
listeners:
$listeners
access:
  allow: [127.0.0.0/8]
upstream:
  ipv6: false
  allow_loopback_servers: true
resolver:
  root_hints: $INET_ROOT_HINTS
logging: {level: info}
management: {address: 127.53.100.1, port: 8053}
dnssec:
  trust_anchor_file: $INET_TRUST_ANCHOR   # the test Internet's signed root
local_zones:
  test.: transparent    # RFC 6761 default is NXDOMAIN; the test Internet serves test.
policy:
  watch_interval: 1s
  block_ttl: 60s
  lists:
    malware:  {file: lists/malware.txt, format: domains, category: malware}
    phishing: {file: lists/phishing.hosts, format: hosts, category: phishing}
    c2:       {file: lists/c2.rpz, format: rpz, category: c2}
    adult:    {file: lists/adult.txt, format: domains, category: adult}
    ads:      {file: lists/ads.adblock, format: adblock, category: ads}
    legal:    {file: lists/legal.txt, format: domains, category: legal}
    allow:    {file: lists/allow.txt, format: domains, category: allow}
    bulk:     {file: lists/bulk.txt, format: domains, category: malware}
    rpz:      {file: lists/rpz.zone, format: rpz, category: malware}
    nsip:     {file: lists/nsip.zone, format: rpz, category: malware}
    misp:     {file: lists/misp.json, format: misp, category: phishing}
    cert:     {file: lists/misp-feed, format: misp, category: c2}
  profiles:
    protective:  {lists: [malware, phishing, c2, legal, bulk, misp, cert], allow: [allow]}
    child:
      lists: [malware, phishing, c2, legal, {list: adult, action: sinkhole}]
      sinkhole: {a: 127.53.250.1}
    noads:       {lists: [malware, phishing, c2, legal, {list: ads, action: nodata}], allow: [allow]}
    child-noads: {lists: [malware, phishing, c2, legal, adult, {list: ads, action: refused}], allow: [allow]}
    rpz:         {lists: [rpz]}
    nsip:        {lists: [nsip]}
    trial:       {lists: [{list: malware, action: log}, legal]}   # malware as a dry run
  tenants:
    school: {networks: [127.53.150.0/24], profile: child}
    isp:    {networks_file: lists/isp-networks.txt, profile: noads}   # relative to the config file
CONF
printf '# customers of an ISP (its address plan)\n127.53.160.0/24\n' > "$lists/isp-networks.txt"

"$daemon" --config "$wd/dns4eud.yaml" > "$wd/dns4eud.log" 2>&1 &
dpid=$!
started=0
for _ in $(seq 600); do  # 60 s at most (lists load first; ASan on a busy machine)
    kdig @127.53.100.2 +timeout=1 +retry=0 ok.test SOA > /dev/null 2>&1 && { started=1; break; }
    sleep 0.1
done
[ "$started" = 1 ] && pass "dns4eud started and answers" || { fail "dns4eud did not answer within 60 s"; tail -20 "$wd/dns4eud.log"; }

# ---------------------------------------------------------------- helpers
# q LISTENER-SUFFIX NAME [TYPE] [kdig options]: kdig output in $out.
q() {
    local addr=127.53.100.$1 name=$2 type=${3:-A}
    shift 3 2>/dev/null || shift $#
    # 8 s: cold resolutions under AddressSanitizer on a busy 2-core machine.
    out=$(kdig @"$addr" +timeout=8 +retry=0 +notcp +edns "$name" "$type" "$@" 2>&1)
}
status() { sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<< "$out" | head -1; }
ede() { sed -n 's/^;; EDE: \([0-9]*\).*/\1/p' <<< "$out" | head -1; }
ede_text() { sed -n "s/^;; EDE: [0-9]* ([A-Za-z]*): '\(.*\)'.*/\1/p" <<< "$out" | head -1; }
answers() { awk '/^;; ANSWER SECTION:/{a=1;next} /^;;/{a=0} a && NF {print $4, $5}' <<< "$out" | sort | tr '\n' ' ' | sed 's/ $//'; }
# expect LISTENER NAME TYPE RCODE EDE ANSWERS [kdig options]  ("-" for no EDE / no answers)
expect() {
    local l=$1 name=$2 type=$3 rcode=$4 code=$5 want=$6
    shift 6
    q "$l" "$name" "$type" "$@"
    local got_ede got_ans
    got_ede=$(ede); got_ede=${got_ede:--}
    got_ans=$(answers); got_ans=${got_ans:--}
    if [ "$(status)" = "$rcode" ] && [ "$got_ede" = "$code" ] && [ "$got_ans" = "$want" ]; then
        pass "$name $type @.$l: $rcode EDE $code answers [$want]"
    else
        fail "$name $type @.$l: want $rcode EDE $code answers [$want], got $(status) EDE $got_ede answers [$got_ans]"
        echo "$out" | sed 's/^/       /'
    fi
}
W10="A 127.53.200.10"

# ---------------------------------------------------------------- categories per profile
for name in malware phish c2 adult ads legal safe; do
    expect 2 $name.wild.ok.test A NOERROR - "$W10"       # plain: unfiltered
done
expect 3 malware.wild.ok.test A NXDOMAIN 15 -
q 3 www.malware.wild.ok.test A
[ "$(ede_text)" = "list malware (malware)" ] && pass "EDE extra text names the list" || fail "EDE extra text: '$(ede_text)'"
expect 3 phish.wild.ok.test A NXDOMAIN 15 -
expect 3 c2.wild.ok.test A NXDOMAIN 15 -
expect 3 legal.wild.ok.test A NXDOMAIN 16 -
expect 3 adult.wild.ok.test A NOERROR - "$W10"           # protective does not filter adult
expect 3 ads.wild.ok.test A NOERROR - "$W10"
expect 4 adult.wild.ok.test A NOERROR 17 "A 127.53.250.1"  # child: sinkhole
expect 4 adult.wild.ok.test TXT NOERROR 17 -               # sinkhole without an address of that type: NODATA
expect 4 malware.wild.ok.test A NXDOMAIN 15 -
expect 5 ads.wild.ok.test A NOERROR 17 -                    # noads: NODATA
expect 5 img.ads.wild.ok.test A NOERROR 17 -
expect 5 adult.wild.ok.test A NOERROR - "$W10"
expect 6 ads.wild.ok.test A REFUSED 17 -                    # child-noads: refused for ads
expect 6 adult.wild.ok.test A NXDOMAIN 17 -
expect 6 legal.wild.ok.test A NXDOMAIN 16 -
expect 3 exists.wild.ok.test A NOERROR - "A 127.53.200.11"  # unlisted names resolve
# ---------------------------------------------------------------- MISP export
expect 3 misp-phish.wild.ok.test A NXDOMAIN 15 -
q 3 www.misp-phish.wild.ok.test A
[ "$(ede_text)" = "list misp (phishing)" ] && pass "MISP: EDE names the list, names below blocked" || fail "MISP EDE text: '$(ede_text)'"
expect 3 xn--bcher-kva.wild.ok.test A NXDOMAIN 15 -          # bücher.: an IDN attribute as A-labels
expect 3 misp-context.wild.ok.test A NOERROR - "$W10"         # to_ids false: context, not a rule
expect 3 exists.wild.ok.test A NOERROR - "A 127.53.200.11"  # a URL attribute never blocks its whole host
expect 2 misp-phish.wild.ok.test A NOERROR - "$W10"           # plain: unfiltered
expect 3 feed-c2.wild.ok.test A NXDOMAIN 15 -                 # from the MISP feed directory
q 3 feed-c2.wild.ok.test A
[ "$(ede_text)" = "list cert (c2)" ] && pass "MISP feed directory: EDE names the list" || fail "MISP feed EDE text: '$(ede_text)'"
# ---------------------------------------------------------------- allowlist, tenant, CNAME
expect 3 safe.wild.ok.test A NOERROR - "$W10"              # allowlist overrides malware
expect 4 safe.wild.ok.test A NXDOMAIN 15 -                  # child has no allowlist
expect 3 adult.wild.ok.test A NOERROR 17 "A 127.53.250.1" -b 127.53.150.7   # tenant school -> child
expect 2 malware.wild.ok.test A NXDOMAIN 15 - -b 127.53.150.7                # even on the plain listener
expect 2 ads.wild.ok.test A NOERROR 17 - -b 127.53.160.9       # tenant isp (networks_file) -> noads
expect 2 ads.wild.ok.test A NOERROR - "$W10" -b 127.53.161.9  # not (yet) one of its networks
expect 2 chain.ok.test A NOERROR - "A 127.53.200.31 CNAME end.new.test. CNAME step.hop.example."
expect 3 chain.ok.test A NXDOMAIN 15 -                      # CNAME chain ends in a blocked name
expect 3 chain.ok.test A NXDOMAIN 15 -                      # again, from the caches

# ---------------------------------------------------------------- a dry run (action log)
# The trial listener (.9) has malware as a dry run: its names are answered,
# every query that it would have blocked is counted (verdict "log"), and the
# next list (legal) still applies.
logged() { curl -s --max-time 10 http://127.53.100.1:8053/metrics |
    awk '/^dns4eu_policy_verdicts_total\{verdict="log",list="malware"/ {print $2}'; }
before=$(logged); before=${before:-0}
expect 9 malware.wild.ok.test A NOERROR - "$W10"             # dry run: answered
expect 9 malware.wild.ok.test A NOERROR - "$W10"             # again: from the RRset cache
expect 9 malware.wild.ok.test A NOERROR - "$W10"             # a third time: still not from the answer cache
expect 9 chain.ok.test A NOERROR - "A 127.53.200.31 CNAME end.new.test. CNAME step.hop.example."
expect 9 legal.wild.ok.test A NXDOMAIN 16 -                  # the lists after a dry run still apply
expect 9 exists.wild.ok.test A NOERROR - "A 127.53.200.11"   # unlisted: not counted
after=$(logged)
[ "$((after - before))" = 4 ] && pass "dry run: the question three times and a CNAME target counted as verdict log" ||
    fail "dry run: dns4eu_policy_verdicts_total{verdict=\"log\",list=\"malware\"} went from $before to $after, want +4"
ex=$(curl -s --max-time 10 "http://127.53.100.1:8053/explain?name=malware.wild.ok.test&endpoint=trial")
grep -q '"action": "none"' <<< "$ex" && grep -q 'list malware (action log, a dry run) matched too' <<< "$ex" &&
    pass "GET /explain: a dry-run match is reported, not applied" || { fail "GET /explain dry run"; echo "$ex"; }
# ---------------------------------------------------------------- RPZ
expect 7 nx.wild.ok.test A NXDOMAIN 15 -
expect 7 nodata.wild.ok.test A NOERROR 15 -
expect 7 x.sub.wild.ok.test A NXDOMAIN 15 -                 # wildcard trigger
expect 7 pass.sub.wild.ok.test A NOERROR - "$W10"           # PASSTHRU beats the wildcard and rpz-ip
expect 7 local.wild.ok.test A NOERROR 15 "A 192.0.2.7"      # local data
expect 7 local.wild.ok.test TXT NOERROR 15 'TXT "walled'
expect 7 garden.wild.ok.test A NOERROR 15 "CNAME garden.wild.ok.test.garden.ok.test."   # CNAME *.garden: the name first
expect 7 other.wild.ok.test A NXDOMAIN 15 -                 # rpz-ip: the answer is 127.53.200.10
expect 7 exists.wild.ok.test A NOERROR - "A 127.53.200.11"
expect 7 exists.wild.ok.test A NXDOMAIN 15 - -b 127.53.151.99   # rpz-client-ip
expect 7 www.new.test A NXDOMAIN 15 -                        # rpz-nsdname: ns.new.test
q 7 www.ok.test A +ignore
grep -qi 'flags: qr.* tc' <<< "$out" && pass "rpz-tcp-only: TC=1 over UDP" || { fail "rpz-tcp-only over UDP"; echo "$out"; }
out=$(kdig @127.53.100.7 +timeout=2 +retry=0 +tcp www.ok.test A 2>&1)
[ "$(answers)" = "A 127.53.200.1" ] && pass "rpz-tcp-only: resolved over TCP" || { fail "rpz-tcp-only over TCP"; echo "$out"; }
# A second sighting over TCP would put the answer in the answer cache, where
# UDP clients (whose QNAME check is skipped on a hit) would find it: it must not.
kdig @127.53.100.7 +timeout=2 +retry=0 +tcp www.ok.test A > /dev/null 2>&1
q 7 www.ok.test A +ignore
grep -qi 'flags: qr.* tc' <<< "$out" && pass "rpz-tcp-only: still TC=1 over UDP after answers over TCP" || { fail "rpz-tcp-only over UDP after TCP"; echo "$out"; }
q 7 drop.wild.ok.test A +timeout=3   # no answer is the answer: wait 3 s for none
grep -q 'status:' <<< "$out" && { fail "rpz-drop answered"; echo "$out"; } || pass "rpz-drop: no answer"
expect 2 nx.wild.ok.test A NOERROR - "$W10"                  # the RPZ profile only on its listener
# rpz-nsip: 127.53.2.1 (knot-dom) serves glueless.test (its NS ns.hosting.example
# has that address) and ok.test (ns1.ok.test; ns2 is nsd-dom); new.test only nsd-dom.
expect 8 www.glueless.test A NXDOMAIN 15 -
expect 8 exists.wild.ok.test A NXDOMAIN 15 -                 # one of the zone's servers is enough
expect 8 pass.wild.ok.test A NOERROR - "$W10"                # a QNAME rule comes before rpz-nsip
expect 8 www.new.test A NOERROR - "A 127.53.200.30"
expect 2 www.glueless.test A NOERROR - "A 127.53.200.40"     # plain: unfiltered

# ---------------------------------------------------------------- --explain
# Offline checks: every source of the config, one list file, one networks file.
out=$("$daemon" --check-config "$wd/dns4eud.yaml" --check-lists 2>&1); rc=$?
[ "$rc" = 0 ] && grep -Eq "^list malware: [0-9]+ rules? \(domains\), $lists/malware.txt$" <<< "$out" &&
    grep -Eq "^list rpz: [0-9]+ rules \(rpz, serial 1\)" <<< "$out" &&
    grep -q "^tenant isp: 1 network from $lists/isp-networks.txt$" <<< "$out" && grep -q ": OK$" <<< "$out" &&
    pass "--check-config --check-lists: every list and networks file described" || { fail "--check-config --check-lists (rc $rc)"; echo "$out"; }
printf 'fine.test\nnot fine\n' > "$wd/candidate.txt"
out=$("$daemon" --check-list "$wd/candidate.txt" 2>&1); rc=$?
[ "$rc" = 1 ] && [ "$out" = "$wd/candidate.txt:2: one name a line, got 'not fine'" ] &&
    pass "--check-list: a broken candidate list refused with file:line" || { fail "--check-list broken (rc $rc)"; echo "$out"; }
out=$("$daemon" --check-list "$lists/isp-networks.txt" --format networks 2>&1); rc=$?
[ "$rc" = 0 ] && [ "$out" = "$lists/isp-networks.txt: 1 network" ] &&
    pass "--check-list --format networks" || { fail "--check-list networks (rc $rc)"; echo "$out"; }
ex=$("$daemon" --config "$wd/dns4eud.yaml" --explain www.malware.wild.ok.test --endpoint 127.53.100.3 2>&1)
grep -q "^verdict:  blocked: rule 'names below malware.wild.ok.test.' (qname trigger) of list malware" <<< "$ex" &&
    grep -q '^answer:   NXDOMAIN, EDE 15 "list malware (malware)"' <<< "$ex" && pass "--explain names rule, list and answer" ||
    { fail "--explain"; echo "$ex"; }
ex=$("$daemon" --config "$wd/dns4eud.yaml" --explain adult.wild.ok.test --endpoint 127.53.100.3 --from 127.53.150.7 2>&1)
grep -q '^profile:  child (chosen by the client' <<< "$ex" && grep -q '^answer:   sinkhole: A 127.53.250.1' <<< "$ex" &&
    pass "--explain with --from picks the tenant" || { fail "--explain --from"; echo "$ex"; }

# GET /explain: the running daemon's answer, with a DoH-less listener, a tenant, an RPZ rule.
api() { curl -s --max-time 10 "http://127.53.100.1:8053/explain?$1"; }
jq_is() { python3 -c 'import json,sys; j=json.load(sys.stdin); v=j
for k in sys.argv[1].split("."): v=v[k]
print(v)' "$1"; }
ex=$(api "name=www.malware.wild.ok.test&endpoint=127.53.100.3")
[ "$(jq_is profile <<< "$ex")" = protective ] && [ "$(jq_is action <<< "$ex")" = nxdomain ] &&
    [ "$(jq_is ede.code <<< "$ex")" = 15 ] && grep -q "rule 'names below malware.wild.ok.test.' (qname trigger) of list malware" <<< "$ex" &&
    pass "GET /explain: profile, action, EDE and rule of the running snapshot" || { fail "GET /explain"; echo "$ex"; }
ex=$(api "name=adult.wild.ok.test&endpoint=127.53.100.2&from=127.53.150.7")
[ "$(jq_is profile <<< "$ex")" = child ] && [ "$(jq_is chosen_by <<< "$ex")" = tenant ] &&
    [ "$(jq_is answer <<< "$ex")" = "sinkhole: A 127.53.250.1 (other types: NODATA)" ] &&
    pass "GET /explain: the tenant by client address" || { fail "GET /explain from a tenant"; echo "$ex"; }
ex=$(api "name=local.wild.ok.test&endpoint=rpz")
[ "$(jq_is action <<< "$ex")" = local-data ] && grep -q '"answer": "local data: A 192.0.2.7; TXT' <<< "$ex" &&
    pass "GET /explain: RPZ local data" || { fail "GET /explain local data"; echo "$ex"; }
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.53.100.1:8053/explain?name=a..b")
[ "$code" = 400 ] && pass "GET /explain: a bad name is 400" || fail "GET /explain bad name: $code"

# ---------------------------------------------------------------- reloads
# No fixed sleeps: wait (up to 2 minutes, for slow sanitizer builds) for the
# daemon to log each reload.
reloads() { grep -c "policy lists reloaded" "$wd/dns4eud.log"; }
wait_reload() {   # wait_reload COUNT_BEFORE: until a reload after it is logged
    for _ in $(seq 600); do [ "$(reloads)" -gt "$1" ] && return 0; sleep 0.2; done
    return 1
}
before=$(reloads)
printf 'malware.wild.ok.test\nbad..name\n' > "$lists/malware.txt"
wait_reload "$before" || fail "no reload after the malware list changed"
grep -q "list 'malware' refused, the previous version keeps serving: .*malware.txt:2: empty label in 'bad..name'" "$wd/dns4eud.log" &&
    pass "broken list refused with file:line" || { fail "broken list message"; tail -5 "$wd/dns4eud.log"; }
expect 3 safe.wild.ok.test A NOERROR - "$W10"
expect 4 safe.wild.ok.test A NXDOMAIN 15 -                   # the old malware list still serves
metric() { curl -s --max-time 10 http://127.53.100.1:8053/metrics | grep -F "$1" | awk '{print $2}'; }
[ "$(metric 'dns4eu_policy_list_update_refused{list="malware"}')" = 1 ] &&
    [ "$(metric 'dns4eu_policy_list_update_refused{list="legal"}')" = 0 ] &&
    [ "$(metric 'dns4eu_policy_list_rules{list="malware"}')" -ge 1 ] &&
    pass "/metrics: the refused malware update is 1 in dns4eu_policy_list_update_refused" ||
    { fail "/metrics list_update_refused"; curl -s http://127.53.100.1:8053/metrics | grep dns4eu_policy_list; }
curl -s --max-time 10 http://127.53.100.1:8053/metrics > "$wd/metrics.txt"
promtool check metrics < "$wd/metrics.txt" > "$wd/promtool.txt" 2>&1 &&
    pass "promtool check metrics: the page with the policy families passes" || { fail "promtool check metrics"; cat "$wd/promtool.txt"; }
ex=$(api "name=safe.wild.ok.test&endpoint=127.53.100.4")
[ "$(jq_is action <<< "$ex")" = nxdomain ] && pass "GET /explain answers from the version being served, not the broken file" ||
    { fail "GET /explain during a refused update"; echo "$ex"; }
before=$(reloads)
printf 'malware.wild.ok.test\nnewly.wild.ok.test\n' > "$lists/malware.txt"
wait_reload "$before" || fail "no reload after the malware list was fixed"
expect 3 newly.wild.ok.test A NXDOMAIN 15 -                  # a fixed list is picked up
expect 4 safe.wild.ok.test A NOERROR - "$W10"                # and safe. is no longer listed
[ "$(metric 'dns4eu_policy_list_update_refused{list="malware"}')" = 0 ] &&
    [ "$(metric 'dns4eu_policy_list_rules{list="malware"}')" = 2 ] &&
    pass "/metrics: the fixed malware list is served (refused 0, 2 rules)" || fail "/metrics after the fix"
# A tenant's networks file: a broken version is refused (file:line) and its
# networks keep serving; a fixed one moves the tenant to its new networks.
before=$(reloads)
printf '127.53.160.0/24\n127.53.161.9/24\n' > "$lists/isp-networks.txt"
wait_reload "$before" || fail "no reload after the tenant networks file changed"
grep -q "tenant 'isp': networks_file refused, the previous version keeps serving: .*isp-networks.txt:2: '127.53.161.9/24' has host bits set; did you mean '127.53.161.0/24'?" "$wd/dns4eud.log" &&
    pass "broken tenant networks file refused with file:line" || { fail "broken tenant networks file message"; tail -5 "$wd/dns4eud.log"; }
expect 2 ads.wild.ok.test A NOERROR 17 - -b 127.53.160.9       # the previous networks serve
[ "$(metric 'dns4eu_policy_tenant_networks_file_refused{tenant="isp"}')" = 1 ] &&
    [ "$(metric 'dns4eu_policy_tenant_networks{tenant="isp"}')" = 1 ] &&
    [ -z "$(metric 'tenant="school"')" ] &&
    pass "/metrics: the refused networks file is 1, its tenant keeps 1 network" || fail "/metrics tenant file refused"
lists_json=$(curl -s --max-time 10 http://127.53.100.1:8053/lists)
python3 -c 'import json,sys
t = {x["name"]: x for x in json.load(sys.stdin)["tenants"]}
i = t["isp"]
assert i["profile"] == "noads" and i["networks"] == 1 and i["networks_file"].endswith("/lists/isp-networks.txt"), i
assert "isp-networks.txt:2: " in i["last_error"] and "last_error_time" in i, i
assert t["school"] == {"name": "school", "profile": "child", "networks": 1}, t["school"]' <<< "$lists_json" &&
    pass "GET /lists: tenants, networks and the refused networks file" || { fail "GET /lists tenants"; echo "$lists_json"; }
before=$(reloads)
printf '127.53.161.0/24\n' > "$lists/isp-networks.txt"
wait_reload "$before" || fail "no reload after the tenant networks file was fixed"
expect 2 ads.wild.ok.test A NOERROR 17 - -b 127.53.161.9       # the new network is the tenant's
expect 2 ads.wild.ok.test A NOERROR - "$W10" -b 127.53.160.9  # the old one no longer is
[ "$(metric 'dns4eu_policy_tenant_networks_file_refused{tenant="isp"}')" = 0 ] &&
    pass "/metrics: the fixed networks file is served (refused 0)" || fail "/metrics tenant file fixed"
# A MISP export cut short (a failed download) is refused; the old one serves.
before=$(reloads)
misp_event | head -c 200 > "$lists/misp.json"
wait_reload "$before" || fail "no reload after the MISP export was truncated"
grep -q "list 'misp' refused, the previous version keeps serving: .*misp.json:[0-9]*: not valid JSON" "$wd/dns4eud.log" &&
    pass "truncated MISP export refused with file:line" || { fail "truncated MISP export message"; tail -5 "$wd/dns4eud.log"; }
expect 3 misp-phish.wild.ok.test A NXDOMAIN 15 -
# The next export adds an attribute: picked up while serving.
before=$(reloads)
misp_event '{"type": "hostname", "value": "misp-new.wild.ok.test", "to_ids": true, "uuid": "a-4"}' > "$lists/misp.json.new"
mv "$lists/misp.json.new" "$lists/misp.json"
wait_reload "$before" || fail "no reload after the MISP export was updated"
expect 3 misp-new.wild.ok.test A NXDOMAIN 15 -
expect 3 misp-phish.wild.ok.test A NXDOMAIN 15 -

before=$(reloads)
python3 -c "
import sys
with open(sys.argv[1] + '.new', 'w') as f:
    for i in range(1000000): f.write('d%d.bulk%d.test\\n' % (i, i % 97))
" "$lists/bulk.txt"
mv "$lists/bulk.txt.new" "$lists/bulk.txt"
wait_reload "$before" || fail "no reload after the bulk list was written"
expect 3 d999.bulk29.test A NXDOMAIN 15 -
for i in $(seq 200); do echo "exists.wild.ok.test A"; echo "www.ok.test A"; echo "alias.ok.test A"; done > "$wd/perf.txt"
# dnsperf resolves -s with AI_ADDRCONFIG: without a non-loopback IPv4 address
# it refuses IPv4 (-f inet) and its IPv6-mapped socket cannot reach 127/8.
ip addr add 192.0.2.53/32 dev lo 2>/dev/null
# dnsperf runs back to back (3 s each) until five reloads of the bulk list are done.
: > "$wd/dnsperf.txt"
( while [ ! -e "$wd/stop-perf" ]; do dnsperf -f inet -s 127.53.100.3 -d "$wd/perf.txt" -l 3 -Q 2000 -t 20 >> "$wd/dnsperf.txt" 2>&1; done ) &
perf_pid=$!
sleep 1
reloaded=0
for i in $(seq 5); do
    before=$(reloads)
    echo "d$i.extra.test" >> "$lists/bulk.txt"
    wait_reload "$before" && reloaded=$((reloaded + 1))
done
touch "$wd/stop-perf"
wait $perf_pid
sum() { sed -n "s/.*$1 *\([0-9]*\).*/\1/p" "$wd/dnsperf.txt" | awk '{ s += $1 } END { print s + 0 }'; }
runs=$(grep -c "Queries completed:" "$wd/dnsperf.txt")
completed=$(sum "Queries completed:"); lost=$(sum "Queries lost:"); noerror=$(sum "NOERROR")
echo "     dnsperf: $runs runs, completed $completed, lost $lost, NOERROR $noerror; $reloaded reloads of a 1,000,005-name list meanwhile"
if [ "$lost" = 0 ] && [ "$runs" -ge 2 ] && [ "$completed" -gt 10000 ] && [ "$noerror" = "$completed" ] && [ "$reloaded" = 5 ]; then
    pass "list reloads under load: zero lost or failed queries"
else
    fail "list reloads under load"; cat "$wd/dnsperf.txt"
    # dnsperf's lines above say whether an answer came late or never; the
    # daemon's log says what it was doing around the reloads.
    echo "     dns4eud's log tail:"; tail -20 "$wd/dns4eud.log"
fi
expect 3 d5.extra.test A NXDOMAIN 15 -

kill "$dpid"; wait "$dpid" 2>/dev/null; dpid=""
grep -q "policy_blocked=" "$wd/dns4eud.log" && pass "policy_blocked counted in the final stats" || fail "no policy_blocked stat"
if grep -qE "AddressSanitizer|LeakSanitizer|runtime error:" "$wd/dns4eud.log"; then
    fail "sanitizer report in the daemon's log"; grep -E -A20 "AddressSanitizer|LeakSanitizer|runtime error:" "$wd/dns4eud.log" | head -40
else
    pass "no sanitizer report in the log"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
