#!/bin/sh
# --top for real: in tmux (send-keys, capture-pane) and off a terminal,
# against a bulk transfer on loopback whose rate the test sets
# (top_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
if ! command -v tmux >/dev/null; then
    echo "SKIP: tmux is not installed (scripts/deps.sh test installs it)" >&2
    exit 77
fi
if ! "$OURS" -V | grep -q +TOP; then
    echo "SKIP: this build has no terminal library (-TOP)" >&2
    exit 77
fi
ip link set lo up
/usr/bin/python3 "$HERE/top_check.py" "$OURS"
