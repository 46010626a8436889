#!/usr/bin/env python3
"""netstat never lists its own sockets. A name server on 127.0.0.53
answers each PTR question after DELAY (127.3.x.y are peer-x-y.example)
and never answers for 127.4.x.y, so netstat's lookups are under way while
it reads its tables, and some still are at the next refresh of -c. Only
netstat asks this server, so any socket connected to 127.0.0.53:53 in a
listing is netstat's own. The test's own sockets must all be there (none
is left out by mistake), with the names the server gave."""
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

from checks import check, finish

ours = sys.argv[1]
DELAY = 0.05
NS = ("127.0.0.53", 53)

# ---- the name server ----
queries = []
lock = threading.Lock()
srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(NS)


def ptr_name(qname):
    """The answer for a PTR question, or None (no such name)."""
    labels = qname.split(".")
    if labels[-2:] != ["in-addr", "arpa"] or len(labels) != 6:
        return None
    d, c, b, a = labels[:4]
    if (a, b) == ("127", "3"):
        return f"peer-{c}-{d}.example"
    return None


def encode(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def reply(data, peer):
    qid, flags, qd = struct.unpack("!HHH", data[:6])
    i, labels = 12, []
    while data[i]:
        labels.append(data[i + 1:i + 1 + data[i]].decode())
        i += 1 + data[i]
    question = data[12:i + 5]
    qtype = struct.unpack("!H", data[i + 1:i + 3])[0]
    qname = ".".join(labels)
    if qname.endswith(".4.127.in-addr.arpa"):
        return  # never answered: the lookup waits out its deadline
    name = ptr_name(qname) if qtype == 12 else None
    head = struct.pack("!HHHHHH", qid, 0x8180 if name else 0x8183, 1, 1 if name else 0, 0, 0)
    answer = b""
    if name:
        rdata = encode(name)
        answer = struct.pack("!HHHIH", 0xC00C, 12, 1, 60, len(rdata)) + rdata
    time.sleep(DELAY)
    try:
        srv.sendto(head + question + answer, peer)
    except OSError:
        pass


def serve():
    while True:
        try:
            data, peer = srv.recvfrom(4096)
        except OSError:
            return
        with lock:
            queries.append(peer)
        threading.Thread(target=reply, args=(data, peer), daemon=True).start()


threading.Thread(target=serve, daemon=True).start()

# ---- the test's own sockets ----
held, mine = [], set()  # mine: (protocol, local address, local port)
lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lst.bind(("127.0.0.1", 47100))
lst.listen(512)
mine.add(("tcp", "127.0.0.1", 47100))
for i in range(120):
    for net, n in (("127.3", i), ("127.4", i % 12)):
        if net == "127.4" and i >= 12:
            continue
        c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        c.bind((f"{net}.{n // 100}.{n % 100 + 1}", 0))
        c.connect(("127.0.0.1", 47100))
        a = lst.accept()[0]
        held += [c, a]
        mine.add(("tcp",) + c.getsockname())
        mine.add(("tcp",) + a.getsockname())
for i in range(120):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((f"127.3.1.{i + 1}", 0))
    u.connect(("127.0.0.1", 47200))  # sends nothing
    held.append(u)
    mine.add(("udp",) + u.getsockname())


def mine_in(doc):
    return {(s["protocol"], s["local"]["address"], s["local"]["port"])
            for s in doc["sockets"] if s["family"] == "inet"}


def own_in(doc):
    """Sockets of the listing connected to the name server: netstat's
    (their local ends)."""
    return [f'{s["protocol"]} {s["local"]["address"]}:{s["local"]["port"]}'
            for s in doc["sockets"]
            if s["remote"]["address"] == NS[0] and s["remote"]["port"] == NS[1]]


def run(args, seconds=None):
    """stdout of one run; with seconds, of a -c run stopped after that."""
    p = subprocess.Popen([ours] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if seconds is None:
        out, err = p.communicate(timeout=60)
        check(p.returncode == 0, f"{args}: status {p.returncode}: {err[-300:]!r}")
        return out.decode()
    try:  # read all along: a full pipe would hold netstat back
        out, err = p.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=60)
    return out.decode()


def text_rows(text):
    return [l.split() for l in text.splitlines()
            if l.startswith(("tcp", "udp"))]


# One listing, text and JSON: every lookup is asked while tables are read.
for args in (["-tua"], ["-tuae"], ["-tuap"], ["-tuaW", "-o"]):
    rows = text_rows(run(args))
    own = [r for r in rows if r[4].startswith("dns.example:")]
    check(not own, f"{args}: netstat's own sockets listed: {own[:3]}")
    check(any(r[3].startswith("peer-") for r in rows), f"{args}: no name from the server")
    if "-tuap" in args:
        progs = [r for r in rows if r[-1].endswith("/netstat")]
        check(not progs, f"{args}: sockets of netstat's own processes: {progs[:3]}")

for args in (["-tua", "--json"], ["-tuae", "--json"], ["-a", "--json"]):
    doc = json.loads(run(args))
    check(not own_in(doc), f"{args}: netstat's own sockets listed: {own_in(doc)[:3]}")
    missing = mine - mine_in(doc)
    check(not missing, f"{args}: the test's sockets missing: {sorted(missing)[:5]}")
    hosts = {s["local"]["host"] for s in doc["sockets"]}
    check(any(h and h.startswith("peer-") for h in hosts), f"{args}: no name from the server")

# -c: lookups that missed a deadline are still under way at the refresh.
text = run(["-tua", "-c"], 5.0)
check(text.count("Active Internet connections") >= 2, "-c: fewer than two listings in 5 s")
own = [r for r in text_rows(text) if r[4].startswith("dns.example:")]
check(not own, f"-tua -c: netstat's own sockets listed: {own[:3]}")

# Stopped by a signal, the last document may be cut: whole lines only.
docs = [json.loads(l) for l in run(["-tua", "-c", "--json"], 5.0).split("\n")[:-1]]
check(len(docs) >= 2, f"-c --json: {len(docs)} documents in 5 s")
for d in docs:
    check(not own_in(d), f"-c --json: netstat's own sockets listed: {own_in(d)[:3]}")
    missing = mine - mine_in(d)
    check(not missing, f"-c --json: the test's sockets missing: {sorted(missing)[:5]}")

# The helper killed part way: the listing goes on, with numbers, and says so.
p = subprocess.Popen([ours, "-tua"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
time.sleep(0.5)
try:
    with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
        helper = [int(x) for x in f.read().split()]
except OSError:
    helper = []
check(len(helper) == 1, f"netstat -tua has {len(helper)} helper processes, not one")
for h in helper:
    os.kill(h, signal.SIGKILL)
out, err = p.communicate(timeout=60)
check(p.returncode == 0, f"helper killed: status {p.returncode}")
check(b"the name lookups stopped" in err, f"helper killed: no message: {err!r}")
rows = text_rows(out.decode())
check(sum(1 for r in rows if r[4].startswith("127.0.0.1:")) >= 240,
      "helper killed: the connections are not all listed, by number")

# netstat killed part way (its helper perhaps stopped): the helper goes too.
p = subprocess.Popen([ours, "-tua"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
time.sleep(0.5)
try:
    with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
        helper = [int(x) for x in f.read().split()]
except OSError:
    helper = []
p.kill()
p.wait()
for _ in range(50):
    if not any(os.path.exists(f"/proc/{h}") for h in helper):
        break
    time.sleep(0.1)
left = [h for h in helper if os.path.exists(f"/proc/{h}")]
check(helper and not left, f"netstat killed: helper {helper}, still there: {left}")
for h in left:
    os.kill(h, signal.SIGKILL)

with lock:
    asked = len(queries)
check(asked > 0, "the name server was never asked")
print(f"the name server took {asked} queries")
finish()
