"""Minimal DNS wire format for the resolver integration test (stdlib only).

build_query() makes any query, including odd ones (opcodes, QR=1, EDNS
version, classes); parse() decodes a response header, question, sections
(names decompressed, A/AAAA/TXT/CNAME rdata decoded) and the OPT record;
udp()/tcp() send one message and return the raw reply or None on timeout.

    raw = udp("127.53.100.2", 53, build_query("www.ok.test.", "A", qid=7))
    msg = parse(raw); msg["rcode"], msg["answer"][0]["rdata"]
"""
import random
import socket
import struct

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16,
         "AAAA": 28, "SRV": 33, "DNAME": 39, "OPT": 41, "AXFR": 252, "ANY": 255}
TYPE_NAMES = {v: k for k, v in TYPES.items()}
RCODES = {0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP",
          5: "REFUSED", 16: "BADVERS"}


def encode_name(name):
    out = b""
    for label in name.rstrip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def build_query(qname, qtype="A", qid=None, rd=True, cd=False, opcode=0, qr=False,
                qclass=1, edns=1232, edns_version=0, do=False):
    """edns=None: no OPT record; otherwise the advertised UDP payload size."""
    qid = random.randrange(65536) if qid is None else qid
    flags = (0x8000 if qr else 0) | (opcode << 11) | (0x0100 if rd else 0) | (0x0010 if cd else 0)
    arcount = 0 if edns is None else 1
    msg = struct.pack("!HHHHHH", qid, flags, 1, 0, 0, arcount)
    msg += encode_name(qname) + struct.pack("!HH", TYPES.get(qtype, qtype) if isinstance(qtype, str) else qtype,
                                           qclass)
    if edns is not None:
        msg += b"\0" + struct.pack("!HHBBHH", 41, edns, 0, edns_version, 0x8000 if do else 0, 0)
    return msg


def read_name(buf, off):
    labels, jumps, end = [], 0, None
    while True:
        n = buf[off]
        if n & 0xC0 == 0xC0:
            if end is None:
                end = off + 2
            off = ((n & 0x3F) << 8) | buf[off + 1]
            jumps += 1
            if jumps > 64:
                raise ValueError("compression loop")
            continue
        if n == 0:
            return (".".join(labels) + ".").lower() if labels else ".", (end if end is not None else off + 1)
        labels.append(buf[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n


def _rdata(buf, off, rtype, rdlen):
    data = buf[off:off + rdlen]
    if rtype == 1 and rdlen == 4:
        return socket.inet_ntop(socket.AF_INET, data)
    if rtype == 28 and rdlen == 16:
        return socket.inet_ntop(socket.AF_INET6, data)
    if rtype in (2, 5, 12, 39):
        return read_name(buf, off)[0]
    if rtype == 15:
        return "%d %s" % (struct.unpack("!H", data[:2])[0], read_name(buf, off + 2)[0])
    if rtype == 33:
        return "%d %d %d %s" % (struct.unpack("!HHH", data[:6]) + (read_name(buf, off + 6)[0],))
    if rtype == 16:
        strings, i = [], 0
        while i < len(data):
            strings.append(data[i + 1:i + 1 + data[i]].decode("ascii", "replace"))
            i += 1 + data[i]
        return strings
    return data.hex()


def parse(buf):
    """Decode a DNS message; raises ValueError/IndexError on a broken one."""
    qid, flags, qd, an, ns, ar = struct.unpack("!HHHHHH", buf[:12])
    msg = {"id": qid, "qr": bool(flags & 0x8000), "opcode": (flags >> 11) & 0xF,
           "aa": bool(flags & 0x0400), "tc": bool(flags & 0x0200), "rd": bool(flags & 0x0100),
           "ra": bool(flags & 0x0080), "ad": bool(flags & 0x0020), "cd": bool(flags & 0x0010),
           "rcode_num": flags & 0xF, "question": [], "answer": [], "authority": [],
           "additional": [], "opt": None, "size": len(buf)}
    off = 12
    for _ in range(qd):
        name, off = read_name(buf, off)
        qtype, qclass = struct.unpack("!HH", buf[off:off + 4])
        off += 4
        msg["question"].append((name, TYPE_NAMES.get(qtype, qtype), qclass))
    for section, count in (("answer", an), ("authority", ns), ("additional", ar)):
        for _ in range(count):
            name, off = read_name(buf, off)
            rtype, rclass, ttl, rdlen = struct.unpack("!HHIH", buf[off:off + 10])
            off += 10
            if off + rdlen > len(buf):
                raise ValueError("rdata past the end")
            if rtype == 41:
                msg["opt"] = {"udp": rclass, "ext_rcode": ttl >> 24, "version": (ttl >> 16) & 0xFF,
                              "do": bool(ttl & 0x8000), "options": buf[off:off + rdlen]}
            else:
                msg[section].append({"name": name, "type": TYPE_NAMES.get(rtype, rtype), "class": rclass,
                                     "ttl": ttl, "rdata": _rdata(buf, off, rtype, rdlen)})
            off += rdlen
    rcode = msg["rcode_num"] | ((msg["opt"]["ext_rcode"] << 4) if msg["opt"] else 0)
    msg["rcode"] = RCODES.get(rcode, str(rcode))
    return msg


def _family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def udp(addr, port, data, timeout=5.0, source=None):
    """Send one datagram, return the first reply whose ID matches, or None."""
    with socket.socket(_family(addr), socket.SOCK_DGRAM) as s:
        if source:
            s.bind((source, 0))
        s.settimeout(timeout)
        s.sendto(data, (addr, port))
        try:
            while True:
                reply, _ = s.recvfrom(65535)
                if len(data) < 2 or len(reply) < 2 or reply[:2] == data[:2]:
                    return reply
        except socket.timeout:
            return None


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("connection closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def tcp_read(s):
    (length,) = struct.unpack("!H", recv_exact(s, 2))
    return recv_exact(s, length)


def tcp(addr, port, data, timeout=10.0):
    """Send one message over a new TCP connection; reply or None."""
    try:
        with socket.create_connection((addr, port), timeout=timeout) as s:
            s.sendall(struct.pack("!H", len(data)) + data)
            return tcp_read(s)
    except (OSError, ConnectionError):
        return None


def rr_set(msg, section="answer"):
    """Answer RRs as sorted 'owner TYPE rdata' strings (TTL dropped)."""
    out = []
    for rr in msg[section]:
        rd = rr["rdata"]
        rd = " ".join('"%s"' % s for s in rd) if isinstance(rd, list) else str(rd)
        out.append("%s %s %s" % (rr["name"], rr["type"], rd))
    return sorted(out)
