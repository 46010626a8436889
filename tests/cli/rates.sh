#!/bin/sh
# -i --rate against traffic of a known rate on loopback (pacer.py), in
# text, --human and JSON; the header's repeat; an interface that goes
# away; --interface on the plain table (rates_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
ip link set lo up
ip link add rate-a type veth peer name rate-b
ip link set rate-a up
ip link set rate-b up
/usr/bin/python3 "$HERE/rates_check.py" "$OURS" "$HERE" "$ROOT/doc"
