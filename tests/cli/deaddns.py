#!/usr/bin/env python3
"""Dead DNS: 1,000 distinct foreign addresses (600 TCP connections to
127.1.x.y, 300 connected UDP sockets to 127.2.x.y, 100 to 2001:db8::/64),
listed without -n while the only name server takes every query and never
answers. The listing must end within BOUND seconds (lookups share one 2 s
deadline), show every address that found no name as a number, still name
what /etc/hosts knows, and say on stderr how many went unanswered."""
import json
import socket
import subprocess
import sys
import threading
import time

from checks import check, finish

ours = sys.argv[1]
BOUND = 3.0

# The name server that never answers, on UDP and TCP.
queries = 0
lock = threading.Lock()
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.53", 53))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp.bind(("127.0.0.53", 53))
tcp.listen(64)
held_dns = []


def swallow_udp():
    global queries
    while True:
        try:
            udp.recvfrom(4096)
        except OSError:
            return
        with lock:
            queries += 1


def swallow_tcp():
    while True:
        try:
            c, _ = tcp.accept()
        except OSError:
            return
        held_dns.append(c)  # read nothing, close nothing, answer nothing


for fn in (swallow_udp, swallow_tcp):
    threading.Thread(target=fn, daemon=True).start()

# 1,000 distinct foreign addresses.
lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lst.bind(("0.0.0.0", 7000))
lst.listen(1024)
held = []
want = set()
for i in range(600):
    addr = f"127.1.{i // 200}.{i % 200 + 1}"
    c = socket.create_connection((addr, 7000))
    held.append(c)
    held.append(lst.accept()[0])
    want.add(addr)
for i in range(300):
    addr = f"127.2.{i // 200}.{i % 200 + 1}"
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.connect((addr, 9))  # a connected UDP socket sends nothing
    held.append(u)
    want.add(addr)
for i in range(100):
    addr = f"2001:db8::{i + 100:x}"
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    u.connect((addr, 9))
    held.append(u)
    want.add(addr)
check(len(want) == 1000, f"{len(want)} distinct foreign addresses")


def run(args):
    t0 = time.monotonic()
    try:
        p = subprocess.run([ours] + args, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        check(False, f"{args}: still running after 60 s")
        return None, b"", b"", 60.0
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


for args in (["-tu"], ["-tuW"], ["-tu", "--json"]):
    rc, out, err, took = run(args)
    print(f"{' '.join(args)}: {took:.2f} s")
    check(rc == 0, f"{args}: status {rc}: {err[-300:]!r}")
    check(took < BOUND, f"{args}: took {took:.2f} s, the bound is {BOUND} s")
    check(b"No answer from the resolver within 2 s" in err, f"{args}: no note: {err!r}")
    if "--json" in args:
        doc = json.loads(out)
        seen = {s["remote"]["address"] for s in doc["sockets"]}
        check(want <= seen, f"{args}: {len(want - seen)} foreign addresses missing")
        named = {s["local"]["host"] for s in doc["sockets"] if s["local"]["address"] == "127.0.0.1"}
        check(named == {"localhost"}, f"{args}: 127.0.0.1 named {named}")
        continue
    text = out.decode()
    rows = [l.split() for l in text.splitlines()[2:]]
    check(all(len(r) >= 5 and r[0] in ("tcp", "udp", "tcp6", "udp6") for r in rows),
          f"{args}: malformed rows")
    foreign = {r[4].rsplit(":", 1)[0] for r in rows}
    if "-tuW" in args:
        check(want <= foreign, f"{args}: not shown as numbers: {sorted(want - foreign)[:5]}")
    else:
        # Without -W an address is cut to fit 23 characters with its port.
        check(len(foreign & want) >= 900, f"{args}: {len(foreign & want)} addresses as numbers")
    # /etc/hosts still answers at once: the local end of the connections.
    check(any(r[3].startswith("localhost:") for r in rows), f"{args}: localhost not named")

with lock:
    check(queries > 0, "the dead name server was never asked")
print(f"the dead name server took {queries} queries")
finish()
