#!/bin/bash
# End-to-end test of policy lists fetched over HTTPS (src/intel/http_feeds.h)
# on the local test Internet, in a private network namespace:
#   * a CERT's feed server (feed_server.py: Python's HTTPS server with ETag,
#     Last-Modified and 304s) on 127.53.130.1, its certificate from a test CA
#     made here with certtool; one list needs an API token;
#   * dns4eud fetches a domain list (with the token and a key in the URL's
#     query), an RPZ zone, a MISP attribute search (a POSTed query, the key
#     alone as Authorization) and mirrors a MISP feed (manifest.json and its
#     events) at start: their names are blocked;
#   * the MISP feed changes (one event changed, one gone): only the manifest
#     and the changed event are fetched again;
#   * a list with no ca_file (the system's CAs) and one without the token
#     are refused with their reasons in GET /lists and /metrics;
#   * the next check sends the validators back and gets a 304;
#   * a new version is fetched on the interval; a broken one (POST /reload
#     asks at once) is refused with url:line while the previous serves;
#     fixed, the error ends;
#   * the feed server down: the update is refused, the list keeps serving,
#     and a restarted dns4eud serves it from its file at once;
#   * neither the token nor the URL's query key reaches the log or the API;
#   * `dns4eu-ctl lists` (built next to dns4eud) shows the source.
# Usage: tests/integration/list_fetch/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure. INET_KEEP=1 keeps the work directory.
set -uo pipefail
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"

for tool in kdig curl certtool python3; do
    command -v "$tool" >/dev/null || { echo "FAIL $tool is not installed (make deps)"; echo "0 passed, 1 failed"; exit 1; }
done
open_workdir listfetch
if ! "$inet/start.sh" "$wd" >/dev/null; then
    echo "FAIL start.sh (the test Internet did not start)"; echo "0 passed, 1 failed"; exit 1
fi
# shellcheck disable=SC1091
. "$wd/env"

# ---------------------------------------------------------------- the feed server
F=127.53.130.1
D=127.53.100.2
token=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
qkey=querykey$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf 'cn = "dns4eu test CA"\nca\ncert_signing_key\nexpiration_days = 2\n' >"$wd/ca.tmpl"
printf 'cn = "feeds"\nip_address = "%s"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' "$F" >"$wd/srv.tmpl"
{ certtool --generate-privkey --key-type=ecdsa --outfile "$wd/ca.key" &&
    certtool --generate-self-signed --load-privkey "$wd/ca.key" --template "$wd/ca.tmpl" --outfile "$wd/ca.pem" &&
    certtool --generate-privkey --key-type=ecdsa --outfile "$wd/srv.key" &&
    certtool --generate-certificate --load-privkey "$wd/srv.key" --load-ca-certificate "$wd/ca.pem" \
        --load-ca-privkey "$wd/ca.key" --template "$wd/srv.tmpl" --outfile "$wd/srv.pem"; } >/dev/null 2>&1 ||
    { echo "FAIL certtool"; echo "0 passed, 1 failed"; exit 1; }
www=$wd/www
mkdir -p "$www/private" "$wd/etc"
cp "$wd/ca.pem" "$wd/etc/cert-ca.pem"
printf '# CERT feed: C2 domains\nc2.wild.ok.test\n' >"$www/private/c2.txt"
cat >"$www/feed.rpz" <<'ZONE'
$TTL 60
@ SOA feed.rpz. hostmaster.feed.rpz. 7 3600 600 86400 60
nx.wild.ok.test CNAME .
ZONE
cat >"$www/misp.json" <<'JSON'
[{"type": "domain", "value": "misp.wild.ok.test", "to_ids": true},
 {"type": "hostname", "value": "host.wild.ok.test", "to_ids": true},
 {"type": "url", "value": "https://url.wild.ok.test/x", "to_ids": true}]
JSON
# A MISP feed as CERTs publish it: manifest.json and an event file per uuid.
mkdir -p "$www/osint"
event() { printf '{"Event": {"info": "%s", "Attribute": [{"type": "domain", "value": "%s", "to_ids": true}]}}\n' "$1" "$1"; }
event ev1.wild.ok.test >"$www/osint/5f0c0001-aaaa-4bbb-8ccc-000000000001.json"
event ev2.wild.ok.test >"$www/osint/5f0c0002-aaaa-4bbb-8ccc-000000000002.json"
cat >"$www/osint/manifest.json" <<'JSON'
{"5f0c0001-aaaa-4bbb-8ccc-000000000001": {"info": "one", "timestamp": "1764400001"},
 "5f0c0002-aaaa-4bbb-8ccc-000000000002": {"info": "two", "timestamp": "1764400002"}}
JSON
touch -d '2 hours ago' "$www/private/c2.txt" "$www/feed.rpz" "$www/osint/manifest.json"
start_feeds() {
    python3 "$here/feed_server.py" --address "$F" --port 443 --cert "$wd/srv.pem" --key "$wd/srv.key" \
        --root "$www" --token "$token" --log "$wd/feeds.log" 2>>"$wd/feeds.err" &
    feeds_pid=$!
    pids+=("$feeds_pid")
    for _ in $(seq 100); do
        curl -s --max-time 1 --cacert "$wd/ca.pem" -o /dev/null "https://$F/feed.rpz" && return 0
        sleep 0.1
    done
    return 1
}
start_feeds || { echo "FAIL the feed server did not start"; cat "$wd/feeds.err"; echo "0 passed, 1 failed"; exit 1; }

# ---------------------------------------------------------------- dns4eud
cat >"$wd/etc/dns4eud.yaml" <<CONF
server: {workers: 2}
listeners:
  - {address: $D, port: 53, transport: udp, flavour: protective}
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
    c2:
      file: c2.txt
      category: c2
      fetch:
        url: "https://$F/private/c2.txt?key=$qkey"
        headers: {Authorization: "Bearer $token"}
        ca_file: cert-ca.pem
        interval: 10s
        retry: 1s
    rpz:
      file: feed.rpz
      format: rpz
      category: malware
      fetch: {url: "https://$F/feed.rpz", ca_file: cert-ca.pem, interval: 1h}
    misp:
      file: misp.json
      format: misp
      category: phishing
      fetch:
        url: "https://$F/attributes/restSearch"
        headers: {Authorization: "$token", Content-Type: application/json, Accept: application/json}
        body: '{"returnFormat": "json", "type": ["domain"], "to_ids": 1}'
        ca_file: cert-ca.pem
    osint:
      file: osint
      format: misp
      category: malware
      fetch: {url: "https://$F/osint/manifest.json", ca_file: cert-ca.pem, interval: 1h}
    untrusted:
      file: untrusted.txt
      category: malware
      fetch: {url: "https://$F/feed.rpz", interval: 1h, retry: 1h}
    notoken:
      file: notoken.txt
      category: malware
      fetch: {url: "https://$F/private/c2.txt", ca_file: cert-ca.pem, interval: 1h, retry: 1h}
  profiles:
    protective: {lists: [c2, rpz, misp, osint, untrusted, notoken]}
management: {address: $D, port: 8053, token: mgmt-token-0123456789}
CONF
start_daemon() {
    "$daemon" --config "$wd/etc/dns4eud.yaml" >>"$wd/dns4eud.log" 2>&1 &
    daemon_pid=$!
    pids+=("$daemon_pid")
    for _ in $(seq 100); do
        kdig @"$D" +timeout=1 +retry=0 ok.test SOA >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    return 1
}
start_daemon || { echo "FAIL dns4eud did not start"; tail -20 "$wd/dns4eud.log"; echo "0 passed, 1 failed"; exit 1; }

q() { out=$(kdig @"$D" +timeout=2 +retry=0 +edns "$1" A 2>&1); }
rcode() { sed -n 's/.*status: \([A-Z]*\).*/\1/p' <<<"$out" | head -1; }
ede() { e=$(sed -n 's/^;; EDE: \([0-9]*\).*/\1/p' <<<"$out" | head -1); echo "${e:--}"; }
# answer_is NAME RCODE EDE: polls (up to 20 s) until the answer has that rcode and EDE, then asserts it.
answer_is() {
    for _ in $(seq 200); do
        q "$1"
        [ "$(rcode)" = "$2" ] && [ "$(ede)" = "$3" ] && break
        sleep 0.1
    done
    check "$1: $2 EDE $3" "$2 EDE $3" "$(rcode) EDE $(ede)"
}
lists() { curl -s --max-time 5 "http://$D:8053/lists"; }
# list_field LIST FIELD: a field of one list in GET /lists ("" when absent).
list_field() {
    lists | python3 -c 'import json,sys
for l in json.load(sys.stdin)["lists"]:
    if l["name"] == sys.argv[1]: print(l.get(sys.argv[2], ""))' "$1" "$2"
}
# field_has LIST FIELD TEXT: waits (20 s at most) until the field contains TEXT.
field_has() {
    for _ in $(seq 200); do [[ "$(list_field "$1" "$2")" == *"$3"* ]] && return 0; sleep 0.1; done
    return 1
}
metric() { curl -s --max-time 5 "http://$D:8053/metrics" | grep -F "$1 " | awk '{print $2}'; }
metric_is() {
    for _ in $(seq 200); do [ "$(metric "$1")" = "$2" ] && return 0; sleep 0.1; done
    return 1
}
reload() { curl -s --max-time 10 -X POST -H 'Authorization: Bearer mgmt-token-0123456789' "http://$D:8053/reload"; }

# ---------------------------------------------------------------- the first versions
answer_is c2.wild.ok.test NXDOMAIN 15
answer_is nx.wild.ok.test NXDOMAIN 15
answer_is fine.wild.ok.test NOERROR -
answer_is misp.wild.ok.test NXDOMAIN 15
answer_is host.wild.ok.test NOERROR -
check "the MISP search was POSTed with the key" "POST /attributes/restSearch 200 inm=0 ims=0" "$(cat "$wd/feeds.log")"
answer_is ev1.wild.ok.test NXDOMAIN 15
answer_is ev2.wild.ok.test NXDOMAIN 15
check "the MISP feed's events are mirrored" "5f0c0002-aaaa-4bbb-8ccc-000000000002.json" "$(ls "$wd/etc/osint")"
check "GET /lists: c2 is fetched" "fetch" "$(list_field c2 source)"
check "GET /lists: c2's URL, without its query" "https://$F/private/c2.txt" "$(list_field c2 url)"
# dns4eu-ctl is built next to dns4eud.
check "dns4eu-ctl lists: the source column" "fetch https://$F/private/c2.txt" \
    "$("$(dirname "$daemon")/dns4eu-ctl" --server "http://$D:8053" lists 2>&1 | grep '^c2 ')"
check "GET /lists: c2 last answered" "Z" "$(list_field c2 last_success_time)"
check "the feed server saw the token" "GET /private/c2.txt?key=$qkey 200 inm=0 ims=0 auth=1" "$(cat "$wd/feeds.log")"
field_has untrusted last_error "fetch: https://$F/feed.rpz: SSL certificate problem" &&
    ok "no ca_file: the test CA is not trusted (GET /lists)" ||
    bad "untrusted: last_error" "$(list_field untrusted last_error)"
field_has notoken last_error "fetch: https://$F/private/c2.txt: HTTP 401, not 200" &&
    ok "no token: HTTP 401 refused (GET /lists)" || bad "notoken: last_error" "$(list_field notoken last_error)"
metric_is 'dns4eu_policy_list_update_refused{list="untrusted"}' 1 && ok "/metrics: untrusted update refused" ||
    bad "/metrics untrusted refused" "$(metric 'dns4eu_policy_list_update_refused{list="untrusted"}')"
metric_is 'dns4eu_policy_list_update_refused{list="c2"}' 0 && ok "/metrics: c2 update not refused" ||
    bad "/metrics c2 refused"
last=$(metric 'dns4eu_policy_fetch_last_success_timestamp_seconds{list="c2"}')
[ "${last%.*}" -gt 1700000000 ] 2>/dev/null && ok "/metrics: c2 last success $last" || bad "/metrics c2 last success" "$last"
check "/metrics: c2's version is the feed's Last-Modified (2 hours ago)" \
    "$(stat -c %Y "$www/private/c2.txt")" "$(metric 'dns4eu_policy_list_version_timestamp_seconds{list="c2"}')"
check "the list's file holds the feed's version" "c2.wild.ok.test" "$(cat "$wd/etc/c2.txt")"
check "an unfetched list starts empty (log)" "untrusted.txt did not exist: the list is empty until https://$F/feed.rpz answers" \
    "$(cat "$wd/dns4eud.log")"

# ---------------------------------------------------------------- 304 on the interval
for _ in $(seq 250); do grep -q "GET /private/c2.txt?key=$qkey 304 inm=1" "$wd/feeds.log" && break; sleep 0.1; done
check "the next check sends the ETag back and gets 304" "304 inm=1" "$(grep -F "/private/c2.txt?key=" "$wd/feeds.log")"

# ---------------------------------------------------------------- a new version on the interval
printf 'c2.wild.ok.test\nnew-c2.wild.ok.test\n' >"$www/private/c2.txt"
answer_is new-c2.wild.ok.test NXDOMAIN 15
check "log: the new version" "fetch c2 (https://$F/private/c2.txt): new version" "$(cat "$wd/dns4eud.log")"

# ---------------------------------------------------------------- a broken version, asked at once by POST /reload
printf 'c2.wild.ok.test\nnew-c2.wild.ok.test\nbroken..wild.ok.test\n' >"$www/private/c2.txt"
check "POST /reload" '"reloaded"' "$(reload)"
field_has c2 last_error "fetch: https://$F/private/c2.txt:3: " && ok "broken version refused with url:line (GET /lists)" ||
    bad "c2 last_error" "$(list_field c2 last_error)"
metric_is 'dns4eu_policy_list_update_refused{list="c2"}' 1 && ok "/metrics: c2 update refused" || bad "/metrics c2 refused"
answer_is new-c2.wild.ok.test NXDOMAIN 15
check "the file keeps the previous version" "new-c2.wild.ok.test" "$(cat "$wd/etc/c2.txt")"
printf 'c2.wild.ok.test\nthird-c2.wild.ok.test\n' >"$www/private/c2.txt"
reload >/dev/null
answer_is third-c2.wild.ok.test NXDOMAIN 15
answer_is new-c2.wild.ok.test NOERROR -
metric_is 'dns4eu_policy_list_update_refused{list="c2"}' 0 && ok "/metrics: fixed, the error is over" ||
    bad "/metrics c2 still refused"

# ---------------------------------------------------------------- the MISP feed: one event changes, one goes
event ev3.wild.ok.test >"$www/osint/5f0c0001-aaaa-4bbb-8ccc-000000000001.json"
cat >"$www/osint/manifest.json" <<'JSON'
{"5f0c0001-aaaa-4bbb-8ccc-000000000001": {"info": "one", "timestamp": "1764400099"}}
JSON
: >"$wd/feeds.log"
reload >/dev/null
answer_is ev3.wild.ok.test NXDOMAIN 15
answer_is ev2.wild.ok.test NOERROR -
answer_is ev1.wild.ok.test NOERROR -
osint_gets=$(grep -F ' /osint/' "$wd/feeds.log" | awk '{print $2, $3}' | sort | tr '\n' ' ')
check "only the manifest and the changed event were fetched" \
    "/osint/5f0c0001-aaaa-4bbb-8ccc-000000000001.json 200 /osint/manifest.json 200 " "$osint_gets"
check "log: the feed's new version" "fetch osint (https://$F/osint/manifest.json): new version, 1 events fetched, 0 kept" \
    "$(cat "$wd/dns4eud.log")"

# ---------------------------------------------------------------- the feed server down, then a restart
kill "$feeds_pid"; wait "$feeds_pid" 2>/dev/null
reload >/dev/null
field_has c2 last_error "Couldn't connect to server" && ok "server down: update refused (GET /lists)" ||
    bad "c2 last_error with the server down" "$(list_field c2 last_error)"
answer_is third-c2.wild.ok.test NXDOMAIN 15
kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null
start_daemon || bad "dns4eud did not start again"
q third-c2.wild.ok.test
check "restarted with the server down: served from the file at once" "NXDOMAIN EDE 15" "$(rcode) EDE $(ede)"
q nx.wild.ok.test
check "restarted: the RPZ feed too" "NXDOMAIN EDE 15" "$(rcode) EDE $(ede)"

# ---------------------------------------------------------------- secrets
api=$(lists; curl -s --max-time 5 "http://$D:8053/metrics")
for s in "$token" "$qkey"; do
    if grep -qF "$s" "$wd/dns4eud.log" || grep -qF "$s" <<<"$api"; then bad "a secret reached the log or the API: $s"
    else ok "secret ${s:0:8}... in neither the log nor the API"; fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
