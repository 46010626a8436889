#!/bin/sh
# --explain against real clients: a client namespace on a veth pair tries
# every listening port over IPv4 and IPv6 (explain_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
CLIENT=netstat-explain-client-$$
OTHER=netstat-explain-other-$$
trap 'ip netns del $CLIENT 2>/dev/null; ip netns del $OTHER 2>/dev/null' EXIT
ip link set lo up
# Private name files: names for the server's addresses, and a resolver
# that asks nobody.
WORK=$(mktemp -d /tmp/netstat-explain.XXXXXX)
trap 'ip netns del $CLIENT 2>/dev/null; ip netns del $OTHER 2>/dev/null; rm -rf "$WORK"' EXIT
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n192.0.2.1\tserver-a.example\n' >"$WORK/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$WORK/resolv.conf"
mount --bind "$WORK/hosts" /etc/hosts
mount --bind "$WORK/resolv.conf" /etc/resolv.conf
ip netns add "$CLIENT"
ip link add ex-sv0 type veth peer name ex-cl0 netns "$CLIENT"
ip addr add 192.0.2.1/24 dev ex-sv0
ip addr add 2001:db8:1::1/64 dev ex-sv0 nodad
ip link set ex-sv0 up
ip -n "$CLIENT" link set lo up
ip -n "$CLIENT" addr add 192.0.2.2/24 dev ex-cl0
ip -n "$CLIENT" addr add 2001:db8:1::2/64 dev ex-cl0 nodad
ip -n "$CLIENT" link set ex-cl0 up
# A fixed link-local address on the first link (no DAD wait), and a second
# client on a second link, for the link-local verdict.
ip addr add fe80::1/64 dev ex-sv0 nodad
ip netns add "$OTHER"
ip link add ex-sv1 type veth peer name ex-cl1 netns "$OTHER"
ip addr add fe80::2/64 dev ex-sv1 nodad
ip link set ex-sv1 up
ip -n "$OTHER" link set lo up
ip -n "$OTHER" link set ex-cl1 up
# Both ends up (carrier) before the checks start.
i=0
until { ip -n "$CLIENT" link show ex-cl0 | grep -q LOWER_UP &&
    ip -n "$OTHER" link show ex-cl1 | grep -q LOWER_UP; } || [ $i -ge 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
# And every address past duplicate address detection (the automatic
# link-local ones start tentative).
ipv6_settle
/usr/bin/python3 "$HERE/explain_check.py" "$OURS" "$CLIENT" "$OTHER"
