#!/usr/bin/env python3
"""Holds listening sockets in the network namespace it runs in, for the
--netns tests: nsholder.py READY SPEC... where SPEC is tcp:ADDR:PORT,
udp:ADDR:PORT (ADDR in brackets for IPv6) or unix:PATH. Writes READY when
every socket is bound, then waits to be killed."""
import socket
import sys
import time


def bind(spec):
    kind, rest = spec.split(":", 1)
    if kind == "unix":
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(rest)
        s.listen(8)
        return s
    host, port = rest.rsplit(":", 1)
    fam = socket.AF_INET6 if host.startswith("[") else socket.AF_INET
    host = host.strip("[]")
    s = socket.socket(fam, socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind((host, int(port)))
    if kind == "tcp":
        s.listen(8)
    return s


def main():
    held = [bind(spec) for spec in sys.argv[2:]]
    with open(sys.argv[1], "w") as f:
        f.write("ready\n")
    deadline = time.time() + 600  # never outlives a stuck test for long
    while time.time() < deadline:
        time.sleep(1)
    del held


if __name__ == "__main__":
    main()
