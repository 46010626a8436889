#!/bin/sh
# --explain's firewall verdicts against real connections: rulesets loaded
# with nft -f and with iptables-nft, clients in two namespaces on veth
# pairs and this machine itself (firewall_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
for tool in nft iptables conntrack; do
    command -v $tool >/dev/null || { echo "SKIP: no $tool" >&2; exit 77; }
done
A=netstat-fw-a-$$
B=netstat-fw-b-$$
C=netstat-fw-ctr-$$
trap 'ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null; ip netns del $C 2>/dev/null' EXIT
ip link set lo up
# client A: 192.0.2.2 on fw-a; client B: 198.51.100.2 on fw-b; a
# "container" C behind a bridge, 203.0.113.2, its ports published here.
ip netns add "$A"
ip netns add "$B"
ip netns add "$C"
ip link add fw-a type veth peer name eth0 netns "$A"
ip link add fw-b type veth peer name eth0 netns "$B"
ip link add fw-br0 type bridge
ip link add fw-c type veth peer name eth0 netns "$C"
ip link set fw-c master fw-br0
ip addr add 192.0.2.1/24 dev fw-a
ip addr add 198.51.100.1/24 dev fw-b
ip addr add 203.0.113.1/24 dev fw-br0
for l in fw-a fw-b fw-br0 fw-c; do ip link set $l up; done
for ns in "$A" "$B" "$C"; do
    ip -n "$ns" link set lo up
    ip -n "$ns" link set eth0 up
done
ip -n "$A" addr add 192.0.2.2/24 dev eth0
ip -n "$A" route add default via 192.0.2.1
ip -n "$B" addr add 198.51.100.2/24 dev eth0
ip -n "$B" route add default via 198.51.100.1
ip -n "$C" addr add 203.0.113.2/24 dev eth0
ip -n "$C" route add default via 203.0.113.1
sysctl -qw net.ipv4.ip_forward=1
i=0
until { ip -n "$A" link show eth0 | grep -q LOWER_UP && ip -n "$B" link show eth0 | grep -q LOWER_UP &&
    ip -n "$C" link show eth0 | grep -q LOWER_UP; } || [ $i -ge 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
/usr/bin/python3 "$HERE/firewall_check.py" "$OURS" "$A" "$B" "$C"
