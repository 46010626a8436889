#!/bin/sh
# --json for every view against the text table, on a rich namespace state
# (json_check.py joins them row by row and validates doc/*.schema.json).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns
# Routes of several kinds, a link that is down, a name for a network.
ip link add veth-down type veth peer name veth-down-b
ip addr add 198.51.100.1/24 dev veth-long-name1
ip route add default via 198.51.100.254 metric 100
ip route add 203.0.113.0/25 via 198.51.100.2 advmss 1360 window 8192
ip route add 203.0.113.200 dev veth-long-name1
ip route add blackhole 10.10.0.0/16
ip route add unreachable 10.20.0.0/16
start_sockset || exit 1
/usr/bin/python3 "$HERE/json_check.py" "$OURS" "$ROOT/doc" sockets groups interfaces routes \
    statistics
