#!/bin/sh
# Runs hostile.py inside a throwaway network namespace.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
ip link set lo up
exec python3 "$(dirname "$0")/hostile.py" "$OURS"
