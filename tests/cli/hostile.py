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
import time

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
    # A process known only by its kernel name (an empty argv[0], as an
    # exiting process reads too): the name of the file it executed, here a
    # link full of hostile bytes. And names as long as the kernel allows:
    # a path of 107 bytes, an abstract name of 107.
    link_name = b"\x1b]0;t\x07\t\x7f\xff\r\nxyzw"  # 15 bytes: all a comm holds
    link = os.path.join(tmp.encode(), link_name)
    os.symlink(b"/bin/sleep", link)
    long_fs = os.path.join(tmp.encode(), b"LLL" + b"\x1b" * 38 + b"\x07" * 30)
    long_fs += b"p" * (107 - len(long_fs))
    long_ab = b"\0" + bytes(range(1, 32)) + b"\x7f" + b"\xff" * 40 + b"x" * 34
    held2 = []
    for name, kind in ((long_fs, socket.SOCK_STREAM), (long_ab, socket.SOCK_DGRAM)):
        s = socket.socket(socket.AF_UNIX, kind)
        s.bind(name)
        if kind == socket.SOCK_STREAM:
            s.listen(1)
        held2.append(s)
    child2 = subprocess.Popen([b"", "30"], executable=link, pass_fds=[s.fileno() for s in held2],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for s in held2:
        s.close()
    try:
        # Popen may return before the exec has renamed the child and set
        # up its arguments: wait for both
        for _ in range(500):
            with open(f"/proc/{child2.pid}/comm", "rb") as f, \
                    open(f"/proc/{child2.pid}/cmdline", "rb") as g:
                if f.read() == link_name + b"\n" and g.read() == b"\x0030\x00":
                    break
            time.sleep(0.01)
        esc = lambda bs: "".join(chr(b) if 0x20 <= b < 0x7f and b != 0x5c else f"\\x{b:02X}"
                                 for b in bs)
        # "pid/name" is cut to 19 bytes before escaping, as net-tools cuts it
        want_prog = esc((f"{child2.pid}/".encode() + link_name)[:19])
        for source in ("", "netlink", "proc"):
            env = dict(os.environ, NETSTAT_SOURCE=source)
            pr = subprocess.run([ours, "-xap"], capture_output=True, env=env)
            out = pr.stdout
            check(pr.returncode == 0 and out, f"-xap {source}: status {pr.returncode}, "
                  f"stderr {pr.stderr[:500]!r}")
            bad = [b for b in out if (b < 0x20 and b != 0x0A) or b == 0x7F]
            check(not bad, f"-xap {source}: control bytes {bad[:5]}")
            text = out.decode("utf-8", "replace")
            rows = [l for l in text.split("\n") if l.startswith("unix") and want_prog in l]
            check(len(rows) == 2, f"-xap {source}: {len(rows)} rows of the comm-named process")
            # /proc/net/unix cannot carry a name with a newline whole
            names = [long_fs] if source == "proc" else [long_fs, long_ab]
            for want in [esc(n) if n[0] else "@" + esc(n[1:]) for n in names]:
                check(any(r.endswith(" " + want) for r in rows),
                      f"-xap {source}: no row ends with {want[:60]}...")
            out = subprocess.run([ours, "-xap", "--json"], capture_output=True, env=env).stdout
            doc = json.loads(out)
            mine = [x for x in doc["sockets"]
                    if x["processes"] and x["processes"][0]["pid"] == child2.pid]
            check(len(mine) == 2, f"-xap --json {source}: {len(mine)} sockets of the comm-named process")
            got = {bytes.fromhex(x["path_hex"]) if "path_hex" in x else x["path"].encode()
                   for x in mine}
            check(set(names) <= got, f"-xap --json {source}: paths {got}")
            for x in mine:
                prog = x["processes"][0]
                check(bytes.fromhex(prog.get("program_hex", "")) == link_name,
                      f"-xap --json {source}: program {prog}")
    finally:
        child2.kill()
        child2.wait()
        os.unlink(link)
        os.unlink(long_fs)
finally:
    child.kill()
    child.wait()
    for p in paths:
        os.unlink(os.path.join(tmp.encode(), p))
    os.rmdir(tmp)
finish()
