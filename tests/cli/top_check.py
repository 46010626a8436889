#!/usr/bin/python3
"""--top against a paced TCP transfer on loopback (RATE bytes a second
from a client to a server, both in one process with a hostile name):
the connection's TX/s and its peer's RX/s, the process's total; off a
terminal, --count tables; in tmux, the keys that sort (o, i), pause (p:
the rates stay while the sender stops, and fall once unpaused) and quit
(q, exit status 0); no escape byte of the name reaches the terminal;
unprivileged, the user's own processes named; the filters apply.

usage: top_check.py NETSTAT"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from checks import check, finish, free_uid, open_copy

ours = sys.argv[1]
RATE = 2_000_000
NAME = "bulk\x1b[7mX"  # what the process calls itself
SHOWN = "bulk\\x1B[7mX"  # what a terminal may see
work = tempfile.mkdtemp(prefix="netstat-top.")
OPEN = open_copy(ours, work)  # for the runs without privilege
procs = []

SENDER = r"""
import socket, sys, threading, time
rate, port = int(sys.argv[1]), int(sys.argv[2])
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", port))
l.listen()
c = socket.create_connection(("127.0.0.1", port))
a, _ = l.accept()
idle = socket.create_connection(("127.0.0.1", port))
idle_peer, _ = l.accept()
tw = socket.create_connection(("127.0.0.1", port))  # closed first: TIME_WAIT
tw_peer, _ = l.accept()
tw.close()
time.sleep(0.05)
tw_peer.close()
def drain():
    while a.recv(1 << 16):
        pass
threading.Thread(target=drain, daemon=True).start()
print(c.getsockname()[1], flush=True)
start, sent = time.monotonic(), 0
while True:
    due = int((time.monotonic() - start) * rate)
    while sent < due:
        sent += c.send(b"x" * min(due - sent, 1 << 16))
    time.sleep(0.005)
"""


def sender(port, uid=None):
    p = subprocess.Popen([NAME, "-c", SENDER, str(RATE), str(port)], executable=sys.executable,
                         stdout=subprocess.PIPE, text=True,
                         preexec_fn=(lambda: (os.setgroups([]), os.setgid(uid), os.setuid(uid))) if uid else None)
    procs.append(p)
    return p, int(p.stdout.readline())


def value(text):
    """'1.99M' -> 1990000.0; '-' -> None."""
    m = re.fullmatch(r"([0-9.]+)([kMGTPE]?)", text)
    if not m:
        return None
    return float(m.group(1)) * 1000 ** (" kMGTPE".index(m.group(2) or " "))


def rows(text):
    """The connection rows: {(local, foreign): fields}, and the process
    rows {pid: fields}."""
    conns, ps = {}, {}
    for l in text.splitlines():
        f = l.split()
        if len(f) == 9 and f[0] in ("tcp", "tcp6"):
            conns[(f[1], f[2])] = f
        elif len(f) == 6 and f[0].isdigit():
            ps[int(f[0])] = f
    return conns, ps


def near(v, want, tol=0.15):
    return v is not None and abs(v - want) <= want * tol


try:
    s, cport = sender(9000)
    client, server = f"127.0.0.1:{cport}", "127.0.0.1:9000"
    time.sleep(0.5)

    # ---- off a terminal: --count tables, the first one interval in ----
    t0 = time.monotonic()
    p = subprocess.run([ours, "--top", "--count", "2"], capture_output=True, text=True, timeout=30)
    took = time.monotonic() - t0
    tables = p.stdout.split("\n\n\n") if "\n\n\n" in p.stdout else p.stdout.split("\nnetstat --top")
    check(p.returncode == 0 and p.stdout.count("netstat --top ") == 2 and 1.8 <= took <= 3.5,
          f"--top --count 2: exit {p.returncode}, {p.stdout.count('netstat --top ')} tables "
          f"in {took:.1f} s: {p.stderr}")
    conns, ps = rows(tables[-1])
    up, down = conns.get((client, server)), conns.get((server, client))
    check(up is not None and down is not None, f"both ends listed: {list(conns)}")
    if up and down:
        check(near(value(up[6]), RATE) and value(up[5]) == 0, f"the sender's TX/s, RX/s: {up}")
        check(near(value(down[5]), RATE) and value(down[6]) == 0, f"the receiver's RX/s: {down}")
        check(up[3] == "ESTABLISHED" and up[4].startswith(f"{s.pid}/bulk"),
              f"state and owner: {up}")
        check(re.fullmatch(r"\d+\.\dms", up[7]) and up[8] == "0", f"rtt and retransmits: {up}")
        rank = [k for k in conns]
        check(rank[0] in ((client, server), (server, client)), f"sorted by throughput: {rank}")
    pr = ps.get(s.pid)
    check(pr is not None and pr[2] == "4" and near(value(pr[5]), 2 * RATE) and
          pr[1] == SHOWN[:20], f"the process row (4 connections, 2x the rate): {pr}")
    check("\x1b" not in p.stdout, "no escape byte in the table")
    tan = subprocess.run([ours, "-tan"], capture_output=True, text=True).stdout
    check("TIME_WAIT" in tan and "TIME_WAIT" not in p.stdout and "LISTEN" not in p.stdout,
          "neither TIME_WAIT nor listeners: they move no bytes")
    p = subprocess.run([ours, "--top", "--port", "9100"], capture_output=True, text=True)
    check(p.returncode == 0 and not rows(p.stdout)[0], f"--port 9100: none: {rows(p.stdout)[0]}")
    p = subprocess.run([ours, "--top", "--dport", "9000"], capture_output=True, text=True)
    c2 = rows(p.stdout)[0]
    check(set(k[1] for k in c2) == {server}, f"--dport 9000: the clients' ends only: {list(c2)}")
    p = subprocess.run([ours, "--top", "-6"], capture_output=True, text=True)
    check(not rows(p.stdout)[0], "-6: no IPv6 connection here")

    # ---- unprivileged: one's own processes, named ----
    uid = free_uid()
    s2, c2port = sender(9100, uid)
    time.sleep(0.3)
    p = subprocess.run([OPEN, "--top"], capture_output=True, text=True,
                       preexec_fn=lambda: (os.setgroups([]), os.setgid(uid), os.setuid(uid)))
    conns, ps = rows(p.stdout)
    mine = conns.get((f"127.0.0.1:{c2port}", "127.0.0.1:9100"))
    theirs = conns.get((client, server))
    check(p.returncode == 0 and mine and mine[4].startswith(f"{s2.pid}/") and theirs and
          theirs[4] == "-", f"unprivileged: own named, root's not: {mine} {theirs}")
    check("not all processes could be identified" in p.stdout, "unprivileged: said")
    s2.kill()

    # ---- in tmux ----
    sock = os.path.join(work, "tmux")
    status = os.path.join(work, "status")
    def tmux(*args):
        return subprocess.run(["tmux", "-S", sock] + list(args), capture_output=True, text=True)
    def screen():
        return tmux("capture-pane", "-p", "-t", "top").stdout
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "top", "-x", "180", "-y", "40",
         f"'{ours}' --top; echo $? > '{status}'; sleep 30")
    def wait_for(pred, secs=8):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            text = screen()
            if pred(text):
                return text
            time.sleep(0.2)
        return screen()
    text = wait_for(lambda t: "sorted by total" in t and client in t and "M" in t)
    conns, ps = rows(text)
    up = conns.get((client, server))
    check(up is not None and near(value(up[6]), RATE), f"tmux: the sender at {RATE}/s: {text}")
    check(SHOWN in text, f"tmux: the hostile name shows escaped: {text}")
    check(text.splitlines()[0].startswith("netstat --top"), "tmux: the title on the first line")
    tmux("send-keys", "-t", "top", "o")
    text = wait_for(lambda t: "sorted by out" in t)
    first = [l.split() for l in text.splitlines() if l.startswith("tcp ")]
    check("sorted by out" in text and first and (first[0][1], first[0][2]) == (client, server),
          f"o: the sender first: {first[:2]}")
    tmux("send-keys", "-t", "top", "i")
    text = wait_for(lambda t: "sorted by in" in t)
    first = [l.split() for l in text.splitlines() if l.startswith("tcp ")]
    check(first and (first[0][1], first[0][2]) == (server, client), f"i: the receiver first: {first[:2]}")
    # p: paused, the rates stay while the sender stops; unpaused they fall
    tmux("send-keys", "-t", "top", "p")
    text = wait_for(lambda t: "[paused]" in t)
    check("[paused]" in text, "p: paused")
    s.send_signal(signal.SIGSTOP)
    time.sleep(2.5)
    up = rows(screen())[0].get((client, server))
    check(up is not None and near(value(up[6]), RATE), f"paused: the last rates stay: {up}")
    tmux("send-keys", "-t", "top", "p")
    text = wait_for(lambda t: "[paused]" not in t and
                    (rows(t)[0].get((client, server)) or [0] * 9)[6] == "0", 6)
    up = rows(text)[0].get((client, server))
    check(up is not None and up[6] == "0", f"unpaused: the stopped sender at 0: {up}")
    s.send_signal(signal.SIGCONT)
    tmux("send-keys", "-t", "top", "q")
    end = time.monotonic() + 5
    while time.monotonic() < end and not os.path.exists(status):
        time.sleep(0.1)
    check(os.path.exists(status) and open(status).read().strip() == "0", "q: quits, status 0")
    tmux("kill-server")

    # --top is a view of its own
    for args in (["--top", "--json"], ["--top", "-i"], ["--top", "--netns", "all"]):
        p = subprocess.run([ours] + args, capture_output=True, text=True)
        check(p.returncode == 3 and "--top is a view of its own" in p.stderr, f"{args}: {p.stderr}")
finally:
    for p in procs:
        p.kill()
        p.wait()
    subprocess.run(["tmux", "-S", os.path.join(work, "tmux"), "kill-server"], capture_output=True)
    subprocess.run(["rm", "-rf", work])
finish()
