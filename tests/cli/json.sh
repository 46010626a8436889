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
start_sockset || exit 1
/usr/bin/python3 "$HERE/json_check.py" "$OURS" "$ROOT/doc" sockets groups
