# bash completion for netstat (this project's): options, address families,
# states, namespaces, users, processes, and the addresses of the machine's
# interfaces for --src and --dst.

_netstat_list()
{
    # completes one element of a comma-separated list
    local cur=$1
    shift
    local prefix=""
    [[ $cur == *,* ]] && prefix=${cur%,*},
    COMPREPLY=($(compgen -P "$prefix" -W "$*" -- "${cur##*,}"))
    [[ ${#COMPREPLY[@]} -eq 1 ]] && compopt -o nospace 2>/dev/null
    return 0
}

_netstat_addresses()
{
    # every address of every interface, and its network
    if command -v ip >/dev/null 2>&1; then
        ip -o addr show 2>/dev/null | awk '{ split($4, a, "/"); print a[1]; print $4 }'
    fi
}

_netstat()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -s || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
    fi

    local families="inet inet6 unix ipx ax25 netrom x25 rose ddp appletalk econet ash bluetooth"
    local states="established syn_sent syn_recv fin_wait1 fin_wait2 time_wait close close_wait
        last_ack listen closing unknown connected connecting disconnecting unconnected free
        synchronized listening all"
    # --opt=value
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    fi

    case $prev in
    -A | --protocol)
        _netstat_list "$cur" $families
        return
        ;;
    --state)
        _netstat_list "$cur" $states
        return
        ;;
    --netns)
        local names
        names=$(ls /run/netns 2>/dev/null)
        COMPREPLY=($(compgen -W "all $names" -- "$cur"))
        return
        ;;
    --user)
        _netstat_list "$cur" $(compgen -u)
        return
        ;;
    --pid)
        _netstat_list "$cur" $(cd /proc 2>/dev/null && compgen -G '[0-9]*')
        return
        ;;
    --program)
        _netstat_list "$cur" $(cat /proc/[0-9]*/comm 2>/dev/null | sort -u)
        return
        ;;
    --src | --dst)
        if [[ $prev == --src && ${cur##*,} == /* ]]; then
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return
        fi
        _netstat_list "$cur" $(_netstat_addresses)
        return
        ;;
    --port | --sport | --dport)
        _netstat_list "$cur" $(awk '$1 !~ /^#/ && NF >= 2 { print $1 }' /etc/services 2>/dev/null |
            sort -u)
        return
        ;;
    --interface)
        COMPREPLY=($(compgen -W "total $(ls /sys/class/net 2>/dev/null)" -- "$cur"))
        return
        ;;
    --textfile)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    --count)
        return
        ;;
    --explain)
        if [[ $cur != -* ]]; then
            COMPREPLY=($(compgen -W "$(_netstat_addresses | grep -v /)" -- "$cur"))
            return
        fi
        ;;
    esac

    if [[ $cur == -* ]]; then
        local opts="-r --route -i --interfaces -g --groups -s --statistics -M --masquerade
            -v --verbose -W --wide -n --numeric --numeric-hosts --numeric-ports --numeric-users
            -N --symbolic -e --extend -p --programs -o --timers -c --continuous -l --listening
            -a --all -F --fib -C --cache -Z --context -t --tcp -u --udp -U --udplite -S --sctp
            -w --raw -x --unix -4 -6 -A --protocol --inet --inet6 --ipx --ax25 --netrom --x25
            --rose --ddp --appletalk --bluetooth -j --json --explain --netns --info --memory --listen-queues
            --summary --kill --dry-run --events --rate --interface --human --count --top
            --prometheus --textfile --port --sport
            --dport --src --dst --state --pid --program --user -V --version -h --help"
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    return 0
}

# netstat-ng: the name the Debian package installs it under
complete -F _netstat netstat netstat-ng
