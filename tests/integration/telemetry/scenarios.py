#!/usr/bin/env python3
"""The scenarios of the telemetry end-to-end test (run by run.sh, inside the
network namespace, with the test Internet running).

Starts dns4eud instances (config, log and outputs in WORKDIR/<name>/):
  pub  127.53.100.2 + ::1, profile public: metrics (promtool), API, dns4eu-ctl,
       query log (JSON schema), dnstap (dnstap-ldns), and the privacy search
  gov  127.53.100.3, profile government: addresses logged, gone after retention
  tel  127.53.100.4, profile telco: pseudonymised addresses
Prints "ok"/"FAIL" per assertion and "N passed, M failed"; exits 1 on failure.
"""
import argparse
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

PUB, GOV, TEL = "127.53.100.2", "127.53.100.3", "127.53.100.4"
TOKEN = "integration-test-token-0123456789"
PUB_CLIENTS = ["127.63.77.99", "127.63.77.98", "fd63::77:99"]
PUB_UNKNOWN_AS = "127.63.88.1"  # a client in no AS of the test database
HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_MMDB = os.path.join(HERE, "..", "..", "data", "make-asn-mmdb.pl")
GOV_CLIENTS = ["127.63.88.1", "fd63::88:1"]
TEL_CLIENT = "127.63.99.1"
passed = failed = 0


def ok(what):
    global passed
    passed += 1
    print("ok   " + what, flush=True)


def bad(what):
    global failed
    failed += 1
    print("FAIL " + what, flush=True)


def check(what, cond, detail=""):
    if cond:
        ok(what)
    else:
        bad(what + (": " + str(detail)[:1500] if detail else ""))
    return cond


TLS_ARGS = []  # set in main(): +tls-ca=WORKDIR/ca.pem +tls-hostname=dns.test


def kdig(server, name, qtype="A", src=None, tcp=False):
    """Returns the status word (NOERROR, NXDOMAIN...) or None. Queries carry
    EDNS (for EDEs). `tcp` may also be "dot", "doh" or "doq"."""
    args = ["kdig", "@" + server, name, qtype, "+time=20", "+retry=1", "+edns"]
    if src:
        args += ["-b", src]
    if tcp is True:
        args.append("+tcp")
    elif tcp:
        port, flag = {"dot": ("853", "+tls"), "doh": ("443", "+https"), "doq": ("853", "+quic")}[tcp]
        args += ["-p", port, flag] + TLS_ARGS
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=60).stdout
    except subprocess.TimeoutExpired:
        return None
    m = re.search(r"status: ([A-Z]{4,})", out)  # not DoH's ";; HTTP status: 200"
    if not m and os.environ.get("TELEMETRY_DEBUG"):
        print("kdig %s:\n%s" % (" ".join(args), out), flush=True)
    return m.group(1) if m else None


def http(method, url, token=None):
    """(status, body text)."""
    req = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    if token is not None:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()
    except (urllib.error.URLError, OSError) as e:
        return None, str(e)


class Daemon:
    def __init__(self, binary, wd, name, addr):
        self.binary, self.name, self.addr = binary, name, addr
        self.dir = os.path.join(wd, name)
        os.makedirs(self.dir, exist_ok=True)
        self.conf = os.path.join(self.dir, "dns4eud.yaml")
        self.logpath = os.path.join(self.dir, "daemon.log")
        self.proc = None

    def start(self, text):
        with open(self.conf, "w") as f:
            f.write(text)
        self.log = open(self.logpath, "w")
        self.proc = subprocess.Popen([self.binary, "--config", self.conf], stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                return check("%s: dns4eud started" % self.name, False, self.log_text()[-1500:])
            if kdig(self.addr, "localhost.", src="127.0.0.1") == "NOERROR":
                return check("%s: dns4eud started and answers" % self.name, True)
            time.sleep(0.2)
        return check("%s: dns4eud started" % self.name, False, "no answer within 60 s")

    def log_text(self):
        with open(self.logpath, errors="replace") as f:
            return f.read()

    def stop(self):
        """SIGTERM; the exit status, or None when it had to be killed or a
        sanitizer reported anything in its log (ASan/UBSan builds)."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            status = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            status = None
        finally:
            self.log.close()
        if re.search(r"runtime error|AddressSanitizer|LeakSanitizer", self.log_text()):
            bad("%s: sanitizer report in %s" % (self.name, self.logpath))
            return None
        return status


def config(d, hints, profile, listeners, tail, encrypted=None):
    lines = ["# written by tests/integration/telemetry/scenarios.py",
             "server: {workers: 2, profile: %s}" % profile, "listeners:"]
    for addr, flavour in listeners:
        for t in ("udp", "tcp"):
            lines.append('  - {address: "%s", port: 53, transport: %s, flavour: %s}' % (addr, t, flavour))
    if encrypted:  # (address, workdir with srv.pem/srv.key)
        addr, wd = encrypted
        for t in ("dot", "doh", "doq"):
            lines.append('  - {address: "%s", transport: %s, tls: {certificate: %s/srv.pem, key: %s/srv.key}}' %
                         (addr, t, wd, wd))
    lines += ['access: {allow: ["127.0.0.0/8", "::1/128", "fd63::/16"]}',
              "upstream: {allow_loopback_servers: true, allow_private_servers: true}",
              "resolver: {root_hints: %s}" % hints,
              "dnssec: {trust_anchor_file: %s}   # the fixture's signed root" %
              os.path.join(os.path.dirname(hints), "root.key"),
              "local_zones: {test.: transparent, blocked.ok.test.: refuse}",
              "logging: {level: debug}"]
    return "\n".join(lines) + "\n" + tail


# ------------------------------------------------------------------ privacy search
def forms(addr):
    """Every text and binary form of an address that an output could hold."""
    ip = ipaddress.ip_address(addr)
    out = {str(ip).encode(): "text", ip.packed: "binary"}
    if ip.version == 4:
        out[".".join(reversed(str(ip).split("."))).encode()] = "reversed text"
    else:
        out[ip.exploded.encode()] = "exploded text"
        out[ip.exploded.replace(":", "").encode()] = "hex"
    return out


def leaks(blobs, addrs):
    """[(where, addr, form)] for every occurrence."""
    found = []
    for where, data in blobs.items():
        for a in addrs:
            for pattern, kind in forms(a).items():
                if pattern in data:
                    found.append((where, a, kind))
    return found


def files_under(d):
    blobs = {}
    for root, _, names in os.walk(d):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                blobs[p] = f.read()
    return blobs


# ------------------------------------------------------------------ public
QUERY_LOG_SCHEMA = {"time": str, "profile": str, "flavour": str, "transport": str, "rcode": str,
                    "flags": list, "latency_us": int, "cache": str, "cache_hit": bool}


def check_schema(lines):
    problems = []
    for i, line in enumerate(lines):
        try:
            j = json.loads(line)
        except ValueError as e:
            problems.append("line %d: not JSON: %s" % (i + 1, e))
            continue
        for key, typ in QUERY_LOG_SCHEMA.items():
            if not isinstance(j.get(key), typ):
                problems.append("line %d: %s missing or not %s" % (i + 1, key, typ.__name__))
        if "qname" in j and not isinstance(j.get("qtype"), str):
            problems.append("line %d: qname without qtype" % (i + 1))
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", j.get("time", "")):
            problems.append("line %d: time %r" % (i + 1, j.get("time")))
        if "ede" in j and not all(isinstance(x, int) for x in j["ede"]):
            problems.append("line %d: ede" % (i + 1))
    return problems


def metric(page, name, labels=None):
    """Sum of the samples of `name` whose labels include `labels`."""
    total = 0.0
    for line in page.splitlines():
        m = re.match(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$", line)
        if not m or m.group(1) != name:
            continue
        have = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if all(have.get(k) == v for k, v in (labels or {}).items()):
            total += float(m.group(3))
    return total


def public_scenario(args, hints):
    d = Daemon(args.daemon, args.workdir, "pub", PUB)
    base = "http://%s:8053" % PUB
    with open(os.path.join(d.dir, "malware.txt"), "w") as f:
        f.write("www.new.test\n")
    with open(os.path.join(d.dir, "trial.txt"), "w") as f:  # a dry run (action log) on the protective flavour
        f.write("mail.ok.test\n")
    # The source AS database (an operator's input, kept outside the daemon's output directory).
    asn_db = os.path.join(args.workdir, "asn.mmdb")

    def write_asn_db(v4_as):
        tmp = asn_db + ".new"
        r = subprocess.run(["perl", MAKE_MMDB, tmp, "127.63.77.0/24=%d" % v4_as, "fd63::77:0/112=64513"],
                           capture_output=True, text=True, timeout=60)
        check("pub: test AS database written (libmaxmind-db-writer-perl, AS%d)" % v4_as, r.returncode == 0,
              r.stdout + r.stderr)
        os.replace(tmp, asn_db)

    write_asn_db(64512)
    tail = ("policy:\n"
            "  lists: {malware: {file: %s/malware.txt, format: domains, category: malware},\n" % d.dir +
            "          trial: {file: %s/trial.txt, format: domains, category: phishing}}\n" % d.dir +
            "  profiles: {protective: {lists: [{list: trial, action: log}, malware]}}\n" +
            "management: {address: %s, port: 8053, token: %s}\n" % (PUB, TOKEN) +
            "query_log: {path: %s/queries.jsonl, max_size: 64KiB, asn_database: %s}\n" % (d.dir, asn_db) +
            "dnstap: {file: %s/dnstap.fstrm, client_query: true, resolver_query: true, resolver_response: true}\n" % d.dir)
    if not d.start(config(d, hints, "public", [(PUB, "plain"), ("::1", "protective")], tail,
                          encrypted=(PUB, args.workdir))):
        return
    outputs = {}
    # Mixed traffic from distinctive addresses, over UDP and TCP, v4 and v6.
    traffic = [(PUB, "www.ok.test.", "A", PUB_CLIENTS[0], False, "NOERROR"),
               (PUB, "www.ok.test.", "A", PUB_CLIENTS[1], False, "NOERROR"),   # RRset cache
               (PUB, "www.ok.test.", "A", PUB_CLIENTS[0], False, "NOERROR"),   # answer cache
               (PUB, "nx.ok.test.", "A", PUB_CLIENTS[1], True, "NXDOMAIN"),
               (PUB, "big.ok.test.", "TXT", PUB_CLIENTS[0], True, "NOERROR"),
               (PUB, "www.v6only.test.", "A", PUB_CLIENTS[1], False, "NOERROR"),  # upstream over IPv6
               (PUB, "blocked.ok.test.", "A", PUB_CLIENTS[0], False, "REFUSED"),
               ("::1", "alias.ok.test.", "A", PUB_CLIENTS[2], False, "NOERROR"),
               ("::1", "mail.ok.test.", "AAAA", PUB_CLIENTS[2], True, "NOERROR"),
               ("::1", "www.new.test.", "A", PUB_CLIENTS[2], False, "NXDOMAIN"),   # blocked: protective flavour
               (PUB, "www.ok.test.", "AAAA", PUB_CLIENTS[0], "dot", "NOERROR"),
               (PUB, "ok.test.", "MX", PUB_CLIENTS[1], "doh", "NOERROR")]
    # DoQ is served too, but kdig 3.2 sends nothing over QUIC when given a source address (-b).
    got = [kdig(s, n, t, src, tcp) for s, n, t, src, tcp, want in traffic]
    check("pub: every query from a distinctive address answered as expected",
          got == [t[-1] for t in traffic], list(zip([t[1] for t in traffic], got)))
    check("pub: a query from an address in no AS of the database answered",
          kdig(PUB, "ok.test.", "SOA", PUB_UNKNOWN_AS) == "NOERROR")

    # Metrics: promtool, and the counters moved where they should.
    st, page = http("GET", base + "/metrics")
    outputs["GET /metrics"] = page.encode()
    check("pub: GET /metrics 200", st == 200, st)
    with open(os.path.join(d.dir, "metrics.txt"), "w") as f:
        f.write(page)
    pt = subprocess.run(["promtool", "check", "metrics"], input=page, capture_output=True, text=True)
    check("pub: promtool check metrics passes", pt.returncode == 0, pt.stdout + pt.stderr)
    check("pub: queries counted per transport and flavour",
          metric(page, "dns4eu_queries_total", {"transport": "udp", "flavour": "plain"}) >= 5 and
          metric(page, "dns4eu_queries_total", {"transport": "tcp", "flavour": "protective"}) >= 1,
          [l for l in page.splitlines() if l.startswith("dns4eu_queries_total")])
    check("pub: DoT and DoH queries counted by transport",
          all(metric(page, "dns4eu_queries_total", {"transport": t}) >= 1 for t in ("dot", "doh")),
          [l for l in page.splitlines() if l.startswith("dns4eu_queries_total")])
    check("pub: answer-cache and RRset-cache answers counted",
          metric(page, "dns4eu_answers_total", {"source": "answer_cache"}) >= 1 and
          metric(page, "dns4eu_answers_total", {"source": "rrset_cache"}) >= 1)
    check("pub: rcodes counted", metric(page, "dns4eu_responses_total", {"rcode": "NXDOMAIN"}) >= 1 and
          metric(page, "dns4eu_responses_total", {"rcode": "REFUSED"}) >= 1)
    check("pub: latency histogram counts every answer",
          metric(page, "dns4eu_answer_latency_seconds_count") >= len(traffic))
    # Server selection may pick either family for dual-stack servers; v6only.test forces IPv6.
    check("pub: upstream queries and RTTs per family",
          metric(page, "dns4eu_upstream_queries_total", {"family": "ipv6"}) > 0 and
          metric(page, "dns4eu_upstream_rtt_seconds_count") > 0 and
          metric(page, "dns4eu_upstream_rtt_seconds_count") <= metric(page, "dns4eu_upstream_queries_total"),
          [l for l in page.splitlines() if l.startswith("dns4eu_upstream_") and "_bucket" not in l])
    check("pub: policy blocks counted", metric(page, "dns4eu_policy_verdicts_total", {"verdict": "block"}) >= 1,
          [l for l in page.splitlines() if l.startswith("dns4eu_policy")])
    check("pub: a dry-run match counted (verdict log)",
          metric(page, "dns4eu_policy_verdicts_total", {"verdict": "log", "list": "trial"}) >= 1,
          [l for l in page.splitlines() if l.startswith("dns4eu_policy")])
    check("pub: policy blocks counted under the deciding list",
          metric(page, "dns4eu_policy_verdicts_total", {"verdict": "block", "list": "malware"}) >= 1,
          [l for l in page.splitlines() if l.startswith("dns4eu_policy")])
    check("pub: DNSSEC verdicts of resolutions counted",
          metric(page, "dns4eu_dnssec_outcomes_total") > 0,
          [l for l in page.splitlines() if l.startswith("dns4eu_dnssec")])
    check("pub: client addresses in no AS counted (dns4eu_query_log_asn_unknown_total)",
          "# TYPE dns4eu_query_log_asn_unknown_total counter" in page)
    check("pub: cache hit and memory figures exported",
          metric(page, "dns4eu_cache_hits_total", {"cache": "answer"}) >= 1 and
          metric(page, "dns4eu_cache_memory_bytes", {"cache": "rrset"}) > 0)
    with open("/proc/%d/status" % d.proc.pid) as f:
        rss_status = next((int(l.split()[1]) * 1024 for l in f if l.startswith("VmRSS:")), 0)
    rss_metric = metric(page, "process_resident_memory_bytes")
    check("pub: process_resident_memory_bytes is the daemon's RSS (%d B; /proc says %d B)" % (rss_metric, rss_status),
          rss_metric > (1 << 20) and abs(rss_metric - rss_status) < max(rss_status, 1) * 0.25)
    libs = subprocess.run(["ldd", args.daemon], capture_output=True, text=True).stdout
    if "libjemalloc" in libs:
        check("pub: jemalloc's allocated and resident bytes exported",
              metric(page, "dns4eu_malloc_allocated_bytes") > 0 and metric(page, "dns4eu_malloc_resident_bytes") > 0,
              [l for l in page.splitlines() if "malloc" in l])
    else:
        check("pub: no jemalloc figures when another malloc is in use (%s)" % ("ASan" if "libasan" in libs else "glibc"),
              "dns4eu_malloc_allocated_bytes" not in page)

    # The API.
    st, body = http("GET", base + "/health")
    outputs["GET /health"] = body.encode()
    check("pub: GET /health", st == 200 and json.loads(body).get("status") == "ok", body)
    st, body = http("GET", base + "/stats")
    outputs["GET /stats"] = body.encode()
    check("pub: GET /stats JSON", st == 200 and json.loads(body).get("queries", 0) >= len(traffic), body)
    st, body = http("POST", base + "/reload")
    check("pub: POST /reload without a token is 401", st == 401, (st, body))
    st, body = http("POST", base + "/cache/flush", token="wrong-token-wrong-token")
    check("pub: POST /cache/flush with a wrong token is 401", st == 401, (st, body))
    st, body = http("GET", base + "/nosuch")
    check("pub: unknown path is 404", st == 404, st)
    st, body = http("POST", base + "/reload", token=TOKEN)
    check("pub: POST /reload with the token", st == 200 and "reloaded" in body, (st, body))
    ctl = [args.ctl, "--server", base, "--token", TOKEN]
    r = subprocess.run(ctl + ["flush", "ok.test"], capture_output=True, text=True, timeout=60)
    outputs["dns4eu-ctl flush"] = (r.stdout + r.stderr).encode()
    flushed = json.loads(r.stdout).get("flushed", 0) if r.returncode == 0 else 0
    check("pub: dns4eu-ctl flush ok.test removes cached entries", flushed > 0, r.stdout + r.stderr)
    before = metric(http("GET", base + "/metrics")[1], "dns4eu_answers_total", {"source": "resolution"})
    kdig(PUB, "www.ok.test.", "A", PUB_CLIENTS[0])
    after = metric(http("GET", base + "/metrics")[1], "dns4eu_answers_total", {"source": "resolution"})
    check("pub: after the flush www.ok.test is resolved again", after == before + 1, (before, after))
    r = subprocess.run(ctl + ["reload"], capture_output=True, text=True, timeout=60)
    check("pub: dns4eu-ctl reload", r.returncode == 0, r.stdout + r.stderr)
    r = subprocess.run([args.ctl, "--server", base, "reload"], capture_output=True, text=True, timeout=60)
    check("pub: dns4eu-ctl reload without a token fails with 1", r.returncode == 1 and "token" in r.stderr,
          (r.returncode, r.stderr))
    # A new AS database takes effect on reload.
    write_asn_db(64999)
    r = subprocess.run(ctl + ["reload"], capture_output=True, text=True, timeout=60)
    check("pub: dns4eu-ctl reload re-reads the AS database", r.returncode == 0, r.stdout + r.stderr)
    kdig(PUB, "mail.ok.test.", "A", PUB_CLIENTS[1])
    st, page = http("GET", base + "/metrics")
    outputs["GET /metrics (end)"] = page.encode()
    check("pub: the query from no AS counted", metric(page, "dns4eu_query_log_asn_unknown_total") >= 1,
          [l for l in page.splitlines() if "asn" in l])
    r = subprocess.run(ctl + ["stats"], capture_output=True, text=True, timeout=60)
    outputs["dns4eu-ctl stats"] = r.stdout.encode()
    check("pub: dns4eu-ctl stats", r.returncode == 0 and "answers_by_source" in r.stdout, r.stdout)

    check("pub: dns4eud exits 0 on SIGTERM", d.stop() == 0)
    # Query log: JSON schema, fields, no client field.
    with open(os.path.join(d.dir, "queries.jsonl")) as f:
        lines = f.read().splitlines()
    check("pub: query log has a line per answered query", len(lines) >= len(traffic) + 1, len(lines))
    problems = check_schema(lines)
    check("pub: every query log line follows the schema", not problems, problems[:5])
    recs = [json.loads(l) for l in lines]
    check("pub: query log names cache hits, transports, flavours",
          any(r.get("cache") == "answer_cache" for r in recs) and
          any(r.get("transport") == "tcp" and r.get("flavour") == "protective" for r in recs) and
          any(r.get("qname") == "nx.ok.test." and r.get("rcode") == "NXDOMAIN" for r in recs))
    check("pub: the blocked query is logged with its verdict, list and EDE",
          any(r.get("qname") == "www.new.test." and r.get("policy", {}).get("verdict") == "block" and
              r.get("policy", {}).get("list") == "malware" and r.get("ede") == [15] for r in recs),
          [r for r in recs if r.get("qname") == "www.new.test."])
    check("pub: a dry-run match is logged with verdict log and its list, the answer unchanged",
          any(r.get("qname") == "mail.ok.test." and r.get("policy", {}).get("verdict") == "log" and
              r.get("policy", {}).get("list") == "trial" and r.get("rcode") == "NOERROR" for r in recs),
          [r for r in recs if r.get("qname") == "mail.ok.test."])
    check("pub: no query log line has a client field", not any("client" in r for r in recs))
    asns = [r.get("client_asn") for r in recs]
    check("pub: the query log records the source AS instead (client_asn: AS64512 for 127.63.77.x, "
          "AS64513 for fd63::77:x, none for %s)" % PUB_UNKNOWN_AS,
          64512 in asns and 64513 in asns and None in asns and
          all(a is None or isinstance(a, int) for a in asns), sorted(set(map(str, asns))))
    check("pub: after the reload the new AS database is used (AS64999)",
          any(r.get("client_asn") == 64999 and r.get("qname") == "mail.ok.test." for r in recs),
          [r for r in recs if r.get("qname") == "mail.ok.test."])
    # dnstap: dnstap-ldns reads every message type.
    tap = subprocess.run(["dnstap-ldns", "-r", os.path.join(d.dir, "dnstap.fstrm")], capture_output=True,
                         text=True, timeout=60)
    kinds = set(re.findall(r"^\S+ \S+ (CQ|CR|RQ|RR) ", tap.stdout, re.M))
    check("pub: dnstap-ldns reads CLIENT_QUERY/RESPONSE and RESOLVER_QUERY/RESPONSE",
          tap.returncode == 0 and kinds == {"CQ", "CR", "RQ", "RR"}, (tap.returncode, kinds, tap.stderr))
    check("pub: dnstap client frames carry no address",
          all("MISSING_ADDRESS" in l for l in tap.stdout.splitlines() if re.search(r" C[QR] ", l)),
          [l for l in tap.stdout.splitlines() if " CQ " in l][:3])
    outputs["dnstap-ldns text"] = tap.stdout.encode()
    # The privacy search: every file the daemon wrote, its stdout/stderr, the API answers.
    blobs = files_under(d.dir)
    blobs.update(outputs)
    found = leaks(blobs, PUB_CLIENTS + [PUB_UNKNOWN_AS])
    check("pub: no client address (text, reversed, binary 4/16 bytes) in %d outputs" % len(blobs),
          not found, found[:10])
    found_any = leaks(blobs, [PUB])  # control: the search does find the resolver's own address
    check("pub: (control) the search finds the resolver's own address in its outputs", bool(found_any))


# ------------------------------------------------------------------ government
def government_scenario(args, hints):
    d = Daemon(args.daemon, args.workdir, "gov", GOV)
    logdir = os.path.join(d.dir, "qlog")
    os.makedirs(logdir, exist_ok=True)
    tail = ("management: {address: %s, port: 8053}\n" % GOV +
            "query_log: {path: %s/queries.jsonl, rotate_every: 1s, retention: 4s}\n" % logdir)
    if not d.start(config(d, hints, "government", [(GOV, "plain"), ("::1", "org1")], tail)):
        return
    answers = [kdig(GOV, "www.ok.test.", "A", GOV_CLIENTS[0]), kdig("::1", "www.ok.test.", "A", GOV_CLIENTS[1])]
    check("gov: queries answered", answers == ["NOERROR", "NOERROR"], answers)
    deadline = time.time() + 30
    logged = []
    while time.time() < deadline and len(logged) < 2:
        logged = [c for c in GOV_CLIENTS if any(c.encode() in b for b in files_under(logdir).values())]
        time.sleep(0.2)
    check("gov: client addresses are in the query log", sorted(logged) == sorted(GOV_CLIENTS), logged)
    st, body = http("POST", "http://%s:8053/reload" % GOV, token="x" * 20)
    check("gov: POST with no token configured is 403", st == 403, (st, body))
    # Retention: the daemon deletes them by itself (poll; no timing is asserted).
    deadline = time.time() + 60
    while time.time() < deadline and leaks(files_under(logdir), GOV_CLIENTS):
        time.sleep(0.5)
    check("gov: after the 4 s retention no file holds the addresses", not leaks(files_under(logdir), GOV_CLIENTS),
          sorted(os.listdir(logdir)))
    page = http("GET", "http://%s:8053/metrics" % GOV)[1]
    check("gov: deleted files counted", metric(page, "dns4eu_query_log_files_deleted_total") >= 1)
    check("gov: dns4eud exits 0", d.stop() == 0)


# ------------------------------------------------------------------ telco
def telco_scenario(args, hints):
    d = Daemon(args.daemon, args.workdir, "tel", TEL)
    tail = ("privacy: {client_address: pseudonymise, client_port: true}\n"
            "query_log: {path: %s/queries.jsonl}\n" % d.dir)
    if not d.start(config(d, hints, "telco", [(TEL, "plain")], tail)):
        return
    answers = [kdig(TEL, n, "A", TEL_CLIENT) for n in ("www.ok.test.", "nx.ok.test.")]
    check("tel: queries answered", answers == ["NOERROR", "NXDOMAIN"], answers)
    check("tel: dns4eud exits 0", d.stop() == 0)
    with open(os.path.join(d.dir, "queries.jsonl")) as f:
        recs = [json.loads(l) for l in f.read().splitlines()]
    mine = [r for r in recs if r.get("qname") in ("www.ok.test.", "nx.ok.test.")]
    pseudonyms = {r.get("client") for r in mine}
    check("tel: one stable 64-bit pseudonym per client, and its port",
          len(mine) == 2 and len(pseudonyms) == 1 and re.fullmatch(r"[0-9a-f]{16}", mine[0].get("client", "")) and
          all(isinstance(r.get("client_port"), int) for r in mine), mine)
    check("tel: the address itself is nowhere", not leaks(files_under(d.dir), [TEL_CLIENT]))


def privacy_statement(args):
    d = os.path.join(args.workdir, "stmt")
    os.makedirs(d, exist_ok=True)
    conf = os.path.join(d, "gov.yaml")
    with open(conf, "w") as f:
        f.write("server: {profile: government}\nquery_log: {path: /var/log/q.jsonl, retention: 30d}\n")
    r = subprocess.run([args.daemon, "--config", conf, "--privacy-statement"], capture_output=True, text=True)
    check("--privacy-statement says what is kept, how long and why",
          r.returncode == 0 and "written in full" in r.stdout and "after at most 30d" in r.stdout and
          "investigate" in r.stdout, r.stdout + r.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--daemon", required=True)
    ap.add_argument("--ctl", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--hints", required=True)
    args = ap.parse_args()
    hints = args.hints
    TLS_ARGS.extend(["+tls-ca=%s/ca.pem" % args.workdir, "+tls-hostname=dns.test"])
    privacy_statement(args)
    public_scenario(args, hints)
    government_scenario(args, hints)
    telco_scenario(args, hints)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
