#!/usr/bin/env python3
"""Runs each view RUNS times under churn (see churn.sh) and checks that
every run exits 0 with nothing on stderr, that every row of every table is
well-formed, that JSON parses (and matches its schema now and then), and
that no socket is shown with a process that never held it: churn's UNIX
names carry their owner's pid, and churn logs the pid behind every TCP
port it listens on. usage: churn.py NETSTAT PORTS_LOG RUNS"""
import json
import os
import re
import subprocess
import sys
import time

from checks import check, finish

ours, ports_log, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
here = os.path.dirname(os.path.abspath(__file__))
doc = os.path.join(here, "..", "..", "doc")

try:
    import jsonschema
    with open(os.path.join(doc, "sockets.schema.json")) as f:
        schema = json.load(f)
except ImportError:
    jsonschema = None

TCP_STATES = ("ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSE "
              "CLOSE_WAIT LAST_ACK LISTEN CLOSING UNKNOWN").split()
ADDR = r"\S+:(?:\d+|\*|[\w-]+)"
PROG = r"(?:-|(\d+)/\S.*?)"
TCP_ROW = re.compile(rf"^(tcp6?) +(\d+) +(\d+) +({ADDR}) +({ADDR}) +({'|'.join(TCP_STATES)}) +"
                     rf"{PROG} *$")
UNIX_STATES = "|".join(["LISTENING", "CONNECTING", "CONNECTED", "DISCONNECTING", "UNKNOWN", ""])
UNIX_ROW = re.compile(r"^unix +\d+ +\[ (?:ACC )?(?:W )?(?:N )?\] +"
                      r"(?:STREAM|DGRAM|RAW|RDM|SEQPACKET|UNKNOWN) +"
                      rf"(?:{UNIX_STATES}) +(\d+) +{PROG}(?: +(\S.*))? *$")
IFACE_ROW = re.compile(r"^\S+ +\d+ +(\d+ +){4}(\d+ +){4}[BLMNOPRU]*$")
ROUTE_ROW = re.compile(r"^\S+ +\S+ +\d+\.\d+\.\d+\.\d+ +[UGHRDMAC!]+ +\d+ +\d+ +\d+ +\S+$")
STAT_HEAD = re.compile(r"^[A-Za-z0-9]+:$")
STAT_LINE = re.compile(r"^ {4,8}\S")


def owners_of_ports():
    """port -> every pid that ever listened there (churn logs it first)."""
    got = {}
    with open(ports_log) as f:
        for line in f:
            fields = line.split()
            if len(fields) != 2:
                continue  # a worker stopped part way through its line
            pid, port = fields
            got.setdefault(int(port), set()).add(int(pid))
    return got


def port_of(addr):
    p = addr.rsplit(":", 1)[1]
    return int(p) if p.isdigit() else None


def churn_port(port):
    return port is not None and 7100 <= port < 8000


def check_owner(args, port, pid, owners, what):
    """A row on a churn port shown with pid: that pid held the port."""
    if pid is None or not churn_port(port):
        return True
    return check(pid in owners.get(port, ()), f"{args}: {what} shown as pid {pid}, "
                 f"which never held port {port}")


def table_rows(args, out, title, header, row):
    """The titles checked, then each row's match; stops at a bad row."""
    lines = out.split("\n")
    check(lines[0] == title and lines[1].startswith(header), f"{args}: titles {lines[:2]}")
    for line in lines[2:]:
        if not line:
            continue
        m = row.match(line)
        if not check(m, f"{args}: malformed row {line!r}"):
            return
        yield m


def check_tanp(args, out, owners):
    mine = 0
    for m in table_rows(args, out, "Active Internet connections (servers and established)",
                        "Proto Recv-Q Send-Q Local Address", TCP_ROW):
        pid = int(m.group(7)) if m.group(7) else None
        lport, fport = port_of(m.group(4)), port_of(m.group(5))
        if m.group(6) == "TIME_WAIT":
            check(pid is None, f"{args}: a TIME_WAIT row with a process: {m.group(0)!r}")
        # both ends of a connection to a worker's listener belong to it
        for port in (lport, fport):
            check_owner(args, port, pid, owners, m.group(0))
        mine += churn_port(lport)
    return mine


def check_xap(args, out):
    for m in table_rows(args, out, "Active UNIX domain sockets (servers and established)",
                        "Proto RefCnt Flags", UNIX_ROW):
        path = m.group(3) or ""
        named = re.match(r"^@churn-(\d+)-\d+$", path)
        if named and m.group(2):
            check(m.group(2) == named.group(1), f"{args}: {path} shown as pid {m.group(2)}")


def check_json(args, out, owners, validate):
    try:
        d = json.loads(out)
    except ValueError as e:
        check(False, f"{args}: not JSON: {e}: {out[:200]!r}")
        return
    if validate and jsonschema:
        try:
            jsonschema.validate(d, schema)
        except jsonschema.ValidationError as e:
            check(False, f"{args}: schema: {e.message}")
    for s in d["sockets"]:
        procs = s.get("processes") or []
        for end in ("local", "remote"):
            port = s[end]["port"] if s.get(end) else None
            for p in procs:
                check_owner(args, port, p["pid"], owners, json.dumps(s)[:200])
    check(d["owners"]["scanned"], f"{args}: owners not scanned")


def check_table(args, out, title, header, row):
    check(sum(1 for _ in table_rows(args, out, title, header, row)), f"{args}: no rows")


def check_stats(args, out):
    lines = out.split("\n")
    check(lines[0] == "Ip:", f"{args}: first line {lines[0]!r}")
    for line in lines:
        if line and not (STAT_HEAD.match(line) or STAT_LINE.match(line)):
            check(False, f"{args}: malformed line {line!r}")
            return


VIEWS = [
    ["-tanp"],
    ["-xap"],
    ["-tuanpe", "--json"],
    ["-i"],
    ["-r"],
    ["-s"],
]

# Where the build has the eBPF owners source, as root it is the one these
# runs prove (the -tanp and -tuanpe runs check every owner they show).
if b"+BPF_OWNERS" in subprocess.run([ours, "-V"], capture_output=True).stdout:
    doc = json.loads(subprocess.run([ours, "-tanp", "--json"], capture_output=True).stdout)
    check(doc["owners"]["source"] == "bpf", f"the owners' source: {doc['owners']}")

seen_mine = 0
t0 = time.monotonic()
for run in range(runs):
    owners = None
    for args in VIEWS:
        try:
            p = subprocess.run([ours] + args, capture_output=True, timeout=30)
        except subprocess.TimeoutExpired:
            check(False, f"{args}: hung for 30 s")
            continue
        if not check(p.returncode == 0 and not p.stderr,
                     f"{args}: status {p.returncode}, stderr {p.stderr[-300:]!r}"):
            continue
        out = p.stdout.decode("utf-8", "replace")
        if args[0] in ("-tanp", "-tuanpe"):
            owners = owners_of_ports()  # after the run: every pid it could show
        if args == ["-tanp"]:
            seen_mine += bool(check_tanp(args, out, owners))
        elif args == ["-xap"]:
            check_xap(args, out)
        elif "--json" in args:
            check_json(args, out, owners, run % 20 == 0)
        elif args == ["-i"]:
            check_table(args, out, "Kernel Interface table", "Iface", IFACE_ROW)
        elif args == ["-r"]:
            check_table(args, out, "Kernel IP routing table", "Destination", ROUTE_ROW)
        else:
            check_stats(args, out)
took = time.monotonic() - t0
print(f"{runs} runs of {len(VIEWS)} views in {took:.1f} s")
check(seen_mine >= runs // 2, f"only {seen_mine} of {runs} -tanp runs saw churn's sockets")
finish()
