"""--info / --memory / --listen-queues against ss and the kernel's
counters, on sockets made here. Run by sockinfo.sh inside a fresh
namespace, with a peer namespace (argv[2]) behind a lossy veth."""
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

OURS = sys.argv[1]
PEER = sys.argv[2]
FAILS = []
PASSES = [0]


def check(cond, what):
    if cond:
        PASSES[0] += 1
    else:
        FAILS.append(what)
        print("FAIL:", what)


def validate(doc, name, what):
    """doc against doc/NAME.schema.json (which may refer to the sockets one)."""
    import jsonschema
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "doc")
    schema = json.load(open(os.path.join(here, f"{name}.schema.json")))
    base = "file://" + os.path.realpath(here) + "/"
    store = {base + "sockets.schema.json": json.load(open(os.path.join(here,
                                                                       "sockets.schema.json")))}
    try:
        jsonschema.validate(doc, schema, resolver=jsonschema.RefResolver(base, schema,
                                                                         store=store))
        PASSES[0] += 1
    except jsonschema.ValidationError as e:
        check(False, f"{what}: schema: {e.message} at {list(e.absolute_path)}")


def run(*args):
    p = subprocess.run([OURS, *args], capture_output=True, text=True, check=False)
    return p.returncode, p.stdout, p.stderr


def ours_json(*args):
    rc, out, err = run("-tn", "--json", *args)
    if rc != 0:
        FAILS.append(f"netstat {' '.join(args)}: exit {rc}: {err}")
        return {}
    return {(s["local"]["address"], s["local"]["port"], s["remote"]["address"],
             s["remote"]["port"]): s for s in json.loads(out)["sockets"]}


SS_KEY = re.compile(r"^\S+\s+\d+\s+\d+\s+(\S+):(\d+)\s+(\S+):(\d+)")


def ss_info():
    """ss -tinmHn: each socket's row and its continuation line, parsed."""
    out = subprocess.run(["ss", "-tinmHn"], capture_output=True, text=True, check=True).stdout
    socks, key = {}, None
    for line in out.splitlines():
        m = SS_KEY.match(line)
        if m:
            key = (m[1].strip("[]"), int(m[2]), m[3].strip("[]"), int(m[4]))
            continue
        if key is None:
            continue
        f = {}
        m = re.search(r"skmem:\(([^)]*)\)", line)
        if m:
            for part in m[1].split(","):
                k = re.match(r"([a-z]+)(\d+)", part)
                f["skmem_" + k[1]] = int(k[2])
        for k, v in re.findall(r"\b([a-z_]+):([0-9./,]+)", line.replace("skmem:", "")):
            f[k] = v
        for k, v in re.findall(r"\b(send|pacing_rate|delivery_rate) (\d+)bps", line):
            f[k] = int(v)
        m = re.search(r"\)\s+(\w+)\s+wscale", line) or re.search(r"^\s+(\w+)\s+wscale", line)
        if m:
            f["cc"] = m[1]
        socks[key] = f
        key = None
    return socks


def text_lines(*args):
    rc, out, _ = run("-tn", *args)
    return out.splitlines()


def compare(name, a, b, ss, exact=True):
    """Our JSON against ss for the pair's sockets."""
    for key in (a, b):
        s = ours_json_cache.get(key)
        f = ss.get(key)
        check(s is not None and f is not None, f"{name}: socket {key} in both listings")
        if s is None or f is None:
            continue
        ti, mem = s.get("tcp_info"), s.get("memory")
        check(isinstance(ti, dict) and isinstance(mem, dict), f"{name}: tcp_info and memory objects")
        if not isinstance(ti, dict) or not isinstance(mem, dict):
            continue
        check(ti["congestion"] == f.get("cc"), f"{name}: congestion {ti['congestion']} / {f.get('cc')}")
        wsc = f.get("wscale", "").split(",")
        check([str(ti["snd_wscale"]), str(ti["rcv_wscale"])] == wsc, f"{name}: wscale {wsc}")
        for ours_k, ss_k in (("mss", "mss"), ("pmtu", "pmtu"), ("rcv_mss", "rcvmss"),
                             ("adv_mss", "advmss")):
            check(str(ti[ours_k]) == f.get(ss_k), f"{name}: {ours_k} {ti[ours_k]} / {f.get(ss_k)}")
        if exact:  # nothing moves on an idle connection
            for ours_k, ss_k in (("rcvbuf", "skmem_rb"), ("sndbuf", "skmem_tb")):
                check(mem[ours_k] == f.get(ss_k), f"{name}: {ours_k} {mem[ours_k]} / {f.get(ss_k)}")
            for k in ("bytes_acked", "bytes_received", "bytes_sent", "segs_out", "segs_in",
                      "data_segs_out", "data_segs_in", "cwnd", "delivered"):
                want = f.get(k, "0")  # ss leaves zero counters out
                check(str(ti[k]) == want, f"{name}: {k} {ti[k]} / {want}")
            rtt = f.get("rtt", "0/0").split("/")
            check(abs(ti["rtt_ms"] - float(rtt[0])) < 0.0015, f"{name}: rtt {ti['rtt_ms']} / {rtt[0]}")
            check(abs(ti["rto_ms"] - float(f.get("rto", 0))) < 0.0015, f"{name}: rto")
        else:  # moving: the counters only grow between the two reads
            check(ti["segs_out"] > 0 and ti["bytes_acked"] + ti["bytes_received"] > 0,
                  f"{name}: segments and bytes moving")
        for k in ("last_send_ms", "last_recv_ms", "last_ack_ms"):
            ssk = {"last_send_ms": "lastsnd", "last_recv_ms": "lastrcv", "last_ack_ms": "lastack"}[k]
            if ssk in f:
                check(abs(ti[k] - int(f[ssk])) < 2000, f"{name}: {k} {ti[k]} / {f[ssk]}")


def pair(addr, port, family=socket.AF_INET, netns_server=None):
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(8)
    cli = socket.create_connection((addr, port))
    acc, _ = srv.accept()
    return srv, cli, acc


def keys(cli, acc):
    a = cli.getsockname()[:2], cli.getpeername()[:2]
    k1 = (a[0][0], a[0][1], a[1][0], a[1][1])
    k2 = (a[1][0], a[1][1], a[0][0], a[0][1])
    return k1, k2


def bulk(sender, receiver, nbytes):
    def sink():
        got = 0
        while got < nbytes:
            d = receiver.recv(1 << 20)
            if not d:
                break
            got += len(d)
    t = threading.Thread(target=sink)
    t.start()
    chunk = b"x" * (1 << 16)
    sent = 0
    while sent < nbytes:
        sent += sender.send(chunk[: min(len(chunk), nbytes - sent)])
    t.join()


# ---- an idle pair, after a little traffic ----
srv, cli, acc = pair("127.0.0.1", 9100)
cli.sendall(b"hello" * 100)
acc.recv(1000)
acc.sendall(b"back")
cli.recv(10)
time.sleep(0.3)
k1, k2 = keys(cli, acc)
ss = ss_info()
ours_json_cache = ours_json("--info", "--memory")
compare("idle", k1, k2, ss)

# The text: the net-tools rows are those without the options, each
# followed by one continuation line whose fields are the JSON's.
plain = text_lines()
info = text_lines("--info", "--memory")
rows = [l for l in info if not l.startswith("\t")]
conts = [l for l in info if l.startswith("\t")]
check(rows == plain, "text: the net-tools rows unchanged under --info --memory")
check(len(conts) == len([l for l in plain if l.startswith("tcp")]),
      "text: one continuation line per TCP row")
for i, l in enumerate(info):
    if l.startswith("tcp") and "9100" in l and "ESTABLISHED" in l:
        nxt = info[i + 1] if i + 1 < len(info) else ""
        fields = dict(kv.split(":", 1) for kv in nxt.strip().split(" "))
        check(fields.get("cc") and fields.get("mss") and fields.get("rcvbuf"),
              f"text: key:value fields ({nxt[:60]})")
        check(all(re.fullmatch(r"[a-z0-9_]+", k) for k in fields), "text: stable keys")
rc, out, _ = run("-tn", "--memory")
check(all("rtt:" not in l for l in out.splitlines()), "text: --memory alone shows no tcp_info")

# ---- a bulk transfer on loopback, read while it runs ----
srv2, cli2, acc2 = pair("127.0.0.1", 9200)
bk1, bk2 = keys(cli2, acc2)
stop = threading.Event()


def pump():
    chunk = b"y" * (1 << 16)
    while not stop.is_set():
        try:
            cli2.send(chunk)
        except OSError:
            break


def drain():
    acc2.settimeout(0.5)
    while not stop.is_set():
        try:
            acc2.recv(1 << 20)
        except (socket.timeout, OSError):
            pass


ts = [threading.Thread(target=pump), threading.Thread(target=drain)]
for t in ts:
    t.start()
time.sleep(0.5)
ss = ss_info()
ours_json_cache = ours_json("--info", "--memory")
stop.set()
cli2.shutdown(socket.SHUT_WR)
for t in ts:
    t.join()
compare("bulk", bk1, bk2, ss, exact=False)
s = ours_json_cache.get(bk1, {}).get("tcp_info") or {}
check(s.get("cwnd", 0) > 0 and s.get("bytes_acked", 0) > 1 << 20,
      f"bulk: cwnd and bytes moving ({s.get('cwnd')}, {s.get('bytes_acked')})")
check((s.get("delivery_rate_bps") or 0) > 0, "bulk: delivery rate non-zero")

# ---- a lossy transfer to the peer namespace ----
srvp = subprocess.Popen(["ip", "netns", "exec", PEER, "python3", "-c",
                         "import socket\n"
                         "s=socket.socket();s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
                         "s.bind(('192.0.2.2',9300));s.listen(1);print('up',flush=True)\n"
                         "a,_=s.accept()\n"
                         "while a.recv(1<<20): pass\n"],
                        stdout=subprocess.PIPE, text=True)
srvp.stdout.readline()
lossy = socket.create_connection(("192.0.2.2", 9300))
data = b"z" * (1 << 16)
deadline = time.time() + 2
while time.time() < deadline:
    lossy.sendall(data)
time.sleep(0.3)
lk = (lossy.getsockname()[0], lossy.getsockname()[1], "192.0.2.2", 9300)
got = ours_json("--info", "--dport", "9300").get(lk, {}).get("tcp_info") or {}
check(got.get("retrans_total", 0) > 0 and got.get("bytes_retrans", 0) > 0,
      f"lossy: retransmissions counted ({got.get('retrans_total')}, {got.get('bytes_retrans')})")
ssl = ss_info().get(lk, {})
check(abs(int(ssl.get("retrans", "0/0").split("/")[1]) - got.get("retrans_total", -1)) <= 50,
      f"lossy: total retransmissions as ss says ({ssl.get('retrans')})")
lossy.close()
srvp.wait(timeout=10)

# ---- a listener with backlog 4 that never accepts, filled ----
def counters():
    rc, out, _ = run("--listen-queues", "--json", "--sport", "9400")
    return json.loads(out)


def connect_nb(port, n):
    """n connections to 127.0.0.1:port, begun and not waited for."""
    socks = []
    for _ in range(n):
        c = socket.socket()
        c.setblocking(False)
        try:
            c.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        socks.append(c)
    return socks


before = counters()
lq = socket.socket()
lq.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lq.bind(("127.0.0.1", 9400))
lq.listen(4)
clients = connect_nb(9400, 12)
time.sleep(1.5)  # SYNs the full queue refused, retried and refused again
after = counters()
ls = [l for l in after["listeners"] if l["local"]["port"] == 9400]
check(len(ls) == 1, "listen queues: the listener, selected by --sport")
if ls:
    l = ls[0]
    check(l["accept_queue"] == 5 and l["accept_queue_max"] == 4 and l["full"] is True,
          f"listen queues: full at 5 of 4 ({l})")
check(after["counters"]["listen_overflows"] > before["counters"]["listen_overflows"],
      f"listen queues: ListenOverflows moved ({before['counters']} -> {after['counters']})")
rc, out, _ = run("--listen-queues", "--sport", "9400")
rows = [r for r in out.splitlines() if r.startswith("tcp ")]
check(len(rows) == 1 and rows[0].split()[1] == "5/4" and rows[0].split()[3] == "127.0.0.1:9400",
      f"listen queues text: {rows}")
check("127.0.0.1:9400: the accept queue is full (5 waiting, at most 4): the kernel drops new "
      "connections" in out, "listen queues text: said full in words")
check(re.search(r"^ListenOverflows: \d+  ListenDrops: \d+$", out, re.M) is not None,
      "listen queues text: the counters")
rc, out, _ = run("--explain", "127.0.0.1:9400")
check("queue       127.0.0.1: the accept queue is full (5 waiting, at most 4): the kernel "
      "drops new connections" in out, f"explain: the full queue said ({out[-300:]!r})")
rc, out, _ = run("--explain", "9400", "--json")
aq = [so.get("accept_queue") for prt in json.loads(out).get("ports", [])
      for so in prt.get("sockets", [])]
check(aq == [{"waiting": 5, "maximum": 4, "full": True}], f"explain JSON: accept_queue {aq}")
rc, out, _ = run("--explain", "9100")
check("queue  " not in out, "explain: no queue line for a listener with room")
# -c: from the second refresh on, the change since the one before.
p = subprocess.run(["timeout", "2.5", OURS, "--listen-queues", "--json", "-c"],
                   capture_output=True, text=True, check=False)
docs = [json.loads(l) for l in p.stdout.splitlines()]
check(len(docs) >= 2 and docs[0]["counters"]["since_last"] is None and
      isinstance(docs[1]["counters"]["since_last"]["listen_overflows"], int),
      "listen queues -c: the change since the last refresh")
p = subprocess.run(["timeout", "2.5", OURS, "--listen-queues", "-c"],
                   capture_output=True, text=True, check=False)
check(re.search(r"ListenOverflows: \d+ \(\+\d+\)", p.stdout) is not None,
      "listen queues -c text: (+N)")
try:
    import jsonschema
    schema = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "doc",
                                         "listen_queues.schema.json")))
    for d in [after] + docs:
        jsonschema.validate(d, schema)
    PASSES[0] += 1
except jsonschema.ValidationError as e:
    check(False, f"listen queues JSON schema: {e.message}")
for c in clients:
    c.close()
lq.close()

# The SYN queue: the clients' last ACK dropped (nftables), so the
# listener holds their requests half-open; ss counts the same.
subprocess.run(["nft", "-f", "-"], check=True, text=True, input="""
table inet synq {
    chain in {
        type filter hook input priority 0; policy accept;
        tcp dport 9401 tcp flags & (syn | ack | fin | rst) == ack drop
    }
}
""")
sq = socket.socket()
sq.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sq.bind(("127.0.0.1", 9401))
sq.listen(8)
half = connect_nb(9401, 3)
time.sleep(0.3)
rc, out, _ = run("--listen-queues", "--json", "--sport", "9401")
ls = [l for l in json.loads(out)["listeners"] if l["local"]["port"] == 9401] if rc == 0 else []
ss_syn = subprocess.run(["ss", "-Htn", "state", "syn-recv", "sport", "=", ":9401"],
                        capture_output=True, text=True, check=True).stdout.splitlines()
check(len(ls) == 1 and ls[0]["syn_queue"] == 3 == len(ss_syn) and ls[0]["accept_queue"] == 0,
      f"listen queues: 3 half-open, as ss says ({ls}, ss {len(ss_syn)})")
rc, out, _ = run("--listen-queues", "--sport", "9401")
rows = [r.split() for r in out.splitlines() if r.startswith("tcp ")]
check(rows == [["tcp", "0/8", "3", "127.0.0.1:9401"]], f"listen queues text: SYN 3 ({rows})")
for c in half:
    c.close()
sq.close()
subprocess.run(["nft", "delete", "table", "inet", "synq"], check=True)

# --netns: each namespace's listeners labelled, its own counters.
holder = subprocess.Popen(["ip", "netns", "exec", PEER, "/usr/bin/python3", "-c", """
import socket, sys, time
s = socket.socket()
s.bind(("192.0.2.2", 9402))
s.listen(3)
print("ready", flush=True)
sys.stdin.read()
"""], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
holder.stdout.readline()
rc, out, _ = run("--netns", PEER, "--listen-queues", "--json")
doc = json.loads(out) if rc == 0 else {}
ls = doc.get("listeners", [])
check(len(ls) == 1 and ls[0]["netns"]["name"] == PEER and ls[0]["local"]["port"] == 9402 and
      ls[0]["accept_queue_max"] == 3, f"listen queues --netns NAME: its listener ({ls})")
check(doc.get("counters", 1) is None and [n["netns"]["name"] for n in doc.get("namespaces", [])] ==
      [PEER] and isinstance(doc["namespaces"][0]["counters"]["listen_overflows"], int),
      "listen queues --netns NAME: the namespace's own counters")
rc, out, _ = run("--netns", "all", "--listen-queues")
lines = out.splitlines()
check(len(lines) > 1 and lines[1].startswith("Netns ") and
      any(l.split()[:2] == [PEER, "tcp"] and "192.0.2.2:9402" in l for l in lines) and
      any(l.startswith(PEER + ": ListenOverflows: ") for l in lines),
      f"listen queues --netns all text: {lines}")
rc, out, _ = run("--netns", "all", "--listen-queues", "--json")
try:
    jsonschema.validate(json.loads(out), schema)
    jsonschema.validate(doc, schema)
    PASSES[0] += 1
except (jsonschema.ValidationError, ValueError) as e:
    check(False, f"listen queues --netns JSON schema: {e}")
holder.stdin.close()
holder.wait(timeout=5)

# ---- --summary against ss -s and /proc/net/sockstat, sockets held still ----
udp4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp4.bind(("127.0.0.1", 0))
udp6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
udp6.bind(("::1", 0))
t6 = socket.socket(socket.AF_INET6)
t6.bind(("::1", 0))
t6.listen(1)
# Closing sockets of the tests above may still move the counters: ours,
# ss's, ours again, until both of ours agree.
for _ in range(20):
    rc, out, _ = run("--summary", "--json")
    ssout = subprocess.run(["ss", "-s"], capture_output=True, text=True, check=True).stdout
    if run("--summary", "--json")[1] == out:
        break
    time.sleep(0.2)
sockstat = {}
for f in ("sockstat", "sockstat6"):
    for line in open(f"/proc/net/{f}"):
        sec, rest = line.split(":", 1)
        w = rest.split()
        for i in range(0, len(w) - 1, 2):
            sockstat[(sec, w[i])] = int(w[i + 1])
sm = json.loads(out)["summaries"][0]
tcp = sm["tcp"]
m = re.search(r"^TCP:\s+(\d+) \(estab (\d+), closed (\d+), orphaned (\d+), timewait (\d+)", ssout, re.M)
check(m is not None, "summary: ss -s parsed")
if m:
    check([tcp["total"], tcp["established"], tcp["closed"], tcp["orphaned"], tcp["time_wait"]]
          == [int(x) for x in m.groups()], f"summary: TCP line as ss -s ({tcp}; {m.group(0)})")
for proto in ("RAW", "UDP", "TCP"):
    mm = re.search(rf"^{proto}\s+(\d+)\s+(\d+)\s+(\d+)", ssout, re.M)
    t = sm["transports"][proto.lower()]
    check(mm is not None and [t["inet"] + t["inet6"], t["inet"], t["inet6"]] ==
          [int(x) for x in mm.groups()], f"summary: {proto} row as ss -s ({t})")
check(sm["transports"]["udp"]["inet"] >= 1 and sm["transports"]["udp"]["inet6"] >= 1 and
      sm["transports"]["tcp"]["inet6"] >= 1, "summary: the sockets made here counted")
check(sm["tcp"]["memory_pages"] == sockstat[("TCP", "mem")] and
      sm["transports"]["udplite"]["inet"] == sockstat[("UDPLITE", "inuse")] and
      sm["transports"]["frag"]["memory_inet6"] == sockstat[("FRAG6", "memory")],
      "summary: memory and the rest as /proc/net/sockstat{,6}")
rc, out, _ = run("--summary")
check(re.search(r"^Total: \d+ sockets$", out, re.M) is not None and
      re.search(r"^TCP\s+\d+\s+\d+\s+\d+$", out, re.M) is not None, "summary: the text")
try:
    schema = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "doc",
                                         "summary.schema.json")))
    jsonschema.validate(json.loads(run("--summary", "--json")[1]), schema)
    PASSES[0] += 1
except jsonschema.ValidationError as e:
    check(False, f"summary JSON schema: {e.message}")

# ---- --kill: the connections the filters choose are reset, the rest live ----
ksrv = socket.socket()
ksrv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ksrv.bind(("127.0.0.1", 9500))
ksrv.listen(8)
victims, keep = [], []
for src in ("127.0.0.1", "127.0.0.1", "127.0.0.3"):
    c = socket.socket()
    c.bind((src, 0))
    c.connect(("127.0.0.1", 9500))
    a, _ = ksrv.accept()
    (keep if src == "127.0.0.3" else victims).append((c, a))
other = pair("127.0.0.1", 9501)
rc, out, err = run("--kill")
check(rc == 3 and "needs at least one filter" in err, f"kill: refused without a filter ({rc})")
rc, out, err = run("--dry-run", "-t")
check(rc == 3, "kill: --dry-run alone refused")
rc, out, err = run("--kill", "--dry-run", "--dport", "9500", "--src", "127.0.0.1")
check(rc == 0 and out.count("would kill tcp 127.0.0.1:") == 2, f"kill --dry-run: {out!r}")
rc, out, err = run("--kill", "--json", "--dport", "9500", "--src", "127.0.0.1")
doc = json.loads(out) if out else {}
killed = [s for s in doc.get("sockets", []) if s["killed"]]
check(rc == 0 and len(killed) == 2 and all(s["socket"]["remote"]["port"] == 9500 for s in killed),
      f"kill: two sockets killed ({rc}, {out[:200]})")
validate(doc, "kill", "kill --json")
for c, a in victims:
    a.settimeout(2)
    try:
        a.recv(10)
        check(False, "kill: the peer sees ECONNRESET (recv returned)")
    except ConnectionResetError:
        PASSES[0] += 1
    except OSError as e:
        check(False, f"kill: the peer sees ECONNRESET ({e!r})")
for c, a in keep + [(other[1], other[2])]:
    c.sendall(b"alive")
    a.settimeout(2)
    check(a.recv(10) == b"alive", "kill: the other connections live")
rc, out, err = run("--kill", "--dry-run", "-p", "--dport", "9500")
check(rc == 0 and out.count(f" ESTABLISHED {os.getpid()}/python3\n") == 1,
      f"kill -p: the owner on the line ({out!r})")
rc, out, err = run("--kill", "--dry-run", "-p", "--json", "--dport", "9500")
doc = json.loads(out) if rc == 0 else {}
check([p["pid"] for s in doc.get("sockets", []) for p in s["socket"]["processes"]] ==
      [os.getpid()], f"kill -p --json: the processes ({out[:300]})")
validate(doc, "kill", "kill -p --json")
rc, out, err = run("--kill", "--dport", "9599")
check(rc == 4 and "no socket matches" in err, f"kill: nothing selected ({rc})")
p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", OURS, "--kill", "--dport", "9501"],
                   capture_output=True, text=True, check=False)
check(p.returncode == 1 and "needs CAP_NET_ADMIN" in p.stderr,
      f"kill: unprivileged, said so ({p.returncode}, {p.stderr!r})")
other[1].sendall(b"still")
check(other[2].recv(10) == b"still", "kill: the unprivileged attempt killed nothing")

# ---- --events: connections closed while it runs, each reported once ----
ev_json = subprocess.Popen([OURS, "--events", "--json", "--dport", "9700"], stdout=subprocess.PIPE,
                           text=True)
ev_text = subprocess.Popen([OURS, "--events"], stdout=subprocess.PIPE, text=True)
time.sleep(0.7)
esrv = socket.socket()
esrv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
esrv.bind(("127.0.0.1", 9700))
esrv.listen(16)
osrv = socket.socket()
osrv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
osrv.bind(("127.0.0.1", 9701))
osrv.listen(16)
closed, others = [], []
for port, where in ((9700, closed), (9700, closed), (9700, closed), (9701, others), (9700, closed),
                    (9701, others), (9700, closed)):
    c = socket.create_connection(("127.0.0.1", port))
    a, _ = (esrv if port == 9700 else osrv).accept()
    where.append(c.getsockname()[1])
    c.close()
    a.close()
time.sleep(1)
for p in (ev_json, ev_text):
    p.terminate()
jout = ev_json.communicate(timeout=5)[0]
tout = ev_text.communicate(timeout=5)[0]
docs = []
try:
    docs = [json.loads(l) for l in jout.splitlines()]
    PASSES[0] += 1
except ValueError as e:
    check(False, f"events: valid JSON Lines ({e})")
reported = sorted(d["socket"]["local"]["port"] for d in docs if d["event"] == "closed")
check(reported == sorted(closed), f"events: each closed connection once ({reported} / {sorted(closed)})")
check(all(d["socket"]["remote"]["address"] == "127.0.0.1" and d["socket"]["remote"]["port"] == 9700
          and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", d["time"]) for d in docs),
      "events: addresses and times")
for port in closed + others:
    n = sum(1 for l in tout.splitlines() if f" closed tcp 127.0.0.1:{port} 127.0.0.1:97" in l)
    check(n == 1, f"events text: {port} once ({n})")
for d in docs:
    validate(d, "events", "events JSON")

# -c 1: the sockets opened, from dumps a second apart, each once; -p: the
# owners, of a closed socket those of the last dump.
ev_json = subprocess.Popen([OURS, "--events", "-c", "1", "-p", "--json", "--sport", "9710"],
                           stdout=subprocess.PIPE, text=True)
ev_text = subprocess.Popen([OURS, "--events", "-c", "1", "-p", "--port", "9710"],
                           stdout=subprocess.PIPE, text=True)
time.sleep(0.7)
nsrv = socket.socket()
nsrv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
nsrv.bind(("127.0.0.1", 9710))
nsrv.listen(4)
nudp = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
nudp.bind(("::1", 9710))
time.sleep(1.6)
nc = socket.create_connection(("127.0.0.1", 9710))
na, _ = nsrv.accept()
time.sleep(2.2)
for so in (nc, na, nudp, nsrv):
    so.close()
time.sleep(0.5)
for p in (ev_json, ev_text):
    p.terminate()
docs = [json.loads(l) for l in ev_json.communicate(timeout=5)[0].splitlines()]
tout = ev_text.communicate(timeout=5)[0]
me = os.getpid()
opened = sorted((d["socket"]["protocol"], d["socket"]["state"], d["socket"]["remote"]["port"])
                for d in docs if d["event"] == "opened")
check(len(opened) == 3 and opened.count(("tcp", "listen", 0)) == 1 and
      opened.count(("udp", "close", 0)) == 1 and
      sum(1 for o in opened if o[:2] == ("tcp", "established")) == 1,
      f"events -c: each opened socket once, the server side of the connection ({opened})")
check(all([p["pid"] for p in d["socket"]["processes"]] == [me] for d in docs
          if d["socket"]["local"]["port"] == 9710),
      "events -p: the owner of each, closed ones too")
shut = [d for d in docs if d["event"] == "closed"]
check(len(shut) == 3, f"events --sport: three closed ({len(shut)})")
for d in docs:
    validate(d, "events", "events -c JSON")
lines = tout.splitlines()
check(sum(1 for l in lines if re.search(r" opened tcp 127\.0\.0\.1:9710 0\.0\.0\.0:0 LISTEN "
                                         rf"{me}/python3$", l)) == 1 and
      sum(1 for l in lines if f" opened udp6 [::1]:9710 [::]:0 - {me}/python3" in l) == 1 and
      sum(1 for l in lines if " opened tcp " in l and " ESTABLISHED " in l) == 2,
      f"events -c text: opened, both sides by --port ({lines})")

# --netns: each event names its namespace.
ev_ns = subprocess.Popen([OURS, "--events", "--netns", PEER, "--json"], stdout=subprocess.PIPE,
                         text=True)
ev_all = subprocess.Popen([OURS, "--events", "--netns", "all", "--dport", "9402"],
                          stdout=subprocess.PIPE, text=True)
time.sleep(0.7)
subprocess.run(["ip", "netns", "exec", PEER, "/usr/bin/python3", "-c", """
import socket
s = socket.socket()
s.bind(("192.0.2.2", 9402))
s.listen(3)
c = socket.create_connection(("192.0.2.2", 9402))
a, _ = s.accept()
c.close()
a.close()
"""], check=True)
time.sleep(0.5)
for p in (ev_ns, ev_all):
    p.terminate()
docs = [json.loads(l) for l in ev_ns.communicate(timeout=5)[0].splitlines()]
lines = ev_all.communicate(timeout=5)[0].splitlines()
check(len(docs) == 3 and all(d["socket"]["netns"]["name"] == PEER for d in docs),
      f"events --netns NAME: the peer's three sockets, labelled ({docs})")
check(len(lines) == 1 and lines[0].split()[1:4] == [PEER, "closed", "tcp"] and
      "192.0.2.2:9402" in lines[0], f"events --netns all text: {lines}")
for d in docs:
    validate(d, "events", "events --netns JSON")

print(f"{PASSES[0]} passed, {len(FAILS)} failed")
sys.exit(1 if FAILS else 0)
