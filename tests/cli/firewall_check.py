"""--explain's firewall verdicts, each proven by a real connection.

Runs in the server's namespace (firewall.sh made it): clients A
(192.0.2.2 through fw-a) and B (198.51.100.2 through fw-b) in namespaces
of their own, and this machine itself through lo. For every ruleset:
netstat's verdict for each client (the JSON verdict whose interface and
source range hold it) must be what a connection from that client meets:
accepted (it connects), dropped (it times out), rejected (refused)."""
import ipaddress
import jsonschema
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

from checks import check, finish, free_uid

OURS, NS_A, NS_B, NS_C = sys.argv[1:5]
CLIENTS = {"A": (NS_A, "192.0.2.1", "fw-a", "192.0.2.2"),
           "B": (NS_B, "198.51.100.1", "fw-b", "198.51.100.2")}
WAIT = "0.6"  # seconds a dropped connection is given
# A copy any user can run, for the runs without privilege (the build may
# sit in a directory only root can enter).
OPEN_DIR = tempfile.mkdtemp()
os.chmod(OPEN_DIR, 0o755)
OPEN = os.path.join(OPEN_DIR, "netstat")
shutil.copy(OURS, OPEN)
os.chmod(OPEN, 0o755)


def load(ruleset=None, script=None):
    subprocess.run(["nft", "flush", "ruleset"], check=True)
    if ruleset:
        subprocess.run(["nft", "-f", "-"], input=ruleset, text=True, check=True)
    for cmd in script or []:
        subprocess.run(cmd.split(), check=True)


CONNECT = r"""
import socket, sys
s = socket.socket()
s.settimeout(float(sys.argv[3]))
try:
    s.connect((sys.argv[1], int(sys.argv[2])))
    print("accept")
except socket.timeout:
    print("drop")
except ConnectionRefusedError:
    print("reject")
except OSError as e:
    print("error", e)
"""


def connect(ns, addr, port):
    cmd = ["python3", "-c", CONNECT, addr, str(port), WAIT]
    if ns:
        cmd = ["ip", "netns", "exec", ns] + cmd
    return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()


def explain(port, uid=None):
    def drop():
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    r = subprocess.run([OPEN if uid else OURS, "-n", "--explain", str(port), "--json"],
                       capture_output=True, text=True, preexec_fn=drop if uid else None)
    return r, (json.loads(r.stdout) if r.stdout else None)


def text(port):
    r = subprocess.run([OURS, "-n", "--explain", str(port)], capture_output=True, text=True)
    return r.stdout


def verdict_for(fw, client):
    if client == "lo":
        for v in fw["verdicts"]:
            if v["family"] == "inet" and v["this_machine"]:
                return v
        return None
    _, _, ifname, addr = CLIENTS[client]
    a = ipaddress.ip_address(addr)
    for v in fw["verdicts"]:
        if v["interface"] != ifname or v["family"] != "inet":
            continue
        for net in v["from"]:
            if a in ipaddress.ip_network(net):
                return v
    return None


def scenario(name, port, expect, ruleset=None, script=None, words=None):
    load(ruleset, script)
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("0.0.0.0", port))
    srv.listen(16)
    try:
        r, doc = explain(port)
        if not check(r.returncode == 0 and doc, f"{name}: explain: {r.returncode} {r.stderr}"):
            return
        fw = doc["ports"][0]["sockets"][0]["firewall"]
        check(fw["read"], f"{name}: firewall read")
        for client, want in expect.items():
            v = verdict_for(fw, client)
            got = v["result"] if v else None
            check(got == want, f"{name}: {client}: netstat says {got}, want {want}: {fw['summary']}")
            if want == "unknown":
                continue
            if client == "lo":
                real = connect(None, "127.0.0.1", port)
            else:
                ns, server, _, _ = CLIENTS[client]
                real = connect(ns, server, port)
            check(real == want, f"{name}: {client}: a real connection: {real}, want {want}")
        if words:
            t = text(port)
            check(re.search(words, t), f"{name}: text lacks /{words}/:\n{t}")
    finally:
        srv.close()


EST = "ct state established,related accept\n"

scenario("accept", 2001, {"A": "accept", "B": "accept", "lo": "accept"}, f"""
table inet filter {{ chain input {{ type filter hook input priority 0; policy drop;
  {EST} tcp dport 2001 accept
}}
}}""",
         words=r"firewall    accepted for everyone \(rule \d+ of inet filter input: tcp dport 2001 accept\)")

scenario("drop", 2002, {"A": "drop", "B": "drop", "lo": "drop"}, """
table inet filter { chain input { type filter hook input priority 0; policy accept;
  tcp dport 2002 drop
}
}""", words=r"dropped for everyone \(rule \d+ of inet filter input")

scenario("reject", 2003, {"A": "reject", "B": "reject", "lo": "reject"}, """
table inet filter { chain input { type filter hook input priority 0;
  tcp dport 2003 reject with tcp reset
}
}""",
         words=r"rejected with tcp reset for everyone \(rule \d+ of inet filter input")

scenario("one prefix", 2004, {"A": "accept", "B": "drop", "lo": "accept"}, f"""
table inet filter {{ chain input {{ type filter hook input priority 0; policy drop;
  {EST} iifname "lo" accept
  ip saddr 192.0.2.0/24 tcp dport 2004 accept
}}
}}""",
         words=r"accepted from this machine \(lo\), 192\.0\.2\.0/24 only \(rule \d+ of inet "
               r"filter input: ip saddr 192\.0\.2\.0/24 tcp dport 2004 accept\); dropped for "
               r"everyone else \(table inet filter, chain input, policy drop\)")

scenario("lo only", 2005, {"A": "drop", "B": "drop", "lo": "accept"}, f"""
table ip filter {{ chain input {{ type filter hook input priority 0; policy drop;
  {EST} iifname "lo" accept
}}
}}""",
         words=r"accepted from this machine only; dropped for everyone else")

scenario("second chain", 2006, {"A": "accept", "B": "drop", "lo": "accept"}, """
table inet first { chain input { type filter hook input priority 0; policy accept;
}
}
table inet second { chain input { type filter hook input priority 10; policy accept;
  ip saddr 198.51.100.0/24 tcp dport 2006 drop
}
}""", words=r"of inet second input")

scenario("jump", 2007, {"A": "drop", "B": "accept", "lo": "accept"}, f"""
table inet filter {{
  chain svc {{ ip saddr 198.51.100.0/24 accept
    return
  }}
  chain input {{ type filter hook input priority 0; policy drop;
    {EST} iif lo accept
    tcp dport 2007 jump svc
}}
}}""", words=r"accepted from this machine \(lo\), 198\.51\.100\.0/24 only")

scenario("port set", 2008, {"A": "reject", "B": "reject", "lo": "reject"}, """
table inet filter { chain input { type filter hook input priority 0;
  tcp dport { 1, 2008, 3000-3005 } reject with tcp reset
}
}""",
         words=r"tcp dport \{ 1, 2008, 3000-3005 \} reject")

scenario("iptables-nft", 2009, {"A": "accept", "B": "reject", "lo": "accept"}, script=[
    "iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
    "iptables -A INPUT -i lo -j ACCEPT",
    "iptables -A INPUT -s 192.0.2.0/24 -p tcp -m multiport --dports 9,2009 -j ACCEPT",
    "iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset",
    "iptables -P INPUT DROP"],
         words=r"-m multiport --dports 9,2009")

scenario("cannot read", 2010, {"A": "unknown", "B": "unknown"}, """
table inet filter { chain input { type filter hook input priority 0;
  tcp dport 2010 tcp option maxseg size 1000 drop
}
}""",
         words=r"depends on a rule netstat cannot read \(an expression netstat cannot read\): "
               r"rule \d+ of inet filter input")

# Docker's layout (iptables-nft): host ports published to a "container"
# (namespace C, 203.0.113.2): 8080 -> 127.0.0.1:80 there (refused),
# 8081 -> 0.0.0.0:81 (works), 8082 -> nothing; and the same from this
# machine through the output nat chain. Then nftables' own dnat.
load(script=["iptables -t nat -N DOCKER",
             "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
             "iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER",
             "iptables -t nat -A DOCKER -i fw-br0 -j RETURN"] +
     [f"iptables -t nat -A DOCKER ! -i fw-br0 -p tcp -m tcp --dport 808{i} -j DNAT "
      f"--to-destination 203.0.113.2:8{i}" for i in range(3)])
subprocess.run(["nft", "-f", "-"], check=True, text=True, input="""
table ip natted { chain prerouting { type nat hook prerouting priority dstnat;
  tcp dport 9081 dnat to 203.0.113.2:81
}
}""")
ctr = subprocess.Popen(["ip", "netns", "exec", NS_C, "python3", "-c", """
import socket, sys, time
a = socket.socket(); a.bind(("127.0.0.1", 80)); a.listen()
b = socket.socket(); b.bind(("0.0.0.0", 81)); b.listen(16)
print("ready", flush=True)
time.sleep(60)
"""], stdout=subprocess.PIPE, text=True)
try:
    ctr.stdout.readline()
    r = subprocess.run([OURS, "-n", "--explain", "--json"], capture_output=True, text=True)
    doc = json.loads(r.stdout)
    pubs = {(p["port"], p["from_outside"], p["from_host"]): p for p in doc["published"]}
    want = {8080: ("loopback_only", "reject"), 8081: ("reachable", "accept"),
            8082: ("nothing_listens", "reject"), 9081: ("reachable", "accept")}
    for port, (verdict, real) in want.items():
        both = port != 9081
        p = pubs.get((port, True, both))
        if not check(p, f"published {port}: {doc['published']}"):
            continue
        check(p["verdict"] == verdict and p["to_address"] == "203.0.113.2" and
              p["netns"] == NS_C, f"published {port}: {p}")
        got = connect(NS_A, "192.0.2.1", port)
        check(got == real, f"published {port}: from A: {got}, want {real}")
        if both:
            got = connect(None, "198.51.100.1", port)
            check(got == real, f"published {port}: from this machine: {got}, want {real}")
    t = subprocess.run([OURS, "-n", "--explain", "8080"], capture_output=True, text=True)
    check(t.returncode == 0 and re.search(
        r"tcp 8080  published -> 203\.0\.113\.2:80 in network namespace " + NS_C +
        r" \(from other machines and from this one\)\n    by          rule \d+ of ip nat DOCKER: "
        r"iifname != \"fw-br0\" tcp dport 8080 counter -j DNAT --to-destination "
        r"203\.0\.113\.2:80\n    result      refused: inside " + NS_C +
        r" it listens on loopback only; listen on 0\.0\.0\.0 there", t.stdout),
        f"--explain 8080: {t.returncode}\n{t.stdout}")
    # -M: the connections made through those rules, as conntrack lists them
    held = subprocess.Popen(["ip", "netns", "exec", NS_A, "python3", "-c", """
import socket, time
s = socket.create_connection(("192.0.2.1", 8081))
print("ready", flush=True)
time.sleep(30)
"""], stdout=subprocess.PIPE, text=True)
    held.stdout.readline()
    ct = subprocess.run(["conntrack", "-L", "-p", "tcp", "--dport", "8081"], capture_output=True,
                        text=True).stdout
    m = subprocess.run([OURS, "-M", "-n", "--json"], capture_output=True, text=True)
    mt = subprocess.run([OURS, "-M", "-n"], capture_output=True, text=True)
    try:
        mdoc = json.loads(m.stdout)
        rows = mdoc["connections"]
        import jsonschema
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "..", "..", "doc", "masquerade.schema.json")) as f:
            jsonschema.validate(mdoc, json.load(f))
        with open(os.path.join(here, "..", "..", "doc", "explain.schema.json")) as f:
            jsonschema.validate(doc, json.load(f))
        check(True, "schemas")
    except (ValueError, jsonschema.ValidationError) as e:
        check(False, f"-M --json or --explain --json against its schema: {e}")
        rows = []
    est = [x for x in rows if x["original"]["dport"] == 8081 and x["state"] == "ESTABLISHED"]
    check(len(est) == 1 and "ESTABLISHED" in ct and "dport=8081" in ct,
          f"-M --json: {m.stdout} {m.stderr} conntrack: {ct}")
    if est:
        x = est[0]
        check(x["original"]["src"] == "192.0.2.2" and x["original"]["dst"] == "192.0.2.1" and
              x["reply"]["src"] == "203.0.113.2" and x["reply"]["sport"] == 81 and
              x["protocol"] == "tcp" and x["dnat"], f"-M row: {x}")
        sport = x["original"]["sport"]
        check(f"sport={sport}" in ct, f"-M sport {sport} not in conntrack -L: {ct}")
    check(re.search(r"tcp +192\.0\.2\.2:\d+ +192\.0\.2\.1:8081 +203\.0\.113\.2:81 +dnat +ESTABLISHED",
                    mt.stdout), f"-M text:\n{mt.stdout}{mt.stderr}")
    # the filters: --port picks it, another port leaves it out
    f1 = subprocess.run([OURS, "-M", "-n", "--port", "8081"], capture_output=True, text=True)
    f2 = subprocess.run([OURS, "-M", "-n", "--port", "8999"], capture_output=True, text=True)
    check(":8081 " in f1.stdout and ":8081 " not in f2.stdout and f2.returncode == 0,
          f"-M --port: {f1.stdout} {f2.stdout} {f2.stderr}")
    held.kill()
    held.wait()
finally:
    ctr.kill()
    ctr.wait()

# A userland proxy (docker-proxy's name) on a port: said as such.
load()
tmp = tempfile.mkdtemp()
os.symlink(sys.executable, os.path.join(tmp, "docker-proxy"))  # its name, python's body
proxy = subprocess.Popen([os.path.join(tmp, "docker-proxy"), "-c", """
import socket, time
s = socket.socket(); s.bind(("0.0.0.0", 8090)); s.listen()
print("ready", flush=True); time.sleep(30)
"""], stdout=subprocess.PIPE, text=True)
proxy.stdout.readline()
t = text(8090)
r, doc = explain(8090)
check("note        docker-proxy is a container runtime's userland proxy" in t and
      doc["ports"][0]["userland_proxy"] == "docker-proxy", f"docker-proxy:\n{t}")
proxy.kill()
proxy.wait()
shutil.rmtree(tmp)

# Without privilege: no verdict, and the reason.
load("""table inet filter { chain input { type filter hook input priority 0;
  tcp dport 2011 drop
}
}""")
srv = socket.socket()
srv.bind(("0.0.0.0", 2011))
srv.listen()
r, doc = explain(2011, uid=free_uid())
fw = doc["ports"][0]["sockets"][0]["firewall"] if doc else {}
check(fw.get("read") is False and fw.get("error") == "needs root" and not fw.get("verdicts"),
      f"unprivileged: {fw} {r.stderr}")
check(r.stderr == "", f"unprivileged: stderr {r.stderr!r}")
uid = free_uid()
m = subprocess.run([OPEN, "-M", "-n"], capture_output=True, text=True,
                   preexec_fn=lambda: (os.setgroups([]), os.setgid(uid), os.setuid(uid)))
check(m.returncode == 1 and "needs root" in m.stderr and not m.stdout,
      f"-M unprivileged: {m.returncode} {m.stdout!r} {m.stderr!r}")
srv.close()
subprocess.run(["nft", "flush", "ruleset"], check=True)
shutil.rmtree(OPEN_DIR)

finish()
