#!/bin/sh
# Compares our text output with /bin/netstat (net-tools 2.10) byte for byte,
# stdout, stderr and exit status, for many option combinations, on one rich
# socket set in a throwaway namespace. Apart from the README's deviations,
# which are normalised here explicitly (and only those), they must be equal.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns
start_sockset 300 || exit 1

# Deviations (README): whole UNIX paths where net-tools cuts at a space;
# timer numbers under -o (milliseconds vs clock ticks, and they move).
normalise() {
    sed -e 's#/with space\.sock$#/with#' -e 's#@abstract dgram$#@abstract#' \
        -e 's#\(off\|on[0-9]*\|keepalive\|timewait\|probe\|unkn-[0-9]*\) ([0-9.]*/[0-9]*/[0-9]*)$#\1 (T)#' "$1"
}

same() {
    for f in out err; do
        normalise "$WORK/ref.$f" >"$WORK/ref.$f.n"
        normalise "$WORK/ours.$f" >"$WORK/ours.$f.n"
        cmp -s "$WORK/ref.$f.n" "$WORK/ours.$f.n" || return 1
    done
    cmp -s "$WORK/ref.rc" "$WORK/ours.rc"
}

check() {
    # Sockets move (timers, TIME_WAIT expiry): on a difference, run both
    # again once; the second pair must then agree.
    for attempt in 1 2; do
        run_as "$WORK/ref" "$WORK/ref" "$@"
        run_as "$WORK/ours" "$WORK/ours" "$@"
        if same; then
            pass
            return
        fi
    done
    fail "netstat $*"
    diff "$WORK/ref.out.n" "$WORK/ours.out.n" | head -20
    diff "$WORK/ref.err.n" "$WORK/ours.err.n" | head -5
    echo "status: ref $(cat "$WORK/ref.rc") ours $(cat "$WORK/ours.rc")"
}

while read -r args; do
    case "$args" in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2086
    check $args
done <<'COMBOS'
# default and the socket kinds
-t
-ta
-tan
-tl
-tln
-tlnp
-tanp
-tanpe
-tane
-taneeW
-tanW
-taW
-u
-ua
-uan
-ul
-ulnp
-w
-wa
-wan
-U
-Ua
-Uan
-x
-xa
-xl
-xap
-xan
-xlp

-a
-an
-ap
-anp
-anpe
-l
-ln
-lnp
-e
-ae
-aee
-aeW
# families
-4
-4a
-6a
-6an
-A inet
-A inet6 -a
-A unix -a
-A inet,unix -an
--inet --unix -a
--inet6 -tan
--protocol=inet6 -ua
-A ddp -a
# names
--numeric-hosts -ta
--numeric-ports -ta
--numeric-users -tae
--numeric-hosts --numeric-ports -uae
# timers
-tano
-tanoe
-uao
-wao
# typical script invocations
-tulpn
-tuanp
-plnt
-plnu
-natp
-anlp
# flags with no effect on sockets
-aN
-aC
-taF
-tad
# multicast groups
-g
-gn
-g4
-g6
-g -t
-gx
-gv
-g -A inet6
-ga
--groups --numeric-hosts
# routing tables: IPv6, several families in one run, families without one
-r6
-rn6
-rN6
-r6e
-rn6ee
-r6C
-r6FC
-r -4 -6
-rA inet6,inet
-r --inet6 --unix
-rA unix
-rA ddp
-rA ax25
-rA inet,unix,inet6
# families this system lacks, and -v
-v
-av
-S
-S -t
-t -S
--ipx -t
--ax25
--netrom -x
-t --x25
--rose
--bluetooth
-t --l2cap
--tcpip -t
COMBOS

# A seeded random sweep: 150 more combinations of the socket, family, name
# and route flags (and a long option now and then), each compared the same
# way. Interfaces stay out: their counters move here (views.sh freezes them).
python3 -c '
import random
random.seed(7)
flags = list("tuUwxalneopW46vgSNCFd")
longs = ["--inet", "--inet6", "--unix", "--numeric-hosts", "--numeric-ports",
         "--numeric-users", "-A inet", "-A inet6", "-A unix", "-A inet,unix", "--ipx",
         "-r"]
for _ in range(150):
    args = "-" + "".join(random.sample(flags, random.randint(1, 4)))
    if random.random() < 0.4:
        args += " " + random.choice(longs)
    print(args)
' >"$WORK/sweep"
while read -r args; do
    # shellcheck disable=SC2086
    check $args
done <"$WORK/sweep"

# -c: refreshes, each block equal to a single listing.
run_as "$WORK/ref" "$WORK/ref" -tn
RUN_PREFIX="timeout -s INT 2.5" run_as "$WORK/ours" "$WORK/ours" -c -tn
blocks=$(grep -c '^Active Internet' "$WORK/ours.out")
first=$(awk '/^Active Internet/{n++} n==1' "$WORK/ours.out")
if [ "$blocks" -ge 2 ] && [ "$first" = "$(cat "$WORK/ref.out")" ]; then pass; else
    fail "-c -tn: $blocks blocks"
fi

# As an unprivileged user: '-' for what it may not see, and net-tools' note.
if command -v setpriv >/dev/null; then
    U=$(free_uid)
    RUN_PREFIX="setpriv --reuid=$U --regid=$U --clear-groups"
    for args in "-tanp" "-xap" "-tulpne"; do
        # shellcheck disable=SC2086
        check $args
    done
    RUN_PREFIX=
fi

summary
