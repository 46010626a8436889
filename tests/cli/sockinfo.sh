#!/bin/sh
# --info and --memory against ss -tinm on the same sockets: an idle pair,
# a bulk transfer on loopback, a lossy one across a veth pair whose far
# end drops packets at random (nftables numgen; no netem here); and
# --listen-queues on a listener that never accepts (sockinfo_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
PEER=netstat-info-peer-$$
trap 'ip netns del $PEER 2>/dev/null' EXIT
ip link set lo up
ip netns add "$PEER"
ip link add inf-a type veth peer name inf-b netns "$PEER"
ip addr add 192.0.2.1/24 dev inf-a
ip link set inf-a up
ip -n "$PEER" link set lo up
ip -n "$PEER" addr add 192.0.2.2/24 dev inf-b
ip -n "$PEER" link set inf-b up
# 3 in 100 packets into the peer dropped on arrival.
ip netns exec "$PEER" nft -f - <<'NFT' || exit 1
table inet lossy {
    chain in {
        type filter hook input priority 0; policy accept;
        tcp dport 9300 numgen random mod 100 < 3 drop
    }
}
NFT
/usr/bin/python3 "$HERE/sockinfo_check.py" "$OURS" "$PEER"
