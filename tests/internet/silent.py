#!/usr/bin/env python3
"""A DNS server that never answers: binds UDP and TCP port 53 on ADDR,
reads and drops every datagram, accepts TCP connections and never replies.
Models a server whose queries time out (not refused). Stdlib only.

Usage: silent.py ADDR READYFILE   (READYFILE is created once bound)
"""
import selectors
import socket
import sys
import time


def main():
    addr, ready = sys.argv[1], sys.argv[2]
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    udp = socket.socket(fam, socket.SOCK_DGRAM)
    udp.bind((addr, 53))
    tcp = socket.socket(fam, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((addr, 53))
    tcp.listen(64)
    sel = selectors.DefaultSelector()
    sel.register(udp, selectors.EVENT_READ, "udp")
    sel.register(tcp, selectors.EVENT_READ, "listen")
    open(ready, "w").close()
    conns = {}  # socket -> time accepted; closed after 30 s
    while True:
        for key, _ in sel.select(timeout=1.0):
            if key.data == "udp":
                udp.recvfrom(65535)
            elif key.data == "listen":
                c, _ = tcp.accept()
                sel.register(c, selectors.EVENT_READ, "conn")
                conns[c] = time.monotonic()
            else:
                if not key.fileobj.recv(65535):
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
                    conns.pop(key.fileobj, None)
        now = time.monotonic()
        for c, t in list(conns.items()):
            if now - t > 30:
                sel.unregister(c)
                c.close()
                del conns[c]


if __name__ == "__main__":
    main()
