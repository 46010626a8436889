#!/usr/bin/env python3
"""Builds a rich, stable socket set inside the current (throwaway) network
namespace, writes READY to the file named by argv[1], then holds every socket
until killed or until argv[2] seconds pass.

States produced on loopback: LISTEN, ESTABLISHED, SYN_SENT, FIN_WAIT1,
FIN_WAIT2, CLOSE_WAIT, LAST_ACK, CLOSING, TIME_WAIT. Queues are made
non-zero by peers that never read.

NO_PENDING=1 leaves out the UNIX connection never accepted (only
/proc/net/unix shows it); NO_SPACES=1 the names with spaces (net-tools cuts
them: a documented deviation).
"""
import os
import signal
import socket
import struct
import subprocess
import sys
import time

held = []
children = []


def keep(*socks):
    held.extend(socks)
    return socks[0] if len(socks) == 1 else socks


def listener(fam, addr, port, v6only=None, backlog=16, typ=socket.SOCK_STREAM):
    s = socket.socket(fam, typ)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind((addr, port))
    s.listen(backlog)
    return keep(s)


def pair(fam, addr, port, src=None):
    """A connected (client, server) pair on a fresh listener."""
    lst = socket.socket(fam, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind((addr, port))
    lst.listen(4)
    c = socket.socket(fam, socket.SOCK_STREAM)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    if src:
        c.bind(src)
    c.connect((addr, port))
    s, _ = lst.accept()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    lst.close()
    return c, s


def fill(sender):
    """Sends until the peer's window and our buffer are full."""
    sender.setblocking(False)
    chunk = b"x" * 4096
    stalls = 0
    while stalls < 20:
        try:
            sender.send(chunk)
            stalls = 0
        except BlockingIOError:
            stalls += 1
            time.sleep(0.01)
    sender.setblocking(True)


def tcp_states():
    # LISTEN: wildcard, loopback, dual-stack, IPv6-only, and one port served
    # by two sockets (one per family).
    listener(socket.AF_INET, "0.0.0.0", 22)
    listener(socket.AF_INET, "127.0.0.1", 631)
    listener(socket.AF_INET6, "::", 80, v6only=0)
    listener(socket.AF_INET6, "::1", 8080, v6only=1)
    listener(socket.AF_INET, "0.0.0.0", 443)
    listener(socket.AF_INET6, "::", 443, v6only=1)
    listener(socket.AF_INET, "192.0.2.77", 25)
    listener(socket.AF_INET6, "2001:db8::1", 993, v6only=1)

    # ESTABLISHED with Recv-Q: the server never reads.
    c, s = keep(*pair(socket.AF_INET, "127.0.0.1", 5000))
    c.send(b"q" * 100)
    # ESTABLISHED with Send-Q: the receiver's window is full.
    c, s = keep(*pair(socket.AF_INET, "192.0.2.1", 5001))
    fill(c)
    # v4-mapped: an IPv4 client on the dual-stack listener.
    lst = listener(socket.AF_INET6, "::", 5002, v6only=0)
    c4 = keep(socket.create_connection(("127.0.0.1", 5002)))
    keep(lst.accept()[0])
    # IPv6 with names and without.
    keep(*pair(socket.AF_INET6, "::1", 5003))
    keep(*pair(socket.AF_INET6, "2001:db8::1", 5004))
    # A long host name, cut without -W.
    keep(*pair(socket.AF_INET, "192.0.2.77", 5005))

    # FIN_WAIT2 / CLOSE_WAIT: the client shuts down, the server does not.
    c, s = keep(*pair(socket.AF_INET, "127.0.0.1", 5010))
    c.shutdown(socket.SHUT_WR)
    # LAST_ACK (with FIN_WAIT2): the client shut down and never reads; the
    # server fills it, then closes: its FIN waits behind the data.
    c, s = pair(socket.AF_INET, "127.0.0.1", 5011)
    keep(c)
    c.shutdown(socket.SHUT_WR)
    time.sleep(0.05)
    fill(s)
    s.shutdown(socket.SHUT_WR)
    keep(s)
    # FIN_WAIT1 and CLOSING: A fills B (which never reads) and shuts down;
    # its FIN waits. B then shuts down: A gets B's FIN in FIN_WAIT1.
    a, b = pair(socket.AF_INET, "127.0.0.1", 5012)
    fill(a)
    a.shutdown(socket.SHUT_WR)
    keep(a, b)
    a2, b2 = pair(socket.AF_INET6, "::1", 5013)
    fill(a2)
    a2.shutdown(socket.SHUT_WR)
    time.sleep(0.05)
    b2.shutdown(socket.SHUT_WR)
    keep(a2, b2)
    # TIME_WAIT: the client closes first.
    c, s = pair(socket.AF_INET, "127.0.0.1", 5014)
    c.close()
    time.sleep(0.05)
    s.close()
    # SYN_SENT: a listener whose accept queue is full drops new SYNs.
    full = listener(socket.AF_INET, "127.0.0.1", 5020, backlog=0)
    for _ in range(3):
        x = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        x.setblocking(False)
        try:
            x.connect(("127.0.0.1", 5020))
        except BlockingIOError:
            pass
        keep(x)
        time.sleep(0.05)
    # Bound but neither listening nor connected: /proc/net/tcp never lists
    # these, while newer kernels' sock_diag can.
    for fam, addr, port in ((socket.AF_INET, "127.0.0.1", 5030), (socket.AF_INET6, "::1", 5031)):
        b = keep(socket.socket(fam, socket.SOCK_STREAM))
        b.bind((addr, port))


def udp_raw():
    u = keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    u.bind(("0.0.0.0", 123))
    u6 = keep(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    u6.bind(("::", 5353))
    # Connected UDP, and one with queued datagrams nobody reads.
    c = keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    c.connect(("127.0.0.1", 123))
    c.send(b"ping" * 10)
    c6 = keep(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    c6.connect(("2001:db8::1", 5353))
    c6.send(b"x")
    m = keep(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    m.connect(("::ffff:127.0.0.1", 123))
    # UDP-Lite, bound and connected.
    try:
        l = keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 136))
        l.bind(("127.0.0.1", 6000))
        l6 = keep(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, 136))
        l6.connect(("::1", 6001))
    except OSError:
        pass
    # Raw ICMP and ICMPv6, one connected. ICMP filters keep their queues
    # empty: failed lookups in the test send port-unreachables around.
    icmp_block = struct.pack("I", 0xFFFFFFFF)
    r0 = keep(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
    r0.setsockopt(255, 1, icmp_block)  # SOL_RAW, ICMP_FILTER
    r6 = keep(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
    r6.setsockopt(socket.IPPROTO_ICMPV6, 1, b"\0" * 32)  # ICMP6_FILTER: block all
    r = keep(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
    r.setsockopt(255, 1, icmp_block)
    r.connect(("127.0.0.1", 0))
    r6c = keep(socket.socket(socket.AF_INET6, socket.SOCK_RAW, 17))
    r6c.connect(("::1", 0))


def unix_socks(tmp):
    L = socket.AF_UNIX
    srv = keep(socket.socket(L, socket.SOCK_STREAM))
    srv.bind(os.path.join(tmp, "server.sock"))
    srv.listen(8)
    # Accepted connections, and one left pending (not accepted).
    for i in range(2):
        c = keep(socket.socket(L, socket.SOCK_STREAM))
        c.connect(os.path.join(tmp, "server.sock"))
        keep(srv.accept()[0])
    if not os.environ.get("NO_PENDING"):
        pend = keep(socket.socket(L, socket.SOCK_STREAM))
        pend.connect(os.path.join(tmp, "server.sock"))
    # A path with spaces (net-tools cuts it at the first space).
    spaces = not os.environ.get("NO_SPACES")
    if spaces:
        sp = keep(socket.socket(L, socket.SOCK_STREAM))
        sp.bind(os.path.join(tmp, "with space.sock"))
        sp.listen(1)
    # Abstract names, seqpacket, dgram bound/unbound/connected, socketpairs.
    ab = keep(socket.socket(L, socket.SOCK_STREAM))
    ab.bind("\0netstat-test-abstract")
    ab.listen(1)
    sq = keep(socket.socket(L, socket.SOCK_SEQPACKET))
    sq.bind(os.path.join(tmp, "seq.sock"))
    sq.listen(1)
    sqc = keep(socket.socket(L, socket.SOCK_SEQPACKET))
    sqc.connect(os.path.join(tmp, "seq.sock"))
    keep(sq.accept()[0])
    dg = keep(socket.socket(L, socket.SOCK_DGRAM))
    dg.bind(os.path.join(tmp, "dgram.sock"))
    for _ in range(2):
        d = keep(socket.socket(L, socket.SOCK_DGRAM))
        d.connect(os.path.join(tmp, "dgram.sock"))
    keep(socket.socket(L, socket.SOCK_DGRAM))
    keep(*socket.socketpair(L, socket.SOCK_STREAM))
    keep(*socket.socketpair(L, socket.SOCK_DGRAM))
    ad = keep(socket.socket(L, socket.SOCK_DGRAM))
    ad.bind("\0abstract dgram" if spaces else "\0abstract-dgram")


def groups():
    """Multicast memberships on the test veth, IPv4 and IPv6, two sockets
    in one group so its count is 2."""
    try:
        idx = socket.if_nametoindex("veth-long-name1")
    except OSError:
        return
    for _ in range(2):
        s = keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
        s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                     struct.pack("4s4si", socket.inet_aton("239.1.2.3"),
                                 socket.inet_aton("0.0.0.0"), idx))
    s = keep(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,
                 struct.pack("4s4si", socket.inet_aton("239.9.9.9"),
                             socket.inet_aton("0.0.0.0"), idx))
    s6 = keep(socket.socket(socket.AF_INET6, socket.SOCK_DGRAM))
    s6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP,
                  socket.inet_pton(socket.AF_INET6, "ff05::1:3") + struct.pack("I", idx))


def shared_with_child():
    """A socket held by this process and by a child with a long argv[0]."""
    s = listener(socket.AF_INET, "127.0.0.1", 7000)
    quiet = dict(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL)
    life = str(int(HOLD) + 5)
    p = subprocess.Popen(
        ["bash", "-c", "exec -a /usr/local/bin/a-rather-long-program-name sleep " + life],
        pass_fds=[s.fileno()], **quiet)
    children.append(p)
    u = keep(socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM))
    name = "'relative/name with space'" if not os.environ.get("NO_SPACES") else "relative/name"
    p2 = subprocess.Popen(["bash", "-c", "exec -a " + name + " sleep " + life],
                          pass_fds=[u.fileno()], **quiet)
    children.append(p2)


HOLD = 600


def stop(signum, frame):
    raise SystemExit(0)


def main():
    global HOLD
    ready = sys.argv[1]
    HOLD = float(sys.argv[2]) if len(sys.argv) > 2 else 600
    # SIGTERM must still stop the children (finally below).
    signal.signal(signal.SIGTERM, stop)
    tmp = os.path.dirname(ready)
    tcp_states()
    udp_raw()
    unix_socks(tmp)
    groups()
    shared_with_child()
    time.sleep(0.3)
    with open(ready, "w") as f:
        f.write("READY\n")
    try:
        time.sleep(HOLD)
    finally:
        for p in children:
            p.kill()
            p.wait()


if __name__ == "__main__":
    main()
