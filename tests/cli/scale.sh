#!/bin/sh
# The benchmark at a tiny size, to prove it works (never timed here), and
# a listing that fails or stops part way through a big dump: its output
# device full, or its reader gone. Both must end promptly and say so.
OURS=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
WORK=$(mktemp -d /tmp/netstat-scale.XXXXXX)
LG=
trap '[ -n "$LG" ] && kill $LG 2>/dev/null; [ -n "$LG" ] && wait $LG 2>/dev/null; rm -rf "$WORK"' EXIT

# 1. make bench, small: every workload runs, every output equals net-tools'.
OURS=$OURS BENCH_SIZES=3000 BENCH_ROUNDS=1 BENCH_UDP=100 BENCH_UNIX=400 \
    BENCH_ROUTES=2000 BENCH_IFACES=40 BENCH_NETNS=4 sh "$ROOT/bench/run.sh" >"$WORK/bench.out" 2>&1
rc=$?
cat "$WORK/bench.out"
if [ $rc -eq 0 ]; then pass; else fail "bench/run.sh exit status $rc"; fi
for w in -tan -tanp -tulpn -an -tln -rn -i; do
    if awk -v w="$w" '$2 == w && $NF == "yes" { found = 1 } END { exit !found }' "$WORK/bench.out"; then
        pass
    else
        fail "bench: no matching row for $w"
    fi
done
if grep -q -- '--netns all -tan rows: the same as net-tools' "$WORK/bench.out"; then
    pass
else
    fail "bench: the --netns rows were not checked"
fi

# 2. Part-way failures on a table of some thousands of sockets.
ip link set lo up
cc -O2 -o "$WORK/loadgen" "$ROOT/bench/loadgen.c"
"$WORK/loadgen" -t 4000 -x 2000 "$WORK/ready" 120 &
LG=$!
i=0
while [ ! -e "$WORK/ready" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
[ -e "$WORK/ready" ] || { fail "load generator not ready"; summary; exit 1; }

# --json at this size: one valid document with a row for every table row.
for args in -tan -an -tanp; do
    "$OURS" $args >"$WORK/text" 2>/dev/null
    "$OURS" $args --json >"$WORK/json" 2>/dev/null
    if /usr/bin/python3 -c '
import json, sys
rows = [l for l in open(sys.argv[1]) if not l.startswith(("Active ", "Proto "))]
doc = json.load(open(sys.argv[2]))
sys.exit(0 if len(doc["sockets"]) == len(rows) > 8000 else 1)' "$WORK/text" "$WORK/json"; then
        pass
    else
        fail "netstat $args --json: not one valid document with every row"
    fi
done

for args in -tan -an -tanp; do
    timeout 20 "$OURS" $args >/dev/full 2>"$WORK/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "^netstat: write error: No space left on device$" "$WORK/err"; then
        pass
    else
        fail "netstat $args >/dev/full: status $rc, stderr: $(cat "$WORK/err")"
    fi
    (timeout 20 "$OURS" $args 2>"$WORK/err"; echo $? >"$WORK/rc") | head -1 >/dev/null
    rc=$(cat "$WORK/rc")
    # Killed by SIGPIPE (128 + 13) as net-tools is, or done first; silent.
    if { [ "$rc" -eq 141 ] || [ "$rc" -eq 0 ]; } && [ ! -s "$WORK/err" ]; then
        pass
    else
        fail "netstat $args | head -1: status $rc, stderr: $(cat "$WORK/err")"
    fi
done
summary
