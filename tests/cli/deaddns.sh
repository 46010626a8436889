#!/bin/sh
# A resolver that never answers: deaddns.py holds UDP and TCP port 53 on a
# loopback address named by a private resolv.conf, reads every query and
# never replies, while 1,000 distinct foreign addresses are listed without
# -n. Runs in its own network and mount namespace: no query leaves it.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
WORK=$(mktemp -d /tmp/netstat-deaddns.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ip link set lo up
ip addr add 2001:db8::1/64 dev lo nodad
# The resolver's defaults: 5 s per try, two tries.
private_names '127.0.0.1\tlocalhost\n::1\tip6-localhost\n' 'nameserver 127.0.0.53\n'
python3 "$(dirname "$0")/deaddns.py" "$OURS"
