#!/usr/bin/python3
"""-i --rate on loopback carrying PPS datagrams of a known size a second:
each interval's packets and bytes per second match the pace (lo counts a
packet once each way, its IP length in bytes), the first line comes one
interval after the start, --rate=2 halves nothing, --human scales,
--interface total sums, JSON Lines match their schema; the header repeats
every screenful ($LINES); a deleted interface ends the run with status 1.

usage: rates_check.py NETSTAT TEST_DIR DOC_DIR"""
import json
import os
import re
import subprocess
import sys
import time

import jsonschema

from checks import check, finish

ours, here, docs = sys.argv[1:4]
PPS, SIZE = 200, 1000
WIRE = SIZE + 28  # UDP and IPv4 headers: what lo counts
schema = jsonschema.Draft202012Validator(
    json.load(open(os.path.join(docs, "interface_rates.schema.json"))))


def run(args, env=None, timeout=30):
    t = time.monotonic()
    p = subprocess.run([ours] + args, capture_output=True, text=True, timeout=timeout,
                       env=dict(os.environ, **(env or {})))
    return p, time.monotonic() - t


def near(v, want, tol=0.1):
    return abs(v - want) <= want * tol


HEADER = ("Iface           RX-pkts/s RX-err/s RX-drp/s RX-bytes/s TX-pkts/s TX-err/s TX-drp/s "
          "TX-bytes/s")

pacer = subprocess.Popen([sys.executable, os.path.join(here, "pacer.py"), str(PPS), str(SIZE)],
                         stdout=subprocess.PIPE, text=True)
try:
    check(pacer.stdout.readline().strip() == "ready", "the pacer started")
    time.sleep(0.5)

    # text: a header, then one line per interval, a second apart
    p, took = run(["-i", "--rate", "--interface", "lo", "--count", "3"])
    lines = p.stdout.splitlines()
    check(p.returncode == 0 and len(lines) == 4 and lines[0] == HEADER,
          f"--rate --count 3: exit {p.returncode}, {lines}, {p.stderr}")
    check(2.9 <= took <= 3.8, f"--count 3 at 1 s: took {took:.2f} s")
    for l in lines[1:]:
        f = l.split()
        check(len(f) == 9 and f[0] == "lo", f"a rate line: {l!r}")
        if len(f) != 9:
            continue
        rx_p, rx_e, rx_d, rx_b, tx_p, tx_e, tx_d, tx_b = map(int, f[1:])
        check(near(rx_p, PPS) and near(tx_p, PPS), f"packets/s {rx_p}, {tx_p} at {PPS}")
        check(near(rx_b, PPS * WIRE) and near(tx_b, PPS * WIRE),
              f"bytes/s {rx_b}, {tx_b} at {PPS * WIRE}")
        check(rx_e == tx_e == rx_d == tx_d == 0, f"errors and drops on lo: {l!r}")
        check(abs(rx_b - rx_p * WIRE) <= 2 * WIRE, f"bytes are packets of {WIRE}: {l!r}")

    # --rate=2: the first line after two seconds, still per second
    p, took = run(["--rate=2", "--interface=lo", "--count", "1"])
    lines = p.stdout.splitlines()
    check(p.returncode == 0 and len(lines) == 2 and 1.9 <= took <= 2.8,
          f"--rate=2 --count 1: {lines} in {took:.2f} s")
    if len(lines) == 2:
        check(near(int(lines[1].split()[1]), PPS), f"--rate=2 counts per second: {lines[1]!r}")

    # --human: SI units
    p, _ = run(["-i", "--rate", "--human", "--interface", "lo", "--count", "1"])
    f = p.stdout.splitlines()[-1].split()
    check(re.fullmatch(r"\d{3}k", f[4]) and near(int(f[4][:-1]) * 1000, PPS * WIRE),
          f"--human bytes/s: {f}")
    check(re.fullmatch(r"\d+", f[1]) is not None, f"--human keeps small numbers: {f}")

    # every interface up, and the total their sum; --interface total alone
    p, _ = run(["-i", "--rate", "--count", "1"])
    rows = [l.split() for l in p.stdout.splitlines()[1:]]
    names = [r[0] for r in rows]
    check(names == ["lo", "rate-a", "rate-b", "total"], f"interfaces and total: {names}")
    if len(rows) == 4:
        for k in range(1, 9):
            check(abs(sum(int(r[k]) for r in rows[:3]) - int(rows[3][k])) <= 2,
                  f"the total of column {k}: {rows}")
    p, _ = run(["-i", "--rate", "--interface", "total", "--count", "1"])
    rows = [l.split() for l in p.stdout.splitlines()[1:]]
    check(len(rows) == 1 and rows[0][0] == "total" and near(int(rows[0][1]), PPS),
          f"--interface total: {rows}")
    p, _ = run(["-ia", "--rate", "--count", "1"])
    check("rate-a" in p.stdout, "-a: the interfaces down too (all are up here)")

    # JSON Lines
    p, _ = run(["-i", "--rate", "--json", "--count", "2"])
    docs_ = [json.loads(l) for l in p.stdout.splitlines()]
    check(p.returncode == 0 and len(docs_) == 2, f"--json --count 2: {len(docs_)} documents")
    for d in docs_:
        errs = [e.message for e in schema.iter_errors(d)]
        check(not errs, f"interface_rates schema: {errs[:3]}")
        check(0.9 <= d["seconds"] <= 1.3, f"seconds {d['seconds']}")
        lo = [i for i in d["interfaces"] if i["name"] == "lo"]
        check(len(lo) == 1 and near(lo[0]["rx"]["packets"], PPS) and
              near(lo[0]["tx"]["bytes"], PPS * WIRE), f"lo in JSON: {lo}")
        for side in ("rx", "tx"):
            for k in ("packets", "bytes", "errors", "dropped"):
                s = sum(i[side][k] for i in d["interfaces"])
                check(abs(s - d["total"][side][k]) < 0.05 * len(d["interfaces"]),
                      f"total {side} {k}: {s} vs {d['total'][side][k]}")
    p, _ = run(["-i", "--rate", "--json", "--count", "1", "--interface", "lo"])
    d = json.loads(p.stdout)
    check(d["total"] is None and [i["name"] for i in d["interfaces"]] == ["lo"],
          f"--interface lo --json: {d}")

    # the header again every screenful: LINES=4 leaves 3 lines under it
    p, _ = run(["-i", "--rate", "--interface", "lo", "--count", "4"], env={"LINES": "4"})
    lines = p.stdout.splitlines()
    check([i for i, l in enumerate(lines) if l == HEADER] == [0, 4] and len(lines) == 6,
          f"LINES=4: the header at lines 0 and 4: {lines}")
    p, _ = run(["-i", "--rate", "--interface", "lo", "--count", "4"])
    check(p.stdout.count("Iface") == 1, "off a terminal, without LINES: one header")
finally:
    pacer.kill()
    pacer.wait()

# an interface that goes away: status 1, said on stderr, lines before it kept
q = subprocess.Popen([ours, "-i", "--rate", "--interface", "rate-b"], stdout=subprocess.PIPE,
                     stderr=subprocess.PIPE, text=True)
time.sleep(1.5)
subprocess.run(["ip", "link", "del", "rate-a"], check=True)
try:
    out, err = q.communicate(timeout=5)
except subprocess.TimeoutExpired:
    q.kill()
    out, err = q.communicate()
check(q.returncode == 1 and "rate-b: the interface is gone" in err and
      out.splitlines()[1].split()[0] == "rate-b", f"a deleted interface: {q.returncode} {out!r} {err!r}")

# the plain table: --interface NAME, down or up; errors
p, _ = run(["-i", "--interface", "lo"])
check(p.returncode == 0 and [l.split()[0] for l in p.stdout.splitlines()[2:]] == ["lo"],
      f"-i --interface lo: {p.stdout!r}")
for args, status, words in (
        (["--interface", "nope", "--rate", "--count", "1"], 1, "no such interface"),
        (["-i", "--interface", "nope"], 1, "no such interface"),
        (["-i", "--interface", "total"], 3, "goes with --rate"),
        (["--rate=0"], 3, "whole number of seconds"),
        (["--rate=x"], 3, "whole number of seconds"),
        (["-r", "--rate"], 3, "--rate goes with -i"),
        (["-i", "--human"], 3, "--human goes with"),
        (["-tan", "--count", "2"], 3, "--count N counts refreshes"),
        (["-c", "--count", "0"], 3, "--count needs"),
        (["--interface"], 3, "--interface needs")):
    p, _ = run(args)
    check(p.returncode == status and words in (p.stderr + p.stdout),
          f"{args}: exit {p.returncode}, {p.stderr!r}")
finish()
