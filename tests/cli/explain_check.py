#!/usr/bin/python3
"""--explain's verdicts against real clients: listeners of every kind in
this namespace, a client namespace joined by a veth pair, and for each
port a TCP connection over IPv4 and over IPv6 from the client. What the
explanation says other hosts can reach must connect; what it says they
cannot must not.

usage: explain_check.py NETSTAT CLIENT_NETNS"""
import json
import socket
import subprocess
import sys
import time

from checks import check, finish

ours, client = sys.argv[1], sys.argv[2]
SERVER4, SERVER6 = "192.0.2.1", "2001:db8:1::1"
held = []


def listen(fam, addr, port, v6only=None):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(8)
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
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(("127.0.0.1", 2208))
held.append(u)

want = {2201: ("ipv4_only", False), 2202: ("all", True), 2203: ("ipv6_only", False),
        2204: ("loopback", False), 2205: ("specific", False), 2206: ("all", False),
        2207: ("specific", False)}

p = subprocess.run([ours, "--explain", "--json"], capture_output=True)
check(p.returncode == 0, f"--explain --json: status {p.returncode}: {p.stderr[:200]!r}")
doc = json.loads(p.stdout)
ports = {(x["protocol"], x["port"]): x for x in doc["ports"]}
check(("udp", 2208) in ports and ports[("udp", 2208)]["reach"] == "loopback", "udp 2208: loopback")

text = subprocess.run([ours, "--explain"], capture_output=True).stdout.decode()


def connects(addr, port):
    code = (f"import socket,sys\ntry:\n socket.create_connection(({addr!r},{port}),timeout=2)\n"
            "except OSError: sys.exit(1)\n")
    return subprocess.run(["ip", "netns", "exec", client, "python3", "-c", code]).returncode == 0


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

for s in held:
    s.close()
finish()
