#!/usr/bin/env python3
"""Hostile and long-lived clients for tests/integration/transports/run.sh.

Only what the real clients (kdig, dig, curl, dnsperf, gnutls-cli) cannot do:
send garbage, hold a connection across a reload, stall a handshake.
Each command prints one line and exits 0 when the daemon behaved.

  clients.py garbage-tcp ADDR PORT          random bytes instead of a ClientHello: closed, no answer
  clients.py garbage-h2 ADDR PORT CA        TLS+ALPN h2, then junk frames: closed (GOAWAY or EOF)
  clients.py garbage-udp ADDR PORT          random datagrams, some shaped like QUIC v1 Initials (DoQ port)
  clients.py noproxy SRC ADDR PORT          from SRC (a load balancer), a DNS/TCP query without PROXY header: closed, unanswered
  clients.py stall ADDR PORT                connect, send nothing: the server closes (handshake timeout)
  clients.py query-bin NAME                 a query for NAME A on stdout (wire format)
  clients.py query-b64 NAME                 ... as base64url without padding (DoH GET)
  clients.py hold-many ADDR PORT CA N FIFO  N DoT connections (handshake done), held until a line on FIFO
  clients.py hold ADDR PORT CA NAME FIFO    DoT: query NAME, wait for a line on FIFO, query again
                                            on the same connection; prints both answers' rcodes
"""
import base64
import os
import socket
import ssl
import struct
import sys


def query(name, qid, qtype=1):
    q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\0" + struct.pack(">HH", qtype, 1)


def read_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            raise EOFError("closed after %d of %d octets" % (len(data), n))
        data += chunk
    return data


def dot_exchange(s, name, qid):
    q = query(name, qid)
    s.sendall(struct.pack(">H", len(q)) + q)
    n = struct.unpack(">H", read_exact(s, 2))[0]
    r = read_exact(s, n)
    if struct.unpack(">H", r[:2])[0] != qid:
        raise ValueError("wrong id")
    return r[3] & 0x0F, struct.unpack(">H", r[6:8])[0]


def closed_by_server(s, timeout):
    s.settimeout(timeout)
    try:
        while True:
            if not s.recv(4096):
                return True
    except (ConnectionResetError, ssl.SSLError, BrokenPipeError):
        return True
    except socket.timeout:
        return False


def tls_context(ca, alpn):
    ctx = ssl.create_default_context(cafile=ca)
    ctx.check_hostname = True
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


def main(argv):
    if argv[1] == "query-bin":
        sys.stdout.buffer.write(query(argv[2], 0))
        return 0
    if argv[1] == "query-b64":
        print(base64.urlsafe_b64encode(query(argv[2], 0)).decode().rstrip("="))
        return 0
    if argv[1] == "noproxy":
        s = socket.create_connection((argv[3], int(argv[4])), timeout=5, source_address=(argv[2], 0))
        q = query("www.ok.test", 5)
        s.sendall(struct.pack(">H", len(q)) + q)
        print("closed" if closed_by_server(s, 20) else "answered")
        return 0
    cmd, addr, port = argv[1], argv[2], int(argv[3])
    if cmd == "garbage-tcp":
        s = socket.create_connection((addr, port), timeout=5)
        s.sendall(os.urandom(3000))
        print("closed" if closed_by_server(s, 20) else "still open")
        return 0
    if cmd == "garbage-h2":
        s = tls_context(argv[4], ["h2"]).wrap_socket(socket.create_connection((addr, port), timeout=5),
                                                     server_hostname="dns.test")
        s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x08\x07\xff\x00\x00\x00\x00" + os.urandom(64))
        print("closed" if closed_by_server(s, 20) else "still open")
        return 0
    if cmd == "garbage-udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for i in range(300):
            size = [1, 20, 1200, 1350, 65000][i % 5]
            body = os.urandom(size)
            if i % 3 == 0 and size > 20:  # long header, QUIC v1, DCID length 8
                body = b"\xc3\x00\x00\x00\x01\x08" + body[6:]
            s.sendto(body, (addr, port))
        print("sent")
        return 0
    if cmd == "stall":
        s = socket.create_connection((addr, port), timeout=5)
        print("closed" if closed_by_server(s, 30) else "still open")
        return 0
    if cmd == "hold-many":
        ca, count, fifo = argv[4], int(argv[5]), argv[6]
        held = [tls_context(ca, ["dot"]).wrap_socket(socket.create_connection((addr, port), timeout=10),
                                                     server_hostname="dns.test") for _ in range(count)]
        for s in held:
            dot_exchange(s, "www.ok.test", 9)
        print("held %d" % len(held), flush=True)
        with open(fifo) as f:
            f.readline()
        for s in held:
            s.close()
        print("released", flush=True)
        return 0
    if cmd == "hold":
        ca, name, fifo = argv[4], argv[5], argv[6]
        s = tls_context(ca, ["dot"]).wrap_socket(socket.create_connection((addr, port), timeout=10),
                                                 server_hostname="dns.test")
        first = dot_exchange(s, name, 1)
        print("first rcode=%d answers=%d" % first, flush=True)
        with open(fifo) as f:
            f.readline()
        second = dot_exchange(s, name, 2)
        print("second rcode=%d answers=%d" % second, flush=True)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
