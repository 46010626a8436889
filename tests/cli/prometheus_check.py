#!/usr/bin/python3
"""--prometheus and --textfile DIR on a known set of listeners and
connections: promtool check metrics passes; every series of a counter or
socket is what --json says at that time (counters between a document
before and one after); the listeners carry their program, address, port
and reach (loopback, any, published), a hostile program name escaped;
--textfile replaces DIR/netstat.prom atomically; and node_exporter's
textfile collector with Prometheus scraping it serve the same values
over Prometheus' HTTP API. Both servers stop by their PID.

usage: prometheus_check.py NETSTAT TEST_DIR"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from checks import check, finish, free_uid, open_copy

ours, here = sys.argv[1:3]
work = tempfile.mkdtemp(prefix="netstat-prom.")
OPEN = open_copy(ours, work)  # for the runs without privilege
procs = []


def run(args, **kw):
    return subprocess.run([ours] + args, capture_output=True, text=True, **kw)


def parse(text):
    """{(name, frozenset(labels)): value}, and the TYPE of each family."""
    series, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            types[name] = kind
        elif line and not line.startswith("#"):
            m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)', line)
            check(m is not None, f"a sample line: {line!r}")
            if not m:
                continue
            labels = frozenset(re.findall(r'([a-z_]+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""))
            key = (m.group(1), labels)
            check(key not in series, f"a series twice: {line!r}")
            series[key] = float(m.group(4))
    return series, types


def promtool(text, what):
    p = subprocess.run(["promtool", "check", "metrics"], input=text, capture_output=True,
                       text=True)
    check(p.returncode == 0 and not p.stdout.strip() and not p.stderr.strip(),
          f"promtool check metrics on {what}: {p.returncode} {p.stdout[:300]} {p.stderr[:300]}")


def label(raw):
    """A name as our label value writes it: a control byte as the text \\xHH,
    then the format's escapes."""
    text = "".join(f"\\x{ord(c):02X}" if ord(c) < 0x20 or ord(c) == 0x7f else c for c in raw)
    return text.replace("\\", "\\\\").replace('"', '\\"')


def one(series, name, **labels):
    want = frozenset(labels.items())
    return [v for (n, l), v in series.items() if n == name and want <= l]


# ---- the state: listeners of three reaches, connections, a hostile name ----
HOSTILE = "evil\x1b[31m\"q\\"
holder = subprocess.Popen([HOSTILE, "-c", """
import socket, sys, time
keep = []
def listen(fam, addr, port, kind=socket.SOCK_STREAM):
    s = socket.socket(fam, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port))
    if kind == socket.SOCK_STREAM:
        s.listen(16)
    keep.append(s)
    return s
srv = listen(socket.AF_INET, "127.0.0.1", 8001)
listen(socket.AF_INET, "0.0.0.0", 8002)
listen(socket.AF_INET6, "::", 8003)
listen(socket.AF_INET, "0.0.0.0", 8004, socket.SOCK_DGRAM)
for _ in range(3):
    c = socket.create_connection(("127.0.0.1", 8001))
    keep += [c, srv.accept()[0]]
print("ready", flush=True)
time.sleep(600)
"""], executable=sys.executable, stdout=subprocess.PIPE, text=True)
procs.append(holder)

try:
    check(holder.stdout.readline().strip() == "ready", "the socket holder started")
    # an interface whose name a label must escape
    check(subprocess.run(["ip", "link", "add", 'ev"il\x1b', "type", "veth", "peer", "name",
                          "evp"]).returncode == 0, "a veth with a hostile name")

    # ---- the text itself ----
    full = run(["--prometheus"])
    check(full.returncode == 0 and not full.stderr, f"--prometheus: {full.returncode} {full.stderr}")
    promtool(full.stdout, "--prometheus")
    for part in (["-s"], ["-i"], ["--summary"], ["-l"], ["-l", "-t"], ["-p"],
                 ["--summary", "--netns", "all"], ["-l", "--port", "8001"]):
        p = run(["--prometheus"] + part)
        check(p.returncode == 0, f"--prometheus {part}: exit {p.returncode} {p.stderr}")
        promtool(p.stdout, f"--prometheus {part}")
    check('netstat_interface_up{interface="ev\\"il\\\\x1B"} 0' in full.stdout,
          "the interface name escaped in its label")
    series, types = parse(full.stdout)
    check(all(t in ("counter", "gauge") for t in types.values()), f"types: {set(types.values())}")
    check(all(n.endswith("_total") == (types[n] == "counter") for n in types),
          "counters and only counters end in _total")

    # -s: every counter between the documents before and after
    before = run(["-s", "--json"]).stdout
    text = run(["--prometheus", "-s"]).stdout
    after = run(["-s", "--json"]).stdout
    s6 = json.loads(run(["-s", "-6", "--json"]).stdout)["sections"]
    b, a = json.loads(before)["sections"], json.loads(after)["sections"]
    got, _ = parse(text)
    matched = 0
    for sec, counters in a.items():
        for key, v in counters.items():
            base = f"netstat_{sec}_{key}".replace("_h_mac", "_hmac")
            vals = one(got, base + "_total") + one(got, base)
            if not vals:
                check(False, f"no series for -s {sec} {key}")
                continue
            lo, hi = min(b[sec][key], v), max(b[sec][key], v)
            check(lo <= vals[0] <= hi, f"{base}: {vals[0]} not within {lo}..{hi}")
            matched += 1
    check(matched > 100, f"{matched} protocol counters matched")
    check(one(got, "netstat_ip6_in_receives_total") and one(got, "netstat_tcp_curr_estab"),
          "IPv6 counters, named without their section twice; Tcp CurrEstab a gauge")
    check(one(got, "netstat_tcp_curr_estab")[0] == a["tcp"]["curr_estab"] == 6,
          f"CurrEstab: {one(got, 'netstat_tcp_curr_estab')} (3 connections, both ends)")
    check(one(got, "netstat_tcp_max_conn") == [-1.0], "MaxConn stays -1")
    check(set(s6) >= {"ip6"}, "-s -6 has ip6")

    # -i: every interface's counters, between before and after
    b = {i["name"]: i for i in json.loads(run(["-ia", "--json"]).stdout)["interfaces"]}
    got, _ = parse(run(["--prometheus", "-i"]).stdout)
    a = {i["name"]: i for i in json.loads(run(["-ia", "--json"]).stdout)["interfaces"]}
    for name, i in a.items():
        for side, word in (("rx", "receive"), ("tx", "transmit")):
            for key in ("packets", "bytes", "errors", "dropped"):
                v = one(got, f"netstat_interface_{word}_{key}_total", interface=label(name))
                lo, hi = b[name][side][key], i[side][key]
                check(len(v) == 1 and lo <= v[0] <= hi, f"{name} {side} {key}: {v} vs {lo}..{hi}")
        up = one(got, "netstat_interface_up", interface=label(name))
        check(up == [1.0 if "up" in i["flags"] else 0.0], f"{name} up: {up} {i['flags']}")

    # --summary: sockets by state as the listing counts them
    got, _ = parse(run(["--prometheus", "--summary"]).stdout)
    rows = json.loads(run(["-tuan", "--json"]).stdout)["sockets"]
    def count(proto, fam, state):
        return sum(1 for r in rows if r["protocol"] == proto and r["family"] == fam and
                   (r["state"] or "").lower() == state)
    for fam in ("inet", "inet6"):
        for state in ("established", "listen", "time_wait"):
            v = one(got, "netstat_sockets", protocol="tcp", family=fam, state=state)
            check(v == [count("tcp", fam, state)], f"tcp {fam} {state}: {v}")
    check(one(got, "netstat_sockets", protocol="tcp", family="inet", state="established") == [6],
          "6 established TCP sockets")
    check(one(got, "netstat_sockets", protocol="udp", family="inet", state="unconnected") == [1],
          "1 unconnected UDP socket")
    # the filters select what is counted and listed
    got, _ = parse(run(["--prometheus", "--summary", "--port", "8001"]).stdout)
    check(one(got, "netstat_sockets", protocol="tcp", family="inet", state="established") == [6] and
          one(got, "netstat_sockets", protocol="tcp", family="inet", state="listen") == [1],
          "--port 8001: its listener and 6 connection ends")
    got, _ = parse(run(["--prometheus", "-l", "--port", "8003"]).stdout)
    check([dict(l)["port"] for n, l in got if n == "netstat_listening_sockets"] == ["8003"],
          "-l --port 8003: that listener only")
    # --netns all: each namespace's sockets labelled
    got, _ = parse(run(["--prometheus", "--summary", "--netns", "all"]).stdout)
    check(all("netns" in dict(l) for n, l in got if n == "netstat_sockets") and got,
          "--netns all: a netns label on every socket series")

    # -l: the listeners, their reach and (-p) their program, escaped
    plain, _ = parse(run(["--prometheus", "-l"]).stdout)
    check(plain and all("program" not in dict(l) for n, l in plain if n == "netstat_listening_sockets"),
          "without -p, no program label (finding owners is -p's cost)")
    out = run(["--prometheus", "-l", "-p"]).stdout
    got, _ = parse(out)
    prog = HOSTILE.replace("\\", "\\\\").replace('"', '\\"').replace("\x1b", "\\\\x1B")
    check("\x1b" not in out and f'program="{prog}"' in out, f"the hostile name escaped: {out!r}")
    want = {("tcp", "inet", "127.0.0.1", "8001", "loopback"), ("tcp", "inet", "0.0.0.0", "8002", "published"),
            ("tcp", "inet6", "::", "8003", "any"), ("udp", "inet", "0.0.0.0", "8004", "any")}
    have = set()
    for (name, labels), v in got.items():
        l = dict(labels)
        if name == "netstat_listening_sockets" and l["program"] == prog:
            have.add((l["protocol"], l["family"], l["address"], l["port"], l["reach"]))
            check(v == 1, f"one socket each: {l} {v}")
    check(have == want, f"listeners {sorted(have)}")
    ex = json.loads(run(["--explain", "--json"]).stdout)
    reach = {(p["protocol"], str(p["port"]), s["address"]): s["reach"] for p in ex["ports"]
             for s in p["sockets"]}
    for proto, fam, addr, port, r in want - {("tcp", "inet", "0.0.0.0", "8002", "published")}:
        check({"all": "any"}.get(reach.get((proto, port, addr)), reach.get((proto, port, addr))) == r,
              f"--explain says {reach.get((proto, port, addr))} for {addr}:{port}")
    check(ex["published"] and ex["published"][0]["port"] == 8080, "--explain sees 8080 published")

    # without privilege: the metrics still come, and are clean
    uid = free_uid()
    p = subprocess.run([OPEN, "--prometheus"], capture_output=True, text=True,
                       preexec_fn=lambda: (os.setgroups([]), os.setgid(uid), os.setuid(uid)))
    check(p.returncode == 0, f"unprivileged: {p.returncode} {p.stderr}")
    promtool(p.stdout, "--prometheus unprivileged")

    # ---- --textfile: replaced whole, readable by all, no leftovers ----
    tdir = os.path.join(work, "textfile")
    os.mkdir(tdir)
    p = run(["--textfile", tdir, "-p"])
    dest = os.path.join(tdir, "netstat.prom")
    check(p.returncode == 0 and not p.stdout and os.listdir(tdir) == ["netstat.prom"],
          f"--textfile: {p.returncode} {p.stderr} {os.listdir(tdir)}")
    check(os.stat(dest).st_mode & 0o777 == 0o644, f"mode {oct(os.stat(dest).st_mode)}")
    promtool(open(dest).read(), "netstat.prom")
    ino = os.stat(dest).st_ino
    run(["--textfile", tdir])
    check(os.stat(dest).st_ino != ino, "a new file renamed over the old one")
    os.chmod(tdir, 0o555)
    p = subprocess.run([OPEN, "--textfile", tdir], capture_output=True, text=True,
                       preexec_fn=lambda: (os.setgroups([]), os.setgid(uid), os.setuid(uid)))
    check(p.returncode == 1 and "cannot write netstat.prom there" in p.stderr and
          os.listdir(tdir) == ["netstat.prom"], f"an unwritable DIR: {p.returncode} {p.stderr}")
    os.chmod(tdir, 0o755)
    p = run(["--textfile", os.path.join(work, "missing")])
    check(p.returncode == 1 and "No such file or directory" in p.stderr, f"a missing DIR: {p.stderr}")
    for args, words in ((["--textfile"], "--textfile needs a directory"),
                        (["--prometheus", "--json"], "--prometheus writes"),
                        (["--prometheus", "-r"], "--prometheus writes")):
        p = run(args)
        check(p.returncode == 3 and words in p.stderr, f"{args}: {p.returncode} {p.stderr}")
    # -c SECS --count N: rewritten every SECS
    t = time.monotonic()
    p = run(["--textfile", tdir, "-c", "1", "--count", "2"])
    check(p.returncode == 0 and 0.9 <= time.monotonic() - t <= 2.5, "-c 1 --count 2: twice")

    # ---- the real engine: node_exporter's textfile collector, Prometheus ----
    exporter = subprocess.Popen(
        ["prometheus-node-exporter", "--collector.disable-defaults", "--collector.textfile",
         f"--collector.textfile.directory={tdir}", "--web.listen-address=127.0.0.1:19100"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "exporter.log"), "w"))
    procs.append(exporter)
    with open(os.path.join(work, "prometheus.yml"), "w") as f:
        f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                "scrape_configs:\n  - job_name: node\n    static_configs:\n"
                "      - targets: ['127.0.0.1:19100']\n")
    server = subprocess.Popen(
        ["prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/tsdb",
         "--web.listen-address=127.0.0.1:19090"],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "prometheus.log"), "w"))
    procs.append(server)

    def query(q):
        url = "http://127.0.0.1:19090/api/v1/query?" + urllib.parse.urlencode({"query": q})
        with urllib.request.urlopen(url, timeout=5) as r:
            d = json.load(r)
        return d["data"]["result"] if d.get("status") == "success" else None

    json_before = json.loads(run(["-s", "--json"]).stdout)["sections"]
    check(run(["--textfile", tdir, "-p"]).returncode == 0, "--textfile -p for the scrape")
    json_after = json.loads(run(["-s", "--json"]).stdout)["sections"]
    file_series, _ = parse(open(dest).read())
    written = time.time()
    res = None
    while time.time() - written < 40:
        try:
            res = query('netstat_listening_sockets')
            if res and query(f'timestamp(netstat_tcp_active_opens_total) > {written}'):
                break
        except (OSError, ValueError):
            pass  # not up yet
        time.sleep(0.5)
    check(bool(res), f"Prometheus has our series: {res}")
    err = query("node_textfile_scrape_error")
    check(err and err[0]["value"][1] == "0", f"node_textfile_scrape_error: {err}")
    if res:
        names = {r["metric"]["__name__"] for r in query('{__name__=~"netstat_.*"}')}
        file_names = {n for n, _ in file_series}
        check(names == file_names, f"every family scraped: {sorted(file_names - names)[:5]}")
        for q, key in (("netstat_tcp_active_opens_total", ("tcp", "active_opens")),
                       ("netstat_ip_in_receives_total", ("ip", "in_receives")),
                       ("netstat_tcp_curr_estab", ("tcp", "curr_estab"))):
            r = query(q)
            v = float(r[0]["value"][1]) if r else None
            lo, hi = json_before[key[0]][key[1]], json_after[key[0]][key[1]]
            check(v is not None and lo <= v <= hi and v == one(file_series, q)[0],
                  f"{q} in Prometheus: {v}, --json {lo}..{hi}")
        est = query('netstat_sockets{protocol="tcp",family="inet",state="established"}')
        check(est and est[0]["value"][1] == "6", f"sockets in Prometheus: {est}")
        # the README's query: listeners reachable from any host, per program
        per = query('sum by (program) (netstat_listening_sockets{reach="any"})')
        got = {r["metric"].get("program"): r["value"][1] for r in per or []}
        check(got.get(HOSTILE.replace("\x1b", "\\x1B")) == "2", f"per program: {got}")
        pub = query('netstat_listening_sockets{reach="published"}')
        check(pub and pub[0]["metric"]["port"] == "8002", f"published: {pub}")
finally:
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    subprocess.run(["rm", "-rf", work])
finish()
