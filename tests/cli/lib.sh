# Shared by the end-to-end tests. Sourced, inside a fresh network and mount
# namespace (see enter_netns), with OURS set to our binary.

# Re-executes the calling script inside new network and mount namespaces,
# or exits 77 (skipped) where that is not possible.
enter_netns() {
    if [ -z "${NETSTAT_IN_NETNS:-}" ]; then
        if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
            echo "SKIP: needs root and unshare" >&2
            exit 77
        fi
        NETSTAT_IN_NETNS=1 exec unshare --net --mount --propagation private sh "$0" "$@"
    fi
}

# Loopback up, documentation addresses, private /etc/hosts and resolver
# (nothing listens on the resolver's port: lookups fail at once, and no
# query leaves the namespace).
setup_netns() {
    WORK=$(mktemp -d /tmp/netstat-test.XXXXXX)
    ip link set lo up
    ip addr add 192.0.2.1/24 dev lo
    ip addr add 192.0.2.77/24 dev lo
    ip addr add 2001:db8::1/64 dev lo nodad
    # No duplicate address detection on the links made here: their
    # addresses are ready at once (see ipv6_settle).
    sysctl -qw net.ipv6.conf.default.accept_dad=0
    # A veth pair with a 15-character name, for multicast memberships.
    ip link add veth-long-name1 type veth peer name vt1
    ip link set veth-long-name1 up
    ip link set vt1 up
    # IPv6 routes of several kinds, for the IPv6 routing table.
    ip addr add 2001:db8:f::1/64 dev veth-long-name1 nodad
    ip -6 route add 2001:db8:2::/48 via 2001:db8:f::2 dev veth-long-name1 metric 42
    ip -6 route add unreachable 2001:db8:3::/48
    ip -6 route add blackhole 2001:db8:4::/48
    ip -6 route add prohibit 2001:db8:5::/48
    ip -6 route add 2001:db8:6::/48 nexthop via 2001:db8:f::2 dev veth-long-name1 \
        nexthop via 2001:db8:f::3 dev veth-long-name1
    cat > "$WORK/hosts" <<'HOSTS'
127.0.0.1	localhost
192.0.2.1	host-a.example
192.0.2.77	a-really-long-host-name-for-cutting.example
2001:db8::1	host-v6.example
::1	ip6-localhost ip6-loopback
239.1.2.3	mcast-group.example
ff05::1:3	mcast6-group.example
HOSTS
    printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$WORK/resolv.conf"
    mount --bind "$WORK/hosts" /etc/hosts
    mount --bind "$WORK/resolv.conf" /etc/resolv.conf
    # Both binaries run as "netstat" so getopt's messages name it alike.
    mkdir -p "$WORK/ours" "$WORK/ref"
    ln -s "$OURS" "$WORK/ours/netstat"
    ln -s /bin/netstat "$WORK/ref/netstat"
    ipv6_settle
}

# ipv6_settle [-n NETNS]: waits (up to 10 s) until IPv6 has come up on every
# running interface (each has a link-local address, with its routes) and no
# address is tentative any more. The kernel does this after the link comes
# up, so routing tables and address lists move for a second or two.
ipv6_settle() {
    i=0
    while [ $i -lt 100 ]; do
        ready=1
        for dev in $(ip "$@" -o link show up | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
            [ "$dev" = lo ] && continue
            ip "$@" -6 addr show dev "$dev" scope link | grep -q inet6 || ready=
        done
        [ -n "$ready" ] && [ -z "$(ip "$@" -6 addr show tentative)" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    echo "note: IPv6 did not settle within 10 s" >&2
}

# private_names HOSTS RESOLV: this namespace's /etc/hosts and
# /etc/resolv.conf hold the given text, and the system's databases are
# files and DNS only (no other source answers), bind-mounted from $WORK.
private_names() {
    printf '%b' "$1" >"$WORK/hosts"
    printf '%b' "$2" >"$WORK/resolv.conf"
    printf 'hosts: files dns\nnetworks: files\npasswd: files\ngroup: files\n' >"$WORK/nsswitch.conf"
    for f in hosts resolv.conf nsswitch.conf; do mount --bind "$WORK/$f" "/etc/$f"; done
}

# free_uid: a user id that nothing on this machine uses (no account, no
# process), for the runs without privilege: what they may see is then the
# test's own doing, whatever else runs here (daemons run as nobody).
free_uid() {
    uid=61234
    while getent passwd "$uid" >/dev/null ||
        cat /proc/[0-9]*/status 2>/dev/null | awk -v u="$uid" '
            $1 == "Uid:" && ($2 == u || $3 == u || $4 == u || $5 == u) { f = 1 }
            END { exit !f }'; do
        uid=$((uid + 1))
    done
    echo "$uid"
}

SOCKSET_PID=
start_sockset() {
    SETDIR=$(mktemp -d "$WORK/set.XXXXXX")
    python3 "${SOCKSET:-$(dirname "$0")/sockset.py}" "$SETDIR/ready" "${1:-300}" &
    SOCKSET_PID=$!
    i=0
    while [ ! -e "$SETDIR/ready" ]; do
        i=$((i + 1))
        if [ $i -gt 300 ] || ! kill -0 "$SOCKSET_PID" 2>/dev/null; then
            echo "FAIL: socket set did not come up" >&2
            return 1
        fi
        sleep 0.1
    done
}

stop_sockset() {
    if [ -n "$SOCKSET_PID" ]; then
        kill "$SOCKSET_PID" 2>/dev/null
        wait "$SOCKSET_PID" 2>/dev/null
    fi
    SOCKSET_PID=
}

cleanup() {
    stop_sockset
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
}

# run_as DIR OUTPREFIX ARGS...: runs DIR/netstat as "netstat", saving
# stdout, stderr and the status.
run_as() {
    dir=$1 pfx=$2
    shift 2
    (PATH="$dir:/usr/bin:/bin" ${RUN_PREFIX:-} netstat "$@" >"$pfx.out" 2>"$pfx.err"
     echo $? >"$pfx.rc")
}

PASS=0 FAIL=0

# check_exact ARGS...: stdout, stderr and status equal to net-tools'. A
# counter or timer may move between the two runs: on a difference both run
# once more, and that second pair must agree.
check_exact() {
    # counters move between the two runs (the socket sets' TCP timers
    # send on lo): up to five pairs, one of which must agree
    for attempt in 1 2 3 4 5; do
        run_as "$WORK/ref" "$WORK/ref" "$@"
        run_as "$WORK/ours" "$WORK/ours" "$@"
        differ=
        for f in out err rc; do
            cmp -s "$WORK/ref.$f" "$WORK/ours.$f" || differ=$f
        done
        if [ -z "$differ" ]; then
            pass
            return
        fi
    done
    fail "netstat $* ($differ)"
    diff "$WORK/ref.$differ" "$WORK/ours.$differ" | head -10
}
pass() { PASS=$((PASS + 1)); }
fail() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
summary() {
    echo "$PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}
