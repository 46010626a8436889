#!/bin/sh
# Side-by-side timing of ours, ss and net-tools on the same sockets, run
# alternately (A B C A B C ...), in a throwaway network namespace.
# BENCH_CONNS connections (2x sockets), BENCH_ROUNDS rounds; prints medians
# and our speed-up over each.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
OURS=${OURS:-$root/build/netstat}
CONNS=${BENCH_CONNS:-10000}
ROUNDS=${BENCH_ROUNDS:-5}
if [ -z "${NETSTAT_IN_NETNS:-}" ]; then
    NETSTAT_IN_NETNS=1 exec unshare --net sh "$0" "$@"
fi
ip link set lo up
work=$(mktemp -d /tmp/netstat-bench.XXXXXX)
cc -O2 -o "$work/loadgen" "$root/bench/loadgen.c"
"$work/loadgen" "$CONNS" "$work/ready" 600 &
LG=$!
trap 'kill $LG 2>/dev/null; wait $LG 2>/dev/null || true; rm -rf "$work"' EXIT
while [ ! -e "$work/ready" ]; do
    kill -0 $LG 2>/dev/null || { echo "loadgen failed" >&2; exit 1; }
    sleep 0.2
done
now() { date +%s%N; }
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
echo "$((CONNS * 2)) TCP sockets, $ROUNDS rounds, median milliseconds"
printf '%-8s %10s %10s %10s %8s %8s\n' args ours ss net-tools "ss/ours" "nt/ours"
for args in -tan -tanp; do
    : >"$work/a"; : >"$work/b"; : >"$work/c"
    r=0
    while [ $r -lt "$ROUNDS" ]; do
        for tool in a b c; do
            case $tool in a) cmd=$OURS ;; b) cmd=ss ;; c) cmd=/bin/netstat ;; esac
            t0=$(now)
            $cmd $args >/dev/null 2>&1
            t1=$(now)
            echo $(((t1 - t0) / 1000)) >>"$work/$tool"
        done
        r=$((r + 1))
    done
    a=$(median <"$work/a"); b=$(median <"$work/b"); c=$(median <"$work/c")
    awk -v n="$args" -v a="$a" -v b="$b" -v c="$c" \
        'BEGIN { printf "%-8s %10.1f %10.1f %10.1f %7.1fx %7.1fx\n", n, a/1000, b/1000, c/1000, b/a, c/a }'
done
