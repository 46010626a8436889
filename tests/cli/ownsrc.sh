#!/bin/sh
# -p's two sources on one socket set: the eBPF iterator and the /proc scan
# give the same owners, in every view that shows them; the fallbacks (no
# privilege, NETSTAT_OWNERS=proc, bpf() refused, another pid namespace)
# give the same output (ownsrc_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
if ! "$OURS" -V | grep -q +BPF_OWNERS; then
    echo "SKIP: this build has no eBPF owners source (-BPF_OWNERS)" >&2
    exit 77
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cc -O2 -Wall -o "$WORK/deny" "$HERE/deny.c" || exit 1
ip link set lo up
/usr/bin/python3 "$HERE/ownsrc_check.py" "$OURS" "$WORK/deny"
