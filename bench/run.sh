#!/bin/sh
# make bench: ours, ss (or ip, for routes and links) and net-tools netstat
# side by side on the same state, run alternately (A B C A B C ...) in
# throwaway network namespaces. Prints, per workload, the median wall
# time and median peak RSS of each tool, our time as a fraction of each
# other tool's, and whether our output is byte for byte net-tools'.
#
# Settings (environment):
#   BENCH_SIZES   TCP socket counts to run at        (default "10000 100000")
#   BENCH_ROUNDS  rounds per workload, at least 1    (default 5)
#   BENCH_UDP     UDP sockets beside the TCP ones    (default 1000)
#   BENCH_UNIX    UNIX sockets beside them           (default 20000)
#   BENCH_ROUTES  IPv4 routes for -rn                (default 100000)
#   BENCH_IFACES  interfaces for -i (veth pairs)     (default 1000)
#   BENCH_NETNS   named namespaces for --netns all,  (default 200)
#                 50 sockets each (0: skip)
#   OURS          the netstat to measure             (default build/netstat)
# Exit status: 0, or 1 when a tool failed or an output differed.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
OURS=${OURS:-$root/build/netstat}
SIZES=${BENCH_SIZES:-10000 100000}
ROUNDS=${BENCH_ROUNDS:-5}
UDP=${BENCH_UDP:-1000}
UNIXN=${BENCH_UNIX:-20000}
ROUTES=${BENCH_ROUTES:-100000}
IFACES=${BENCH_IFACES:-1000}
NETNS=${BENCH_NETNS:-200}
NT=/bin/netstat

mode=${1:-top}

if [ "$mode" = top ]; then
    work=$(mktemp -d /tmp/netstat-bench.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    cc -O2 -o "$work/loadgen" "$root/bench/loadgen.c"
    cc -O2 -o "$work/measure" "$root/bench/measure.c"
    # The floor of any run: a C program that does nothing, linked as ours is.
    printf 'int main(void) { return 0; }\n' | cc -O2 -x c -o "$work/empty" -
    echo "netstat bench, $(date -u +%Y-%m-%d), $(nproc) CPUs, kernel $(uname -r), $ROUNDS rounds"
    echo "times: median ms; rss: median peak MiB; ratio: our time / theirs; same: our output = net-tools'"
    printf '%-8s %-14s %9s %9s %9s %7s %7s %6s %6s %6s %s\n' count workload ours ss/ip \
        net-tools o/ss o/nt rss rss rss same
    printf '%-8s %-14s %9s %9s %9s %7s %7s %6s %6s %6s\n' "" "" "" "" "" "" "" ours ss/ip nt
    status=0
    for size in $SIZES; do
        unshare --net sh "$0" sockets "$work" "$size" || status=1
    done
    unshare --net sh "$0" tables "$work" || status=1
    if [ "$NETNS" -gt 0 ]; then
        # A private mount namespace: the names `ip netns add` makes stay in it.
        unshare --net --mount --propagation private sh "$0" netns "$work" || status=1
    fi
    exit $status
fi

work=$2
failed=0

# bench LABEL SIZE CHECK OURS-CMD -- B-CMD -- C-CMD
# (commands are split on spaces: no argument holds one)
bench() {
    label=$1 size=$2 check=$3
    shift 3
    a="" b="" c="" cur=a
    for w in "$@"; do
        if [ "$w" = -- ]; then
            if [ $cur = a ]; then cur=b; else cur=c; fi
            continue
        fi
        eval "$cur=\"\${$cur:+\$$cur }\$w\""
    done
    for t in a b c; do : >"$work/m.$t"; done
    r=0
    while [ $r -lt "$ROUNDS" ]; do
        for t in a b c; do
            eval "cmd=\$$t"
            # shellcheck disable=SC2086
            "$work/measure" "$work/out.$t" $cmd >>"$work/m.$t"
        done
        r=$((r + 1))
    done
    for t in a b c; do
        if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$work/m.$t"; then
            eval "echo \"bench: '\$$t' failed\"" >&2
            failed=1
        fi
    done
    same=-
    if [ "$check" = yes ]; then
        if cmp -s "$work/out.a" "$work/out.c"; then same=yes; else same=DIFFERS failed=1; fi
    fi
    med() { awk -v f="$1" '{ print $f }' "$2" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
    med 1 "$work/m.a" >"$work/ours.med"
    awk -v l="$label" -v s="$size" -v same="$same" \
        -v ta="$(med 1 "$work/m.a")" -v tb="$(med 1 "$work/m.b")" -v tc="$(med 1 "$work/m.c")" \
        -v ra="$(med 2 "$work/m.a")" -v rb="$(med 2 "$work/m.b")" -v rc="$(med 2 "$work/m.c")" \
        'BEGIN { printf "%-8s %-14s %9.1f %9.1f %9.1f %7.3f %7.3f %6.1f %6.1f %6.1f %s\n",
                 s, l, ta / 1000, tb / 1000, tc / 1000, ta / tb, ta / tc,
                 ra / 1024, rb / 1024, rc / 1024, same }'
}

if [ "$mode" = sockets ]; then
    size=$3
    ip link set lo up
    "$work/loadgen" -t $((size / 2)) -u "$UDP" -x "$UNIXN" "$work/ready.$size" 900 &
    lg=$!
    trap 'kill $lg 2>/dev/null; wait $lg 2>/dev/null || true' EXIT
    while [ ! -e "$work/ready.$size" ]; do
        kill -0 $lg 2>/dev/null || { echo "bench: the load generator failed" >&2; exit 1; }
        sleep 0.2
    done
    bench -tan "$size" yes "$OURS" -tan -- ss -tan -- $NT -tan
    cp "$work/ours.med" "$work/tan.med"
    # One port among them all: a client's ephemeral port (its connection's
    # two sockets match). net-tools has no filter: its listing, through awk.
    port=$(ss -Htn state established | awk '{ n = split($4, a, ":"); if (a[n] >= 32768) { print a[n]; exit } }')
    printf '%s -tan | awk '"'"'NR <= 2 || $4 ~ /:%s$/ || $5 ~ /:%s$/'"'"'\n' "$NT" "$port" "$port" \
        >"$work/nt-port.sh"
    bench "-tan --port" "$size" yes "$OURS" -tan --port "$port" -- \
        ss -tan sport = :"$port" or dport = :"$port" -- sh "$work/nt-port.sh"
    awk -v a="$(cat "$work/ours.med")" -v b="$(cat "$work/tan.med")" -v p="$port" \
        'BEGIN { printf "%-8s ours, one port (%s) / the whole -tan listing: %.3f\n", "", p, a / b }'
    bench -tanp "$size" yes "$OURS" -tanp -- ss -tanp -- $NT -tanp
    awk -v a="$(cat "$work/ours.med")" -v b="$(cat "$work/tan.med")" \
        'BEGIN { printf "%-8s ours, -tanp / -tan: %.3f (target <= 1.6)\n", "", a / b }'
    # The owners from /proc, where the eBPF iterator cannot serve.
    bench "-tanp (/proc)" "$size" yes env NETSTAT_OWNERS=proc "$OURS" -tanp -- ss -tanp -- $NT -tanp
    bench -tulpn "$size" yes "$OURS" -tulpn -- ss -tulpn -- $NT -tulpn
    bench "-an (+${UNIXN}unix)" "$size" yes "$OURS" -an -- ss -an -- $NT -an
    bench "-tln (filter)" "$size" yes "$OURS" -tln -- ss -tln -- $NT -tln
    # JSON (ours only has it): against the others' plain tables.
    bench "-tan --json" "$size" no "$OURS" -tan --json -- ss -tan -- $NT -tan
    # What ss tells beyond the table (net-tools has none: its plain -tan
    # stands in the third column).
    bench "-tan --info" "$size" no "$OURS" -tan --info -- ss -tin -- $NT -tan
    bench "-tan --memory" "$size" no "$OURS" -tan --memory -- ss -tmn -- $NT -tan
    bench "--summary" "$size" no "$OURS" --summary -- ss -s -- $NT -tan
    # --summary reads three small files, as ss -s does: both times are
    # mostly starting a process. That floor, side by side with ss -s.
    bench "(empty prog)" "$size" no "$work/empty" -- ss -s -- /bin/true
    # --textfile: every metric (counters, interfaces, sockets by state, the
    # listeners with their reach) into DIR/netstat.prom; its target is
    # against our own -tan.
    mkdir -p "$work/textfile"
    bench "--textfile" "$size" no "$OURS" --textfile "$work/textfile" -- ss -tan -- $NT -tan
    awk -v a="$(cat "$work/ours.med")" -v b="$(cat "$work/tan.med")" \
        'BEGIN { printf "%-8s ours, --textfile / -tan: %.3f (target <= 1.5)\n", "", a / b }'
    # -p adds the program label: the owner scan, as -tanp against -tan.
    bench "--textfile -p" "$size" no "$OURS" --textfile "$work/textfile" -p -- ss -tanp -- $NT -tanp
    kill $lg
    wait $lg 2>/dev/null || true
    trap - EXIT
    exit $failed
fi

if [ "$mode" = tables ]; then
    ip link set lo up
    # No IPv6 on these links: nothing is sent, so counters hold still.
    sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    pairs=$((IFACES / 2))
    awk -v n="$pairs" 'BEGIN { for (i = 0; i < n; i++)
        printf "link add bv%da type veth peer name bv%db\nlink set bv%da up\nlink set bv%db up\n", i, i, i, i }' \
        >"$work/links.batch"
    ip -batch "$work/links.batch"
    ip link add bvr0 type veth peer name bvr1
    ip link set bvr0 up
    ip link set bvr1 up
    ip addr add 192.0.2.1/24 dev bvr0
    # Documentation prefixes of every length from /24 to /32, each under
    # many metrics, until there are enough routes.
    awk -v want="$ROUTES" 'BEGIN { n = 0; split("192.0.2 198.51.100 203.0.113", net, " ");
        for (m = 1; n < want; m++)
            for (k = 1; k <= 3 && n < want; k++)
                for (len = 24; len <= 32 && n < want; len++)
                    for (j = 0; j < 2 ^ (len - 24) && n < want; j++) {
                        printf "route add %s.%d/%d dev bvr0 metric %d\n", net[k], j * 256 / 2 ^ (len - 24), len, m
                        n++
                    } }' >"$work/routes.batch"
    ip -batch "$work/routes.batch"
    bench "-rn" "$ROUTES" yes "$OURS" -rn -- ip -4 route show table main -- $NT -rn
    bench "-i" "$IFACES" yes "$OURS" -i -- ip -s link show -- $NT -i
    exit $failed
fi

if [ "$mode" = netns ]; then
    # NETNS named namespaces of 50 sockets each (24 TCP connections, their
    # listener, one UDP socket). Ours reads them all in one run; ss and
    # net-tools read one namespace per run, in a loop over the names.
    pids=""
    trap 'for p in $pids; do kill $p 2>/dev/null; done; wait; ip -all netns del 2>/dev/null' EXIT
    i=0
    : >"$work/ss-all.sh"
    : >"$work/nt-all.sh"
    while [ $i -lt "$NETNS" ]; do
        n=bench-ns-$i
        ip netns add $n
        ip -n $n link set lo up
        ip netns exec $n "$work/loadgen" -t 24 -u 1 "$work/ns-ready.$i" 900 &
        pids="$pids $!"
        echo "ss -N $n -tan" >>"$work/ss-all.sh"
        echo "ip netns exec $n $NT -tan" >>"$work/nt-all.sh"
        i=$((i + 1))
    done
    i=0
    while [ $i -lt "$NETNS" ]; do
        while [ ! -e "$work/ns-ready.$i" ]; do sleep 0.1; done
        i=$((i + 1))
    done
    bench "--netns all -tan" "${NETNS}x50" no "$OURS" --netns all -tan -- sh "$work/ss-all.sh" -- \
        sh "$work/nt-all.sh"
    bench "--netns all -tanp" "${NETNS}x50" no "$OURS" --netns all -tanp -- sh "$work/ss-all.sh" -- \
        sh "$work/nt-all.sh"
    # Each namespace's rows are net-tools' rows there, after the label.
    "$OURS" --netns all -tan 2>/dev/null | awk 'NR > 2 && $1 ~ /^bench-ns-/ { print substr($0, 21) }' |
        sort >"$work/ours.rows"
    sh "$work/nt-all.sh" | grep -v -e '^Active' -e '^Proto' | sort >"$work/nt.rows"
    if cmp -s "$work/ours.rows" "$work/nt.rows"; then
        echo "         --netns all -tan rows: the same as net-tools' in each namespace ($(wc -l <"$work/nt.rows") rows)"
    else
        echo "bench: --netns all -tan rows differ from net-tools' in each namespace" >&2
        failed=1
    fi
    exit $failed
fi

echo "usage: run.sh" >&2
exit 2
