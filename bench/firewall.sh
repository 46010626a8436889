#!/bin/sh
# --explain over a big ruleset: BENCH_RULES filter rules (default 10,000)
# and BENCH_DNAT published ports (default 1,000), 20 listeners, in a
# throwaway network namespace. Beside it, the peer that reads the same
# rules: `nft list ruleset` (libnftables), alternately, BENCH_ROUNDS
# rounds; medians and our time as a fraction of nft's. The target: under
# 0.2 s for explain.
set -eu
OURS=$(readlink -f "${OURS:-build/netstat}")
if [ -z "${BENCH_IN_NETNS:-}" ]; then
    BENCH_IN_NETNS=1 exec unshare --net sh "$0" "$@"
fi
RULES=${BENCH_RULES:-10000}
DNAT=${BENCH_DNAT:-1000}
ROUNDS=${BENCH_ROUNDS:-5}
WORK=$(mktemp -d /tmp/netstat-fwbench.XXXXXX)
ip link set lo up
ip link add fb0 type veth peer name fb1
ip addr add 192.0.2.1/24 dev fb0
ip link set fb0 up
ip link set fb1 up
awk -v rules="$RULES" -v dnat="$DNAT" 'BEGIN {
    print "table inet filter {"
    print " chain input { type filter hook input priority 0; policy drop;"
    print "  ct state established,related accept"
    print "  iifname \"lo\" accept"
    for (i = 0; i < rules; i++)
        printf "  ip saddr 198.51.%d.%d tcp dport %d accept\n", (i / 250) % 256, i % 250 + 1, 20000 + i % 5000
    print " }"
    print "}"
    print "table ip nat {"
    print " chain prerouting { type nat hook prerouting priority dstnat;"
    for (i = 0; i < dnat; i++)
        printf "  tcp dport %d dnat to 203.0.113.%d:%d\n", 30000 + i, i % 200 + 2, 80 + i % 100
    print " }"
    print "}"
}' >"$WORK/rules.nft"
nft -f "$WORK/rules.nft"
python3 -c "
import socket, time
ss = []
for p in range(22000, 22020):
    s = socket.socket(); s.bind(('0.0.0.0', p)); s.listen(); ss.append(s)
time.sleep(600)
" &
LISTENERS=$!
trap 'kill $LISTENERS 2>/dev/null; rm -rf "$WORK"' EXIT
sleep 0.5
now() { date +%s%N; }
for r in $(seq "$ROUNDS"); do
    t0=$(now); "$OURS" -n --explain >"$WORK/ours.out"; t1=$(now)
    nft list ruleset >"$WORK/nft.out"; t2=$(now)
    echo "$(( (t1 - t0) / 1000 )) $(( (t2 - t1) / 1000 ))" >>"$WORK/times"
done
grep -q "firewall    accepted from this machine (lo), 198.51.8.1/32, 198.51.28.1/32 only; dropped for everyone else" "$WORK/ours.out" ||
    { echo "bench: unexpected verdict" >&2; head -20 "$WORK/ours.out" >&2; exit 1; }
pubs=$(grep -c "published ->" "$WORK/ours.out" || true)
[ "$pubs" -eq "$DNAT" ] || { echo "bench: $pubs published ports, want $DNAT" >&2; exit 1; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
o=$(cut -d' ' -f1 "$WORK/times" | median)
n=$(cut -d' ' -f2 "$WORK/times" | median)
printf 'explain, %s rules + %s dnat, 20 listeners: ours %.1f ms, nft list ruleset %.1f ms, o/nft %.2f\n' \
    "$RULES" "$DNAT" "$(echo "$o / 1000" | bc -l)" "$(echo "$n / 1000" | bc -l)" "$(echo "$o / $n" | bc -l)"
