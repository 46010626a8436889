#!/usr/bin/env python3
"""netstat.exe under Wine against the Linux build, on one socket set.

Run by wine.sh inside a network, mount and UTS namespace of its own, with
a wineserver of this namespace running. Usage:
    wine_check.py LINUX-NETSTAT NETSTAT.EXE WSHOLDER.EXE DOC-DIR
"""
import json
import os
import socket
import subprocess
import sys
import time

OURS, EXE, HOLDER, DOC = sys.argv[1:5]
WINE = "/usr/lib/wine/wine64"
failures = 0
checks = 0

# Wine 8.0's faults, allowed for by the checks that name them. A Wine
# without one makes its check strict: the fault is then reported, so the
# allowance can go.
KNOWN_WINE_FAULTS = {
    "pid0": "PIDs of Linux processes read 0 (Wine's own processes carry theirs)",
    "route_metric": "route metrics are parsed as hex",
    "no_ipv6_routes": "no IPv6 routes, and no local routes",
    "tcp6_stats": "TCPv6 statistics are a copy of TCPv4's",
    "icmp_sent": "ICMPv4 sent-by-type columns are shifted",
}
faults_seen = set()


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print(f"FAIL: {what}", file=sys.stderr)
    return ok


def wine(*args, timeout=60):
    p = subprocess.run([WINE, EXE, *args], capture_output=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def text_of(args, out):
    """The output as lines, after checking every line ends in CRLF."""
    check(out.count(b"\n") == out.count(b"\r\n"), f"{args}: every line ends in CRLF")
    return out.decode("utf-8", "replace").split("\r\n")


def linux_json(*args):
    p = subprocess.run([OURS, *args, "--json"], capture_output=True, text=True, check=True)
    return json.loads(p.stdout)


# ---- the socket set ----

held = []


def tcp_listener(fam, addr, port=0, backlog=8):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port))
    s.listen(backlog)
    held.append(s)
    return s


def pair(fam, addr, src=None):
    ls = tcp_listener(fam, addr)
    c = socket.socket(fam, socket.SOCK_STREAM)
    if src:
        c.bind((src, 0))
    c.connect(ls.getsockname()[:2])
    a, _ = ls.accept()
    held.extend([c, a])
    return ls, c, a


v4_any = tcp_listener(socket.AF_INET, "0.0.0.0")
v6_any = tcp_listener(socket.AF_INET6, "::")
v4_lo = tcp_listener(socket.AF_INET, "127.0.0.1")
v6_lo = tcp_listener(socket.AF_INET6, "::1")
v6_doc = tcp_listener(socket.AF_INET6, "2001:db8::1")
# longer than the column: it pushes the rest of its row right
v6_long = tcp_listener(socket.AF_INET6, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1")
https = tcp_listener(socket.AF_INET, "198.51.100.2", 443)
pair(socket.AF_INET, "127.0.0.1")
pair(socket.AF_INET6, "::1")
# a named peer: beta.example.test, on https
hc = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
hc.bind(("198.51.100.1", 0))
hc.connect(("198.51.100.2", 443))
ha, _ = https.accept()
held.extend([hc, ha])
# TIME_WAIT: the side that closes first; CLOSE_WAIT and FIN_WAIT2: a
# peer that closed, and one that did not yet
_, tw_c, tw_a = pair(socket.AF_INET, "127.0.0.1")
tw_c.close()
tw_a.close()
_, cw_c, cw_a = pair(socket.AF_INET, "127.0.0.1")
cw_c.shutdown(socket.SHUT_WR)  # cw_a: CLOSE_WAIT, cw_c: FIN_WAIT2
# SYN_SENT: a SYN the firewall drops on loopback
subprocess.run(["nft", "-f", "-"], check=True, text=True, input="""
table inet wine_test {
  chain out { type filter hook output priority 0; tcp dport 9 drop; }
}
""")
syn = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
syn.setblocking(False)
try:
    syn.connect(("127.0.0.1", 9))
except BlockingIOError:
    pass
held.append(syn)
# UDP, both families
for fam, addr in ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET, "127.0.0.1"),
                  (socket.AF_INET6, "::"), (socket.AF_INET6, "::1")):
    u = socket.socket(fam, socket.SOCK_DGRAM)
    if fam == socket.AF_INET6:
        u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    u.bind((addr, 0))
    held.append(u)
time.sleep(0.2)

# the Winsock program: a Windows pid of its own, on its client and UDP
# sockets (its peer: the accepting side, a Linux socket, reads 0)
holder = subprocess.Popen([WINE, HOLDER, str(v4_any.getsockname()[1]), "0"],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
line = holder.stdout.readline().split()
check(len(line) == 4 and line[3] == "ready", f"wsholder started: {line}")
holder_pid, holder_tcp, holder_udp = (int(x) for x in line[:3]) if len(line) == 4 else (-1, -1, -1)
held.append(v4_any.accept()[0])
holder_rows = {("TCP", f"127.0.0.1:{holder_tcp}"), ("UDP", f"127.0.0.1:{holder_udp}")}

# ---- the expected rows, from the Linux build ----

STATES = {"listen": "LISTENING", "established": "ESTABLISHED", "syn_sent": "SYN_SENT",
          "syn_recv": "SYN_RECEIVED", "fin_wait1": "FIN_WAIT_1", "fin_wait2": "FIN_WAIT_2",
          "time_wait": "TIME_WAIT", "close": "CLOSED", "close_wait": "CLOSE_WAIT",
          "last_ack": "LAST_ACK", "closing": "CLOSING"}


def endpoint(fam, e):
    host = e["address"]
    if fam == "inet6":
        host = f"[{host}]"
    return f"{host}:{e['port']}"


def addr_key(fam, e):
    raw = socket.inet_pton(socket.AF_INET6 if fam == "inet6" else socket.AF_INET, e["address"])
    return raw, e["port"]


def expected(doc):
    """Rows as Windows orders them: TCP then UDP, IPv4 then IPv6, each
    table sorted by local then remote address and port."""
    rows = []
    for s in doc["sockets"]:
        if s["protocol"] not in ("tcp", "udp"):
            continue
        fam = s["family"]
        tcp = s["protocol"] == "tcp"
        key = ((0 if tcp else 1), (0 if fam == "inet" else 1), addr_key(fam, s["local"]),
               addr_key(fam, s["remote"]) if tcp else (b"", 0))
        rows.append((key, ("TCP" if tcp else "UDP", endpoint(fam, s["local"]),
                           endpoint(fam, s["remote"]) if tcp else "*:*",
                           STATES.get(s["state"], "?") if tcp else "")))
    rows.sort()
    return [r for _, r in rows]


def parse_rows(args, lines, pid=False):
    """The rows of a connection listing, read at Windows' columns: Proto
    at 2, Local Address at 9, Foreign Address at 32, State at 55, PID at 71,
    addresses padded to 22 (a longer one pushes the rest right)."""
    rows, pids = [], []
    header = "  Proto  Local Address          Foreign Address        State"
    check((header + "           PID" if pid else header) in lines, f"{args}: the header")
    for ln in lines:
        if not (ln.startswith("  TCP ") or ln.startswith("  UDP ")):
            continue
        proto = ln[2:9].rstrip()
        check(ln[5:9] == "    ", f"{args}: Proto at column 2, 7 wide: {ln!r}")
        local = ln[9:].split(" ", 1)[0]
        fpos = 9 + max(22, len(local)) + 1
        check(ln[9 + len(local):fpos].strip() == "" and ln[fpos:fpos + 1] not in ("", " "),
              f"{args}: foreign address at column {fpos}: {ln!r}")
        foreign = ln[fpos:].split(" ", 1)[0]
        spos = fpos + max(22, len(foreign)) + 1
        check(ln[fpos + len(foreign):spos].strip() == "" and len(ln) >= spos,
              f"{args}: state at column {spos}: {ln!r}")
        if len(local) <= 22 and len(foreign) <= 22:
            check(fpos == 32 and spos == 55, f"{args}: columns 9, 32, 55: {ln!r}")
        if pid:
            st = ln[spos:spos + 16].rstrip()
            p = ln[spos + 16:]
            check(p.isdigit() and (spos != 55 or len(ln) - len(p) == 71),
                  f"{args}: PID at column {spos + 16}: {ln!r}")
            pids.append(int(p) if p.isdigit() else -1)
        else:
            st = ln[spos:]
            check(st == st.rstrip(), f"{args}: nothing after the state: {ln!r}")
        if proto == "UDP":
            check(st == "", f"{args}: UDP has no state: {ln!r}")
        rows.append((proto, local, foreign, st))
    return rows, pids


def compare(args, got, want):
    check(sorted(got) == sorted(want),
          f"{args}: the rows\n  missing: {sorted(set(want) - set(got))}\n"
          f"  extra: {sorted(set(got) - set(want))}")
    if sorted(got) == sorted(want):
        check(got == want, f"{args}: Windows' row order\n  got:  {got}\n  want: {want}")


linux = linux_json("-tuan")
want_all = expected(linux)
# the holder's sockets are Wine's: the Linux build sees them too
check(holder_rows <= {r[:2] for r in want_all}, "the Linux build sees wsholder's sockets")

for args in (["-an"], ["-ano"]):
    rc, out, err = wine(*args)
    check(rc == 0 and not err, f"{args}: status 0, nothing on stderr ({rc}, {err[:200]!r})")
    lines = text_of(args, out)
    check(lines[:3] == ["", "Active Connections", ""], f"{args}: the title {lines[:3]}")
    rows, pids = parse_rows(args, lines, pid="-ano" in args)
    compare(args, rows, want_all)
    if pids:
        for r, p in zip(rows, pids):
            if r[:2] in holder_rows:
                check(p == holder_pid, f"{args}: wsholder's pid {holder_pid} on {r}, not {p}")
            elif p == 0:
                faults_seen.add("pid0")
            else:
                check(p == 0, f"{args}: a Linux process's socket has pid {p}: {r}")

# only TCP connections without -a; one protocol with -p
rc, out, _ = wine("-n")
rows, _ = parse_rows(["-n"], text_of(["-n"], out))
compare(["-n"], rows, [r for r in want_all if r[0] == "TCP" and r[3] != "LISTENING"])
for proto, sel in (("tcp", ("TCP", "[")), ("udp", ("UDP", "[")), ("tcpv6", ("TCP", "")),
                   ("udpv6", ("UDP", ""))):
    args = ["-an", "-p", proto]
    rc, out, _ = wine(*args)
    rows, _ = parse_rows(args, text_of(args, out))
    v6 = proto.endswith("v6")
    compare(args, rows, [r for r in want_all if r[0] == sel[0] and r[1].startswith("[") == v6])
rc, out, _ = wine("-anptcp")
check(parse_rows(["-anptcp"], text_of(["-anptcp"], out))[0] ==
      [r for r in want_all if r[0] == "TCP" and not r[1].startswith("[")], "-anptcp: one word")

# -b: the image name on a line of its own under each row
rc, out, _ = wine("-anob")
lines = text_of(["-anob"], out)
seen_holder = 0
for i, ln in enumerate(lines):
    if ln.startswith("  TCP ") or ln.startswith("  UDP "):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if any(f"{p:<7}{a} " in ln for p, a in holder_rows):
            seen_holder += 1
            check(nxt == " [wsholder.exe]", f"-anob: wsholder's image under its row: {nxt!r}")
        else:
            check(nxt in (" Can not obtain ownership information",) or nxt.startswith(" ["),
                  f"-anob: an owner line under {ln!r}: {nxt!r}")
check(seen_holder == 2, f"-anob: wsholder's two rows ({seen_holder})")

# names: the foreign host's first label, all of it with -f; the
# computer's name for "any"; service names for ports
for args, want_host in ((["-a"], "beta"), (["-af"], "beta.example.test")):
    rc, out, _ = wine(*args)
    lines = text_of(args, out)
    rows, _ = parse_rows(args, lines)
    check(any(r[2] == f"{want_host}:https" and r[3] == "ESTABLISHED" for r in rows),
          f"{args}: {want_host}:https as the foreign address: {[r for r in rows if 'https' in r[2]]}")
    check(any(r[1] == f"0.0.0.0:{v4_any.getsockname()[1]}" and r[2] == "wintest:0" for r in rows),
          f"{args}: a listener's foreign address is the computer's name")

# ---- --json: the schema every platform speaks ----

try:
    import jsonschema
except ImportError:
    jsonschema = None
rc, out, _ = wine("-ano", "--json")
doc = json.loads(out.decode())
check(doc.get("platform") == "windows", f"--json: platform {doc.get('platform')}")
if jsonschema:
    schema = json.load(open(os.path.join(DOC, "sockets.schema.json")))
    errs = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
    check(not errs, f"--json: valid against sockets.schema.json: {errs[:3]}")
check(linux.get("platform") == "linux", "the Linux build says linux")
got = sorted((s["protocol"], s["local"]["address"], s["local"]["port"], s["remote"]["port"],
              s["state"]) for s in doc["sockets"])
want = sorted((s["protocol"], s["local"]["address"], s["local"]["port"],
               s["remote"]["port"] if s["protocol"] == "tcp" else 0,
               s["state"] if s["protocol"] == "tcp" else "close")
              for s in linux["sockets"] if s["protocol"] in ("tcp", "udp"))
check(got == want, f"--json: the same sockets as the Linux build\n  {got}\n  {want}")
procs = [s["processes"] for s in doc["sockets"]
         if (s["protocol"].upper(), f"{s['local']['address']}:{s['local']['port']}") in holder_rows]
check(len(procs) == 2 and all(p and p[0]["pid"] == holder_pid and p[0]["program"] == "wsholder.exe"
                              for p in procs), f"--json: wsholder's process {procs}")
check(all(s["uid"] is None and s["v6only"] is None for s in doc["sockets"]),
      "--json: what Windows cannot tell (uid, v6only) is null")

# ---- --explain: the verdicts ----

rc, out, _ = wine("--explain")
text = out.decode("utf-8", "replace").replace("\r\n", "\n")
rc_l = subprocess.run([OURS, "--explain"], capture_output=True, text=True)
for port in (v4_lo.getsockname()[1], v4_any.getsockname()[1]):
    blk_w = [b for b in text.split("\n\n") if b.startswith(f"tcp {port} ")]
    blk_l = [b for b in rc_l.stdout.split("\n\n") if b.startswith(f"tcp {port} ")]
    check(blk_w and blk_l, f"--explain: port {port} in both")
    if blk_w and blk_l:
        reach_w = [ln for ln in blk_w[0].splitlines() if "reach" in ln.lower()]
        reach_l = [ln for ln in blk_l[0].splitlines() if "reach" in ln.lower()]
        check(reach_w[:1] == reach_l[:1],
              f"--explain {port}: the same reach\n  windows: {reach_w}\n  linux:   {reach_l}")
rc, out, _ = wine("--explain", str(v4_lo.getsockname()[1]))
check(rc == 0, f"--explain PORT: status {rc}")
rc, out, _ = wine("--explain", "1")
check(rc == 4, f"--explain 1 (nothing there): status 4, not {rc}")

# ---- -e: Interface Statistics against the kernel's counters ----


def dev_totals():
    rx = tx = rxp = txp = 0
    for ln in open("/proc/net/dev").read().splitlines()[2:]:
        f = ln.split(":", 1)[1].split()
        rx += int(f[0])
        rxp += int(f[1])
        tx += int(f[8])
        txp += int(f[9])
    return rx, tx, rxp, txp


before = dev_totals()
rc, out, _ = wine("-e")
after = dev_totals()
lines = text_of(["-e"], out)
check(lines[:3] == ["", "Interface Statistics", ""], f"-e: the title {lines[:3]}")
vals = {ln[:20].rstrip(): ln[20:].split() for ln in lines if ln[:20].strip()}
b = [int(x) for x in vals.get("Bytes", ["-1", "-1"])]
check(before[0] <= b[0] <= after[0] and before[1] <= b[1] <= after[1],
      f"-e: bytes {b} within {before[:2]}..{after[:2]}")
uc = [int(x) for x in vals.get("Unicast packets", ["-1", "-1"])]
nu = [int(x) for x in vals.get("Non-unicast packets", ["-1", "-1"])]
check(before[2] <= uc[0] + nu[0] <= after[2], f"-e: packets received {uc[0]}+{nu[0]}")
check(set(vals) >= {"Bytes", "Unicast packets", "Non-unicast packets", "Discards", "Errors",
                    "Unknown protocols"}, f"-e: the rows {sorted(vals)}")

# ---- -s: the protocol counters ----


def snmp():
    t = {}
    lines = open("/proc/net/snmp").read().splitlines()
    for h, v in zip(lines[::2], lines[1::2]):
        sec = h.split(":")[0]
        for k, x in zip(h.split()[1:], v.split()[1:]):
            t[(sec, k)] = int(x)
    return t


# an echo request to loopback, which the kernel answers: one ICMP message
# of each kind sent and received
icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
req = bytearray(b"\x08\x00\x00\x00\x12\x34\x00\x01netstat")
csum = sum(int.from_bytes(req[i:i + 2], "big") for i in range(0, len(req), 2))
csum = (csum & 0xFFFF) + (csum >> 16)
req[2:4] = (~csum & 0xFFFF).to_bytes(2, "big")
icmp.sendto(bytes(req), ("127.0.0.1", 0))
icmp.settimeout(2)
icmp.recv(256)  # the request or the answer: both have passed by then
time.sleep(0.1)
icmp.close()
before = snmp()
rc, out, _ = wine("-s")
after = snmp()
lines = text_of(["-s"], out)
blocks = {}
cur = None
for ln in lines:
    if ln and not ln.startswith(" "):
        cur = ln
        blocks[cur] = {}
    elif cur and "=" in ln:
        k, v = ln.split("=")
        blocks[cur][k.strip()] = int(v)
    elif cur and ln.startswith("  ") and ln[2:28].strip():
        blocks[cur][ln[2:28].strip()] = ln[28:].split()
check(list(blocks) == ["IPv4 Statistics", "IPv6 Statistics", "ICMPv4 Statistics",
                       "ICMPv6 Statistics", "TCP Statistics for IPv4", "TCP Statistics for IPv6",
                       "UDP Statistics for IPv4", "UDP Statistics for IPv6"],
      f"-s: the blocks {list(blocks)}")
for block, label, key in (("IPv4 Statistics", "Packets Received", ("Ip", "InReceives")),
                          ("IPv4 Statistics", "Output Requests", ("Ip", "OutRequests")),
                          ("TCP Statistics for IPv4", "Active Opens", ("Tcp", "ActiveOpens")),
                          ("TCP Statistics for IPv4", "Passive Opens", ("Tcp", "PassiveOpens")),
                          ("TCP Statistics for IPv4", "Segments Received", ("Tcp", "InSegs")),
                          ("UDP Statistics for IPv4", "Datagrams Received", ("Udp", "InDatagrams")),
                          ("UDP Statistics for IPv4", "No Ports", ("Udp", "NoPorts"))):
    v = blocks.get(block, {}).get(label)
    check(v is not None and before[key] <= v <= after[key],
          f"-s {block} {label}: {v} within {before.get(key)}..{after.get(key)}")
icmp = blocks.get("ICMPv4 Statistics", {}).get("Messages", ["-1"])
check(before[("Icmp", "InMsgs")] <= int(icmp[0]) <= after[("Icmp", "InMsgs")],
      f"-s: ICMPv4 messages received {icmp}")
for label, key in (("Echos", "OutEchos"), ("Echo Replies", "OutEchoReps")):
    sent = blocks.get("ICMPv4 Statistics", {}).get(label, ["-1", "-1"])
    if len(sent) != 2 or int(sent[1]) != after[("Icmp", key)]:
        faults_seen.add("icmp_sent")
if blocks.get("TCP Statistics for IPv6") == blocks.get("TCP Statistics for IPv4"):
    faults_seen.add("tcp6_stats")
rc, out, _ = wine("-s", "-p", "udp")
lines = [ln for ln in text_of(["-s", "-p", "udp"], out) if ln and not ln.startswith(" ")]
check(lines == ["UDP Statistics for IPv4"], f"-s -p udp: one block {lines}")

# ---- -r: route print against the Linux routes ----

# a persistent route, as `route -p add` keeps it
KEY = r"HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\PersistentRoutes"
rc, out, err = wine("-r")
check(b"Persistent Routes:\r\n  None\r\n" in out, "-r: no persistent routes at first")
p = subprocess.run([WINE, "reg", "add", KEY, "/v", "192.0.2.0,255.255.255.0,198.51.100.9,3",
                    "/t", "REG_SZ", "/d", "", "/f"], capture_output=True)
check(p.returncode == 0, f"reg add: {p.returncode} {p.stderr[:200]!r}")
rc, out, err = wine("-r")
check(rc == 0, f"-r: status {rc} {err[:300]!r}")
check(b"Persistent Routes:\r\n  Network Address          Netmask  Gateway Address  Metric\r\n"
      b"        192.0.2.0    255.255.255.0     198.51.100.9       3\r\n" in out,
      f"-r: the persistent route, read from the registry: {out[out.find(b'Persistent'):][:300]!r}")
lines = text_of(["-r"], out)
check("Interface List" in lines and "IPv4 Route Table" in lines and "IPv6 Route Table" in lines,
      "-r: the interface list and both tables")
links = linux_json("-ia")["interfaces"]
ifl = lines[lines.index("Interface List") + 1:]
ifl = ifl[:next(i for i, ln in enumerate(ifl) if ln.startswith("===="))]
for ln in links:
    idx = ln.get("index")
    if idx is None:
        continue
    check(any(x[:3].strip() == str(idx) and x.endswith(ln["name"]) or x[:3].strip() == str(idx)
              for x in ifl), f"-r: interface {idx} {ln['name']} listed: {ifl}")
i4 = lines.index("IPv4 Route Table")
hdr = lines.index("Network Destination        Netmask          Gateway       Interface  Metric", i4)
got, metrics = [], {}
for ln in lines[hdr + 1:]:
    if ln.startswith("===="):
        break
    check(len(ln) >= 75 and ln[16] != " " and ln[33] != " " and ln[50] != " " and ln[66] != " ",
          f"-r: columns end at 17, 34, 51, 67, 75: {ln!r}")
    got.append(tuple(ln.split()[:4]))
    metrics[tuple(ln.split()[:2])] = int(ln.split()[4])
addr_of = {"wt0": "198.51.100.1", "wt1": "198.51.100.2", "lo": "127.0.0.1"}
want = []
for r in linux_json("-rn")["routes"]:
    gw = r["gateway"] if r["gateway"] not in (None, "0.0.0.0") else "On-link"
    want.append((r["destination"], r["genmask"], gw, addr_of.get(r["interface"], "?")))
check(sorted(got) == sorted(want), f"-r: the IPv4 routes\n  {sorted(got)}\n  {sorted(want)}")
i6 = lines.index("IPv6 Route Table")
rows6 = lines[lines.index(" If Metric Network Destination      Gateway", i6) + 1:]
rows6 = rows6[:next(i for i, ln in enumerate(rows6) if ln.startswith("===="))]
if not rows6:
    faults_seen.add("no_ipv6_routes")
# the route given metric 17 (wine.sh): Windows adds the interface's
# metric, which Wine cannot tell (0)
m = metrics.get(("203.0.113.0", "255.255.255.0"))
if m == int("17", 16):
    faults_seen.add("route_metric")
else:
    check(m is not None and m >= 17, f"-r: the metric of 203.0.113.0/24: {m}")

# ---- an interval repeats until interrupted ----

p = subprocess.run(["timeout", "3.5", WINE, EXE, "-n", "1"], capture_output=True)
n = p.stdout.count(b"Active Connections")
check(p.returncode == 124 and n >= 3, f"-n 1: a listing a second until stopped ({n}, {p.returncode})")

# ---- the command line ----

for args in (["-z"], ["-p"], ["-p", "sctp"], ["-n", "0"], ["-n", "1", "2"], ["-r", "--port", "1"]):
    rc, out, err = wine(*args)
    check(rc == 3 and err, f"{args}: status 3 and a message ({rc}, {err[:100]!r})")
rc, out, err = wine("/?")
check(rc == 0 and b"NETSTAT [-a]" in out, f"/?: the usage ({rc})")
rc, out, err = wine("-x")
check(rc == 0 and b"Active NetworkDirect Connections" in out, "-x: the NetworkDirect listing")

holder.stdin.close()
holder.wait(timeout=30)
subprocess.run(["nft", "delete", "table", "inet", "wine_test"])
for f in sorted(set(KNOWN_WINE_FAULTS) - faults_seen):
    print(f"note: Wine did not show the known fault '{f}' ({KNOWN_WINE_FAULTS[f]}); "
          "its allowance can go", file=sys.stderr)
print(f"windows: {checks} checks, {failures} failed; Wine faults allowed for: "
      f"{', '.join(sorted(faults_seen)) or 'none'}")
sys.exit(1 if failures else 0)
