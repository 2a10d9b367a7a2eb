#!/usr/bin/env python3
"""Cold queries with DO=1 for bench/dnssec.sh (stdlib only).

    dnssec_helper.py ADDR PORT NAMESFILE PID SERVER...

Asks each "name type" line in turn, times it, counts AD answers, the CPU time
PID spent (all threads, /proc schedstat) and the queries sent to SERVERs
(packet capture on lo, tests/integration/resolver/sniff.py). Prints one
Markdown table row body: "ad/total | median | p99 | total | cpu | upstream".
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "integration", "resolver"))
from sniff import Sniffer  # noqa: E402

TYPES = {"A": 1, "AAAA": 28, "TXT": 16, "MX": 15}


def query(name, qtype, qid):
    wire = b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".") if l) + b"\0"
    header = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 1)
    opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0x8000, 0)  # DO
    return header + wire + struct.pack("!HH", TYPES[qtype], 1) + opt


def cpu_ns(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total


def main():
    addr, port, namesfile, pid = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    servers = sys.argv[5:]
    lines = [l.split() for l in open(namesfile) if l.strip()]
    lat, ad = [], 0
    cpu0 = cpu_ns(pid)
    t_all = time.perf_counter()
    with Sniffer(servers) as sn:
        for i, (name, qtype) in enumerate(lines):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(10)
            qid = (i * 7919 + 1) & 0xFFFF
            t0 = time.perf_counter()
            try:
                s.sendto(query(name, qtype, qid), (addr, port))
                while True:
                    data, _ = s.recvfrom(65535)
                    if len(data) >= 12 and struct.unpack("!H", data[:2])[0] == qid:
                        break
                lat.append((time.perf_counter() - t0) * 1000)
                if data[3] & 0x20:
                    ad += 1
                rcode = data[3] & 0xF
                if rcode not in (0, 3):
                    print(f"{addr}: {name} {qtype}: rcode {rcode}", file=sys.stderr)
            except socket.timeout:
                print(f"{addr}: {name} {qtype}: no answer in 10 s", file=sys.stderr)
            finally:
                s.close()
        total = (time.perf_counter() - t_all) * 1000
        time.sleep(0.2)
    cpu = (cpu_ns(pid) - cpu0) / 1e6
    lat.sort()
    med = lat[len(lat) // 2] if lat else float("nan")
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else float("nan")
    print(f"{ad}/{len(lines)} | {med:.2f} | {p99:.2f} | {total:.0f} | {cpu:.1f} | {len(sn.queries)}")


if __name__ == "__main__":
    main()
