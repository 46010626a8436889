#!/bin/sh
# The filters against net-tools on a rich socket set and random ones of
# their own, three ways (kernel bytecode, user space, /proc): filters.py.
# FILTER_ROUNDS random cases (default 250); FILTER_SEED replays a run.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns
NO_PENDING=1 NO_SPACES=1 start_sockset 600 || exit 1
python3 "$(dirname "$0")/filters.py" "$WORK" "$OURS" "$SOCKSET_PID" "${FILTER_ROUNDS:-250}" \
    ${FILTER_SEED:-}
