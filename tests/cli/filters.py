#!/usr/bin/env python3
"""The filters, end to end, against net-tools.

Usage: filters.py WORK OURS SOCKSET_PID [ROUNDS [SEED]]

Runs inside the test namespace, next to the socket set (sockset.py), and
adds sockets of its own: random listeners and connections on loopback and
documentation addresses, some held by child processes with names of their
own, some made by the user nobody.

For each case (a view and a filter), the expected listing is net-tools'
listing of the same view, unfiltered, with the rows this script's own
reading of the filter rejects taken out. Ours must equal it byte for byte
three ways: over netlink with the kernel running the port and address
clauses (NETSTAT_FILTER=kernel: a program the kernel refused would be an
error), over netlink with every clause in user space (NETSTAT_FILTER=user),
and from /proc/net. The cases: each option alone, combinations, then
ROUNDS random ones (the seed is printed; give it to replay a failure).
Then bad values, --json, --explain and --netns.
"""
import fnmatch
import ipaddress
import json
import os
import random
import socket
import subprocess
import sys
import time

WORK, OURS, SETPID = sys.argv[1], sys.argv[2], int(sys.argv[3])
ROUNDS = int(sys.argv[4]) if len(sys.argv) > 4 else 250
SEED = int(sys.argv[5]) if len(sys.argv) > 5 else random.randrange(1 << 30)
rng = random.Random(SEED)
print(f"filters: seed {SEED}")

held = []
kids = []
PASS = FAIL = 0


def fail(msg):
    global FAIL
    FAIL += 1
    print("FAIL:", msg)


def ok():
    global PASS
    PASS += 1


# ---- our own sockets ----

ADDRS = ["127.0.0.1", "127.0.0.2", "192.0.2.1", "192.0.2.77", "::1", "2001:db8::1"]


def family(a):
    return socket.AF_INET6 if ":" in a else socket.AF_INET


def make_sockets():
    ports = rng.sample(range(20000, 20100), 24)
    for i, port in enumerate(ports):
        a = rng.choice(ADDRS)
        kind = rng.choice(["listen", "pair", "udp", "udpconn"])
        s = socket.socket(family(a), socket.SOCK_DGRAM if kind.startswith("udp") else
                          socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family(a) == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((a, port))
        held.append(s)
        if kind in ("listen", "pair"):
            s.listen(8)
        if kind == "pair":
            c = socket.socket(family(a), socket.SOCK_STREAM)
            c.connect((a, port))
            held.append(c)
            held.append(s.accept()[0])
        if kind == "udpconn":
            s.connect((rng.choice([x for x in ADDRS if family(x) == family(a)]), port + 1))
    # Dual-stack and v4-mapped: a [::] listener taking IPv4 too, and an
    # IPv4 client of it (the server side shows a mapped address).
    d = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    d.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    d.bind(("::", 20200))
    d.listen(4)
    c = socket.create_connection(("192.0.2.77", 20200))
    held.extend([d, c, d.accept()[0]])
    # Children holding sockets under names of their own, and sockets that
    # belong to nobody.
    for name in ("fltkid-alpha", "fltkid-beta"):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(2)
        held.append(s)
        kids.append(subprocess.Popen([name, "-c", "import time; time.sleep(900)"],
                                     executable=sys.executable, pass_fds=[s.fileno()]))
    code = ("import socket,time\n"
            "a=socket.socket(); a.bind(('127.0.0.1',20300)); a.listen(1)\n"
            "b=socket.socket(socket.AF_INET6); b.bind(('::1',20301)); b.listen(1)\n"
            "u=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); u.bind(('192.0.2.1',20302))\n"
            "print('ready', flush=True); time.sleep(900)\n")
    # (the system's python: one under /root is out of nobody's reach)
    system = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    kids.append(subprocess.Popen(["fltkid-nobody", "-c", code], executable=system,
                                 user=65534, group=65534, extra_groups=[],
                                 stdout=subprocess.PIPE))
    kids[-1].stdout.readline()
    time.sleep(0.2)
    return ports


# ---- reading net-tools' rows ----

UNIX_STATES = {"FREE", "LISTENING", "CONNECTING", "CONNECTED", "DISCONNECTING", "UNKNOWN"}
TCP_STATES = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
              "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"}


def owners_by_inode():
    """inode -> [(pid, name)], from every process's descriptors."""
    m = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            raw = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")[0]
            name = os.path.basename(raw.decode(errors="replace"))
            if not name:
                name = open(f"/proc/{pid}/comm").read().strip()
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if link.startswith("socket:["):
                m.setdefault(int(link[8:-1]), []).append((int(pid), name))
    return m


def split_addr(text, proto):
    host, _, port = text.rpartition(":")
    port = 0 if port == "*" else int(port)
    if proto.endswith("6") and ":" not in host:
        host = "::ffff:" + host  # net-tools prints mapped addresses as IPv4
    return ipaddress.ip_address(host), port


def parse_row(line, flags):
    """A data row as a dict, or None for a title or header line."""
    t = line.split()
    if not t or t[0] in ("Active", "Proto"):
        return None
    e, p = "e" in flags, "p" in flags
    if t[0] == "unix":
        after = line.split("]", 1)[1].split()
        i = 1
        state = after[1] if len(after) > 1 and after[1] in UNIX_STATES else ""
        i += 1 if state else 0
        inode = int(after[i])
        i += 1 + (1 if p else 0)
        return {"proto": "unix", "state": state, "inode": inode,
                "path": after[i] if i < len(after) else ""}
    rest = t[5:]
    extra = (2 if e else 0) + (1 if p else 0)
    state = rest[0] if len(rest) == extra + 1 else ""
    row = {"proto": t[0], "state": state}
    row["laddr"], row["lport"] = split_addr(t[3], t[0])
    row["raddr"], row["rport"] = split_addr(t[4], t[0])
    if e:
        row["uid"] = int(rest[-extra])
        row["inode"] = int(rest[-extra + 1])
    return row


# ---- this script's reading of a filter ----

def state_ok(row, names):
    proto, st = row["proto"], row["state"]
    for n in names:
        n = n.lower().replace("-", "_")
        if n == "all":
            return True
        if proto == "unix":
            table = {"listen": {"LISTENING"}, "listening": {"LISTENING"},
                     "connected": {"CONNECTED", "CONNECTING", "DISCONNECTING"},
                     "synchronized": {"CONNECTED", "DISCONNECTING"},
                     "connecting": {"CONNECTING"}, "disconnecting": {"DISCONNECTING"},
                     "unconnected": {""}, "free": {"FREE"}}
        elif proto.startswith("tcp"):
            conn = TCP_STATES - {"LISTEN", "CLOSE"}
            table = {"connected": conn, "synchronized": conn - {"SYN_SENT"},
                     "listening": {"LISTEN"}, "unknown": {"", "UNKNOWN"}}
            table.update({s.lower(): {s} for s in TCP_STATES})
        else:  # udp, udplite, raw: ESTABLISHED or CLOSE (raw: the number)
            st = {"1": "ESTABLISHED", "7": ""}.get(st, st) if proto.startswith("raw") else st
            table = {"established": {"ESTABLISHED"}, "close": {""}, "listening": {""},
                     "connected": {"ESTABLISHED"}, "synchronized": {"ESTABLISHED"}}
            if st not in ("ESTABLISHED", ""):
                table["unknown"] = {st}
        if st in table.get(n, set()):
            return True
    return False


SERVICES = {"ssh": 22, "smtp": 25, "http": 80, "ntp": 123, "https": 443, "ipp": 631,
            "imaps": 993, "mdns": 5353}


def port_ok(port, values):
    for v in values:
        if v in SERVICES:
            lo = hi = SERVICES[v]
        elif "-" in v:
            lo, hi = map(int, v.split("-"))
        else:
            lo = hi = int(v)
        if lo <= port <= hi:
            return True
    return False


def addr_ok(addr, values):
    for v in values:
        if v[0] in "/@*?":
            continue
        net = ipaddress.ip_network(v.replace("[", "").replace("]", ""), strict=False)
        a = addr
        if net.version == 4 and a.version == 6 and a.ipv4_mapped is not None:
            a = a.ipv4_mapped
        if a.version == net.version and a in net:
            return True
    return False


def passes(row, filt, owners):
    inet = row["proto"] != "unix"
    for opt, values in filt.items():
        if opt == "port":
            good = inet and (port_ok(row["lport"], values) or port_ok(row["rport"], values))
        elif opt == "sport":
            good = inet and port_ok(row["lport"], values)
        elif opt == "dport":
            good = inet and port_ok(row["rport"], values)
        elif opt == "src":
            good = addr_ok(row["laddr"], values) if inet else any(
                fnmatch.fnmatchcase(row["path"], v) for v in values
                if v[0] in "/@*?" and row["path"])
        elif opt == "dst":
            good = inet and addr_ok(row["raddr"], values)
        elif opt == "state":
            good = state_ok(row, values)
        elif opt == "pid":
            good = any(str(pid) in values for pid, _ in owners.get(row["inode"], []))
        elif opt == "program":
            good = any(fnmatch.fnmatchcase(name, pat)
                       for _, name in owners.get(row["inode"], []) for pat in values)
        elif opt == "user":
            uids = {0 if v == "root" else 65534 if v == "nobody" else int(v) for v in values}
            good = row["uid"] in uids
        else:
            raise ValueError(opt)
        if not good:
            return False
    return True


# ---- running ----

def run(binary, args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    e["PATH"] = os.path.dirname(binary) + ":/usr/bin:/bin"
    p = subprocess.run(["netstat"] + args, executable=binary, capture_output=True, env=e)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


# The default source reads netlink (raw sockets, without the kernel's
# raw_diag, from /proc/net/raw).
MODES = [("kernel", {"NETSTAT_FILTER": "kernel"}),
         ("user", {"NETSTAT_FILTER": "user"}),
         ("proc", {"NETSTAT_SOURCE": "proc"})]


def filter_args(filt):
    args = []
    for opt, values in filt.items():
        # a value list given whole, or split over repeats of the option
        if len(values) > 1 and rng.random() < 0.3:
            for v in values:
                args += ["--" + opt, v]
        elif rng.random() < 0.5:
            args.append("--%s=%s" % (opt, ",".join(values)))
        else:
            args += ["--" + opt, ",".join(values)]
    return args


def check(view, filt):
    flags = view.lstrip("-")
    ref_view = [view]
    if "state" in filt and "l" not in flags and "a" not in flags:
        ref_view.append("-a")  # --state considers every socket, as -a
    fargs = filter_args(filt)
    label = "netstat %s %s" % (view, " ".join(fargs))
    for attempt in range(3):
        owners = owners_by_inode()
        rc, ref, _ = run("/bin/netstat", ref_view)
        want = "".join(line + "\n" for line in ref.splitlines()
                       if (r := parse_row(line, flags)) is None or passes(r, filt, owners))
        bad = None
        for mode, env in MODES:
            rc, out, err = run(OURS, [view] + fargs, env)
            if rc != 0 or out != want or err:
                bad = (mode, rc, out, err)
                break
        if not bad:
            ok()
            return
        time.sleep(0.2)  # a socket may have moved on (TIME_WAIT ending): again
    mode, rc, out, err = bad
    fail(f"{label} [{mode}] status {rc}")
    print(err[:400])
    import difflib
    print("".join(list(difflib.unified_diff(want.splitlines(True), out.splitlines(True),
                                             "expected", "ours"))[:30]))


def main():
    try:
        ports = make_sockets()
        cases(ports, [str(k.pid) for k in kids])
    finally:
        for k in kids:
            k.kill()
            k.wait()
    print(f"filters: {PASS} passed, {FAIL} failed (seed {SEED})")
    sys.exit(1 if FAIL else 0)


def cases(ports, kid_pids):
    # Each option alone, then together.
    fixed = [
        ("-tanWep", {"port": ["443"]}),
        ("-tanWep", {"port": ["22", "80", "5000-5005"]}),
        ("-tuanWep", {"port": ["https", "ntp"]}),
        ("-tuanWep", {"sport": ["20000-20099"]}),
        ("-tanWep", {"dport": ["5000-5014"]}),
        ("-tuanWep", {"src": ["127.0.0.0/8"]}),
        ("-tuanWep", {"src": ["192.0.2.77"]}),  # IPv4, and the mapped server side
        ("-tuanWep", {"src": ["2001:db8::/32", "::1"]}),
        ("-tuanWep", {"dst": ["[::1]/128", "192.0.2.0/24"]}),
        ("-tanWep", {"state": ["established"]}),
        ("-tunWep", {"state": ["LISTEN", "time-wait"]}),
        ("-tuanWep", {"state": ["connected"]}),
        ("-tanWep", {"state": ["synchronized"]}),
        ("-anWep", {"state": ["listening"]}),
        ("-xanWp", {"state": ["connected"]}),
        ("-tuanWep", {"pid": kid_pids + [str(SETPID)]}),
        ("-tanWep", {"program": ["fltkid-*"]}),
        ("-tanWe", {"program": ["a-rather-long-program-name"]}),
        ("-tuanWep", {"user": ["nobody"]}),
        ("-tuanWep", {"user": ["0"]}),
        ("-xanWp", {"src": ["@*", "*/server.sock"]}),
        ("-anWep", {"src": ["/nonexistent/*"]}),
        ("-tanWep", {"port": ["5000-5020"], "state": ["established"], "src": ["127.0.0.1"]}),
        ("-tulnWep", {"state": ["established"]}),  # -l and --state: nothing
        ("-tuanWep", {"user": ["65534"], "program": ["fltkid-nobody"], "port": ["20300-20302"]}),
        ("-tanWep", {"port": ["0-65535"]}),
        ("-tanWep", {"sport": ["1-1000"], "dport": ["0"]}),
    ]
    for view, filt in fixed:
        check(view, filt)

    # Random ones.
    port_pool = [str(p) for p in ports[:8]] + ["22", "80", "443", "123", "5353", "5000",
                                                "5012", "7000", "631", "993", "9"]
    addr_pool = ["127.0.0.1", "127.0.0.2", "192.0.2.1", "192.0.2.77", "::1", "2001:db8::1",
                 "0.0.0.0", "::", "::ffff:127.0.0.1", "127.0.0.0/8", "192.0.2.0/24",
                 "2001:db8::/32", "::/0", "0.0.0.0/0", "192.0.2.64/26", "::ffff:0:0/96"]
    states = ["established", "syn_sent", "syn-recv", "fin_wait1", "FIN_WAIT2", "time_wait",
              "close", "close_wait", "last_ack", "listen", "closing", "connected",
              "synchronized", "listening", "CONNECTING", "unconnected", "all"]
    views = ["-tanWep", "-tuanWep", "-tunWep", "-tulnWep", "-uanWep", "-wanWep", "-anWep",
             "-tan6Wep", "-tuan4Wep", "-xanWp", "-tuanWe", "-anWp"]

    def value(opt):
        if opt in ("port", "sport", "dport"):
            r = rng.random()
            if r < 0.2:
                a, b = sorted(rng.sample(range(0, 21000, 7), 2))
                return f"{a}-{b}"
            if r < 0.3:
                return rng.choice(list(SERVICES))
            return rng.choice(port_pool)
        if opt in ("src", "dst"):
            a = rng.choice(addr_pool)
            if "/" not in a and rng.random() < 0.4:
                a += "/%d" % rng.randrange(0, (128 if ":" in a else 32) + 1)
            if opt == "src" and rng.random() < 0.1:
                a = rng.choice(["/tmp/*", "@*", "*.sock"])
            return a
        if opt == "state":
            return rng.choice(states)
        if opt == "pid":
            return rng.choice(kid_pids + [str(SETPID), "4000000"])
        if opt == "program":
            return rng.choice(["python3", "py*", "fltkid-*", "fltkid-alpha", "sleep",
                               "a-rather-long-program-name", "nomatch"])
        return rng.choice(["root", "0", "nobody", "65534", "1000"])

    opts = ["port", "sport", "dport", "src", "dst", "state", "pid", "program", "user"]
    for _ in range(ROUNDS):
        filt = {}
        for opt in rng.sample(opts, rng.choice([1, 1, 2, 2, 3])):
            filt[opt] = list(dict.fromkeys(value(opt) for _ in range(rng.choice([1, 1, 2, 3]))))
        view = rng.choice(views)
        if "user" in filt:
            # the uid column is needed to check, and /proc/net/unix has none
            view = rng.choice(["-tuanWep", "-tunWep", "-tulnWep", "-uanWep"])
        elif ("pid" in filt or "program" in filt) and "e" not in view and "x" not in view:
            view += "e"  # the inode column, to find the owners by
        check(view, filt)
    extras()


def expect_usage(args, what):
    rc, out, err = run(OURS, args)
    lines = err.splitlines()
    if rc == 3 and not out and len(lines) == 1 and lines[0].startswith("netstat: --"):
        ok()
    else:
        fail(f"netstat {' '.join(args)}: {what}: status {rc}, stderr {err!r}, stdout {out[:80]!r}")


def rows(text):
    """The data rows of a listing (with or without a namespace column)."""
    return [line for line in text.splitlines()
            if line.strip() and not line.startswith("Active") and "Proto" not in line]


def extras():
    # Bad values: a message naming the option, usage status 3, no listing.
    bad = [["--port", "70000"], ["--port=65536"], ["--sport", "8100-8000"], ["--dport", "x-y"],
           ["--port", "22,,80"], ["--port="], ["--src", "192.0.2.0/33"], ["--src", "300.1.1.1"],
           ["--dst", "2001:db8::/129"], ["--dst", "/run/x.sock"], ["--src", "localhost"],
           ["--state", "bogus"], ["--state", "established,nope"], ["--user", "no-such-user-x"],
           ["--user", "4294967295"], ["--pid", "0"], ["--pid", "abc"], ["--program="]]
    for args in bad:
        expect_usage(["-tan"] + args, "a bad value")
    for args in (["-tan", "--port"], ["-tan", "--state"]):
        rc, out, err = run(OURS, args)
        if rc == 3 and not out and "requires an argument" in err:
            ok()
        else:
            fail(f"netstat {' '.join(args)}: status {rc}, stderr {err!r}")
    for view in ("-r", "-i", "-s", "-g"):
        rc, out, err = run(OURS, [view, "--port", "22"])
        if rc == 3 and not out and "select sockets" in err:
            ok()
        else:
            fail(f"netstat {view} --port 22: status {rc}, stderr {err!r}")
    # net-tools' abbreviations keep their meaning: --prog is --programs.
    for abbrev in ("--prog", "--progr", "--programs", "--st", "--d"):
        a = run("/bin/netstat", ["-tan", abbrev])
        b = run(OURS, ["-tan", abbrev])
        if a == b or (abbrev != "--d" and a[0] == b[0] and rows(a[1]) and
                      len(rows(a[1])) == len(rows(b[1]))):
            ok()
        else:
            fail(f"netstat -tan {abbrev}: net-tools {a[0]} {a[2]!r}, ours {b[0]} {b[2]!r}")

    # --json: the same sockets as the text listing.
    args = ["-tuanW", "--port", "22,443,5353", "--state", "listening,established"]
    _, text, _ = run(OURS, args)
    rc, out, err = run(OURS, args + ["--json"])
    doc = json.loads(out)
    socks = doc["sockets"]
    good = rc == 0 and len(socks) == len(rows(text)) and socks and all(
        (s["local"]["port"] in (22, 443, 5353) or s["remote"]["port"] in (22, 443, 5353)) and
        s["state"] in ("listen", "established", "close") for s in socks)
    ok() if good else fail(f"--json with filters: {len(socks)} sockets, {len(rows(text))} rows")

    # --explain: only the ports asked for.
    rc, out, err = run(OURS, ["--explain", "--json", "--port", "22,80"])
    ports = {p["port"] for p in json.loads(out)["ports"]}
    ok() if rc == 0 and ports == {22, 80} else fail(f"--explain --port 22,80: ports {ports}")
    rc, out, err = run(OURS, ["--explain", "--port", "443", "--src", "0.0.0.0/0"])
    ok() if rc == 0 and "tcp 443 " in out and "listens on  0.0.0.0" in out and \
        "tcp 22 " not in out and "[::]" not in out else \
        fail(f"--explain --port 443 --src 0.0.0.0/0: {out[:300]!r}")
    rc, out, err = run(OURS, ["--explain", "--state", "established"])
    ok() if rc == 0 and "Nothing listens." in out else fail(f"--explain --state established: {out!r}")

    # --netns: each namespace's listing is filtered alike.
    for args in (["-tanW", "--port", "22,5000-5005"], ["-xan", "--state", "listening"]):
        _, plain, _ = run(OURS, args)
        rc, out, err = run(OURS, ["--netns", str(SETPID)] + args)
        if rc == 0 and len(rows(out)) == len(rows(plain)) and rows(plain):
            ok()
        else:
            fail(f"--netns {SETPID} {' '.join(args)}: {len(rows(out))} rows, "
                 f"{len(rows(plain))} without --netns")

    # /proc/net/unix does not say who owns a UNIX socket: --user says so.
    rc, out, err = run(OURS, ["-xan", "--user", "0"], {"NETSTAT_SOURCE": "proc"})
    ok() if rc == 0 and "--user" in err and not rows(out) else \
        fail(f"-xan --user 0 from /proc: status {rc}, stderr {err!r}")


if __name__ == "__main__":
    main()
