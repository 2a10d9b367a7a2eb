#!/usr/bin/env python3
"""Assert answers of the local test Internet with kdig (stdlib + kdig only).

Usage:
  check.py direct EXPECTED_JSON              ask each authoritative server
  check.py resolve EXPECTED_JSON ADDR [PORT]  ask a recursive resolver (RD=1)
  check.py validate EXPECTED_JSON ADDR [PORT] ask a validating resolver (RD=1,
      DO=1) the DNSSEC cases: rcode, AD bit, answer (RRSIGs left out; not
      for SERVFAIL) and the Extended DNS Error code where one is expected
      [--no-ede]          do not check EDE codes (resolvers that send none)
      [--resolver NAME]   expect the documented deviations of NAME (the
                          case's "known" entry, e.g. unbound) instead of the
                          correct answer; each one used is printed
  [--only ID,ID...] [--skip ID,ID...]         choose cases by id
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
         ignore_tc=False, timeout=2, retries=0, dnssec=False):
    cmd = ["kdig", "@" + addr, "-p", str(port), "+json",
           "+time=%d" % timeout, "+retry=%d" % retries,
           "+rec" if rd else "+norec", qname, qtype]
    if dnssec:
        cmd.append("+dnssec")
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


def section(msg, name, skip=("OPT",)):
    return sorted(rr_text(rr) for rr in msg.get(name + "RRs", [])
                  if rr.get("TYPEname") not in skip)


def ede_codes(msg):
    """INFO-CODEs of the Extended DNS Error options (RFC 8914) in the OPT RR."""
    codes = []
    for rr in msg.get("additionalRRs", []):
        if rr.get("TYPEname") != "OPT":
            continue
        data = bytes.fromhex(rr.get("RDATAHEX", ""))
        while len(data) >= 4:
            code, length = int.from_bytes(data[:2], "big"), int.from_bytes(data[2:4], "big")
            if code == 15 and length >= 2:
                codes.append(int.from_bytes(data[4:6], "big"))
            data = data[4 + length:]
    return codes


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


def expectation(case, args):
    """The validate-mode expectation of case, with --resolver's deviation."""
    exp = {k: case[k] for k in ("rcode", "ad", "ede")}
    known = case.get("known", {}).get(args.resolver or "")
    if known:
        exp.update({k: v for k, v in known.items() if k in exp})
    return exp, known


def run_validate(case, args):
    for _ in range(1 + args.retries):
        msg, err = kdig(args.addr, args.port, case["qname"], case["qtype"], rd=True,
                        timeout=args.timeout, dnssec=True)
        if msg is not None:
            break
    if msg is None:
        return [err]
    exp, _ = expectation(case, args)
    bad = []
    rcode = RCODES.get(msg["RCODE"], str(msg["RCODE"]))
    if rcode != exp["rcode"]:
        bad.append("rcode %s, expected %s" % (rcode, exp["rcode"]))
    if exp["ad"] is not None and bool(msg["AD"]) != exp["ad"]:
        bad.append("ad=%d, expected %d" % (msg["AD"], exp["ad"]))
    # The answer is checked where the expected rcode is the correct one.
    if exp["rcode"] != "SERVFAIL" and rcode == exp["rcode"] == case["rcode"]:
        got = section(msg, "answer", skip=("OPT", "RRSIG"))
        want = sorted(norm(x) for x in case["answer"])
        if got != want:
            bad.append("answer %s, expected %s" % (got, want))
    if exp["ede"] is not None and not args.no_ede:
        got = ede_codes(msg)
        if exp["ede"] not in got:
            bad.append("EDE %s, expected %d" % (got or "none", exp["ede"]))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["direct", "resolve", "validate"])
    ap.add_argument("expected")
    ap.add_argument("addr", nargs="?")
    ap.add_argument("port", nargs="?", type=int, default=53)
    ap.add_argument("--only", default="", help="comma-separated case ids")
    ap.add_argument("--skip", default="", help="comma-separated case ids")
    ap.add_argument("--timeout", type=int, default=15)
    ap.add_argument("--retries", type=int, default=0,
                    help="resolve/validate modes: queries re-sent when no answer came")
    ap.add_argument("--no-ede", action="store_true",
                    help="validate mode: do not check Extended DNS Errors")
    ap.add_argument("--resolver", default="",
                    help="validate mode: expect the cases' known deviations of "
                         "this resolver (unbound, kresd)")
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
    if args.mode != "direct" and not args.addr:
        ap.error("%s needs ADDR" % args.mode)
    fn = {"direct": run_direct, "resolve": run_resolve,
          "validate": run_validate}[args.mode]
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
        if args.mode == "validate" and args.resolver:
            _, known = expectation(c, args)
            if known:
                print("known %s: %s (%s)" % (label, ", ".join(
                    "%s=%s" % (k, v) for k, v in sorted(known.items()) if k != "why"),
                    known.get("why", "")))
    line = "%s: %d passed, %d failed" % (args.mode, passed, failed)
    print(line + (", %d skipped" % skipped if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
