#!/usr/bin/env python3
"""Hostile strings: a process name and UNIX socket paths full of escape
sequences, control bytes and invalid UTF-8. Runs our netstat (argv[1]) and
checks that no control byte reaches the output, that every socket stays on
one row, and that the escaped forms are the documented ones."""
import json
import os
import socket
import subprocess
import sys

from checks import check, finish
import tempfile

ours = sys.argv[1]



tmp = tempfile.mkdtemp(prefix="netstat-hostile.")
held = []
evil_name = b"\x1b[31mev\x07il\r\n\xff"
paths = [
    b"evil\x1b]0;title\x07\nname.sock",
    b"tab\there\x7f.sock",
    b"bad\xc3\x28utf8 \xc2\x9b.sock",
]
for p in paths:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(os.path.join(tmp.encode(), p))
    s.listen(1)
    held.append(s)
ab = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
ab.bind(b"\0abs\0nul\x1b[2J")
held.append(ab)
lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lst.bind(("127.0.0.1", 7777))
lst.listen(1)
# The child holds the listener and the UNIX sockets under a hostile argv[0].
child = subprocess.Popen([evil_name, "30"], executable="/bin/sleep",
                         pass_fds=[s.fileno() for s in held] + [lst.fileno()],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
lst.close()
for s in held:
    s.close()
try:
    for args, proto in (["-xap"], "unix"), (["-tlnp"], "tcp"), (["-xa"], "unix"):
        for source in ("", "netlink"):
            env = dict(os.environ, NETSTAT_SOURCE=source)
            out = subprocess.run([ours] + args, capture_output=True, env=env).stdout
            bad = [b for b in out if (b < 0x20 and b != 0x0A) or b == 0x7F]
            check(not bad, f"{args} {source}: control bytes {bad[:5]}")
            lines = out.split(b"\n")
            rows = [l for l in lines if l.startswith(proto.encode())]
            others = [l for l in lines[2:] if l and not l.startswith(proto.encode())]
            check(not others, f"{args} {source}: broken rows {others[:3]}")
            if proto == "unix":
                check(len(rows) == 4, f"{args} {source}: {len(rows)} unix rows, want 4")
                text = out.decode("utf-8", "replace")
                for want in ("evil\\x1B]0;title\\x07\\x0Aname.sock", "tab\\x09here\\x7F.sock",
                             "bad\\xC3(utf8 \\xC2\\x9B.sock", "@abs@nul\\x1B[2J"):
                    check(want in text, f"{args} {source}: missing {want}")
            if "p" in args[0]:
                # "pid/name" is cut to 19 bytes before escaping, as net-tools
                # cuts it; the escaped prefix must be there.
                check(b"/\\x1B[31mev\\x07il" in out, f"{args} {source}: program not escaped")
    # --json: valid JSON whatever the bytes; control characters escaped,
    # bytes that are not UTF-8 replaced, and the exact bytes kept in hex.
    # (/proc/net/unix itself cannot carry a newline or an inner NUL of a
    # name, so the exact names are checked from sock_diag.)
    for args in (["-xap"], ["-tlnp"]):
        for source in ("", "netlink"):
            env = dict(os.environ, NETSTAT_SOURCE=source)
            out = subprocess.run([ours] + args + ["--json"], capture_output=True, env=env).stdout
            bad = [b for b in out[:-1] if b < 0x20 or b == 0x7F]
            check(not bad and out.endswith(b"\n"), f"{args} --json {source}: raw control bytes {bad[:5]}")
            try:
                doc = json.loads(out)
            except ValueError as e:
                check(False, f"{args} --json {source}: not JSON: {e}")
                continue
            mine = [x for x in doc["sockets"]
                    if x["processes"] and x["processes"][0]["pid"] == child.pid]
            check(len(mine) == (4 if args == ["-xap"] else 1),
                  f"{args} --json {source}: {len(mine)} sockets of the hostile process")
            for x in mine:
                prog = x["processes"][0]
                check(bytes.fromhex(prog.get("program_hex", "")) == evil_name,
                      f"{args} --json {source}: program bytes {prog}")
                check(prog["program"] == evil_name.decode("utf-8", "replace"),
                      f"{args} --json {source}: program text {prog['program']!r}")
            if args == ["-xap"]:
                got = set()
                for x in mine:
                    raw = bytes.fromhex(x["path_hex"]) if "path_hex" in x else x["path"].encode()
                    got.add(raw)
                want = {os.path.join(tmp.encode(), p) for p in paths} | {b"\0abs\0nul\x1b[2J"}
                check(got == want, f"{args} --json {source}: paths {got ^ want}")
finally:
    child.kill()
    child.wait()
    for p in paths:
        os.unlink(os.path.join(tmp.encode(), p))
    os.rmdir(tmp)
finish()
