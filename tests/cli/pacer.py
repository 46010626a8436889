#!/usr/bin/python3
"""Sends UDP datagrams on loopback at a fixed rate, to a socket of its own
that reads them, until killed: traffic whose rate the tests know.

usage: pacer.py PACKETS_PER_SECOND PAYLOAD_BYTES [ADDRESS]"""
import socket
import sys
import threading
import time

pps, size = int(sys.argv[1]), int(sys.argv[2])
addr = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rx.bind((addr, 0))
rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
threading.Thread(target=lambda: [rx.recv(65536) for _ in iter(int, 1)], daemon=True).start()
tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dest, data = rx.getsockname(), b"x" * size
print("ready", flush=True)
start, sent = time.monotonic(), 0
while True:
    due = int((time.monotonic() - start) * pps) + 1
    while sent < due:
        tx.sendto(data, dest)
        sent += 1
    time.sleep(0.005)
