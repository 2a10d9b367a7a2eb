#!/usr/bin/env python3
"""dns4eud's DNSSEC validation scenarios (stdlib + kdig; see run.sh).

Runs inside the test Internet's namespace with its env loaded. Starts
dns4eud on 127.53.100.3 with the test trust anchor, then checks:
  1. the KeyTrap zone first, on a cold cache: SERVFAIL + EDE 6, the daemon's
     CPU time for it (printed), and other clients answered meanwhile;
  2. every `validate` case of expected.json (check.py validate: rcode, AD,
     answer, EDE), cold;
  3. the same cases from the cache: rcode, AD, answer, and EDE of bogus ones;
  4. agreement with the validating Unbound on rcode and AD, case by case;
  5. AD only for DNSSEC-aware clients (DO or AD), RRSIG/NSEC only with DO,
     CD returns bogus data without AD;
  6. a negative trust anchor and `validation: false` by SIGHUP reload.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

ADDR = "127.53.100.3"
passed = failed = 0


def ok(what):
    global passed
    passed += 1
    print("ok   " + what)


def bad(what):
    global failed
    failed += 1
    print("FAIL " + what)


def check(cond, what, detail=""):
    (ok if cond else bad)(what + ("" if cond or not detail else ": " + detail))


def config(wd, anchor, extra="", upstream_extra=""):
    text = f"""# written by tests/integration/dnssec/scenarios.py
listeners:
  - {{address: "{ADDR}", port: 53, transport: udp}}
  - {{address: "{ADDR}", port: 53, transport: tcp}}
server:
  workers: 2
upstream:
  allow_loopback_servers: true
  allow_private_servers: true
{upstream_extra}resolver:
  root_hints: "{os.environ['INET_ROOT_HINTS']}"
dnssec:
  trust_anchor_file: "{anchor}"
{extra}local_zones:
  test.: transparent
logging:
  level: info
"""
    path = os.path.join(wd, "dns4eud-dnssec.yaml")
    with open(path, "w") as f:
        f.write(text)
    return path


def cpu_ns(pid):
    """CPU time of every thread of pid so far, in ns (schedstat: ns precision)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def q(check_mod, name, qtype, **kw):
    # 15 s: cold validations under AddressSanitizer on a busy 2-core machine.
    return check_mod.kdig(ADDR, 53, name, qtype, rd=True, timeout=15, **kw)


def reload(proc, wd, what):
    """SIGHUP, then wait (60 s at most) until dns4eud logs one more 'reload done'."""
    path = os.path.join(wd, "dns4eud-dnssec.log")
    def done():
        with open(path, errors="replace") as f:
            return f.read().count("reload done")
    before = done()
    proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 60
    while done() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    check(done() > before, "%s: reload done" % what)


def keytrap(check_mod, pid, cases):
    others = [c for c in cases if c["rcode"] == "NOERROR" and c["ad"] and c["ede"] is None][:12]
    results = {}

    def ask(c):
        results[c["id"]] = q(check_mod, c["qname"], c["qtype"], dnssec=True)[0]

    before = cpu_ns(pid)
    t0 = time.monotonic()
    threads = [threading.Thread(target=ask, args=(c,)) for c in others]
    trap = {}

    def ask_trap():
        trap["msg"] = q(check_mod, "www.keytrap.sec.", "A", dnssec=True)[0]
        trap["t"] = time.monotonic() - t0

    tt = threading.Thread(target=ask_trap)
    tt.start()
    for t in threads:
        t.start()
    for t in threads + [tt]:
        t.join()
    cpu_ms = (cpu_ns(pid) - before) / 1e6
    msg = trap.get("msg")
    check(msg is not None and msg["RCODE"] == 2, "keytrap: www.keytrap.sec. A answered SERVFAIL",
          "got %s" % (msg and msg["RCODE"]))
    check(msg is not None and 6 in check_mod.ede_codes(msg), "keytrap: EDE 6 DNSSEC Bogus",
          "got %s" % (msg and check_mod.ede_codes(msg)))
    answered = [cid for cid, m in results.items() if m is not None and m["RCODE"] == 0 and m["AD"]]
    check(len(answered) == len(others), "keytrap: %d other clients answered (secure) meanwhile" % len(others),
          "only %s" % answered)
    print("     keytrap: answer after %.0f ms; dns4eud CPU for it and %d other cold resolutions: %.1f ms"
          % (trap.get("t", 0) * 1000, len(others), cpu_ms))


def run_check(inet, mode_args, label):
    p = subprocess.run([sys.executable, os.path.join(inet, "check.py")] + mode_args,
                       capture_output=True, text=True)
    last = (p.stdout.strip().splitlines() or [""])[-1]
    try:
        n_ok = int(last.split(":")[1].split()[0])
        n_bad = int(last.split(",")[1].split()[0])
    except (IndexError, ValueError):
        bad(f"{label}: no summary from check.py: {p.stdout[-300:]} {p.stderr[-300:]}")
        return
    global passed, failed
    passed += n_ok
    failed += n_bad
    for line in p.stdout.splitlines():
        if line.startswith("FAIL"):
            print(f"FAIL {label}: {line[5:]}")
    print(f"     {label}: {n_ok} passed, {n_bad} failed")


def from_cache(check_mod, cases):
    for c in cases:
        msg, err = q(check_mod, c["qname"], c["qtype"], dnssec=True)
        if msg is None:
            bad(f"cache {c['id']}: {err}")
            continue
        rcode = check_mod.RCODES.get(msg["RCODE"], str(msg["RCODE"]))
        problems = []
        if rcode != c["rcode"]:
            problems.append(f"rcode {rcode}, expected {c['rcode']}")
        if c["ad"] is not None and bool(msg["AD"]) != c["ad"]:
            problems.append(f"ad={msg['AD']}, expected {int(c['ad'])}")
        if c["rcode"] == "SERVFAIL" and c["ede"] is not None and c["ede"] not in check_mod.ede_codes(msg):
            problems.append(f"EDE {check_mod.ede_codes(msg)}, expected {c['ede']}")
        if c["rcode"] != "SERVFAIL" and rcode == c["rcode"]:
            got = check_mod.section(msg, "answer", skip=("OPT", "RRSIG"))
            if got != sorted(check_mod.norm(x) for x in c["answer"]):
                problems.append(f"answer {got}")
        check(not problems, f"cache {c['id']} {c['qname']} {c['qtype']}", "; ".join(problems))


def agreement(check_mod, cases):
    addr, port = os.environ.get("INET_VALIDATOR_ADDR"), int(os.environ.get("INET_VALIDATOR_PORT", "53"))
    if not addr:
        bad("unbound: the validating Unbound is not running")
        return
    same = 0
    for c in cases:
        ours, _ = q(check_mod, c["qname"], c["qtype"], dnssec=True)
        theirs, _ = check_mod.kdig(addr, port, c["qname"], c["qtype"], rd=True, timeout=5, dnssec=True)
        if ours is None or theirs is None:
            bad(f"unbound agreement {c['id']}: no answer ({'ours' if ours is None else 'unbound'})")
            continue
        if (ours["RCODE"], bool(ours["AD"])) == (theirs["RCODE"], bool(theirs["AD"])):
            same += 1
        else:
            bad(f"unbound agreement {c['id']}: dns4eud rcode={ours['RCODE']} ad={ours['AD']}, "
                f"unbound rcode={theirs['RCODE']} ad={theirs['AD']}")
    check(same == len(cases), f"unbound agreement: rcode and AD equal in {same}/{len(cases)} cases")


def flags(check_mod):
    p = subprocess.run(["kdig", "@" + ADDR, "+json", "+noadflag", "www.rsa.sec.", "A"],  # kdig sets AD by default
                       capture_output=True, text=True)
    msg = json.loads(p.stdout) if p.stdout.startswith("{") else None
    check(msg is not None and msg["RCODE"] == 0 and not msg["AD"], "AD clear for a client without DO or AD")
    types = [rr.get("TYPEname") for rr in (msg or {}).get("answerRRs", [])]
    check("RRSIG" not in types and "A" in types, "no RRSIG without DO", str(types))
    p = subprocess.run(["kdig", "@" + ADDR, "+json", "+adflag", "www.rsa.sec.", "A"], capture_output=True, text=True)
    m = json.loads(p.stdout) if p.stdout.startswith("{") else None
    check(m is not None and m["AD"] == 1, "AD set for a client that sent AD without DO (RFC 6840 §5.7)")
    msg, _ = q(check_mod, "www.rsa.sec.", "A", dnssec=True)
    types = [rr.get("TYPEname") for rr in (msg or {}).get("answerRRs", [])]
    check(msg is not None and msg["AD"] and "RRSIG" in types, "AD and RRSIG with DO", str(types))
    msg, _ = q(check_mod, "nx.ecdsa.sec.", "A", dnssec=True)
    auth = [rr.get("TYPEname") for rr in (msg or {}).get("authorityRRs", [])]
    check(msg is not None and msg["RCODE"] == 3 and "NSEC" in auth and "RRSIG" in auth,
          "NXDOMAIN with DO carries the NSEC proof", str(auth))
    msg, _ = q(check_mod, "nx.ecdsa.sec.", "A")
    auth = [rr.get("TYPEname") for rr in (msg or {}).get("authorityRRs", [])]
    check(msg is not None and "NSEC" not in auth and "SOA" in auth, "NXDOMAIN without DO: SOA only", str(auth))
    msg, _ = q(check_mod, "*.wild.ecdsa.sec.", "A", dnssec=True)
    check(msg is not None and msg["RCODE"] == 0 and msg["AD"],
          "the wildcard's own name (*.wild.ecdsa.sec.) is secure, not a synthesis needing a proof")
    p = subprocess.run(["kdig", "@" + ADDR, "+json", "+cdflag", "+dnssec", "www.badsig.sec.", "A"],
                       capture_output=True, text=True)
    m = json.loads(p.stdout) if p.stdout.startswith("{") else None
    answer = check_mod.section(m or {}, "answer", skip=("OPT", "RRSIG"))
    check(m is not None and m["RCODE"] == 0 and not m["AD"] and answer,
          "CD: bogus data returned unvalidated, AD clear", str(answer))


def aggressive(check_mod, proc, wd, anchor):
    """RFC 8198: after the cases above the cache holds NSEC/NSEC3 chains of the
    signed domains. With their servers cut off (upstream.deny, by reload, which
    keeps the caches), new denials are still answered, from the chains."""
    config(wd, anchor, "", upstream_extra='  deny: ["127.53.2.0/24", "fd53::2:0/112"]\n')
    reload(proc, wd, "aggressive: upstream.deny")
    msg, _ = q(check_mod, "www.ecdsa.sec.", "TXT", dnssec=True)
    check(msg is not None and msg["RCODE"] == 2, "aggressive: control — an unprovable question needs the "
          "(denied) servers: SERVFAIL", "got %s" % (msg and msg["RCODE"]))
    for name, qtype, rcode, what in (("nx2.ecdsa.sec.", "A", 3, "NXDOMAIN from a cached NSEC range"),
                                     ("ns1.ecdsa.sec.", "TXT", 0, "NODATA from a cached NSEC"),
                                     ("nx2.nsec3.sec.", "A", 3, "NXDOMAIN from cached NSEC3 records"),
                                     ("other.nx.rsa.sec.", "AAAA", 3, "NXDOMAIN below a cached NXDOMAIN range")):
        msg, _ = q(check_mod, name, qtype, dnssec=True)
        auth = [rr.get("TYPEname") for rr in (msg or {}).get("authorityRRs", [])]
        check(msg is not None and msg["RCODE"] == rcode and msg["AD"] and "SOA" in auth,
              f"aggressive: {name} {qtype}: {what}, AD, with SOA and proof",
              "got %s" % str(msg and (msg["RCODE"], msg["AD"], auth)))


def reloads(check_mod, proc, wd, anchor):
    config(wd, anchor, "  negative_trust_anchors: [badsig.sec.]\n")
    reload(proc, wd, "negative trust anchor")
    msg, _ = q(check_mod, "www.badsig.sec.", "A", dnssec=True)
    check(msg is not None and msg["RCODE"] == 0 and not msg["AD"],
          "negative trust anchor (reload): www.badsig.sec. NOERROR, AD clear")
    msg, _ = q(check_mod, "www.rsa.sec.", "A", dnssec=True)
    check(msg is not None and msg["AD"], "negative trust anchor: other zones still validated (AD)")
    config(wd, anchor, "  validation: false\n")
    reload(proc, wd, "validation: false")
    msg, _ = q(check_mod, "www.expired.sec.", "A", dnssec=True)
    check(msg is not None and msg["RCODE"] == 0 and not msg["AD"],
          "validation: false (reload): www.expired.sec. NOERROR, AD clear")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--daemon", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--inet", required=True)
    args = ap.parse_args()
    sys.path.insert(0, args.inet)
    import check as check_mod  # tests/internet/check.py

    expected = os.environ["INET_EXPECTED"]
    anchor = os.environ["INET_TRUST_ANCHOR"]
    cases = json.load(open(expected))["validate"]
    log = open(os.path.join(args.workdir, "dns4eud-dnssec.log"), "w")
    proc = subprocess.Popen([args.daemon, "--config", config(args.workdir, anchor)], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while q(check_mod, "localhost.", "A")[0] is None and time.monotonic() < deadline:
            time.sleep(0.1)
        check(q(check_mod, "localhost.", "A")[0] is not None, "dns4eud started and answers")
        keytrap(check_mod, proc.pid, cases)
        run_check(args.inet, ["validate", expected, ADDR, "53"], "validate (cold)")
        from_cache(check_mod, cases)
        agreement(check_mod, cases)
        flags(check_mod)
        aggressive(check_mod, proc, args.workdir, anchor)
        reloads(check_mod, proc, args.workdir, anchor)
        check(proc.poll() is None, "dns4eud still running")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    with open(os.path.join(args.workdir, "dns4eud-dnssec.log"), errors="replace") as f:
        san = re.findall(r"^.*(?:ERROR: AddressSanitizer|runtime error:|LeakSanitizer).*$", f.read(), re.M)
    check(not san, "no sanitizer report in dns4eud's log", "; ".join(san[:3]))
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
