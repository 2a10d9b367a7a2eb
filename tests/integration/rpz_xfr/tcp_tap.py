#!/usr/bin/env python3
"""One-connection TCP proxy that records both directions (used by capture.sh).
Usage: tcp_tap.py LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT CLIENT_OUT SERVER_OUT"""
import socket
import sys
import threading

la, lp, ta, tp, cout, sout = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5], sys.argv[6]
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((la, lp))
srv.listen(1)
c, _ = srv.accept()
s = socket.create_connection((ta, tp))


def pump(a, b, path):
    with open(path, "wb") as f:
        while True:
            d = a.recv(65536)
            if not d:
                break
            f.write(d)
            b.sendall(d)
    try:
        b.shutdown(socket.SHUT_WR)
    except OSError:
        pass


t = threading.Thread(target=pump, args=(c, s, cout))
t.start()
pump(s, c, sout)
t.join()
