#!/bin/sh
# --netns: named and unnamed namespaces with listeners, one of them in a
# control group shaped like docker's; every socket listed once with the
# right label, one namespace selected by name, pid or path, the other
# views inside one namespace against net-tools run there, --explain's
# verdicts proven by real connections, and the unprivileged case
# (netns_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
NAMED=nst-$$
ALIAS=zz-nst-$$
WORK=$(mktemp -d /tmp/netstat-netns.XXXXXX)
HEX=$(printf '%s' "netstat-test-$$" | sha256sum | cut -c1-64)
CG=
PIDS=
cleanup_netns() {
    for p in $PIDS; do
        kill "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    if [ -n "$CG" ]; then # the group and the ones made for it
        rmdir "$CG" 2>/dev/null
        up=$(dirname "$CG")
        while case "$up" in */netstat-test-$$*) true ;; *) false ;; esac do
            rmdir "$up" 2>/dev/null
            up=$(dirname "$up")
        done
    fi
    umount "/run/netns/$ALIAS" 2>/dev/null
    rm -f "/run/netns/$ALIAS"
    ip netns del "$NAMED" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup_netns EXIT
ip link set lo up
printf '127.0.0.1\tlocalhost\n::1\tlocalhost\n' >"$WORK/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$WORK/resolv.conf"
mount --bind "$WORK/hosts" /etc/hosts
mount --bind "$WORK/resolv.conf" /etc/resolv.conf

# A named namespace, a second name for it, and a veth pair to this one.
ip netns add "$NAMED"
touch "/run/netns/$ALIAS"
mount --bind "/run/netns/$NAMED" "/run/netns/$ALIAS"
sysctl -qw net.ipv6.conf.default.accept_dad=0 # addresses ready at once
ip netns exec "$NAMED" sysctl -qw net.ipv6.conf.default.accept_dad=0
ip link add nst-here type veth peer name nst-there netns "$NAMED"
ip addr add 198.51.100.1/24 dev nst-here
ip link set nst-here up
ip -n "$NAMED" link set lo up
ip -n "$NAMED" addr add 198.51.100.2/24 dev nst-there
ip -n "$NAMED" link set nst-there up
# So that the routing tables compared with net-tools' hold still.
ipv6_settle
ipv6_settle -n "$NAMED"

wait_ready() {
    i=0
    while [ ! -e "$1" ]; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then
            echo "FAIL: holder $1 did not come up" >&2
            exit 1
        fi
        sleep 0.1
    done
}

# Listeners: in this namespace, in the named one, in an unnamed one, and in
# an unnamed one whose process sits in a docker-shaped control group.
python3 "$HERE/nsholder.py" "$WORK/own.ready" tcp:127.0.0.1:7001 unix:"$WORK/own.sock" &
PIDS="$PIDS $!"
OWN_PID=$!
ip netns exec "$NAMED" python3 "$HERE/nsholder.py" "$WORK/named.ready" tcp:127.0.0.1:7101 \
    tcp:0.0.0.0:7102 udp:[::]:7103 unix:"$WORK/named.sock" &
PIDS="$PIDS $!"
NAMED_PID=$!
unshare -n sh -c 'ip link set lo up && exec python3 "$0" "$@"' "$HERE/nsholder.py" \
    "$WORK/bare.ready" tcp:127.0.0.1:7201 tcp:[::]:7202 &
PIDS="$PIDS $!"
BARE_PID=$!
unshare -n python3 "$HERE/nsholder.py" "$WORK/box.ready" tcp:127.0.0.1:7301 &
PIDS="$PIDS $!"
BOX_PID=$!
for f in own named bare box; do
    wait_ready "$WORK/$f.ready"
done
# The fake container's control group: cgroup v2 (docker's systemd
# driver's shape), else a v1 hierarchy (its cgroupfs driver's shape).
for try in /sys/fs/cgroup/unified:"netstat-test-$$.slice/docker-$HEX.scope" \
    /sys/fs/cgroup:"netstat-test-$$.slice/docker-$HEX.scope" \
    /sys/fs/cgroup/pids:"netstat-test-$$/docker/$HEX"; do
    root=${try%%:*}
    leaf=${try#*:}
    [ -w "$root" ] || continue
    mkdir -p "$root/$leaf" 2>/dev/null || continue
    if echo "$BOX_PID" >"$root/$leaf/cgroup.procs" 2>/dev/null; then
        CG="$root/$leaf"
        break
    fi
    rmdir "$root/$leaf" 2>/dev/null
    rmdir -p "$(dirname "$root/$leaf")" 2>/dev/null
done
if [ -z "$CG" ]; then
    echo "note: no writable cgroup hierarchy; the docker label is checked by the unit test only"
fi
/usr/bin/python3 "$HERE/netns_check.py" "$OURS" "$WORK" "$NAMED" "$ALIAS" "$OWN_PID" \
    "$NAMED_PID" "$BARE_PID" "$BOX_PID" "${CG:+$HEX}"
