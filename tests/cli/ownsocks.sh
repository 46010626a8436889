#!/bin/sh
# netstat never lists its own sockets: names go to a name server of the
# test's own (ownsocks.py, on loopback), which answers slowly, or never,
# so lookups are under way while every table is read. Runs in its own
# network and mount namespace, with its own hosts, resolv.conf and
# nsswitch.conf: no query leaves it.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
WORK=$(mktemp -d /tmp/netstat-ownsocks.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ip link set lo up
# Only the name server's own address is in the hosts file: every other
# address is asked over DNS (no localhost line, as on machines without).
private_names '127.0.0.53\tdns.example\n' 'nameserver 127.0.0.53\noptions timeout:5 attempts:1\n'
python3 "$(dirname "$0")/ownsocks.py" "$OURS"
