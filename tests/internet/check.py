#!/usr/bin/env python3
"""Assert answers of the local test Internet with kdig (stdlib + kdig only).

Usage:
  check.py direct EXPECTED_JSON             ask each authoritative server
  check.py resolve EXPECTED_JSON ADDR [PORT] ask a recursive resolver (RD=1)
  [--only ID,ID...] [--skip ID,ID...]        choose cases by id
Prints one line per failure (and per case with -v), then
"N passed, M failed"; exits 1 if any failed.
The comparison form of a record is "owner TYPE rdata" in lower case with
TTL and class dropped (rdata as kdig prints it).
"""
import argparse
import concurrent.futures
import json
import subprocess
import sys

RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN",
          4: "NOTIMP", 5: "REFUSED"}


def norm(s):
    return " ".join(s.split()).lower()


def rr_text(rr):
    rdata = next((v for k, v in rr.items() if k.startswith("rdata")), None)
    if rdata is None:
        rdata = "\\# %d %s" % (rr.get("RDLENGTH", 0), rr.get("RDATAHEX", ""))
    return norm("%s %s %s" % (rr["NAME"], rr.get("TYPEname", rr["TYPE"]), rdata))


def kdig(addr, port, qname, qtype, rd, proto="udp", bufsize=1232,
         ignore_tc=False, timeout=2, retries=0):
    cmd = ["kdig", "@" + addr, "-p", str(port), "+json",
           "+time=%d" % timeout, "+retry=%d" % retries,
           "+rec" if rd else "+norec", qname, qtype]
    if proto == "tcp":
        cmd.append("+tcp")
    if bufsize:
        cmd.append("+bufsize=%d" % bufsize)
    else:
        cmd.append("+noedns")
    if ignore_tc:
        cmd.append("+ignore")
    p = subprocess.run(cmd, capture_output=True, text=True)
    try:
        msg = json.loads(p.stdout)
    except ValueError:
        return None, "kdig output not JSON: %r %s" % (p.stdout[:200], p.stderr)
    if isinstance(msg, list):   # AXFR: one object per message
        merged = dict(msg[0]) if msg else {}
        merged["answerRRs"] = [rr for m in msg for rr in m.get("answerRRs", [])]
        msg = merged
    if "RCODE" not in msg:
        return None, "no answer (%s)" % norm(p.stderr)[:200]
    return msg, ""


def section(msg, name):
    return sorted(rr_text(rr) for rr in msg.get(name + "RRs", [])
                  if rr.get("TYPEname") != "OPT")


def compare(exp, msg, err):
    """Return a list of mismatches between expectation exp and reply msg."""
    if exp.get("noanswer"):
        return [] if msg is None else ["expected no answer, got %s" %
                                       RCODES.get(msg["RCODE"], msg["RCODE"])]
    if msg is None:
        return [err]
    bad = []
    rcode = RCODES.get(msg["RCODE"], str(msg["RCODE"]))
    if "rcode" in exp and rcode != exp["rcode"]:
        bad.append("rcode %s, expected %s" % (rcode, exp["rcode"]))
    for flag in ("aa", "tc"):
        if flag in exp and bool(msg[flag.upper()]) != exp[flag]:
            bad.append("%s=%d, expected %d" % (flag, msg[flag.upper()], exp[flag]))
    for sec in ("answer", "authority"):
        if sec in exp:
            got, want = section(msg, sec), sorted(norm(x) for x in exp[sec])
            if got != want:
                bad.append("%s %s, expected %s" % (sec, got, want))
    for sec in ("answer", "additional"):
        key = sec + "_contains"
        if key in exp:
            got = set(section(msg, sec))
            missing = [x for x in exp[key] if norm(x) not in got]
            if missing:
                bad.append("%s lacks %s (has %s)" % (sec, missing, sorted(got)))
    return bad


def run_direct(case, _args):
    msg, err = kdig(case["addr"], 53, case["qname"], case["qtype"], rd=False,
                    proto=case["proto"], bufsize=case["bufsize"],
                    ignore_tc=case["expect"].get("ignore_tc", False),
                    timeout=1 if case["expect"].get("noanswer") else 2)
    return compare(case["expect"], msg, err)


def run_resolve(case, args):
    # --retries: ask again when no answer came at all (a reference resolver
    # such as Unbound may drop a cold query whose zone has a dead server).
    for _ in range(1 + args.retries):
        msg, err = kdig(args.addr, args.port, case["qname"], case["qtype"], rd=True,
                        timeout=args.timeout)
        if msg is not None:
            break
    exp = {"rcode": case["rcode"]}
    if case["rcode"] != "SERVFAIL":
        exp["answer"] = case["answer"]
    return compare(exp, msg, err)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["direct", "resolve"])
    ap.add_argument("expected")
    ap.add_argument("addr", nargs="?")
    ap.add_argument("port", nargs="?", type=int, default=53)
    ap.add_argument("--only", default="", help="comma-separated case ids")
    ap.add_argument("--skip", default="", help="comma-separated case ids")
    ap.add_argument("--timeout", type=int, default=15)
    ap.add_argument("--retries", type=int, default=0,
                    help="resolve mode: queries re-sent when no answer came")
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    only = set(filter(None, args.only.split(",")))
    every = json.load(open(args.expected))[args.mode]
    unknown = (skip | only) - {c["id"] for c in every}
    if unknown:
        ap.error("no case %s" % ",".join(sorted(unknown)))
    chosen = [c for c in every if not only or c["id"] in only]
    cases = [c for c in chosen if c["id"] not in skip]
    skipped = len(chosen) - len(cases)
    if args.mode == "resolve" and not args.addr:
        ap.error("resolve needs ADDR")
    fn = run_direct if args.mode == "direct" else run_resolve
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(lambda c: (c, fn(c, args)), cases))
    passed = failed = 0
    for c, bad in results:
        where = c.get("addr") or "%s#%d" % (args.addr, args.port)
        label = "%s %s %s @%s" % (c["id"], c["qname"], c["qtype"], where)
        if bad:
            failed += 1
            print("FAIL %s: %s" % (label, "; ".join(bad)))
        else:
            passed += 1
            if args.v:
                print("ok   " + label)
    line = "%s: %d passed, %d failed" % (args.mode, passed, failed)
    print(line + (", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
