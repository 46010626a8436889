#!/usr/bin/env python3
"""Hostile strings: a process name and UNIX socket paths full of escape
sequences, control bytes and invalid UTF-8. Runs our netstat (argv[1]) and
checks that no control byte reaches the output, that every socket stays on
one row, and that the escaped forms are the documented ones."""
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
finally:
    child.kill()
    child.wait()
    for p in paths:
        os.unlink(os.path.join(tmp.encode(), p))
    os.rmdir(tmp)
finish()
