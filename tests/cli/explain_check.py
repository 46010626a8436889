#!/usr/bin/python3
"""--explain's verdicts against real clients: listeners of every kind in
this namespace, a client namespace joined by a veth pair, and for each
port a TCP connection over IPv4 and over IPv6 from the client. What the
explanation says other hosts can reach must connect; what it says they
cannot must not.

usage: explain_check.py NETSTAT CLIENT_NETNS OTHER_LINK_NETNS"""
import json
import os
import socket
import subprocess
import sys
import time

from checks import check, finish, free_uid

import jsonschema

with open(os.path.join(os.path.dirname(__file__), "../../doc/explain.schema.json")) as f:
    SCHEMA = jsonschema.Draft202012Validator(json.load(f))


def valid(doc, what):
    errors = list(SCHEMA.iter_errors(doc))
    check(not errors, f"{what}: schema: {errors[0].message[:200] if errors else ''}")

ours, client, other = sys.argv[1], sys.argv[2], sys.argv[3]
SERVER4, SERVER6 = "192.0.2.1", "2001:db8:1::1"
held = []


def listen(fam, addr, port, v6only=None):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(128)  # every test connection waits in the queue, never accepted
    held.append(s)


listen(socket.AF_INET, "0.0.0.0", 2201)
listen(socket.AF_INET6, "::", 2202, 0)
listen(socket.AF_INET6, "::", 2203, 1)
listen(socket.AF_INET, "127.0.0.1", 2204)
listen(socket.AF_INET6, "::1", 2204, 1)
listen(socket.AF_INET, SERVER4, 2205)
listen(socket.AF_INET, "0.0.0.0", 2206)
listen(socket.AF_INET6, "::", 2206, 1)
listen(socket.AF_INET6, SERVER6, 2207, 1)
# A link-local listener, scoped to the first link.
ll = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
ll.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ll.bind(("fe80::1", 2210, 0, socket.if_nametoindex("ex-sv0")))
ll.listen(128)
held.append(ll)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 2208))
held.append(u)
# UDP: every IPv4 address, and IPv6 only.
udp = {}
for port, fam, addr, v6only in ((2211, socket.AF_INET, "0.0.0.0", None), (2212, socket.AF_INET6, "::", 1)):
    d = socket.socket(fam, socket.SOCK_DGRAM)
    if v6only is not None:
        d.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    d.bind((addr, port))
    d.settimeout(1)
    held.append(d)
    udp[port] = d

want = {2201: ("ipv4_only", False), 2202: ("all", True), 2203: ("ipv6_only", False),
        2204: ("loopback", False), 2205: ("specific", False), 2206: ("all", False),
        2207: ("specific", False)}

p = subprocess.run([ours, "--explain", "--json"], capture_output=True)
check(p.returncode == 0, f"--explain --json: status {p.returncode}: {p.stderr[:200]!r}")
doc = json.loads(p.stdout)
valid(doc, "--explain --json")
ports = {(x["protocol"], x["port"]): x for x in doc["ports"]}
check(("udp", 2208) in ports and ports[("udp", 2208)]["reach"] == "loopback", "udp 2208: loopback")

text = subprocess.run([ours, "--explain"], capture_output=True).stdout.decode()


def connects(addr, port, ns=client):
    code = (f"import socket,sys\ntry:\n socket.create_connection(({addr!r},{port}),timeout=2)\n"
            "except OSError: sys.exit(1)\n")
    return subprocess.run(["ip", "netns", "exec", ns, "python3", "-c", code]).returncode == 0


for port, (reach, dual) in want.items():
    x = ports.get(("tcp", port))
    if not check(x is not None, f"tcp {port}: not explained"):
        continue
    check(x["reach"] == reach, f"tcp {port}: reach {x['reach']}, want {reach}")
    check(x["dual_stack_socket"] == dual, f"tcp {port}: dual_stack_socket {x['dual_stack_socket']}")
    check(f"tcp {port} " in text and x["summary"] in text, f"tcp {port}: the text says it")
    # What the explanation promises to other hosts, per family.
    for fam, addr in (("ipv4", SERVER4), ("ipv6", SERVER6)):
        promised = any(s[f"{fam}_clients"] and
                       (s["reach"] == "all" or (s["reach"] == "network" and s["address"] == addr))
                       for s in x["sockets"])
        got = connects(addr, port)
        check(got == promised,
              f"tcp {port} over {fam}: explanation says {'reachable' if promised else 'not'}, "
              f"a client {'connected' if got else 'could not connect'}")

# The link-local listener: only that link. A client on it connects; a
# client on another link, dialing the same address there, does not.
x = ports.get(("tcp", 2210))
if check(x is not None, "tcp 2210: not explained"):
    check(x["reach"] == "specific" and x["sockets"][0]["reach"] == "link",
          f"tcp 2210: reach {x['reach']}/{x['sockets'][0]['reach']}")
    check(x["sockets"][0]["interface"] == "ex-sv0", "tcp 2210: its link named")
    check("[fe80::1%ex-sv0]" in text and "only hosts on the link" in text, "tcp 2210: the text says it")
    check(connects("fe80::1%ex-cl0", 2210), "tcp 2210: a client on the link could not connect")
    check(not connects("fe80::1%ex-cl1", 2210, other), "tcp 2210: a client on another link connected")
    check(not connects(SERVER6, 2210), "tcp 2210: reachable through a global address")

# UDP: a datagram from the other host arrives exactly where the
# explanation says it can.
def sends(addr, port):
    fam = "AF_INET6" if ":" in addr else "AF_INET"
    code = (f"import socket\ns = socket.socket(socket.{fam}, socket.SOCK_DGRAM)\n"
            f"s.sendto(b'x', ({addr!r}, {port}))\n")
    subprocess.run(["ip", "netns", "exec", client, "python3", "-c", code])
    try:
        udp[port].recvfrom(16)
        return True
    except OSError:
        return False


for port, reach in ((2211, "ipv4_only"), (2212, "ipv6_only")):
    x = ports.get(("udp", port))
    if not check(x is not None and x["reach"] == reach, f"udp {port}: {x and x['reach']}, want {reach}"):
        continue
    for fam, addr in (("ipv4", SERVER4), ("ipv6", SERVER6)):
        promised = any(s[f"{fam}_clients"] and s["reach"] == "all" for s in x["sockets"])
        got = sends(addr, port)
        check(got == promised, f"udp {port} over {fam}: says {promised}, a datagram arrived: {got}")

# -4, -6, -t, -u narrow it.
for flags, keep in ((["-4"], lambda s, x: s["family"] == "inet"),
                    (["-6"], lambda s, x: s["family"] == "inet6"),
                    (["-t"], lambda s, x: x["protocol"] == "tcp"),
                    (["-u"], lambda s, x: x["protocol"] == "udp"),
                    (["-t", "-4"], lambda s, x: x["protocol"] == "tcp" and s["family"] == "inet")):
    d = json.loads(subprocess.run([ours, "--explain", "--json"] + flags, capture_output=True).stdout)
    valid(d, f"--explain {flags}")
    socks = [(s, x) for x in d["ports"] for s in x["sockets"]]
    check(socks and all(keep(s, x) for s, x in socks), f"--explain {flags}: other sockets listed")
    check(len(socks) == sum(1 for x in doc["ports"] for s in x["sockets"] if keep(s, x)),
          f"--explain {flags}: sockets missing")

# Names: beside the numbers unless -n; the numbers stay.
check("listens on  192.0.2.1 (server-a.example)" in text, "names: 192.0.2.1 named in the text")
text_n = subprocess.run([ours, "--explain", "-n"], capture_output=True).stdout.decode()
check("listens on  192.0.2.1\n" in text_n and "server-a.example" not in text_n, "names: -n keeps numbers")
x = ports.get(("tcp", 2205))
check(x and x["sockets"][0]["host"] == "server-a.example" and x["sockets"][0]["address"] == SERVER4,
      "names: JSON host beside the address")

# Without privilege: what could not be seen is said, never guessed.
UID = free_uid()
p = subprocess.run(["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", ours, "--explain"],
                   capture_output=True)
t = p.stdout.decode()
check(p.returncode == 0 and "some owners are not visible" in t and "unknown (not visible without root)" in t,
      f"unprivileged --explain: {t[:200]!r}")
p = subprocess.run(["setpriv", f"--reuid={UID}", f"--regid={UID}", "--clear-groups", ours, "--explain",
                    "--json"], capture_output=True)
doc_u = json.loads(p.stdout)
check(doc_u["owners"]["complete"] is False and all(not s["processes"] for x in doc_u["ports"]
                                                   for s in x["sockets"]),
      "unprivileged --explain --json: owners unknown, none invented")

# One port or one address: the question is answered, and every address
# given under "connect" takes a connection (from this machine).
def explain(arg):
    p = subprocess.run([ours, "--explain", arg, "--json"], capture_output=True)
    doc = json.loads(p.stdout) if p.returncode in (0, 4) else None
    if doc is not None:
        valid(doc, f"--explain {arg}")
    return p.returncode, doc, p.stderr.decode()


def local_connect(addr_port):
    host, port = addr_port.rsplit(":", 1)
    host = host.strip("[]")
    scope = 0
    if "%" in host:
        host, ifname = host.split("%")
        scope = socket.if_nametoindex(ifname)
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.settimeout(2)
    try:
        s.connect((host, int(port), 0, scope) if fam == socket.AF_INET6 else (host, int(port)))
        return True
    except OSError:
        return False
    finally:
        s.close()


for arg, port in (("2201", 2201), ("0.0.0.0:2201", 2201), (":::2203", 2203), ("[::]:2202", 2202),
                  ("::1:2204", 2204), ("localhost:2204", 2204), ("127.0.0.1:2204", 2204),
                  ("192.0.2.1:2205", 2205), ("*:2206", 2206), (":2207", 2207)):
    rc, doc, err = explain(arg)
    if not check(rc == 0 and doc, f"--explain {arg}: status {rc} {err[:100]}"):
        continue
    found = [x for x in doc["ports"] if x["protocol"] == "tcp" and x["port"] == port]
    check(found and doc["listening"], f"--explain {arg}: tcp {port} not found")
    check(all(x["port"] == port for x in doc["ports"]), f"--explain {arg}: other ports listed")
    for x in found:
        check(x["connect"], f"--explain {arg}: no address to connect to")
        for a in x["connect"]:
            check(local_connect(a), f"--explain {arg}: connect to {a} failed")
rc, doc, _ = explain("::1:2204")
check(doc and doc["query"]["ambiguity"], "::1:2204: ambiguity noted")
check(doc and doc["query"]["normal"] == "[::1]:2204", "::1:2204: normal form")
rc, doc, _ = explain("2299")
check(rc == 4 and doc and not doc["listening"] and not doc["ports"], f"--explain 2299: status {rc}")
out = subprocess.run([ours, "--explain", "2209"], capture_output=True).stdout.decode()
check("Nothing listens there." in out and "2208" in out, "--explain 2209: nothing, and what is close by")
for bad, why in (("ex-sv0:80", "is an interface"), ("300.1.1.1:22", "not an IPv4 address"),
                 (":99999", "out of range"), ("[::1", "without its"),
                 ("nosuch.invalid:80", "cannot resolve")):
    p = subprocess.run([ours, "--explain", bad], capture_output=True)
    check(p.returncode == 3 and why in p.stderr.decode() and not p.stdout,
          f"--explain {bad}: status {p.returncode}, {p.stderr[:120]!r}")

for s in held:
    s.close()
finish()
