"""Capture the DNS queries sent to the test Internet's servers (stdlib only).

A packet socket (AF_PACKET, allowed to the namespace's root) on `lo` sees
every loopback packet; we keep the outgoing UDP and TCP segments to port 53
whose destination is one of the given server addresses, and decode their
question. TCP segments are decoded when they hold a whole length-prefixed
message (true for queries, which are small).

    with Sniffer(["127.53.0.1", "fd53::1"]) as sn:
        ...query the resolver...
    [(dst, "udp", "test.", "NS"), ...] = sn.queries
"""
import select
import socket
import struct
import threading
import time

import dnsmsg

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


class Sniffer:
    def __init__(self, servers):
        self.servers = set(servers)
        self.queries = []          # (dst address, "udp"|"tcp", qname, qtype)
        self._stop = threading.Event()
        self._sock = None
        self._thread = None

    def __enter__(self):
        self._sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self._sock.bind(("lo", 0))
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        time.sleep(0.2)   # let the last packets reach the socket
        self._stop.set()
        self._thread.join()
        self._sock.close()

    def _run(self):
        while not self._stop.is_set():
            r, _, _ = select.select([self._sock], [], [], 0.05)
            if r:
                self._drain()
        self._drain()  # what arrived while this thread waited for a core

    def _drain(self):
        while True:
            try:
                frame, addr = self._sock.recvfrom(65535, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return
            if addr[2] == PACKET_OUTGOING:
                self._frame(frame)

    def _frame(self, frame):
        if len(frame) < 14:
            return
        ethertype = struct.unpack("!H", frame[12:14])[0]
        ip = frame[14:]
        if ethertype == 0x0800 and len(ip) >= 20:
            ihl = (ip[0] & 0xF) * 4
            proto, dst = ip[9], socket.inet_ntop(socket.AF_INET, ip[16:20])
            payload = ip[ihl:]
        elif ethertype == 0x86DD and len(ip) >= 40:
            proto, dst = ip[6], socket.inet_ntop(socket.AF_INET6, ip[24:40])
            payload = ip[40:]   # the resolver sends no extension headers
        else:
            return
        if dst not in self.servers:
            return
        if proto == 17 and len(payload) >= 8:
            if struct.unpack("!H", payload[2:4])[0] == 53:
                self._dns(dst, "udp", payload[8:])
        elif proto == 6 and len(payload) >= 20:
            if struct.unpack("!H", payload[2:4])[0] != 53:
                return
            data = payload[(payload[12] >> 4) * 4:]
            if len(data) >= 14 and struct.unpack("!H", data[:2])[0] == len(data) - 2:
                self._dns(dst, "tcp", data[2:])

    def _dns(self, dst, proto, data):
        try:
            m = dnsmsg.parse(data)
        except (ValueError, IndexError, struct.error):
            return
        if not m["qr"] and m["question"]:
            name, qtype, _ = m["question"][0]
            self.queries.append((dst, proto, name, qtype))
