#!/usr/bin/env python3
"""resolvers_helper.py — small measuring tools for bench/resolvers.sh (stdlib only).

  cold ADDR[,ADDR...] PORT NAMESFILE SAMPLES_PREFIX
                               one UDP query per line ("name type") and resolver,
                               sequential, the resolvers in turn (the first one
                               rotating); appends each latency (ms, one a line)
                               to SAMPLES_PREFIX.ADDR, and one line per name to
                               SAMPLES_PREFIX.rows ("name type ADDR=ms ...", "nan"
                               for no answer); prints "ADDR ok failed" lines
  paired ROWS ADDR_A ADDR_B    the same names asked of A and B in the same start:
                               prints "median(A/B) ci_low ci_high pairs
                               a_faster_percent" (the median of the per-name
                               latency ratios, 95 % bootstrap interval)
  percentiles SAMPLES          prints "median_ms p99_ms max_ms n" of such a file
  latency DNSPERF_V_OUTPUT     percentiles of dnsperf -v per-query latencies;
                               prints "p50_ms p99_ms max_ms n"
  kresd RUNDIR EXPR            evaluates a Lua expression on kresd's control
                               socket (RUNDIR/control/<pid>), prints the reply
  rusage OUTFILE CMD...        runs CMD, writes its children's user+sys CPU
                               seconds to OUTFILE, exits with CMD's status
"""
import glob
import math
import os
import random
import resource
import socket
import struct
import subprocess
import sys
import time

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33}


def query(name, qtype, qid):
    wire = b""
    for label in name.rstrip(".").split("."):
        if label:
            wire += bytes([len(label)]) + label.encode()
    wire += b"\0"
    header = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 1)
    opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0, 0)
    return header + wire + struct.pack("!HH", TYPES[qtype], 1) + opt


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def ask(addr, port, name, qtype, qid):
    """One UDP query; returns (latency_ms or None, error text or None)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(10)
    t0 = time.perf_counter()
    try:
        s.sendto(query(name, qtype, qid), (addr, int(port)))
        while True:
            data, _ = s.recvfrom(65535)
            if len(data) >= 12 and struct.unpack("!H", data[:2])[0] == qid:
                break
        dt = (time.perf_counter() - t0) * 1000
        rcode = data[3] & 0xF
        ancount = struct.unpack("!H", data[6:8])[0]
        if rcode == 0 and ancount > 0:
            return dt, None
        return dt, "rcode %d, %d answers" % (rcode, ancount)
    except socket.timeout:
        return None, "no answer in 10 s"
    finally:
        s.close()


def cold(addrs, port, namesfile, samples_prefix):
    """Each name asked of every resolver in turn, the first one rotating from
    name to name: all meet the authoritative servers in the same state, none
    is always the first to wake them. Appends the latencies to
    SAMPLES_PREFIX.ADDR; prints "ADDR ok failed" per resolver."""
    addrs = addrs.split(",")
    ok = {a: 0 for a in addrs}
    failed = {a: 0 for a in addrs}
    lat = {a: [] for a in addrs}
    rows = []
    with open(namesfile) as f:
        lines = [l.split() for l in f if l.strip()]
    for i, (name, qtype) in enumerate(lines):
        row = {}
        for k in range(len(addrs)):
            a = addrs[(i + k) % len(addrs)]
            dt, error = ask(a, port, name, qtype, (i * 7919 + k + 1) & 0xFFFF)
            row[a] = dt
            if dt is not None:
                lat[a].append(dt)
            if error is None:
                ok[a] += 1
            else:
                failed[a] += 1
                print("cold: %s: %s %s: %s" % (a, name, qtype, error), file=sys.stderr)
        rows.append("%s %s %s\n" % (name, qtype, " ".join(
            "%s=%s" % (a, "nan" if row[a] is None else "%.4f" % row[a]) for a in addrs)))
    with open(samples_prefix + ".rows", "a") as f:
        f.writelines(rows)
    for a in addrs:
        with open("%s.%s" % (samples_prefix, a), "a") as f:
            f.writelines("%.4f\n" % v for v in lat[a])
        print("%s %d %d" % (a, ok[a], failed[a]))


def percentiles(samples):
    with open(samples) as f:
        lat = sorted(float(l) for l in f if l.strip())
    print("%.2f %.2f %.2f %d" % (percentile(lat, 50), percentile(lat, 99),
                                 lat[-1] if lat else float("nan"), len(lat)))


def paired(rows, a, b):
    """Per name and start, log(latency A / latency B): the same name asked of
    both right after each other, so the name's cost and the servers' state
    cancel out. Median with a 95 % bootstrap interval (fixed seed)."""
    logs = []
    with open(rows) as f:
        for line in f:
            vals = dict(kv.split("=") for kv in line.split()[2:])
            if vals.get(a, "nan") != "nan" and vals.get(b, "nan") != "nan":
                x, y = float(vals[a]), float(vals[b])
                if x > 0 and y > 0:
                    logs.append(math.log(x / y))
    if not logs:
        print("nan nan nan 0 nan")
        return
    rng = random.Random(53)
    meds = sorted(percentile(sorted(rng.choices(logs, k=len(logs))), 50) for _ in range(2000))
    print("%.3f %.3f %.3f %d %.0f" % (math.exp(percentile(sorted(logs), 50)), math.exp(meds[50]),
                                      math.exp(meds[1949]), len(logs),
                                      100.0 * sum(v < 0 for v in logs) / len(logs)))


def latency(path):
    # dnsperf 2.10 -v lines: "> NOERROR www.ok.test A 0.000123"
    vals = []
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("> "):
                try:
                    vals.append(float(line.split()[-1]) * 1000)
                except ValueError:
                    pass
    vals.sort()
    print("%.3f %.3f %.3f %d" % (percentile(vals, 50), percentile(vals, 99),
                                 vals[-1] if vals else float("nan"), len(vals)))


def kresd(rundir, expr):
    socks = glob.glob(os.path.join(rundir, "control", "*"))
    if not socks:
        sys.exit("kresd: no control socket in %s/control" % rundir)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(socks[0])
    s.sendall(expr.encode() + b"\n")
    out = b""
    try:
        while not out.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except socket.timeout:
        pass
    # The REPL may echo a prompt ("> "); keep the last non-empty line.
    lines = [l.strip().lstrip(">").strip() for l in out.decode(errors="replace").splitlines()]
    lines = [l for l in lines if l]
    print(lines[-1] if lines else "")


def rusage(outfile, cmd):
    rc = subprocess.call(cmd)
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(outfile, "w") as f:
        f.write("%.3f\n" % (r.ru_utime + r.ru_stime))
    return rc


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "cold" and len(args) == 4:
        cold(*args)
    elif cmd == "paired" and len(args) == 3:
        paired(*args)
    elif cmd == "percentiles" and len(args) == 1:
        percentiles(args[0])
    elif cmd == "latency" and len(args) == 1:
        latency(args[0])
    elif cmd == "kresd" and len(args) == 2:
        kresd(*args)
    elif cmd == "rusage" and len(args) >= 2:
        sys.exit(rusage(args[0], args[1:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
