#!/usr/bin/env python3
"""Captures the DNS test vectors in this folder from a local knotd.

Usage: start knotd with knot.conf (zones example.test and signed.test, see
README.md), then run `python3 capture.py PORT`. For each case it sends one
query over UDP to 127.0.0.1:PORT, saves the raw response as CASE.bin, and
saves the text kdig prints for the same query (same flags and EDNS) as
CASE.txt, less kdig's timing lines.
"""
import random
import socket
import struct
import subprocess
import sys

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "MX": 15, "TXT": 16, "AAAA": 28, "SRV": 33, "DNSKEY": 48}

# name, qname, qtype, edns, do, nsid
CASES = [
    ("mx_additional", "example.test.", "MX", True, False, False),
    ("cname_chain_case", "WwW.example.test.", "A", True, False, False),
    ("nxdomain_soa", "nope.example.test.", "A", True, False, False),
    ("referral_glue", "host.sub.example.test.", "A", True, False, False),
    ("srv", "_sip._udp.example.test.", "SRV", False, False, False),
    ("tc_no_edns", "big.example.test.", "TXT", False, False, False),
    ("dnssec_rrsig_nsid", "www.signed.test.", "A", True, True, True),
    ("dnssec_dnskey", "signed.test.", "DNSKEY", True, True, False),
]


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def query(qname, qtype, edns, do, nsid):
    ident = random.randrange(65536)
    q = struct.pack(">HHHHHH", ident, 0, 1, 0, 0, 1 if edns else 0)
    q += encode_name(qname) + struct.pack(">HH", TYPES[qtype], 1)
    if edns:
        opts = struct.pack(">HH", 3, 0) if nsid else b""
        q += b"\0" + struct.pack(">HHIH", 41, 1232, 0x8000 if do else 0, len(opts)) + opts
    return q


def kdig_text(port, qname, qtype, edns, do, nsid):
    args = ["kdig", "@127.0.0.1", "-p", str(port), "+norec", "+ignore", "+nocookie"]
    args += ["+edns=0", "+bufsize=1232"] if edns else ["+noedns"]
    if do:
        args.append("+dnssec")
    if nsid:
        args.append("+nsid")
    out = subprocess.run(args + [qname, qtype], capture_output=True, text=True, check=True).stdout
    return "".join(l + "\n" for l in out.splitlines() if not l.startswith((";; Time", ";; From")))


def main():
    port = int(sys.argv[1])
    for name, qname, qtype, edns, do, nsid in CASES:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        s.sendto(query(qname, qtype, edns, do, nsid), ("127.0.0.1", port))
        data, _ = s.recvfrom(65535)
        open(name + ".bin", "wb").write(data)
        open(name + ".txt", "w").write(kdig_text(port, qname, qtype, edns, do, nsid))


if __name__ == "__main__":
    main()
