#!/usr/bin/python3
"""--netns checks (see netns.sh).

usage: netns_check.py NETSTAT WORK NAMED ALIAS OWN_PID NAMED_PID BARE_PID BOX_PID [HEX]"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from checks import check, finish, free_uid

import jsonschema

DOC = os.path.join(os.path.dirname(__file__), "../../doc")
SCHEMAS = {}
for name in ("sockets", "explain"):
    with open(os.path.join(DOC, f"{name}.schema.json")) as f:
        SCHEMAS[name] = jsonschema.Draft202012Validator(json.load(f))

ours, work, named, alias = sys.argv[1:5]
own_pid, named_pid, bare_pid, box_pid = (int(x) for x in sys.argv[5:9])
box_hex = sys.argv[9] if len(sys.argv) > 9 and sys.argv[9] else None


def run(*args, user=None, env=None):
    cmd = [ours, *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    p = subprocess.run(cmd, capture_output=True, timeout=60,
                       env={**os.environ, **env} if env else None)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def ns_inode(pid):
    return os.stat(f"/proc/{pid}/ns/net").st_ino


def first_pid(inode):
    """The lowest pid in a namespace: the label an unnamed one gets."""
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                if os.stat(f"/proc/{d}/ns/net").st_ino == inode:
                    pids.append(int(d))
            except OSError:
                pass
    return min(pids)


def socket_inodes(pid):
    out = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith("socket:["):
            out.add(int(link[8:-1]))
    return out


# The expected label of each holder's namespace, and the ports it holds.
own_label = f"pid:{first_pid(ns_inode(own_pid))}"
expect = {
    "own": (own_pid, own_label, {("tcp", 7001)}),
    "named": (named_pid, named, {("tcp", 7101), ("tcp", 7102), ("udp6", 7103)}),
    "bare": (bare_pid, f"pid:{bare_pid}", {("tcp", 7201), ("tcp6", 7202)}),
    "box": (box_pid, f"docker:{box_hex[:12]}" if box_hex else f"pid:{box_pid}",
            {("tcp", 7301)}),
}
# Two names: the first in byte order labels it.
named_label = min(named, alias)


def rows(text):
    """Table rows as lists of words, headers and titles left out."""
    out = []
    for line in text.splitlines():
        w = line.split()
        if len(w) >= 2 and w[1] in ("tcp", "tcp6", "udp", "udp6", "unix", "raw", "raw6",
                                    "udpl", "udpl6"):
            out.append(w)
    return out


# ---- every socket once, with its label (text) ----
rc, out, err = run("--netns", "all", "-tuanp")
check(rc == 0, f"--netns all -tuanp: exit {rc}: {err}")
check(out.splitlines()[1].startswith("Netns               Proto Recv-Q"),
      f"--netns all: the header gains the Netns column: {out.splitlines()[1]!r}")
table = rows(out)
known = {label for _, label, _ in expect.values()}
for key, (pid, label, ports) in expect.items():
    for proto, port in ports:
        # other namespaces (other tests, containers) may use the port too
        hits = [w for w in table if w[1] == proto and w[4].endswith(f":{port}")
                and (w[0] in known or w[-1].split("/")[0] == str(pid))]
        check(len(hits) == 1, f"{key} {proto} {port}: listed {len(hits)} times: {hits}")
        if hits:
            check(hits[0][0] == label, f"{key} {proto} {port}: label {hits[0][0]}, want {label}")
            prog = [w for w in hits[0] if "/" in w and w.split("/")[0].isdigit()]
            check(prog and prog[0] == f"{pid}/python3",
                  f"{key} {proto} {port}: -p shows {prog}, want {pid}/python3")
labels = {w[0] for w in table}
check(alias not in labels or alias == named_label, "the second name is not a second namespace")

# ---- the text source reads each namespace too, and agrees ----
for opts in ("-tuln", "-xl"):
    got = {}
    for source in ("netlink", "proc"):
        rc, out, err = run("--netns", "all", opts, env={"NETSTAT_SOURCE": source})
        check(rc == 0, f"NETSTAT_SOURCE={source} --netns all {opts}: exit {rc}")
        got[source] = sorted(line for line in out.splitlines()
                             if line.split()[:1] and line.split()[0] in
                             {e[1] for e in expect.values()} | {named_label})
    check(got["netlink"] == got["proc"] and got["proc"],
          f"--netns all {opts}: the sources differ:\n{got['netlink']}\n{got['proc']}")

# ---- UNIX sockets live in their namespace too ----
rc, out, err = run("--netns", "all", "-xa")
check(rc == 0, f"--netns all -xa: exit {rc}")
for path, label in ((f"{work}/own.sock", own_label), (f"{work}/named.sock", named_label)):
    hits = [line for line in out.splitlines() if line.endswith(" " + path)]
    check(len(hits) == 1, f"unix {path}: listed {len(hits)} times")
    if hits:
        check(hits[0].split()[0] == label, f"unix {path}: label {hits[0].split()[0]}")

# ---- JSON: a netns object per row, each socket once ----
rc, out, err = run("--netns", "all", "-tuxanpj")
check(rc == 0, f"--netns all -tuxanpj: exit {rc}")
doc = json.loads(out)
errors = list(SCHEMAS["sockets"].iter_errors(doc))
check(not errors, f"sockets schema: {errors[0].message[:300] if errors else ''}")
seen = {}
ours_ns = {ns_inode(pid) for pid, _, _ in expect.values()}
for s in doc["sockets"]:
    key = (s["netns"]["inode"], s["inode"])
    if key[0] not in ours_ns or not key[1]:  # TIME_WAIT rows have no inode
        continue
    check(key not in seen, f"socket {key} listed twice")
    seen[key] = s
nsdoc = {n["inode"]: n for n in doc["namespaces"]}
for key, (pid, label, ports) in expect.items():
    inode = ns_inode(pid)
    check(inode in nsdoc, f"{key}: namespace {inode} in 'namespaces'")
    mine = socket_inodes(pid)
    got = [s for s in doc["sockets"] if s["inode"] in mine]
    check(len(got) == len(mine), f"{key}: {len(got)} rows for its {len(mine)} sockets")
    for s in got:
        n = s["netns"]
        check(n["inode"] == inode and n["label"] == label,
              f"{key}: row netns {n['inode']}/{n['label']}, want {inode}/{label}")
        check(s["processes"] and s["processes"][0]["pid"] == pid, f"{key}: row processes")
n = nsdoc.get(ns_inode(named_pid), {})
check(n.get("name") == named_label and n.get("container") is None, f"named: {n}")
n = nsdoc.get(ns_inode(bare_pid), {})
check(n.get("name") is None and n.get("pid") == bare_pid and n.get("host") is False,
      f"bare: {n}")
if box_hex:
    n = nsdoc.get(ns_inode(box_pid), {})
    check(n.get("container") == {"runtime": "docker", "id": box_hex}, f"box: {n}")

# ---- one namespace, by name, alias, pid or path ----
for spec in (named, alias, str(named_pid), f"/run/netns/{named}", f"/proc/{named_pid}/ns/net"):
    rc, out, err = run("--netns", spec, "-tuan")
    got = rows(out)
    check(rc == 0 and got and all(w[0] == named_label for w in got),
          f"--netns {spec}: exit {rc}, labels {sorted({w[0] for w in got})}")
    check(sorted(int(w[4].rsplit(":", 1)[1]) for w in got) == [7101, 7102, 7103],
          f"--netns {spec}: ports {[w[4] for w in got]}")
rc, out, err = run(f"--netns={bare_pid}", "-tln")
check(rc == 0 and [w[0] for w in rows(out)] == [f"pid:{bare_pid}"] * 2,
      f"--netns=PID: {out}")


def netns_tools(*args):
    p = subprocess.run(["ip", "netns", "exec", named, "/bin/netstat", *args],
                       capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


# Without its column, one namespace's table is net-tools' run inside it.
for opts in ("-tuan", "-tln", "-uan", "-xl"):
    rc, out, err = run("--netns", named, opts)
    trc, tout, terr = netns_tools(opts)
    body = [line[20:] if i > 0 else line for i, line in enumerate(out.splitlines())]
    check(rc == trc == 0 and "\n".join(body) + "\n" == tout,
          f"--netns {named} {opts} vs net-tools inside it:\n{out}\n---\n{tout}")

# The views that read a namespace as a whole run inside it.
for opts in ("-rn", "-rn6" if False else "-rnA inet6", "-ia", "-s"):
    args = opts.split()
    rc, out, err = run("--netns", named, *args)
    trc, tout, terr = netns_tools(*args)
    if opts in ("-ia", "-s"):  # counters move: compare the names they list
        out_k = [line.split()[0] for line in out.splitlines() if line[:1] not in (" ", "")]
        tout_k = [line.split()[0] for line in tout.splitlines() if line[:1] not in (" ", "")]
        check(rc == trc == 0 and out_k == tout_k, f"--netns {named} {opts}: {out_k} vs {tout_k}")
    else:
        check(rc == trc == 0 and out == tout, f"--netns {named} {opts}:\n{out}\n---\n{tout}")

# ---- bad namespaces ----
for args, want_rc, words in (
    (["--netns", "netstat-no-such-ns"], 1, "no such network namespace"),
    (["--netns", "2147483646"], 1, "no such"),
    (["--netns", "/etc/hostname"], 1, "not a network namespace"),
    (["--netns", "/no/such/path"], 1, "no such network namespace"),
    (["--netns", ""], 3, "needs a namespace"),
    (["-t", "--netns"], 3, "requires an argument"),
    (["--netns", "all", "-r"], 3, "name it"),
    (["--netns", "all", "-i"], 3, "name it"),
):
    rc, out, err = run(*args)
    check(rc == want_rc and words in err, f"{args}: exit {rc}, want {want_rc}; stderr {err!r}")
    check(out == "" or rc == 3, f"{args}: nothing on stdout: {out!r}")

# ---- --explain in each namespace ----
rc, out, err = run("--netns", "all", "--explain")
check(rc == 0, f"--netns all --explain: exit {rc}: {err}")
blocks = out.split("\nNetwork namespace ")


def block_of(label):
    hit = [b for b in blocks if b.startswith(label + "\n") or b.startswith(label + " (")]
    return hit[0] if hit else ""


nb = block_of(named_label)
check(f"tcp 7101  python3 (pid {named_pid})" in nb, f"named block has 7101:\n{nb}")
port_block = nb.split("\ntcp 7101")[1].split("\n\n")[0] if "\ntcp 7101" in nb else ""
check(f"reachable   from inside network namespace {named_label} only (loopback)" in port_block,
      f"7101 in {named_label}: loopback inside the namespace only:\n{port_block}")
port_block = nb.split("\ntcp 7102")[1].split("\n\n")[0] if "\ntcp 7102" in nb else ""
check("through     " in port_block and "nst-there (198.51.100.2/24)" in port_block
      and "only processes inside" not in port_block,
      f"7102 on 0.0.0.0 in {named_label}: through its veth:\n{port_block}")
bb = block_of(f"pid:{bare_pid}")
port_block = bb.split("\ntcp 7202")[1].split("\n\n")[0] if "\ntcp 7202" in bb else ""
check("lo (127.0.0.1/8, ::1/128)" in port_block and "only processes inside it can connect"
      in port_block, f"7202 on [::] in a namespace with only lo:\n{port_block}")
ob = block_of(own_label)
port_block = ob.split("\ntcp 7001")[1].split("\n\n")[0] if "\ntcp 7001" in ob else ""
check("from inside network namespace" in port_block, f"7001: loopback of {own_label}")

rc, out, err = run("--netns", "all", "--explain", "-j")
doc = json.loads(out)
errors = list(SCHEMAS["explain"].iter_errors(doc))
check(not errors, f"explain schema: {errors[0].message[:300] if errors else ''}")
ports = {(p["protocol"], p["port"], p["netns"]["label"]): p for p in doc["ports"]}
p = ports.get(("tcp", 7101, named_label), {})
check(p.get("reach") == "loopback" and p.get("inside_namespace_only") is True, f"7101: {p}")
p = ports.get(("tcp", 7102, named_label), {})
check(p.get("inside_namespace_only") is False and
      "nst-there (198.51.100.2/24)" in p.get("through", []), f"7102: {p}")
p = ports.get(("tcp", 7202, f"pid:{bare_pid}"), {})
check(p.get("inside_namespace_only") is True, f"7202: {p}")

# The verdicts, proven: from this namespace over the veth, 7102 answers
# and 7101 (bound to the named namespace's loopback) does not; inside the
# named namespace, 7101 answers on its loopback.


def connects(addr, port):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect((addr, port))
        return True
    except OSError:
        return False
    finally:
        s.close()


check(connects("198.51.100.2", 7102), "7102 reachable over the veth")
check(not connects("198.51.100.2", 7101), "7101 not reachable over the veth")
check(not connects("127.0.0.1", 7101), "7101 is not this namespace's loopback")
inside = subprocess.run(["ip", "netns", "exec", named, "python3", "-c",
                         "import socket; socket.create_connection(('127.0.0.1', 7101), 2)"],
                        capture_output=True, timeout=30)
check(inside.returncode == 0, f"7101 reachable inside its namespace: {inside.stderr!r}")

# ---- the label never names netstat itself ----
# After the pids wrap, netstat can have the lowest pid in its namespace; a
# label naming it would name nothing once it exits, and change each run.
# In a pid namespace of their own, a shell and a holder get pids over 100,
# then netstat 10: the label is still the shell's.
inner = ('ip link set lo up; "$1" "$2" "$3" tcp:127.0.0.1:7401 & h=$!; '
         'while [ ! -e "$3" ]; do sleep 0.05; done; '
         'echo 9 >/proc/sys/kernel/ns_last_pid; '
         '"$4" --netns all -tlnp; echo "shell $$ holder $h"; kill $h; wait $h; exit 0')
outer = 'echo 100 >/proc/sys/kernel/ns_last_pid && unshare -n sh -c "$@"'
p = subprocess.run(["unshare", "-pf", "--mount-proc", "sh", "-c", outer, "sh", inner, "sh",
                    sys.executable, os.path.join(os.path.dirname(__file__), "nsholder.py"),
                    f"{work}/wrap.ready", ours],
                   capture_output=True, timeout=60)
out = p.stdout.decode("utf-8", "replace")
hits = [w for w in rows(out) if w[4] == "127.0.0.1:7401"]
pids = out.split("shell ")[-1].split()  # SHELL holder HOLDER
check(p.returncode == 0 and len(pids) == 3 and int(pids[0]) > 10 and len(hits) == 1
      and hits[0][0] == f"pid:{pids[0]}" and hits[0][-1] == f"{pids[2]}/python3",
      f"the label passes over netstat's own pid: {hits} {out[-200:]!r} {p.stderr[-300:]!r}")

# ---- a hostile namespace name: escaped in the table, exact in JSON ----
evil = f"nst-\x1b[31m\x07-{os.getpid()}"
if subprocess.run(["ip", "netns", "add", evil]).returncode == 0:
    try:
        drop = tempfile.mkdtemp()
        holder = subprocess.Popen(["ip", "netns", "exec", evil, "python3",
                                   os.path.join(os.path.dirname(__file__), "nsholder.py"),
                                   f"{drop}/ready", f"unix:{drop}/evil.sock"])
        for _ in range(100):
            if os.path.exists(f"{drop}/ready"):
                break
            time.sleep(0.1)
        rc, out, err = run("--netns", "all", "-xa")
        line = [x for x in out.splitlines() if x.endswith("/evil.sock")]
        check(len(line) == 1 and line[0].startswith(f"nst-\\x1B[31m\\x07-{os.getpid()} ")
              and "\x1b" not in out and "\x07" not in out, f"hostile label escaped: {line}")
        rc, out, err = run("--netns", "all", "-xaj")
        rows_ = [r for r in json.loads(out)["sockets"] if (r.get("path") or "").endswith("evil.sock")]
        check(len(rows_) == 1 and rows_[0]["netns"]["name"] == evil, "hostile name exact in JSON")
        holder.kill()
        holder.wait()
        shutil.rmtree(drop)
    finally:
        subprocess.run(["ip", "netns", "del", evil])

# ---- without privilege: what can be shown, and a note ----
UID = free_uid()
rc, out, err = run("--netns", "all", "-tln", user=UID)
check(rc == 0, f"unprivileged --netns all: exit {rc}: {err}")
check("you would have to be root" in err, f"unprivileged note: {err!r}")
rc, out, err = run("--netns", named, "-tln", user=UID)
check(rc == 1 and "needs root" in err, f"unprivileged --netns NAME: exit {rc}: {err!r}")

# A rootless namespace (a user's own, as rootless containers make them):
# shown to that user through its process's /proc/<pid>/net.
drop = tempfile.mkdtemp()
os.chmod(drop, 0o777)
holder = subprocess.Popen(["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups",
                           "unshare", "-rn", "sh", "-c",
                           'ip link set lo up && exec python3 "$0" "$@"',
                           os.path.join(os.path.dirname(__file__), "nsholder.py"),
                           f"{drop}/ready", "tcp:127.0.0.1:7401"], stderr=subprocess.DEVNULL)
for _ in range(100):
    if os.path.exists(f"{drop}/ready") or holder.poll() is not None:
        break
    time.sleep(0.1)
if os.path.exists(f"{drop}/ready"):
    rc, out, err = run("--netns", "all", "-tln", user=UID)
    got = [w for w in rows(out) if w[4] == "127.0.0.1:7401"]
    check(rc == 0 and [w[0] for w in got] == [f"pid:{holder.pid}"],
          f"unprivileged --netns all shows the user's rootless namespace: {got} {err!r}")
else:
    print("note: no unprivileged user namespaces here; the rootless case is not checked")
holder.kill()
holder.wait()
shutil.rmtree(drop)

finish()
