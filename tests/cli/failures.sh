#!/bin/sh
# When the system lets netstat down: netlink refused (a seccomp filter),
# /proc not mounted, both; and output that cannot be written. Each view
# must fall back, or say what is missing and fail, and leave the others
# unaffected. In a throwaway network and mount namespace.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns
start_sockset 50 || exit 1
cc -O2 -Wall -o "$WORK/deny" "$(dirname "$0")/deny.c" || exit 1
NONL="$WORK/deny netlink"

# expect STATUS STDERR-PATTERN ARGS...: our run's status, and its stderr
# matching the pattern (grep -E; "" for empty), under $RUN_PREFIX.
expect() {
    want=$1 pat=$2
    shift 2
    run_as "$WORK/ours" "$WORK/x" "$@"
    got=$(cat "$WORK/x.rc")
    if [ "$got" != "$want" ]; then
        fail "${RUN_PREFIX:-} netstat $*: status $got, want $want; stderr: $(head -3 "$WORK/x.err")"
    elif [ -z "$pat" ] && [ -s "$WORK/x.err" ]; then
        fail "${RUN_PREFIX:-} netstat $*: stderr: $(head -3 "$WORK/x.err")"
    elif [ -n "$pat" ] && ! grep -Eq "$pat" "$WORK/x.err"; then
        fail "${RUN_PREFIX:-} netstat $*: stderr lacks /$pat/: $(head -3 "$WORK/x.err")"
    else
        pass
    fi
}

# same ARGS...: our stdout and status under $RUN_PREFIX equal those of a
# normal run with NETSTAT_SOURCE=proc. Counters move between the two runs
# (the socket set's TCP timers send on lo: under ASan about one pair in
# eight met a packet): up to five pairs, one of which must agree.
same_as_proc() {
    for attempt in 1 2 3 4 5; do
        NETSTAT_SOURCE=proc RUN_PREFIX= run_as "$WORK/ours" "$WORK/p" "$@"
        run_as "$WORK/ours" "$WORK/x" "$@"
        # timers move between the runs: they fire (retransmits, window
        # probes) and count down
        for f in p x; do
            # the firewall is read over netlink only: without it, it is
            # "could not be read", the rest the same
            if [ "$1" = --explain ] && [ "${2:-}" = --json ]; then
                jq -c 'del(.. | .firewall?)' "$WORK/$f.out" >"$WORK/$f.j" 2>/dev/null &&
                    mv "$WORK/$f.j" "$WORK/$f.out"
            elif [ "$1" = --explain ]; then
                grep -v '^    firewall' "$WORK/$f.out" >"$WORK/$f.j"
                mv "$WORK/$f.j" "$WORK/$f.out"
            fi
            sed -E 's/"(seconds|retransmits|probes)":[0-9.]+/"\1":T/g
                s/\},\{/},\n{/g' "$WORK/$f.out" >"$WORK/$f.n"
        done
        if cmp -s "$WORK/p.n" "$WORK/x.n" && cmp -s "$WORK/p.rc" "$WORK/x.rc"; then
            pass
            return
        fi
    done
    fail "${RUN_PREFIX:-} netstat $* differs from the /proc source"
    diff "$WORK/p.n" "$WORK/x.n" | cut -c1-200 | head -6
}

# 1. Netlink refused: every view falls back to /proc and the ioctls, with
# net-tools' output byte for byte (net-tools never uses netlink), and the
# same output as our /proc source where net-tools differs by design (UNIX
# paths with spaces) or by a bug (counters of an interface whose name
# fills /proc/net/dev's column).
for args in -tan -tanp -uan -wan -tanpe -r -rn -rne -6rn -g -s -st; do
    RUN_PREFIX=$NONL check_exact $args
done
for args in -xa -xap -an -l -i -ia -ie; do
    RUN_PREFIX=$NONL same_as_proc $args
done
for args in -tan -tanp -xap -i -rn -g; do
    RUN_PREFIX=$NONL same_as_proc $args --json
done
RUN_PREFIX=$NONL same_as_proc --explain
RUN_PREFIX=$NONL same_as_proc --explain --json
RUN_PREFIX=$NONL same_as_proc --explain 22

# 2. /proc not mounted (an empty tmpfs over it), from here on: socket
# tables, interfaces and IPv4 routes come over netlink; what only /proc
# has fails with a message naming it, and nothing else is affected.
no_proc_sections() {
    "$OURS" -tan >"$WORK/tan.before"
    mount -t tmpfs none /proc
    RUN_PREFIX=
    expect 0 "" -tan
    if cmp -s "$WORK/tan.before" "$WORK/x.out"; then pass; else fail "-tan without /proc differs"; fi
    # the pending UNIX connections only /proc/net/unix shows: said missing
    expect 0 '^\(UNIX connections not yet accepted are not listed: /proc/net/unix' -xa
    expect 0 "" -uan
    expect 0 "" -i
    expect 0 "" -rn
    expect 0 "" -tan --json
    expect 1 '^netstat: cannot find the programs \(-p\): no process information \(/proc is not mounted\)$' -tanp
    grep -q '^tcp .* -  *$' "$WORK/x.out" && pass || fail "-tanp without /proc: no rows with -"
    expect 1 'cannot find the programs' -tanp --json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["owners"]["scanned"])' \
        "$WORK/x.out" && pass || fail "-tanp --json without /proc: owners.scanned is not false"
    expect 1 '^cannot open /proc/net/snmp: No such file or directory$' -s
    expect 1 "^netstat: no support for \`AF INET \(igmp\)' on this system\.$" -g
    expect 1 '^netstat: cannot read the IPv6 routing table from /proc/net/ipv6_route: No such file' -6rn
    expect 1 '^netstat: cannot read the IPv6 addresses from /proc/net/if_inet6: /proc is not mounted$' -ie
    expect 1 '^netstat: --explain: cannot find the programs: no process information' --explain
    grep -q '^tcp ' "$WORK/x.out" && pass || fail "--explain without /proc lists no port"

    # 3. Neither: the socket tables say what net-tools says; the others name
    # the file they lack.
    RUN_PREFIX=$NONL
    check_exact -tan
    check_exact -tuan
    check_exact -uan -6
    expect 1 '^netstat: cannot read the interface table from /proc/net/dev: No such file' -i
    expect 1 '^netstat: cannot read the routing table from /proc/net/route: No such file' -rn
    expect 1 '^netstat: --explain: cannot read sockets or addresses' --explain
    umount /proc
    RUN_PREFIX=
}

# AddressSanitizer itself needs /proc (it reads its own maps and threads
# there): sections 2 and 3 run with the plain build only.
if grep -q __asan_init "$OURS"; then
    echo "sections 2 and 3 (no /proc) skipped: a sanitizer build cannot run without /proc"
else
    no_proc_sections
fi

# 4. Output that cannot be written: a full device is an error; a reader
# that goes away is not.
for args in -tan -xa -i -rn -s -gn "-tan --json" --explain "-ie"; do
    "$OURS" $args >/dev/full 2>"$WORK/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q '^netstat: write error: No space left on device$' "$WORK/err"; then
        pass
    else
        fail "netstat $args >/dev/full: status $rc, stderr: $(cat "$WORK/err")"
    fi
    ("$OURS" $args 2>"$WORK/err"; echo $? >"$WORK/rc") | head -c 1 >/dev/null
    rc=$(cat "$WORK/rc")
    if { [ "$rc" = 0 ] || [ "$rc" = 141 ]; } && [ ! -s "$WORK/err" ]; then
        pass
    else
        fail "netstat $args | head -c 1: status $rc, stderr: $(cat "$WORK/err")"
    fi
done
# 5. Without privilege (a user id of the test's own): every view works; -p shows what it may
# with net-tools' note; the text views equal net-tools' run the same way.
U=$(free_uid)
RUN_PREFIX="setpriv --reuid=$U --regid=$U --clear-groups"
for args in -r -rn -6rn -s -s6 -gn -tanp -tulpne; do
    check_exact $args
done
expect 0 '^\((Not all processes could be identified|No info could be read for "-p")' -tanp --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(d["owners"]["complete"])' \
    "$WORK/x.out" && pass || fail "-tanp --json unprivileged: owners.complete is not false"
expect 0 '^\(No info could be read for "-p"' -xap
for args in -i -ia -ie "-i --json" "-rn --json" "-s --json" "-g --json" "-tuan --json"; do
    expect 0 "" $args
done
expect 0 "" --explain
grep -q '^(some owners are not visible' "$WORK/x.out" && pass || fail "--explain unprivileged: no owners note"
RUN_PREFIX=
summary
