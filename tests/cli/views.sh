#!/bin/sh
# The other views against /bin/netstat, byte for byte, on a frozen state:
# a namespace with veth pairs (one down), a bridge, no IPv6 chatter, and a
# fixed amount of loopback traffic, so no counter moves between runs.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
WORK=$(mktemp -d /tmp/netstat-views.XXXXXX)
mkdir -p "$WORK/ours" "$WORK/ref"
ln -s "$OURS" "$WORK/ours/netstat"
ln -s /bin/netstat "$WORK/ref/netstat"

sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip link set lo up
ip link add veth-a0 type veth peer name veth-b0
ip link add eth10 type veth peer name eth2
ip link set veth-a0 up
ip link set eth10 up
ip link set eth2 up
ip link add br0 type bridge
ip link set br0 up
ip link set veth-a0 mtu 9000
ip link set eth2 promisc on
ip link set eth10 allmulticast on
ip link set br0 arp off
ip addr add 192.0.2.9/24 dev veth-a0
# Fixed loopback traffic: 50 datagrams.
python3 -c '
import socket
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); r.bind(("127.0.0.1", 9999))
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(50): s.sendto(b"x" * i, ("127.0.0.1", 9999))
'
sleep 0.2

check() { check_exact "$@"; }

for args in "-i" "-ia" "-in" "-ian" "-iW" "-iv" "-iN" "--interfaces" "--interfaces --all" \
    "-i -4" "-i -t" "-ai -n"; do
    # shellcheck disable=SC2086
    check $args
done

# Both sources agree.
for args in "-ia" "-i"; do
    NETSTAT_SOURCE=netlink run_as "$WORK/ours" "$WORK/a" $args
    NETSTAT_SOURCE=proc run_as "$WORK/ours" "$WORK/b" $args
    if cmp -s "$WORK/a.out" "$WORK/b.out"; then pass; else
        fail "sources differ: netstat $args"
        diff "$WORK/a.out" "$WORK/b.out" | head -5
    fi
done

# -c: the title once, the column header every time, as net-tools.
RUN_PREFIX="timeout -s INT 2.5" run_as "$WORK/ref" "$WORK/ref" -i -c
RUN_PREFIX="timeout -s INT 2.5" run_as "$WORK/ours" "$WORK/ours" -i -c
for f in ref ours; do
    echo "$(grep -c '^Kernel Interface table' "$WORK/$f.out") $(grep -c '^Iface' "$WORK/$f.out")" >"$WORK/$f.counts"
done
if [ "$(cut -d' ' -f1 "$WORK/ours.counts")" = 1 ] && [ "$(cut -d' ' -f2 "$WORK/ours.counts")" -ge 2 ] &&
    [ "$(cut -d' ' -f1 "$WORK/ref.counts")" = 1 ]; then pass; else
    fail "-i -c: ours $(cat "$WORK/ours.counts"), net-tools $(cat "$WORK/ref.counts")"
fi
summary
