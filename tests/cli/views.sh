#!/bin/sh
# The other views against /bin/netstat, byte for byte, on a frozen state:
# a namespace with veth pairs (one down), a bridge, routes of every kind,
# private name files, no IPv6 chatter, and a fixed amount of loopback
# traffic, so no counter moves between runs.
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
# IPv6 on loopback only (it sends no MLD): host and global scopes for -ie.
sysctl -qw net.ipv6.conf.lo.disable_ipv6=0
ip addr add 2001:db8::5/64 dev lo nodad
ip link add veth-a0 type veth peer name veth-b0
ip link add eth10 type veth peer name eth2
ip link set veth-a0 up
ip link set eth10 up
ip link set eth2 up
ip link add br0 type bridge
# Names net-tools' comparison orders in its own way: digits inside a name
# (bv100a before bv1a), a leading zero, a stem that is a prefix of another.
ip link add bv100a type veth peer name bv1a
ip link add eth01 type veth peer name eth1
ip link add ab12cd type veth peer name ab2cd
ip link add eth type veth peer name etha
ip link set bv1a up
ip link set eth01 up
ip link set eth up
ip link set br0 up
ip link set veth-a0 mtu 9000
ip link set eth2 promisc on
ip link set eth10 allmulticast on
ip link set br0 arp off
ip addr add 192.0.2.9/24 dev veth-a0
ip addr add 198.51.100.1/24 dev eth10
# An address label: net-tools lists it as its own interface row.
ip addr add 192.0.2.10/24 dev veth-a0 label veth-a0:1
# Routes of every kind /proc/net/route shows.
ip route add default via 192.0.2.1 metric 100
ip route add 203.0.113.0/25 via 192.0.2.254 advmss 1360 window 8192 rtt 100ms
ip route add 203.0.113.200 dev eth10
ip route add blackhole 10.10.0.0/16
ip route add unreachable 10.20.0.0/16
ip route add prohibit 10.30.0.0/16 metric 5
ip route add 10.40.0.0/16 nexthop via 192.0.2.1 nexthop via 198.51.100.2
ip route add 10.50.0.0/24 dev veth-a0 scope link metric 7
# Names: gateways and host routes from hosts, networks from networks.
printf '127.0.0.1\tlocalhost\n192.0.2.1\tgw.example\n203.0.113.200\th200.example\n' >"$WORK/hosts"
printf 'testnet\t10.40.0.0\ndocnet\t198.51.100.0\n' >"$WORK/networks"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$WORK/resolv.conf"
for f in hosts networks resolv.conf; do mount --bind "$WORK/$f" "/etc/$f"; done
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
    "-i -4" "-i -t" "-ai -n" "-ie" "-iea" "-iee" "-ieen" "-ie -6" "--interfaces --extend"; do
    # shellcheck disable=SC2086
    check $args
done

for args in -r -rn -re -rne -rnee -ree -rC -rnC -rF -rFC -reC -reeC --route "-r -4" \
    "-r -A inet" -rv -rN; do
    # shellcheck disable=SC2086
    check $args
done

# Statistics: every section filter, both families, names given twice.
for args in -s -st -su -sw -stu -swu -sU -sS -sx -s4 -s6 -s6t -s6u -s6w "-s -4 -6" \
    "-s -A inet6" "-s --inet6 -t" -sv -sn -se -sa "--statistics --tcp" "-s -c"; do
    # shellcheck disable=SC2086
    check $args
done

# Both sources agree.
for args in "-ia" "-i" "-rn" "-ree"; do
    # A counter may move between the two runs (the bridge sends now and
    # then): as check_exact, one more pair must then agree.
    for attempt in 1 2; do
        NETSTAT_SOURCE=netlink run_as "$WORK/ours" "$WORK/a" $args
        NETSTAT_SOURCE=proc run_as "$WORK/ours" "$WORK/b" $args
        cmp -s "$WORK/a.out" "$WORK/b.out" && break
    done
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
