#!/bin/sh
# Both sources, netlink (sock_diag) and /proc/net text, give the same
# records on the same sockets: the listings they produce are identical.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns

# Raw sockets over netlink need the kernel's raw_diag; without it, the
# netlink-only source lists none and the raw rows are left out of that
# comparison (the default source reads them from /proc/net/raw).
SKIP_RAW=
normalise() {
    if [ -n "$SKIP_RAW" ]; then
        grep -v '^raw' "$1"
    else
        cat "$1"
    fi | sed -e 's#\(off\|on[0-9]*\|keepalive\|timewait\|probe\|unkn-[0-9]*\) ([0-9.]*/[0-9]*/[0-9]*)$#\1 (T)#'
}

agree() {
    a=$1 b=$2
    shift 2
    for attempt in 1 2; do
        NETSTAT_SOURCE=$a run_as "$WORK/ours" "$WORK/a" "$@"
        NETSTAT_SOURCE=$b run_as "$WORK/ours" "$WORK/b" "$@"
        normalise "$WORK/a.out" >"$WORK/a.n"
        normalise "$WORK/b.out" >"$WORK/b.n"
        if cmp -s "$WORK/a.n" "$WORK/b.n" && cmp -s "$WORK/a.rc" "$WORK/b.rc"; then
            pass
            return
        fi
    done
    fail "$a vs $b: netstat $*"
    diff "$WORK/a.n" "$WORK/b.n" | head -10
}

# The kernel's UNIX diag cannot show connections not yet accepted; the
# default source then reads /proc/net/unix. So: first the full set, default
# against text; then a set without pending connections, netlink against text.
start_sockset 300 || exit 1
for args in -an -anpe -tanoe -uanpe -wan -Uan -xanp -lnp; do
    # shellcheck disable=SC2086
    agree "" proc $args
done
stop_sockset
NO_PENDING=1 start_sockset 300 || exit 1
if NETSTAT_SOURCE=netlink "$OURS" -wan 2>&1 >/dev/null | grep -q 'no support'; then
    echo "note: no raw_diag in this kernel; raw rows compared only above"
    SKIP_RAW=1
fi
for args in -an -anpe -tanoe -uanpe -wan -Uan -xanp -lnp -xa; do
    [ -n "$SKIP_RAW" ] && [ "$args" = -wan ] && continue
    # shellcheck disable=SC2086
    agree netlink proc $args
done
summary
