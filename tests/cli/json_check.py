#!/usr/bin/python3
"""--json against the text table, view by view, on the namespace state the
caller built: every document parses (python's json and jq), matches its
schema in doc/, and carries the same rows with the same values as the
text output of the same options (the two are joined row by row).

usage: json_check.py NETSTAT DOC_DIR VIEW..."""
import datetime
import json
import os
import re
import subprocess
import sys

from checks import check, finish

import jsonschema

ours, docdir = sys.argv[1], sys.argv[2]
views = sys.argv[3:]



def run(args):
    p = subprocess.run([ours] + args, capture_output=True)
    return p.stdout, p.returncode


schemas = {}


def schema(view):
    if view not in schemas:
        with open(os.path.join(docdir, view + ".schema.json")) as f:
            schemas[view] = jsonschema.Draft202012Validator(json.load(f))
    return schemas[view]


def document(args, view):
    """Runs with --json; the parsed document after the generic checks."""
    out, rc = run(args + ["--json"])
    if not check(rc == 0, f"{args} --json: status {rc}"):
        return None
    check(out.endswith(b"\n") and out.count(b"\n") == 1, f"{args} --json: one line")
    jq = subprocess.run(["jq", "-e", ".view"], input=out, capture_output=True)
    check(jq.returncode == 0, f"{args} --json: jq cannot read it: {jq.stderr[:200]!r}")
    try:
        doc = json.loads(out)
    except ValueError as e:
        check(False, f"{args} --json: not JSON: {e}")
        return None
    errors = sorted(schema(view).iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:3]:
        check(False, f"{args} --json: schema: {list(e.path)}: {e.message[:200]}")
    if not errors:
        check(True, "schema")
    check(doc.get("view") == view, f"{args} --json: view {doc.get('view')}")
    return doc


def text_rows(args, skip):
    out, rc = run(args)
    check(rc == 0, f"{args}: status {rc}")
    lines = out.decode("utf-8", "replace").split("\n")
    return [l for l in lines[skip:] if l]


# ---- sockets ----

def inet_label(s):
    base = {"tcp": "tcp", "udp": "udp", "udplite": "udpl", "raw": "raw", "sctp": "sctp"}[s["protocol"]]
    return base + ("6" if s["family"] == "inet6" else "")


def endpoint_text(s, e, names):
    addr = e["address"]
    if s["family"] == "inet6" and addr.startswith("::ffff:") and "." in addr:
        addr = addr[len("::ffff:"):]
    if names and e["host"]:
        addr = e["host"]
    elif names and s["family"] == "inet6" and addr == "::":
        addr = "[::]"
    port = str(e["port"]) if e["port"] else "*"
    if names and e["service"]:
        port = e["service"]
    return f"{addr}:{port}"


def inet_state_text(s):
    if s["protocol"] == "tcp":
        return s["state"].upper()
    if s["protocol"] == "raw":
        return str(s["state_number"])
    return {"established": "ESTABLISHED", "close": ""}.get(s["state"], "UNKNOWN")


def program_text(s):
    procs = s["processes"]
    if not procs:
        return "-"
    return f"{procs[0]['pid']}/{procs[0]['program']}"[:19]


UNIX_STATES = {"free": "FREE", "listening": "LISTENING", "unconnected": "", "connecting": "CONNECTING",
               "connected": "CONNECTED", "disconnecting": "DISCONNECTING", "unknown": "UNKNOWN"}


def unix_tokens(s, prog):
    flags = ["ACC"] if "accepting" in s["flags"] else []
    flags += ["W"] if "wait_data" in s["flags"] else []
    flags += ["N"] if "no_space" in s["flags"] else []
    toks = ["unix", str(s["refcnt"]), "["] + flags + ["]", s["type"].upper()]
    state = UNIX_STATES[s["state"]]
    if state:
        toks.append(state)
    toks.append(str(s["inode"]))
    if prog:
        toks.append(program_text(s))
    path = s["path"]
    if path:
        if s["abstract"]:
            path = path.replace("\0", "@")
        toks += path.split()
    return toks


def inet_tokens(s, opts):
    names = "n" not in opts
    toks = [inet_label(s), str(s["recv_q"]), str(s["send_q"]),
            endpoint_text(s, s["local"], names), endpoint_text(s, s["remote"], names)]
    state = inet_state_text(s)
    if state:
        toks.append(state)
    if "e" in opts:
        toks += [s["user"] if names and s["user"] else str(s["uid"]), str(s["inode"])]
    if "p" in opts:
        toks.append(program_text(s))
    return toks


def check_sockets(args):
    opts = "".join(a.lstrip("-") for a in args if not a.startswith("--"))
    doc = document(args, "sockets")
    if doc is None:
        return
    # -W: no address is cut, so the table's text is the whole value.
    rows = [l for l in text_rows(args + ["-W"], 0)
            if not l.startswith(("Active ", "Proto "))]
    if "g" in opts:
        # The memberships section sits between the inet and UNIX tables.
        at = rows.index("IPv6/IPv4 Group Memberships")
        end = at + 3
        while end < len(rows) and not rows[end].startswith("unix "):
            end += 1
        check_group_rows(args, rows[at + 3:end], doc["groups"], "n" not in opts)
        rows = rows[:at] + rows[end:]
    socks = doc["sockets"]
    check(len(rows) == len(socks), f"{args}: {len(rows)} table rows, {len(socks)} JSON sockets")
    for row, s in zip(rows, socks):
        want = unix_tokens(s, "p" in opts) if s["protocol"] == "unix" else inet_tokens(s, opts)
        check(row.split() == want, f"{args}: row {row!r} vs JSON {want}")
    check(doc["owners"]["scanned"] == ("p" in opts), f"{args}: owners.scanned")
    for s in socks:
        if s["family"] == "inet6" and s["state"] == "listen" and s["local"]["address"] == "::":
            check(s["v6only"] is not None and s["dual_stack"] == (not s["v6only"]),
                  f"{args}: dual_stack of {s['local']}")


def check_groups(args):
    doc = document(args, "groups")
    if doc is None:
        return
    names = "n" not in "".join(a.lstrip("-") for a in args if not a.startswith("--"))
    check_group_rows(args, text_rows(args, 3), doc["groups"], names)


def check_group_rows(args, rows, groups, names):
    check(len(rows) == len(groups), f"{args}: {len(rows)} rows, {len(groups)} groups")
    for row, g in zip(rows, groups):
        want = [g["interface"], str(g["refcnt"]), g["host"] if names and g["host"] else g["address"]]
        check(row.split() == want, f"{args}: row {row!r} vs JSON {want}")


# ---- interfaces ----

def iface_tokens(i):
    if i["rx"] is None:
        return None
    return [i["name"], str(i["mtu"]), str(i["rx"]["packets"]), str(i["rx"]["errors"]),
            str(i["rx"]["dropped"]), str(i["rx"]["overruns"]), str(i["tx"]["packets"]),
            str(i["tx"]["errors"]), str(i["tx"]["dropped"]), str(i["tx"]["overruns"]), i["flags_text"]]


def check_interfaces(args):
    # Counters move between the two runs (loopback carries the socket
    # set's timers): a few tries for a quiet moment.
    for attempt in range(5):
        doc = document(args, "interfaces")
        if doc is None:
            return
        rows = text_rows(args, 2)
        got = [r.split() for r in rows]
        want = [iface_tokens(i) for i in doc["interfaces"]]
        if got == want or attempt == 4:
            break
    check(len(rows) == len(want), f"{args}: {len(rows)} rows, {len(want)} interfaces")
    for g, w in zip(got, want):
        check(g == w, f"{args}: row {g} vs JSON {w}")


def check_interfaces_extended(args):
    doc = document(args, "interfaces")
    if doc is None:
        return
    text = run(args + ["-e"])[0].decode("utf-8", "replace")
    text = text.split("\n", 1)[1]  # after the title
    blocks = {b.split(":", 1)[0]: b for b in text.split("\n\n") if b.strip()}
    for i in doc["interfaces"]:
        b = blocks.get(i["name"])
        if not check(b is not None, f"{args}: no -ie block for {i['name']}"):
            continue
        check(f"mtu {i['mtu']}" in b, f"{args}: {i['name']} mtu")
        if i["ipv4"]:
            check(f"inet {i['ipv4']['address']}  netmask {i['ipv4']['netmask']}" in b,
                  f"{args}: {i['name']} inet {i['ipv4']}")
        else:
            check("        inet " not in b, f"{args}: {i['name']} has no IPv4 in JSON")
        for a in i["ipv6"]:
            check(f"inet6 {a['address']}  prefixlen {a['prefix_length']}" in b,
                  f"{args}: {i['name']} inet6 {a}")
        check(b.count("inet6 ") == len(i["ipv6"]), f"{args}: {i['name']} IPv6 count")
        if i["hardware"]["type"] == "ether":
            check(f"ether {i['hardware']['address']}" in b, f"{args}: {i['name']} hardware")
        if i["txqueuelen"] is not None:
            check(f"txqueuelen {i['txqueuelen']}" in b, f"{args}: {i['name']} txqueuelen")


# ---- routes ----

def route_tokens(r, opts):
    names = "n" not in opts
    if r["family"] == "inet6":
        dst = (r["destination_name"] if names and r["destination_name"] else r["destination"])
        if names and r["destination"] == "::":
            dst = "[::]"
        gw = r["gateway"] or "::"
        if names and r["gateway_name"]:
            gw = r["gateway_name"]
        elif names and gw == "::":
            gw = "[::]"
        # The table prints the metric as a signed int: 0xffffffff is -1.
        metric = r["metric"] - (1 << 32) if r["metric"] >= 1 << 31 else r["metric"]
        return [f"{dst}/{r['prefix_length']}", gw, r["flags_text"], str(metric),
                str(r["refcnt"]), str(r["use"]), r["interface"] or "*"]
    dst = r["destination_name"] if names and r["destination_name"] else r["destination"]
    gw = r["gateway_name"] if names and r["gateway_name"] else (r["gateway"] or "0.0.0.0")
    if names and not r["gateway"]:
        gw = "0.0.0.0"
    if "reject" in r["flags"]:
        return [dst[:15], "-", r["genmask"], r["flags_text"], "-", "-", "-", "-"]
    return [dst[:15], gw[:15], r["genmask"], r["flags_text"], str(r["mss"]), str(r["window"]),
            str(r["irtt"]), r["interface"] or "*"]


def check_routes(args):
    opts = "".join(a.lstrip("-") for a in args if not a.startswith("--") and a != "inet6")
    doc = document(args, "routes")
    if doc is None:
        return
    rows = [l for l in text_rows(args, 0)
            if not l.startswith(("Kernel ", "Destination "))]
    routes = doc["routes"]
    check(len(rows) == len(routes), f"{args}: {len(rows)} rows, {len(routes)} routes")
    for row, r in zip(rows, routes):
        want = route_tokens(r, opts)
        check(row.split() == want, f"{args}: row {row!r} vs JSON {want}")


# ---- statistics ----

def snake(name):
    out = []
    for i, c in enumerate(name):
        if c.isupper() and i > 0:
            prev, nxt = name[i - 1], name[i + 1:i + 2]
            after = name[i + 2:i + 3]
            plural = nxt == "s" and (after == "" or after.isupper())
            if prev.islower() or prev.isdigit() or (prev.isupper() and nxt.islower() and not plural):
                out.append("_")
        out.append(c.lower())
    return "".join(out)


def kernel_counters(paths):
    """Every section and counter of /proc/net/snmp-style files."""
    secs = {}
    for path in paths:
        try:
            lines = open(path).read().split("\n")
        except OSError:
            continue
        if path.endswith("snmp6"):
            for l in lines:
                if l.strip():
                    name, value = l.split()
                    sec = next(p for p in ("Ip6", "Icmp6", "UdpLite6", "Udp6") if name.startswith(p))
                    secs.setdefault(snake(sec), {})[snake(name)] = int(value)
            continue
        for head, vals in zip(lines[0::2], lines[1::2]):
            if not head:
                continue
            sec, keys = head.split(":", 1)
            values = vals.split(":", 1)[1].split()
            for k, v in zip(keys.split(), values):
                secs.setdefault(snake(sec), {})[snake(k)] = int(v)
    return secs


def check_statistics(args, paths):
    # Counters move (timers fire in the socket set): each value must lie
    # between the kernel's readings just before and just after the run.
    for attempt in (1, 2, 3):
        before = kernel_counters(paths)
        doc = document(args, "statistics")
        if doc is None:
            return
        kernel = kernel_counters(paths)
        diffs = []
        for sec, counters in doc["sections"].items():
            for k, v in counters.items():
                a, b = before.get(sec, {}).get(k), kernel.get(sec, {}).get(k)
                if a is None or b is None or not min(a, b) <= v <= max(a, b):
                    diffs.append((sec, k, a, v, b))
        if not diffs or attempt == 3:
            break
    check(not diffs, f"{args}: counters differ from the kernel's: {diffs[:5]}")
    for sec, counters in doc["sections"].items():
        if sec in kernel:
            check(set(counters) == set(kernel[sec]), f"{args}: {sec}: counters missing")
    headings = [snake(l[:-1]) for l in text_rows(args, 0) if l.endswith(":") and not l.startswith(" ")]
    check(headings == list(doc["sections"]), f"{args}: sections {headings} vs {list(doc['sections'])}")


# ---- -c: JSON Lines ----

def check_lines(args, view):
    p = subprocess.run(["timeout", "-s", "INT", "2.5", ours] + args + ["--json"], capture_output=True)
    lines = [l for l in p.stdout.split(b"\n") if l]
    check(len(lines) >= 2, f"{args}: {len(lines)} documents in 2.5 s")
    for l in lines:
        try:
            doc = json.loads(l)
            check(doc["view"] == view and not list(schema(view).iter_errors(doc)),
                  f"{args}: a line that is not a valid document")
        except ValueError:
            check(False, f"{args}: a line that is not JSON: {l[:80]!r}")
            continue
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", doc.get("time", "")),
              f"{args}: a document without its time: {doc.get('time')!r}")
    # --count N: N documents, a refresh apart, and a clean exit
    p = subprocess.run(["timeout", "10", ours] + args + ["1", "--count", "3", "--json"],
                       capture_output=True)
    docs = [json.loads(l) for l in p.stdout.split(b"\n") if l]
    check(p.returncode == 0 and len(docs) == 3,
          f"{args} 1 --count 3: exit {p.returncode}, {len(docs)} documents: {p.stderr[:200]!r}")
    when = [datetime.datetime.strptime(d["time"], "%Y-%m-%dT%H:%M:%S.%fZ") for d in docs]
    gaps = [(b - a).total_seconds() for a, b in zip(when, when[1:])]
    check(all(0.9 <= g <= 1.6 for g in gaps), f"{args} 1 --count 3: refreshes {gaps} s apart")
    # without -c, no time: the documents of one listing stay as they were
    one = json.loads(subprocess.run([ours] + [a for a in args if a != "-c"] + ["--json"],
                                    capture_output=True).stdout)
    check("time" not in one, f"{args}: a time without -c")


for view in views:
    if view == "sockets":
        for args in (["-tuan"], ["-tua"], ["-tuanp"], ["-tuanpe"], ["-tuae"], ["-an"], ["-anp"],
                     ["-xa"], ["-xap"], ["-l"], ["-lnp"], ["-6tan"], ["-4uan"], ["-tan", "--numeric-hosts"],
                     ["-wan"], ["-Uan"], ["-g", "-4"], ["-g", "-6", "-n"], []):
            check_sockets(args)
    elif view == "groups":
        for args in (["-g"], ["-gn"], ["--groups", "--numeric-hosts"]):
            check_groups(args)
    elif view == "interfaces":
        for args in (["-i"], ["-ia"], ["-in"], ["--interfaces", "--all"]):
            check_interfaces(args)
        check_interfaces_extended(["-ia"])
        check_lines(["-i", "-c"], "interfaces")
    elif view == "routes":
        for args in (["-rn"], ["-r"], ["-rn", "-A", "inet6"], ["-r", "-6"], ["-rn", "-4", "-6"]):
            check_routes(args)
    elif view == "statistics":
        v4 = ["/proc/net/snmp", "/proc/net/netstat"]
        for args in (["-s"], ["-st"], ["-su"], ["-sw"], ["-s", "-4"]):
            check_statistics(args, v4)
        check_statistics(["-s6"], ["/proc/net/snmp6", "/proc/net/snmp"])
        check_lines(["-tan", "-c"], "sockets")

finish()
