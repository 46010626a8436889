#!/bin/sh
# Bad input: every invalid option and argument gets net-tools' messages
# (stdout and stderr) and exit status. Runs in an empty namespace.
OURS=$(readlink -f "$1")
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns

check() { check_exact "$@"; }

check --foo
check -q
check -L
check -t --unknown
check -A
check -A foo
check -A INET
check -A inet,
check -A ,inet
check -A inet,,unix
check -A ""
check -A ec
check -A bluetooth
check -A ddp
check -A econet
check -A ash
check -A ip
check -A tcpip -t
check --protocol
check --protocol=
check --protocol=inet6 -t
check --nu
check --in
check --ver
check --all=1
check --prog -t
check -ri
check -si
check -s -r
check -i -M
check -r -M
# -M alone reads conntrack (net-tools' /proc/net/ip_masquerade is gone):
# the firewall test checks it; its message where conntrack is missing is
# net-tools' own.
check -Z
check -Z --foo
check --foo -Z
check -t -Z
check -?
# -h and --help print our grouped help (a deviation): stdout, status 0,
# nothing on stderr, every option net-tools documents named, no line over
# 80 columns.
for args in -h --help "-h --foo" "-t -h"; do
    # shellcheck disable=SC2086
    run_as "$WORK/ours" "$WORK/help" $args
    if [ "$(cat "$WORK/help.rc")" = 0 ] && [ ! -s "$WORK/help.err" ] &&
        head -1 "$WORK/help.out" | grep -q '^Usage: netstat' &&
        ! awk 'length($0) > 80 { bad = 1 } END { exit !bad }' "$WORK/help.out"; then
        missing=
        for opt in --route --interfaces --groups --statistics --masquerade --verbose --wide \
            --numeric --numeric-hosts --numeric-ports --numeric-users --symbolic --extend \
            --programs --timers --continuous --listening --all --fib --cache --context --tcp \
            --udp --udplite --sctp --raw --unix --protocol --json --explain --netns --port \
            --sport --dport --src --dst --state --pid --program --user --version --help; do
            grep -q -- "$opt" "$WORK/help.out" || missing="$missing $opt"
        done
        if [ -z "$missing" ]; then pass; else fail "netstat $args: help lacks$missing"; fi
    else
        fail "netstat $args: help (status $(cat "$WORK/help.rc"))"
    fi
done
check --tcpip
check --ipx
check --ax25
check --netrom
check --x25
check --rose
check --bluetooth
check --l2cap
check --rfcomm
check -A ax25 -t
check -S -6
check -6 -S
check -S -4
check -Sa -6
check -Sl
check -t extra operands here
check --
check -- -t
summary
