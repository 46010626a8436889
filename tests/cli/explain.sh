#!/bin/sh
# --explain against real clients: a client namespace on a veth pair tries
# every listening port over IPv4 and IPv6 (explain_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
CLIENT=netstat-explain-client-$$
trap 'ip netns del $CLIENT 2>/dev/null' EXIT
ip link set lo up
ip netns add "$CLIENT"
ip link add ex-sv0 type veth peer name ex-cl0 netns "$CLIENT"
ip addr add 192.0.2.1/24 dev ex-sv0
ip addr add 2001:db8:1::1/64 dev ex-sv0 nodad
ip link set ex-sv0 up
ip -n "$CLIENT" link set lo up
ip -n "$CLIENT" addr add 192.0.2.2/24 dev ex-cl0
ip -n "$CLIENT" addr add 2001:db8:1::2/64 dev ex-cl0 nodad
ip -n "$CLIENT" link set ex-cl0 up
# Both ends up (carrier) before the checks start.
i=0
until ip -n "$CLIENT" link show ex-cl0 | grep -q LOWER_UP || [ $i -ge 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
python3 "$HERE/explain_check.py" "$OURS" "$CLIENT"
