#!/bin/sh
# The bash completion in a real bash, with bash-completion loaded: it is
# registered (complete -p), and completes options, families, states (in a
# comma list, and after --state=), namespaces, users and addresses.
here=$(cd "$(dirname "$0")" && pwd)
file=$here/../../completion/netstat.bash
if [ ! -r /usr/share/bash-completion/bash_completion ]; then
    echo "SKIP: bash-completion is not installed" >&2
    exit 77
fi
exec bash --norc --noprofile -c '
. /usr/share/bash-completion/bash_completion
. "$1"
pass=0 fail=0
# expect "COMMAND LINE" WORD...: completing the last word offers every WORD
expect() {
    line=$1
    shift
    read -ra COMP_WORDS <<<"$line"
    case $line in *" ") COMP_WORDS+=("") ;; esac
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMPREPLY=()
    _netstat netstat "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    for want in "$@"; do
        found=
        for got in "${COMPREPLY[@]}"; do [ "$got" = "$want" ] && found=1; done
        if [ -z "$found" ]; then
            echo "FAIL: completing \"$line\": no \"$want\" in: ${COMPREPLY[*]:0:12}"
            fail=$((fail + 1))
            return
        fi
    done
    pass=$((pass + 1))
}
reg=$(complete -p netstat 2>/dev/null)
if [ "$reg" = "complete -F _netstat netstat" ]; then pass=$((pass + 1)); else
    echo "FAIL: complete -p netstat: $reg"; fail=$((fail + 1)); fi
expect "netstat --sta" --state --statistics
expect "netstat -" -t -u -x -l -a -n -p -r -i -s --json --explain --netns
expect "netstat --" --info --memory --listen-queues --summary --kill --dry-run --events
expect "netstat --" --rate --interface --human --count --top --prometheus --textfile
expect "netstat -i --interface " total lo
expect "netstat --textfile /" /tmp
expect "netstat --po" --port
expect "netstat --pro" --protocol --programs --program
expect "netstat -A in" inet inet6
expect "netstat -A inet,u" inet,unix
expect "netstat --state es" established
expect "netstat --state established,li" established,listen established,listening
expect "netstat --state=syn" syn_sent syn_recv synchronized
expect "netstat --netns " all
expect "netstat --user ro" root
expect "netstat --src 127" 127.0.0.1 127.0.0.1/8
expect "netstat --port ss" ssh
expect "netstat -tan --dport htt" http https
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
' completion "$file"
