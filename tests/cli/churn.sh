#!/bin/sh
# Churn: while tests/cli/churn.c opens and closes thousands of sockets a
# second and starts short-lived processes, and a shell loop adds and
# removes an interface, its address and a route, churn.py runs each view
# RUNS times and checks every row. In a throwaway network namespace.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
WORK=$(mktemp -d /tmp/netstat-churn.XXXXXX)
GEN= LINKS=
stop_all() {
    [ -n "$GEN" ] && kill "$GEN" 2>/dev/null && wait "$GEN"
    [ -n "$LINKS" ] && kill "$LINKS" 2>/dev/null && wait "$LINKS" 2>/dev/null
    ip link del chv0 2>/dev/null
    ip link del chs0 2>/dev/null
    rm -rf "$WORK"
}
trap stop_all EXIT
ip link set lo up
ip addr add 2001:db8::1/64 dev lo nodad
# an interface and a route that stay, beside the ones that come and go
ip link add chs0 type veth peer name chs1
ip addr add 198.51.100.1/25 dev chs0
ip link set chs0 up
printf '127.0.0.1\tlocalhost\n' >"$WORK/hosts"
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$WORK/resolv.conf"
for f in hosts resolv.conf; do mount --bind "$WORK/$f" "/etc/$f"; done
cc -O2 -Wall -o "$WORK/churn" "$(dirname "$0")/churn.c" || exit 1
"$WORK/churn" "$WORK/ready" "$WORK/ports.log" 600 "${RATE:-20000}" >"$WORK/churn.out" &
GEN=$!
(
    while :; do
        ip link add chv0 type veth peer name chv1
        ip addr add 203.0.113.1/24 dev chv0
        ip link set chv0 up
        ip route add 198.51.100.128/25 via 203.0.113.2
        ip link del chv0
    done
) 2>/dev/null &
LINKS=$!
i=0
while [ ! -e "$WORK/ready" ]; do
    i=$((i + 1))
    [ $i -gt 100 ] && { echo "FAIL: the churn generator did not start"; exit 1; }
    sleep 0.1
done
python3 "$(dirname "$0")/churn.py" "$OURS" "$WORK/ports.log" "${RUNS:-200}"
rc=$?
kill "$GEN" && wait "$GEN"
GEN=
cat "$WORK/churn.out"
exit $rc
