#!/usr/bin/python3
"""--json against the text table, view by view, on the namespace state the
caller built: every document parses (python's json and jq), matches its
schema in doc/, and carries the same rows with the same values as the
text output of the same options (the two are joined row by row).

usage: json_check.py NETSTAT DOC_DIR VIEW..."""
import json
import os
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


for view in views:
    if view == "sockets":
        for args in (["-tuan"], ["-tua"], ["-tuanp"], ["-tuanpe"], ["-tuae"], ["-an"], ["-anp"],
                     ["-xa"], ["-xap"], ["-l"], ["-lnp"], ["-6tan"], ["-4uan"], ["-tan", "--numeric-hosts"],
                     ["-wan"], ["-Uan"], ["-g", "-4"], ["-g", "-6", "-n"], []):
            check_sockets(args)
    elif view == "groups":
        for args in (["-g"], ["-gn"], ["--groups", "--numeric-hosts"]):
            check_groups(args)

finish()
