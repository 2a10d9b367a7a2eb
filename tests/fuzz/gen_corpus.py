#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Usage: python3 tests/fuzz/gen_corpus.py [--knot]

Without options it writes the deterministic seeds (queries with EDNS options,
hand-made responses with compression pointers, names, RDATA in wire and text
form, EDNS option bodies, zone snippets, configs) from the repository's test
data. With --knot it also starts knotd (Debian 12 `knot`) on 127.0.0.1:53541
serving tests/data/rdata/all-types.zone and the packet vectors' zones, asks it
for every owner/type of those zones, and keeps the responses as message seeds
(and their RDATA as rdata seeds). Seeds are named by content hash, so re-running
only adds new files.
"""
import hashlib
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "HINFO": 13, "MX": 15, "TXT": 16, "AAAA": 28,
         "SRV": 33, "NAPTR": 35, "DNAME": 39, "OPT": 41, "DS": 43, "SSHFP": 44, "RRSIG": 46, "NSEC": 47,
         "DNSKEY": 48, "NSEC3": 50, "NSEC3PARAM": 51, "TLSA": 52, "CDS": 59, "CDNSKEY": 60, "ZONEMD": 63,
         "SVCB": 64, "HTTPS": 65, "ANY": 255, "CAA": 257}


def save(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def name_wire(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def opt_rr(udp=1232, do=False, options=b"", ext_rcode=0, version=0):
    ttl = ext_rcode << 24 | version << 16 | (0x8000 if do else 0)
    return b"\0" + struct.pack(">HHIH", 41, udp, ttl, len(options)) + options


def option(code, body):
    return struct.pack(">HH", code, len(body)) + body


EDNS_OPTIONS = [
    option(3, b""),                                          # NSID request
    option(10, bytes(range(8))),                             # client cookie
    option(10, bytes(range(24))),                            # client + server cookie
    option(8, struct.pack(">HBB", 1, 24, 0) + bytes([192, 0, 2])),   # ECS v4 /24
    option(8, struct.pack(">HBB", 2, 56, 0) + bytes.fromhex("20010db8000000")),  # ECS v6 /56
    option(8, struct.pack(">HBB", 1, 0, 0)),                 # ECS /0
    option(11, b""), option(11, b"\x00\x64"),                # keepalive
    option(12, bytes(16)),                                   # padding
    option(15, b"\x00\x06DNSSEC bogus"), option(15, b"\x00\x12"), option(15, b"\x00\x00text\x00"),
    option(65001, b"\xff\xfe"),
]


def query(qname, qtype, ident=0x1234, flags=0x0100, edns=None):
    ar = 1 if edns is not None else 0
    q = struct.pack(">HHHHHH", ident, flags, 1, 0, 0, ar) + name_wire(qname) + struct.pack(">HH", qtype, 1)
    return q + (edns if edns is not None else b"")


def deterministic():
    # --- message: queries, and responses with compression built by hand
    for i, (n, t) in enumerate([("example.com.", 1), ("www.Example.COM.", 28), (".", 2), ("a.b.c.d.e.f.", 255),
                                ("_443._tcp.example.com.", 52), ("x.example.", 65)]):
        save("message_fuzz", query(n, t))
        save("message_fuzz", query(n, t, edns=opt_rr(do=i % 2 == 0, options=b"".join(EDNS_OPTIONS[i::4]))))
    # A response: www.example.com CNAME web (pointer into question), web A, NS in authority, glue, OPT with EDE.
    hdr = struct.pack(">HHHHHH", 0xbeef, 0x8580, 1, 2, 1, 2)
    q = name_wire("www.example.com.") + struct.pack(">HH", 1, 1)
    an1 = b"\xc0\x0c" + struct.pack(">HHIH", 5, 1, 300, 6) + b"\x03web\xc0\x10"
    an2 = b"\xc0\x2d" + struct.pack(">HHIH", 1, 1, 300, 4) + bytes([192, 0, 2, 1])
    ns = b"\xc0\x10" + struct.pack(">HHIH", 2, 1, 3600, 6) + b"\x03ns1\xc0\x10"
    glue = b"\xc0\x4c" + struct.pack(">HHIH", 1, 1, 3600, 4) + bytes([192, 0, 2, 53])
    opt = opt_rr(do=True, options=option(15, b"\x00\x03stale") + option(10, bytes(range(16))), ext_rcode=0)
    msg = hdr + q + an1 + an2 + ns + glue + opt
    save("message_fuzz", msg)
    # Same with a BADVERS extended rcode and an MX + SOA with compressed names.
    hdr = struct.pack(">HHHHHH", 7, 0x8400, 1, 1, 1, 1)
    q = name_wire("example.com.") + struct.pack(">HH", 15, 1)
    mx = b"\xc0\x0c" + struct.pack(">HHIH", 15, 1, 60, 9) + b"\x00\x0a\x04mail\xc0\x0c"
    soa_rd = b"\x03ns1\xc0\x0c\x0ahostmaster\xc0\x0c" + struct.pack(">IIIII", 1, 7200, 3600, 1209600, 300)
    soa = b"\xc0\x0c" + struct.pack(">HHIH", 6, 1, 300, len(soa_rd)) + soa_rd
    save("message_fuzz", hdr + q + mx + soa + opt_rr(ext_rcode=1))
    for f in sorted(os.listdir(os.path.join(ROOT, "tests/data/packets"))):
        if f.endswith(".bin"):
            save("message_fuzz", open(os.path.join(ROOT, "tests/data/packets", f), "rb").read())

    # --- name: "<name>\n<second name>"
    names = ["www.example.com.", "Example.COM", ".", "", "@", "a\\.b.example.", "\\065\\066c.", "x\\\\y.z",
             "*.wild.example.", "xn--bcher-kva.example.", "a" * 63 + ".b", ".".join(["abc"] * 60) + ".",
             "under_score.-dash.", "\\000.\\255\\032x.", "rel.name", "a..b", "trailing\\"]
    for i, n in enumerate(names):
        save("name_fuzz", n + "\n" + names[(i * 7 + 3) % len(names)])

    # --- edns: class(2) ttl(4) rdata
    for i, o in enumerate(EDNS_OPTIONS):
        save("edns_fuzz", struct.pack(">HI", 1232, 0x8000 if i % 2 else 0) + o)
    save("edns_fuzz", struct.pack(">HI", 4096, 0x01008000) + b"".join(EDNS_OPTIONS))
    save("edns_fuzz", struct.pack(">HI", 512, 0) + b"\x00\x0a\x00\x20" + bytes(8))  # runs past the end

    # --- zone: the repository's zone files and snippets
    for d in ("tests/data/zones", "tests/data/rdata", "tests/data/packets"):
        for f in sorted(os.listdir(os.path.join(ROOT, d))):
            if f.endswith(".zone"):
                save("zone_fuzz", open(os.path.join(ROOT, d, f), "rb").read())
    for snippet in ["$TTL 1h30m\n@ IN SOA ns hm ( 1 2 3 4 5 ) ; c\nwww 60 A 192.0.2.1\n  AAAA ::1\n",
                    "$ORIGIN sub.example.\na CH TXT \"x\\\"y\" z\nb TYPE65280 \\# 2 abcd\n",
                    "x 1 IN A \\# 4 01020304\n$INCLUDE /etc/passwd\n",
                    "a 300 IN MX 10 @\nb 300 IN CNAME a\nc 300 IN DNAME .\n"]:
        save("zone_fuzz", snippet)

    # --- rdata: type(2) + text, from every record of all-types.zone
    for line in open(os.path.join(ROOT, "tests/data/rdata/all-types.zone")):
        m = re.match(r"^\S+\s+IN\s+(\S+)\s+(.*)$", line.strip())
        if not m:
            continue
        t = TYPES.get(m.group(1))
        if t is None and m.group(1).startswith("TYPE"):
            t = int(m.group(1)[4:])
        if t is not None:
            save("rdata_fuzz", struct.pack(">H", 0x8000 | t) + m.group(2).replace("@", "example.com.").encode())

    # --- config: the shipped configs and a few fragments
    for d in ("etc", "etc/examples"):
        for f in sorted(os.listdir(os.path.join(ROOT, d))):
            if f.endswith(".yaml"):
                save("config_fuzz", open(os.path.join(ROOT, d, f), "rb").read())
    for snippet in ["", "workers: 2\n", "listeners:\n  - address: 127.0.0.1\n    port: 5353\n    transport: udp\n",
                    "access:\n  allow: [0.0.0.0/0, ::/0]\n", "cache:\n  size: 1M\n", "local_zones:\n  - {name: test., action: nxdomain}\n",
                    "foo: [unclosed\n", "&a [*a]\n",
                    "policy:\n  server_names: {a.test: plain}\n  client_ids:\n    org.test: {id-1: plain, B2: plain}\n",
                    "policy:\n  lists:\n    c2:\n      file: c2.txt\n      category: c2\n      fetch: {url: \"https://u:p@f.test:8443/c2?k=v\", "
                    "headers: {Authorization: \"Bearer x\"}, ca_file: ca.pem, interval: 10m, max_size: 1M}\n"]:
        save("config_fuzz", snippet)


def decompress_name(pkt, off):
    out, jumped, end = b"", False, None
    while True:
        n = pkt[off]
        if n >= 0xC0:
            if end is None:
                end = off + 2
            off = (n & 0x3F) << 8 | pkt[off + 1]
            continue
        out += pkt[off:off + 1 + n]
        off += 1 + n
        if n == 0:
            return out, (end if end is not None else off)


def rdata_seeds(pkt):
    """(type, uncompressed RDATA) of each record of a response (NS/CNAME/PTR/DNAME/MX/SOA decompressed)."""
    qd, an, ns, ar = struct.unpack(">HHHH", pkt[4:12])
    off = 12
    for _ in range(qd):
        off = decompress_name(pkt, off)[1] + 4
    for _ in range(an + ns + ar):
        off = decompress_name(pkt, off)[1]
        t, _c, _ttl, rdlen = struct.unpack(">HHIH", pkt[off:off + 10])
        off += 10
        rd = pkt[off:off + rdlen]
        if t in (2, 5, 12, 39):
            rd = decompress_name(pkt, off)[0]
        elif t == 15:
            rd = rd[:2] + decompress_name(pkt, off + 2)[0]
        elif t == 6:
            m, o = decompress_name(pkt, off)
            r, o = decompress_name(pkt, o)
            rd = m + r + pkt[o:o + 20]
        if t != 41:
            yield t, rd
        off += rdlen


def knot_capture(port=53541):
    tmp = tempfile.mkdtemp(prefix="fuzz-knot-")
    db = os.path.join(tmp, "db")
    os.makedirs(db)
    zones = {"example.com": os.path.join(ROOT, "tests/data/rdata/all-types.zone"),
             "example.test": os.path.join(ROOT, "tests/data/packets/example.test.zone")}
    conf = f"server:\n  rundir: {tmp}\n  listen: 127.0.0.1@{port}\n  nsid: fuzz\ndatabase:\n  storage: {db}\nzone:\n"
    for z, f in zones.items():
        shutil.copy(f, os.path.join(db, z + ".zone"))
        conf += f"  - domain: {z}\n    file: {db}/{z}.zone\n"
    open(os.path.join(tmp, "knot.conf"), "w").write(conf)
    proc = subprocess.Popen(["knotd", "-c", os.path.join(tmp, "knot.conf")], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.5)
        asks = set()
        for z, f in zones.items():
            origin = z + "."
            for line in open(f):
                m = re.match(r"^(\S+)\s+(?:\d+\s+)?IN\s+(\S+)\s", line)
                if m and not line.startswith("$"):
                    owner = origin if m.group(1) == "@" else (m.group(1) if m.group(1).endswith(".") else m.group(1) + "." + origin)
                    t = TYPES.get(m.group(2)) or (int(m.group(2)[4:]) if m.group(2).startswith("TYPE") else None)
                    if t:
                        asks.add((owner, t))
            asks.add(("nope." + origin, 1))
            asks.add((origin, 255))
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(2)
        for i, (owner, t) in enumerate(sorted(asks)):
            s.sendto(query(owner, t, ident=i, flags=0, edns=opt_rr(do=True, options=option(3, b""))), ("127.0.0.1", port))
            try:
                pkt = s.recv(65535)
            except socket.timeout:
                continue
            save("message_fuzz", pkt)
            for rt, rd in rdata_seeds(pkt):
                save("rdata_fuzz", struct.pack(">H", 0x8000 | rt) + rd)
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    deterministic()
    if "--knot" in sys.argv:
        knot_capture()
