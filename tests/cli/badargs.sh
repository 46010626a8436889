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
check -M
check -Z
check -Z --foo
check --foo -Z
check -t -Z
check -h
check --help
check -?
check -h --foo
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
