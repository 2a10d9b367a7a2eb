#!/bin/bash
# End-to-end test of dns4eud's encrypted transports with real clients, in a
# private network namespace with the local test Internet (tests/internet):
# DoT (kdig +tls, dig +tls, gnutls-cli session resumption, dnsperf -m dot,
# RFC 8467 padding, RFC 7828 keepalive),
# DoH over HTTP/2 and HTTP/1.1 (kdig +https, dig +https, curl --doh-url
# loading a page from a web server whose name exists only in the test
# Internet, raw GET/POST with curl: Cache-Control, 400/404/405/413/415,
# dnsperf -m doh), hostile input (garbage instead of TLS, junk HTTP/2 frames,
# a stalled handshake, QUIC garbage), DoQ (kdig +quic), the per-client
# connection limit, PROXY protocol v2 behind haproxy, RFC 9462 discovery,
# headless Chromium in DoH secure mode loading a page, the TLS server name
# selecting a policy profile, client IDs in it (inline, and from a file changed
# while serving), a DoH path with a flavour of its own (paths[].flavour),
# certificate errors (missing file, mismatched key) and
# a SIGHUP certificate reload that keeps an open DoT connection answering.
# A test CA and server certificate are made at test time with certtool.
# Usage: tests/integration/transports/run.sh PATH/TO/dns4eud
# Prints "N passed, M failed"; exits 1 on any failure.
# Env: INET_KEEP=1 keeps the work directory (logs).
set -uo pipefail
# shellcheck source=../common.sh
. "$(dirname "$(readlink -f "$0")")/../common.sh" "$@"
for tool in kdig dig curl dnsperf certtool gnutls-cli haproxy chromium certutil python3; do
    command -v "$tool" >/dev/null || { echo "FAIL missing tool $tool (make deps)"; echo "0 passed, 1 failed"; exit 1; }
done

open_workdir transports

if ! "$inet/start.sh" "$wd" >"$wd/start.out" 2>&1; then
    cat "$wd/start.out"
    echo "FAIL start.sh (the test Internet did not start)"
    echo "0 passed, 1 failed"
    exit 1
fi
# shellcheck disable=SC1091
. "$wd/env"
# dnsperf's getaddrinfo(AI_ADDRCONFIG) ignores loopback addresses: with only the
# fixture's fd53:: addresses "configured" it maps 127.x to ::ffff:127.x, which
# fails. A non-loopback IPv4 address (TEST-NET-1) on this namespace's lo
# (nothing can leave it) makes IPv4 count as configured.
ip addr add 192.0.2.53/32 dev lo

# ---- test CA and server certificate (SAN dns.test + the daemon address) ----
D=127.53.100.10
WEB=127.53.200.1   # www.ok.test A in the test Internet: a web server listens there
LB=127.53.100.20   # haproxy, sending PROXY v2 headers to dns4eud
make_cert() {  # make_cert NAME CN — for dns.test, every client ID of org.dns.test and the daemon's address
    printf 'cn = "%s"\ndns_name = "dns.test"\ndns_name = "*.org.dns.test"\nip_address = "%s"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' \
        "$2" "$D" >"$wd/$1.tmpl"
    certtool --generate-privkey --key-type=ecdsa --outfile "$wd/$1.key" 2>/dev/null &&
        certtool --generate-certificate --load-privkey "$wd/$1.key" --load-ca-certificate "$wd/ca.pem" \
            --load-ca-privkey "$wd/ca.key" --template "$wd/$1.tmpl" --outfile "$wd/$1.pem" 2>/dev/null
}
printf 'cn = "dns4eu test CA"\nca\ncert_signing_key\nexpiration_days = 2\n' >"$wd/ca.tmpl"
certtool --generate-privkey --key-type=ecdsa --outfile "$wd/ca.key" 2>/dev/null
certtool --generate-self-signed --load-privkey "$wd/ca.key" --template "$wd/ca.tmpl" --outfile "$wd/ca.pem" 2>/dev/null
make_cert srv "dns4eu first" && make_cert other "dns4eu other" || { echo "FAIL certtool"; exit 1; }
# A certificate for protective.dns.test alone, served by SNI (tls.by_name).
printf 'cn = "dns4eu protective"\ndns_name = "protective.dns.test"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >"$wd/prot.tmpl"
certtool --generate-privkey --key-type=ecdsa --outfile "$wd/prot.key" 2>/dev/null &&
    certtool --generate-certificate --load-privkey "$wd/prot.key" --load-ca-certificate "$wd/ca.pem" \
        --load-ca-privkey "$wd/ca.key" --template "$wd/prot.tmpl" --outfile "$wd/prot.pem" 2>/dev/null ||
    { echo "FAIL certtool (prot)"; exit 1; }
cp "$wd/srv.pem" "$wd/live.pem"
cp "$wd/srv.key" "$wd/live.key"
CA="$wd/ca.pem"

echo "www.ok.test" >"$wd/blocked.txt"
printf '# more IDs of org.dns.test: ID PROFILE\nbank-42 protective\n' >"$wd/org-ids.txt"
write_config() {  # write_config FILE CERT KEY
    cat >"$1" <<YAML
server:
  workers: 2
listeners:
  - {address: $D, transport: udp}
  - {address: $D, transport: dot, tls: {certificate: $2, key: $3, by_name: [{certificate: $wd/prot.pem, key: $wd/prot.key}]}}
  - address: $D
    transport: doh
    tls: {certificate: $2, key: $3, by_name: [{certificate: $wd/prot.pem, key: $wd/prot.key}]}
    paths: [/dns-query, /family, {path: /protective, flavour: protective}]
  - {address: $D, transport: doq, tls: {certificate: $2, key: $3}}
  - {address: $D, port: 8053, transport: tcp, proxy_protocol: [$LB/32]}
  - {address: $D, port: 8853, transport: dot, tls: {certificate: $2, key: $3}, proxy_protocol: [$LB/32]}
access:
  allow: [127.0.0.0/8]
  refuse: [127.53.77.66/32]
upstream:
  allow_loopback_servers: true
  allow_private_servers: true
resolver:
  root_hints: $INET_ROOT_HINTS
dnssec:   # the test Internet's own signed root (www.ok.test is insecure)
  trust_anchor_file: $(dirname "$INET_ROOT_HINTS")/root.key
tcp:
  max_connections_per_client: 8
discovery:
  name: dns.test
policy:   # the TLS server name protective.dns.test selects a filtering profile
  watch_interval: 1s
  lists:
    blocked: {file: $wd/blocked.txt, format: domains, category: malware}
  profiles:
    protective: {lists: [blocked]}
  server_names:
    protective.dns.test: protective
  client_ids:   # an organisation's devices use ministry-7f3a.org.dns.test
    org.dns.test: {ministry-7f3a: protective}
  client_id_files:   # and the IDs of this file (reloaded when it changes)
    org.dns.test: $wd/org-ids.txt
management: {address: $D, port: 8080}
local_zones:
  test.: transparent
logging:
  level: info
YAML
}

# ---- certificate errors: clear message, no start ----------------------------
write_config "$wd/mismatch.yaml" "$wd/srv.pem" "$wd/other.key"
out=$("$daemon" --config "$wd/mismatch.yaml" 2>&1 </dev/null); rc=$?
[ "$rc" -ne 0 ] && check "mismatched key refused" "other.key: the key does not match the certificate in" "$out" ||
    bad "mismatched key refused" "exit $rc"
write_config "$wd/missing.yaml" "$wd/absent.pem" "$wd/srv.key"
out=$("$daemon" --config "$wd/missing.yaml" 2>&1 </dev/null); rc=$?
[ "$rc" -ne 0 ] && check "missing certificate refused" "absent.pem: cannot read the certificate file" "$out" ||
    bad "missing certificate refused" "exit $rc"

# ---- the daemon -------------------------------------------------------------
write_config "$wd/d.yaml" "$wd/live.pem" "$wd/live.key"
"$daemon" --config "$wd/d.yaml" >"$wd/dns4eud.log" 2>&1 &
dpid=$!
pids+=("$dpid")
for _ in $(seq 1 50); do
    kdig @$D www.ok.test A +short +timeout=1 +retry=0 2>/dev/null | grep -q . && break
    sleep 0.2
done
python3 -m http.server 80 --bind $WEB --directory "$here/www" >"$wd/http.log" 2>&1 &
pids+=("$!")

W4=127.53.200.1
TLS="+tls-ca=$CA +tls-hostname=dns.test +timeout=5 +retry=0"

# ---- DoT ----------------------------------------------------------------------
check "kdig +tls A" "$W4" "$(kdig @$D -p 853 $TLS +short www.ok.test A 2>&1)"
check "kdig +tls AAAA" "fd53::200:1" "$(kdig @$D -p 853 $TLS +short www.ok.test AAAA 2>&1)"
check "kdig +tls TLS 1.3" "TLS1.3" "$(kdig @$D -p 853 $TLS www.ok.test A 2>&1)"
check "kdig +tls NXDOMAIN" "NXDOMAIN" "$(kdig @$D -p 853 $TLS nx.ok.test A 2>&1)"
check "kdig +tls big TXT over DoT" "ANSWER: 1" "$(kdig @$D -p 853 $TLS big.ok.test TXT 2>&1)"
check "dig +tls" "$W4" "$(dig @$D -p 853 +tls +tls-ca=$CA +tls-hostname=dns.test +short www.ok.test A 2>&1)"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" --resume -p 853 $D --sni-hostname dns.test --verify-hostname dns.test </dev/null 2>&1)
check "gnutls-cli session resumption (ticket)" "This is a resumed session" "$out"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' -p 853 $D \
    --verify-hostname dns.test </dev/null 2>&1)
check "TLS 1.2 accepted" "(TLS1.2-" "$out"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.1' -p 853 $D \
    --verify-hostname dns.test </dev/null 2>&1)
[[ "$out" != *"Handshake was completed"* ]] && ok "TLS 1.1 refused" || bad "TLS 1.1 refused" "handshake completed"
check "DoT answer padded to 468 octets (RFC 8467)" "Received 468 B" "$(kdig @$D -p 853 $TLS +padding www.ok.test A 2>&1)"
check "DoT announces edns-tcp-keepalive (RFC 7828)" "TCP KEEPALIVE: 10.0 secs" \
    "$(dig @$D -p 853 +tls +tls-ca=$CA +tls-hostname=dns.test +keepalive www.ok.test A 2>&1)"
out=$(kdig @$D +edns www.ok.test A 2>&1)
[[ "$out" != *PADDING* ]] && ok "Do53/UDP answer not padded" || bad "Do53/UDP answer not padded" "$out"
# ---- the TLS server name selects the policy profile (policy.server_names) ------------------
PTLS="+tls-ca=$CA +tls-hostname=protective.dns.test +timeout=5 +retry=0"
out=$(kdig @$D -p 853 $PTLS www.ok.test A 2>&1)
check "DoT with SNI protective.dns.test: blocked (NXDOMAIN)" "status: NXDOMAIN" "$out"
check "DoT with SNI protective.dns.test: EDE 15 (Blocked)" "EDE: 15 (Blocked)" "$out"
check "DoT with SNI dns.test: the same name answered" "$W4" "$(kdig @$D -p 853 $TLS +short www.ok.test A 2>&1)"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" -p 853 $D --sni-hostname protective.dns.test \
    --verify-hostname protective.dns.test </dev/null 2>&1)
check "SNI protective.dns.test gets its own certificate (tls.by_name)" "CN=dns4eu protective" "$(grep -m1 subject <<<"$out")"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" -p 443 $D --alpn h2 --sni-hostname dns.test \
    --verify-hostname dns.test </dev/null 2>&1)
check "SNI dns.test gets the listener's first certificate (DoH)" "CN=dns4eu first" "$(grep -m1 subject <<<"$out")"
check "DoH with SNI protective.dns.test: blocked" "status: NXDOMAIN" "$(kdig @$D -p 443 +https $PTLS www.ok.test A 2>&1)"
check "DoT with SNI protective.dns.test: other names answered" "mail.ok.test." \
    "$(kdig @$D -p 853 $PTLS +short ok.test MX 2>&1)"
# ---- a client ID in the TLS server name (policy.client_ids) ----------------------------------
OTLS="+tls-ca=$CA +tls-hostname=ministry-7f3a.org.dns.test +timeout=5 +retry=0"
out=$(kdig @$D -p 853 $OTLS www.ok.test A 2>&1)
check "DoT with client ID ministry-7f3a: blocked (NXDOMAIN)" "status: NXDOMAIN" "$out"
check "DoT with client ID ministry-7f3a: EDE 15 (Blocked)" "EDE: 15 (Blocked)" "$out"
check "DoH with client ID ministry-7f3a: blocked" "status: NXDOMAIN" "$(kdig @$D -p 443 +https $OTLS www.ok.test A 2>&1)"
# kdig 3.2 crashes verifying certificates over QUIC (see DoQ below): the SNI alone here (+quic after
# +tls-sni, which otherwise turns the query into DoT).
check "DoQ with client ID ministry-7f3a: blocked" "status: NXDOMAIN" \
    "$(kdig @$D -p 853 +tls-sni=ministry-7f3a.org.dns.test +quic +timeout=5 +retry=0 www.ok.test A 2>&1)"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" -p 853 $D --sni-hostname ministry-7f3a.org.dns.test \
    --verify-hostname ministry-7f3a.org.dns.test </dev/null 2>&1)
check "a client ID's server name: the first certificate (*.org.dns.test), verified" "Handshake was completed" "$out"
check "a client ID's server name: the first certificate (*.org.dns.test)" "CN=dns4eu first" "$(grep -m1 subject <<<"$out")"
unknown_ids() { curl -s "http://$D:8080/metrics" | awk '/^dns4eu_policy_unknown_client_ids_total /{print $2}'; }
n=$(unknown_ids); [ "$n" = 0 ] && ok "no unknown client ID counted yet" || bad "no unknown client ID counted yet" "'$n'"
UTLS="+tls-ca=$CA +tls-hostname=nobody.org.dns.test +timeout=5 +retry=0"
check "DoT with an unknown client ID: the listener's flavour (answered)" "$W4" \
    "$(kdig @$D -p 853 $UTLS +short www.ok.test A 2>&1)"
n=$(unknown_ids); [ "$n" = 1 ] && ok "the unknown client ID counted (dns4eu_policy_unknown_client_ids_total)" ||
    bad "the unknown client ID counted (dns4eu_policy_unknown_client_ids_total)" "'$n'"
# ---- client IDs from a file (policy.client_id_files), changed while serving --------------------
BTLS="+tls-ca=$CA +tls-hostname=bank-42.org.dns.test +timeout=5 +retry=0"
check "DoT with client ID bank-42 (from the file): blocked" "status: NXDOMAIN" "$(kdig @$D -p 853 $BTLS www.ok.test A 2>&1)"
reloads() { grep -c "policy lists reloaded" "$wd/dns4eud.log"; }
wait_reload() { for _ in $(seq 300); do [ "$(reloads)" -gt "$1" ] && return 0; sleep 0.2; done; return 1; }
before=$(reloads)
printf 'bank-42 protective\nbank-43 kids\n' >"$wd/org-ids.txt"   # no profile 'kids': refused
wait_reload "$before"
check "a client ID file naming an unknown profile: refused with file:line" \
    "client ID file 'org.dns.test' refused, the previous version keeps serving: $wd/org-ids.txt:2: no profile named 'kids'" \
    "$(cat "$wd/dns4eud.log")"
check "the previous IDs keep serving: bank-42 still blocked" "status: NXDOMAIN" "$(kdig @$D -p 853 $BTLS www.ok.test A 2>&1)"
before=$(reloads)
printf 'bank-42 plain\n' >"$wd/org-ids.txt"
wait_reload "$before"
check "the fixed file: bank-42 now plain (answered)" "$W4" "$(kdig @$D -p 853 $BTLS +short www.ok.test A 2>&1)"
n=$(unknown_ids); [ "$n" = 1 ] && ok "IDs from the file are known (the unknown count unchanged)" ||
    bad "IDs from the file are known (the unknown count unchanged)" "'$n'"

printf 'www.ok.test A\nwww.ok.test AAAA\nok.test MX\nalias.ok.test A\n' >"$wd/queries"
out=$(timeout 60 dnsperf -s $D -p 853 -m dot -d "$wd/queries" -n 50 -c 2 -q 20 2>&1)
check "dnsperf -m dot: all completed (pipelined, 20 outstanding)" "Queries lost:         0 (0.00%)" "$out"
check "dnsperf -m dot: answers" "NOERROR 200 (100.00%)" "$out"
check "dnsperf -m dot: one connection per client kept" "Reconnections:        0" "$out"

# ---- DoH ----------------------------------------------------------------------
check "kdig +https (POST, HTTP/2)" "$W4" "$(kdig @$D -p 443 +https $TLS +short www.ok.test A 2>&1)"
check "kdig +https-get" "$W4" "$(kdig @$D -p 443 +https-get $TLS +short www.ok.test A 2>&1)"
check "kdig +https=/family" "$W4" "$(kdig @$D -p 443 +https=/family $TLS +short www.ok.test A 2>&1)"
# A DoH path with a flavour of its own (paths[].flavour) refines the listener's.
out=$(kdig @$D -p 443 +https=/protective $TLS www.ok.test A 2>&1)
check "DoH path /protective (flavour protective): blocked" "status: NXDOMAIN" "$out"
check "DoH path /protective: EDE 15 (Blocked)" "EDE: 15 (Blocked)" "$out"
code=$(curl -s --max-time 10 --cacert "$CA" --resolve "dns.test:443:$D" --http1.1 -o "$wd/p.bin" -w '%{http_code}' \
    "https://dns.test/protective?dns=$(python3 "$here/clients.py" query-b64 www.ok.test)")
rcode=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read()[3] & 15)' "$wd/p.bin" 2>&1)
check "DoH path /protective over HTTP/1.1 (curl): 200, rcode 3 (NXDOMAIN)" "200 3" "$code $rcode"
check "DoH answer padded to 468 octets" "Received 468 B" "$(kdig @$D -p 443 +https $TLS www.ok.test A 2>&1)"
check "dig +https" "$W4" "$(dig @$D -p 443 +https +tls-ca=$CA +tls-hostname=dns.test +short www.ok.test A 2>&1)"
check "dig +https-get" "fd53::200:1" \
    "$(dig @$D -p 443 +https-get +tls-ca=$CA +tls-hostname=dns.test +short www.ok.test AAAA 2>&1)"
CURL=(curl -s --max-time 10 --cacert "$CA" --resolve "dns.test:443:$D")
out=$("${CURL[@]}" --doh-url https://dns.test/dns-query http://www.ok.test/ 2>&1)
check "curl --doh-url loads a page of the test Internet" "dns4eu transports test page" "$out"
q=$(python3 "$here/clients.py" query-b64 www.ok.test)
python3 "$here/clients.py" query-bin www.ok.test >"$wd/q.bin"
for v in --http2 --http1.1; do
    out=$("${CURL[@]}" $v -i "https://dns.test/dns-query?dns=$q" | tr -d '\r\0')
    check "curl $v GET: 200 + dns-message" "content-type: application/dns-message" "${out,,}"
    check "curl $v GET: Cache-Control from the TTL" "cache-control: max-age=" "${out,,}"
    code=$("${CURL[@]}" $v -o "$wd/a.bin" -w '%{http_code}' -H 'content-type: application/dns-message' \
        --data-binary @"$wd/q.bin" https://dns.test/dns-query)
    check "curl $v POST: 200" "200" "$code"
    check "curl $v POST: the answer" "$(printf '\x7f\x35\xc8\x01' | od -An -tx1)" "$(od -An -tx1 "$wd/a.bin" | tr -d '\n')"
    codes=""
    codes+=$("${CURL[@]}" $v -o /dev/null -w '%{http_code} ' "https://dns.test/dns-query?dns=!!!")
    codes+=$("${CURL[@]}" $v -o /dev/null -w '%{http_code} ' "https://dns.test/dns-query")
    codes+=$("${CURL[@]}" $v -o /dev/null -w '%{http_code} ' "https://dns.test/elsewhere?dns=$q")
    codes+=$("${CURL[@]}" $v -o /dev/null -w '%{http_code} ' -X DELETE "https://dns.test/dns-query")
    head -c 70000 /dev/zero >"$wd/big.bin"
    codes+=$("${CURL[@]}" $v -o /dev/null -w '%{http_code} ' -H 'content-type: application/dns-message' \
        --data-binary @"$wd/big.bin" https://dns.test/dns-query)
    codes+=$("${CURL[@]}" $v -o /dev/null -w '%{http_code}' -H 'content-type: text/plain' \
        --data-binary @"$wd/q.bin" https://dns.test/dns-query)
    check "curl $v errors: bad base64, no dns, bad path, DELETE, 70000 octets, text/plain" \
        "400 400 404 405 413 415" "$codes"
done
out=$(timeout 60 dnsperf -s $D -p 443 -m doh -O doh-uri=https://dns.test/dns-query -O doh-method=POST \
    -d "$wd/queries" -n 50 -c 2 2>&1)
check "dnsperf -m doh (POST)" "NOERROR 200 (100.00%)" "$out"
out=$(timeout 60 dnsperf -s $D -p 443 -m doh -O doh-uri=https://dns.test/dns-query -O doh-method=GET \
    -d "$wd/queries" -n 50 -c 2 2>&1)
check "dnsperf -m doh (GET)" "NOERROR 200 (100.00%)" "$out"

# ---- DoQ ------------------------------------------------------------------------
# kdig 3.2 (Debian 12) crashes in its own certificate check over QUIC (with any
# of +tls-ca, +tls-hostname, +tls-pin), so DoQ is checked without verification.
check "kdig +quic A" "$W4" "$(kdig @$D -p 853 +quic +timeout=5 +retry=0 +short www.ok.test A 2>&1)"
check "kdig +quic AAAA" "fd53::200:1" "$(kdig @$D -p 853 +quic +timeout=5 +retry=0 +short www.ok.test AAAA 2>&1)"
out=$(kdig @$D -p 853 +quic +timeout=5 +retry=0 alias.ok.test A 2>&1)
check "kdig +quic: QUIC v1, TLS 1.3" "(QUICv1)-(TLS1.3)" "$out"
check "kdig +quic: message ID 0 (RFC 9250)" "id: 0" "$out"
check "kdig +quic: CNAME chain" "ANSWER: 2" "$out"
check "kdig +quic: padded" "Received 468 B" "$out"
check "QUIC garbage sent" "sent" "$(python3 "$here/clients.py" garbage-udp $D 853)"
check "DoQ still answering after QUIC garbage" "$W4" "$(kdig @$D -p 853 +quic +timeout=5 +retry=0 +short www.ok.test A 2>&1)"

# ---- RFC 9462 discovery: _dns.resolver.arpa SVCB over Do53 -------------------------------
out=$(kdig @$D _dns.resolver.arpa SVCB +timeout=5 +retry=0 2>&1)
check "DDR: DoT endpoint advertised" "dns.test. alpn=dot port=853 ipv4hint=$D" "$out"
check "DDR: DoH endpoint with its path" 'alpn=h2,http/1.1 port=443 ipv4hint='"$D"' key7="/dns-query{?dns}"' "$out"
check "DDR: DoQ endpoint advertised" "dns.test. alpn=doq port=853 ipv4hint=$D" "$out"
check "DDR: authoritative local answer" "qr aa rd ra" "$out"
check "DDR: other types NODATA" "ANSWER: 0" "$(kdig @$D _dns.resolver.arpa A +timeout=5 +retry=0 2>&1)"
check "DDR: dig reads it" 'alpn="doq"' "$(dig @$D _dns.resolver.arpa SVCB +short 2>&1)"

# ---- hostile input ---------------------------------------------------------------
check "garbage instead of a TLS ClientHello (DoT): closed" "closed" "$(python3 "$here/clients.py" garbage-tcp $D 853)"
check "garbage instead of a TLS ClientHello (DoH): closed" "closed" "$(python3 "$here/clients.py" garbage-tcp $D 443)"
check "junk HTTP/2 frames: closed" "closed" "$(python3 "$here/clients.py" garbage-h2 $D 443 "$CA")"
check "stalled handshake: closed by the handshake timeout" "closed" "$(python3 "$here/clients.py" stall $D 853)"
check "still answering after hostile input" "$W4" "$(kdig @$D -p 853 $TLS +short www.ok.test A 2>&1)"

# ---- connections per client (tcp.max_connections_per_client: 8) -----------------------
mkfifo "$wd/go8"
python3 "$here/clients.py" hold-many $D 853 "$CA" 8 "$wd/go8" >"$wd/hold8.out" 2>&1 &
hold8=$!
for _ in $(seq 1 100); do grep -qs held "$wd/hold8.out" && break; sleep 0.1; done
check "8 DoT connections held by one client" "held 8" "$(cat "$wd/hold8.out")"
out=$(kdig @$D -p 853 $TLS +short www.ok.test A 2>&1)
[[ "$out" != *"$W4"* ]] && ok "9th connection of that client refused" || bad "9th connection of that client refused" "$out"
check "another client address still served" "$W4" "$(kdig @$D -p 853 $TLS -b 127.53.100.99 +short www.ok.test A 2>&1)"
echo go >"$wd/go8"
wait "$hold8"
out=""
for _ in $(seq 1 150); do  # the server accounts the 8 closed connections (15 s at most)
    out=$(kdig @$D -p 853 $TLS +short www.ok.test A 2>&1)
    [[ "$out" == *"$W4"* ]] && break
    sleep 0.1
done
check "served again once its connections closed" "$W4" "$out"

# ---- PROXY protocol v2 behind a real load balancer (haproxy, send-proxy-v2) ---------------
cat >"$wd/haproxy.cfg" <<CFG
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend fe_tcp
  bind $LB:53
  default_backend be_tcp
frontend fe_dot
  bind $LB:853
  default_backend be_dot
backend be_tcp
  server d $D:8053 send-proxy-v2 source $LB
backend be_dot
  server d $D:8853 send-proxy-v2 source $LB
CFG
haproxy -db -f "$wd/haproxy.cfg" >"$wd/haproxy.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 50); do kdig @$LB +tcp +timeout=1 +retry=0 www.ok.test A >/dev/null 2>&1 && break; sleep 0.1; done
check "TCP via haproxy: answered for the real client" "NOERROR" "$(kdig -b 127.53.77.5 @$LB +tcp +timeout=5 +retry=0 www.ok.test A 2>&1)"
check "TCP via haproxy: the ACL sees the real client (refused)" "REFUSED" \
    "$(kdig -b 127.53.77.66 @$LB +tcp +timeout=5 +retry=0 www.ok.test A 2>&1)"
check "DoT via haproxy: answered for the real client" "$W4" "$(kdig -b 127.53.77.5 @$LB -p 853 $TLS +short www.ok.test A 2>&1)"
check "DoT via haproxy: the ACL sees the real client (refused)" "REFUSED" \
    "$(kdig -b 127.53.77.66 @$LB -p 853 $TLS www.ok.test A 2>&1)"
check "PROXY listener still serves clients that are not balancers" "$W4" \
    "$(kdig @$D -p 8053 +tcp +timeout=5 +retry=0 +short www.ok.test A 2>&1)"
check "balancer connection without a PROXY header: closed" "closed" "$(python3 "$here/clients.py" noproxy $LB $D 8053)"

# ---- SIGHUP: new certificate, open connection keeps working -------------------------
mkfifo "$wd/go"
python3 "$here/clients.py" hold $D 853 "$CA" www.ok.test "$wd/go" >"$wd/hold.out" 2>&1 &
hold=$!
for _ in $(seq 1 50); do grep -qs first "$wd/hold.out" && break; sleep 0.1; done
cp "$wd/other.pem" "$wd/live.pem"
cp "$wd/other.key" "$wd/live.key"
kill -HUP "$dpid"
for _ in $(seq 1 600); do grep -q "reload done" "$wd/dns4eud.log" && break; sleep 0.1; done
grep -q "reload done" "$wd/dns4eud.log" && ok "certificate reload done" || bad "certificate reload done" "$(tail -5 "$wd/dns4eud.log")"
echo go >"$wd/go"
wait "$hold"
check "connection opened before the reload still answers" "second rcode=0 answers=1" "$(cat "$wd/hold.out")"
out=$(timeout 20 gnutls-cli --x509cafile="$CA" -p 853 $D --verify-hostname dns.test </dev/null 2>&1)
check "new handshakes use the reloaded certificate" "dns4eu other" "$out"
# ---- a real browser: headless Chromium in DoH secure mode -----------------------------------
# Policy (DnsOverHttpsMode secure: no fallback to the system resolver, which is
# unreachable in this namespace anyway) from a private /etc/chromium bind-mounted
# in a mount namespace of its own; the test CA trusted through an NSS database
# in a private HOME; dns.test mapped to the daemon's address.
cdir="$wd/chromium"
mkdir -p "$cdir/etc/policies/managed" "$cdir/home/.pki/nssdb" "$cdir/profile"
printf '{"DnsOverHttpsMode": "secure", "DnsOverHttpsTemplates": "https://dns.test/dns-query{?dns}"}\n' \
    >"$cdir/etc/policies/managed/dns4eu-doh.json"
certutil -d "sql:$cdir/home/.pki/nssdb" -N --empty-password
certutil -d "sql:$cdir/home/.pki/nssdb" -A -t "C,," -n dns4eu-test-ca -i "$CA"
before=$(grep -c '"GET / HTTP' "$wd/http.log")
out=$(unshare --mount bash -c 'mount --bind "$1/etc" /etc/chromium && HOME="$1/home" timeout 90 chromium --headless \
    --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$1/profile" --host-resolver-rules="MAP dns.test $2" \
    --dump-dom http://www.ok.test/' _ "$cdir" "$D" 2>"$cdir/stderr")
check "Chromium (DoH secure mode) loads a page whose name only dns4eud resolves" "dns4eu transports test page" "$out"
after=$(grep -c '"GET / HTTP' "$wd/http.log")
[ "$after" -gt "$before" ] && ok "the web server saw Chromium's request" || bad "the web server saw Chromium's request" "$(tail -5 "$cdir/stderr")"
# Control: without the DoH policy the same browser cannot resolve the name (the
# namespace's system resolver is unreachable), so the page above came through dns4eud.
mkdir -p "$cdir/etc-none" "$cdir/profile-none"
out=$(unshare --mount bash -c 'mount --bind "$1/etc-none" /etc/chromium && HOME="$1/home" timeout 90 chromium --headless \
    --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$1/profile-none" --dump-dom http://www.ok.test/' _ "$cdir" 2>>"$cdir/stderr")
[[ "$out" != *"dns4eu transports test page"* ]] && ok "control: no page without the DoH policy" ||
    bad "control: no page without the DoH policy" "the page loaded without DoH"

kill -0 "$dpid" 2>/dev/null && ok "daemon alive at the end" || bad "daemon alive at the end"
# Stop it (drain, exit, leak check when built with sanitizers) and read its log.
kill -TERM "$dpid"
wait "$dpid"
check "daemon drained and exited" "draining and exiting" "$(cat "$wd/dns4eud.log")"
san=$(grep -E "ERROR: AddressSanitizer|runtime error:|LeakSanitizer" "$wd/dns4eud.log" | head -3)
[ -z "$san" ] && ok "no sanitizer report in dns4eud's log" || bad "no sanitizer report in dns4eud's log" "$san"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
