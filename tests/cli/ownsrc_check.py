#!/usr/bin/python3
"""The eBPF iterator and the /proc scan on the same sockets: a server with a
listener and connections; sockets shared across fork (parent and child);
a socket passed over a UNIX socket (SCM_RIGHTS) to another process; a
threaded process; a process in another pid namespace; a socket held by no
process (in flight in a UNIX socket's queue). Every view that shows owners
(-p, --pid, --program, --explain, --netns all -p; text and JSON) is the same
from both, but for JSON's owners.source; and so are the fallbacks: without
privilege, NETSTAT_OWNERS=proc, bpf() refused, another pid namespace.

usage: ownsrc_check.py NETSTAT DENY"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from checks import check, finish, free_uid, open_copy

ours, deny = sys.argv[1:3]
work = tempfile.mkdtemp(prefix="netstat-ownsrc.")
OPEN = open_copy(ours, work)
procs = []

HOLDER = r"""
import array, os, socket, sys, threading, time
role = sys.argv[1]
keep = []
if role == "server":
    l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    l.bind(("127.0.0.1", 9400)); l.listen(8); keep.append(l)
    for _ in range(3):
        c = socket.create_connection(("127.0.0.1", 9400)); keep += [c, l.accept()[0]]
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::1", 9401)); keep.append(u)
    if os.fork() == 0:          # the child shares every socket above
        time.sleep(600); os._exit(0)
elif role == "threads":
    l = socket.socket(); l.bind(("127.0.0.1", 9402)); l.listen(); keep.append(l)
    def more():
        s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(); keep.append(s); time.sleep(600)
    for _ in range(3):
        threading.Thread(target=more, daemon=True).start()
elif role == "passer":
    # a listener sent to the receiver, then closed here: only it holds it
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM); keep += [a, b]
    l = socket.socket(); l.bind(("127.0.0.1", 9403)); l.listen()
    r = os.fork()
    if r == 0:
        a.close()
        msg, anc, _, _ = b.recvmsg(16, socket.CMSG_LEN(4))
        fds = array.array("i"); fds.frombytes(anc[0][2]); keep.append(socket.socket(fileno=fds[0]))
        time.sleep(600); os._exit(0)
    a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [l.fileno()]))])
    l.close()
    # and one that stays in flight: in the queue of a UNIX socket, no process's
    c, d = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM); keep += [c, d]
    f = socket.socket(); f.bind(("127.0.0.1", 9404)); f.listen()
    c.sendmsg([b"y"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [f.fileno()]))])
    f.close()
elif role == "pidns":
    l = socket.socket(); l.bind(("127.0.0.1", 9405)); l.listen(); keep.append(l)
print("ready", flush=True)
time.sleep(600)
"""


def start(role, prefix=()):
    # a session of its own: the children it forks are stopped with it
    p = subprocess.Popen(list(prefix) + [sys.executable, "-c", HOLDER, role],
                         stdout=subprocess.PIPE, text=True, start_new_session=True)
    procs.append(p)
    check(p.stdout.readline().strip() == "ready", f"the {role} holder started")
    return p


def run(args, env=None, prefix=(), binary=None, uid=None):
    e = dict(os.environ)
    e.update(env or {})
    pre = (lambda: (os.setgroups([]), os.setgid(uid), os.setuid(uid))) if uid else None
    return subprocess.run(list(prefix) + [binary or ours] + args, capture_output=True, text=True,
                          env=e, preexec_fn=pre)


def source(p):
    try:
        return json.loads(p.stdout)["owners"]["source"]
    except (ValueError, KeyError):
        return "?"


def strip_source(text):
    try:
        d = json.loads(text)
    except ValueError:
        return text
    d.get("owners", {}).pop("source", None)
    return json.dumps(d, sort_keys=True)


try:
    server = start("server")
    threads = start("threads")
    passer = start("passer")
    pidns = start("pidns", ["unshare", "--pid", "--fork", "--mount-proc"])
    time.sleep(0.3)
    # the views that show owners, and ways to pick by them
    views = [["-tanp"], ["-tulpn"], ["-anp"], ["-xap"], ["-tanp", "--pid", str(server.pid)],
             ["-tanp", "--program", "python3"], ["-lnp", "--program", "python*"],
             ["--explain", "-n"], ["-tanpe"],
             # every namespace, but only this test's ports: the host's own
             # connections come and go between two runs
             ["--netns", "all", "-tanp", "--sport", "9400-9405"]]
    for v in views:
        for js in ([], ["--json"]):
            args = v + js
            for attempt in range(3):  # a timer can move between two runs
                a = run(args)
                b = run(args, env={"NETSTAT_OWNERS": "proc"})
                if a.stdout == b.stdout or (js and strip_source(a.stdout) == strip_source(b.stdout)):
                    break
            same = strip_source(a.stdout) == strip_source(b.stdout) if js else a.stdout == b.stdout
            check(a.returncode == b.returncode == 0 and same,
                  f"{args}: the iterator and /proc differ:\n{a.stdout[:1500]}\n---\n{b.stdout[:1500]}")
            if js:
                check(source(a) == "bpf" and source(b) == "proc",
                      f"{args}: owners.source {source(a)} and {source(b)}")
    # the facts themselves: shared across fork, passed, threads, pid namespace, in flight
    text = run(["-tlnp"]).stdout
    rows = {l.split()[3]: l.split()[-1] for l in text.splitlines()[2:] if l.startswith("tcp")}
    check(rows.get("127.0.0.1:9400") == f"{server.pid}/python3", f"the forked server: first owner "
          f"the parent: {rows.get('127.0.0.1:9400')}")
    j = json.loads(run(["-tlnp", "--json"]).stdout)
    holders = {f"{s['local']['address']}:{s['local']['port']}": [p["pid"] for p in s["processes"]]
               for s in j["sockets"]} if j["sockets"] and "local" in j["sockets"][0] else {}
    if not holders:
        holders = {f"{s['local_address']}:{s['local_port']}": [p["pid"] for p in s["processes"]]
                   for s in j["sockets"] if "local_address" in s}
    srv = holders.get("127.0.0.1:9400", [])
    check(len(srv) == 2 and srv[0] == server.pid, f"parent and child hold the listener: {srv}")
    passed = holders.get("127.0.0.1:9403", [])
    # the receiver: the fd it was sent, and the one it inherited at fork
    check(len(passed) == 2 and len(set(passed)) == 1 and passer.pid not in passed,
          f"the passed listener, the receiver's alone: {passed}")
    check(holders.get("127.0.0.1:9404", None) == [], f"in flight: no process: {holders.get('127.0.0.1:9404')}")
    check(rows.get("127.0.0.1:9404") == "-", f"in flight: '-': {rows.get('127.0.0.1:9404')}")
    thr = [k for k, v in holders.items() if v == [threads.pid]]
    check(len(thr) == 4, f"the threaded process's four listeners, each once: {thr}")
    inner = holders.get("127.0.0.1:9405", [])
    check(len(inner) == 1 and inner[0] not in (1, pidns.pid), f"the pid namespace's process, by "
          f"our pid: {inner}")

    # the fallbacks: the same output every time
    base = run(["-tanp"], env={"NETSTAT_OWNERS": "proc"}).stdout
    refused = run(["-tanp"], prefix=[deny, "bpf"])
    check(refused.returncode == 0 and refused.stdout == base, "bpf() refused: the /proc scan, the same")
    j = run(["-tanp", "--json"], prefix=[deny, "bpf"])
    check(source(j) == "proc", f"bpf() refused: source {source(j)}")
    uid = free_uid()
    u1 = run(["-tanp"], binary=OPEN, uid=uid)
    u2 = run(["-tanp"], binary=OPEN, uid=uid, env={"NETSTAT_OWNERS": "proc"})
    check(u1.stdout == u2.stdout and u1.stderr == u2.stderr, "unprivileged: the same either way")
    check(source(run(["-tanp", "--json"], binary=OPEN, uid=uid)) == "proc", "unprivileged: proc")
    # inside another pid namespace the iterator's pids are not ours: /proc serves
    inside = run(["-tanp", "--json"], prefix=["unshare", "--pid", "--fork", "--mount-proc"])
    check(source(inside) == "proc", f"another pid namespace: source {source(inside)}")
    ver = run(["-V"]).stdout
    check("+BPF_OWNERS" in ver, "-V: +BPF_OWNERS")
finally:
    for p in procs:
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
    subprocess.run(["rm", "-rf", work])
finish()
