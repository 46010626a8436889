#!/bin/sh
# Real programs that run netstat and parse it give the same results with
# ours first in PATH as with net-tools: munin's netstat plugin (netstat -s)
# and Ansible's community.general.listen_ports_facts (netstat -plnt/-plnu,
# and -pant/-panu with include_non_listening), on the rich socket set in a
# throwaway namespace. Usage: clients.sh OURS
OURS=$(readlink -f "$1")
. "$(dirname "$0")/../cli/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns
SOCKSET=$(dirname "$0")/../cli/sockset.py start_sockset 600 || exit 1

# munin: fetch, config and autoconf, as munin-node runs the plugin.
plugin=/usr/share/munin/plugins/netstat
for mode in fetch config autoconf; do
    arg=$mode
    [ "$mode" = fetch ] && arg=
    for side in ref ours; do
        # shellcheck disable=SC2086
        env PATH="$WORK/$side:/usr/bin:/bin" MUNIN_LIBDIR=/usr/share/munin sh "$plugin" $arg \
            >"$WORK/munin.$side" 2>"$WORK/munin.$side.err"
        echo $? >>"$WORK/munin.$side"
    done
    if cmp -s "$WORK/munin.ref" "$WORK/munin.ours" && cmp -s "$WORK/munin.ref.err" "$WORK/munin.ours.err" &&
        grep -q '[a-z]' "$WORK/munin.ref"; then
        pass
        [ "$mode" = fetch ] && echo "munin netstat (fetch): $(grep -c '\.value ' "$WORK/munin.ours") values, the same"
    else
        fail "munin netstat plugin ($mode) differs"
        diff "$WORK/munin.ref" "$WORK/munin.ours" | head -10
    fi
done

# Ansible: the module's facts, run on localhost.
export HOME="$WORK" ANSIBLE_LOCALHOST_WARNING=False ANSIBLE_INVENTORY_UNPARSED_WARNING=False \
    ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_NOCOLOR=1
facts() {
    env PATH="$WORK/$1:/usr/bin:/bin" ansible localhost -c local -i localhost, -o \
        -m community.general.listen_ports_facts ${2:+-a "$2"} 2>"$WORK/ansible.err" |
        /usr/bin/python3 -c '
import json, sys
text = sys.stdin.read()
doc = json.loads(text[text.index("{"):])
facts = doc.get("ansible_facts")
if facts is None:
    sys.exit("no facts: " + text[:300])
for k in ("tcp_listen", "udp_listen"):
    facts[k].sort(key=lambda c: json.dumps(c, sort_keys=True))
print(json.dumps(facts, indent=1, sort_keys=True))
print(len(facts["tcp_listen"]), len(facts["udp_listen"]), file=sys.stderr)
'
}
for extra in "" "include_non_listening=true"; do
    facts ref "$extra" >"$WORK/facts.ref" 2>"$WORK/count.ref" || { fail "ansible with net-tools failed"; cat "$WORK/count.ref" "$WORK/ansible.err"; continue; }
    facts ours "$extra" >"$WORK/facts.ours" 2>"$WORK/count.ours" || { fail "ansible with ours failed"; cat "$WORK/count.ours" "$WORK/ansible.err"; continue; }
    if cmp -s "$WORK/facts.ref" "$WORK/facts.ours" && grep -q '"port"' "$WORK/facts.ref"; then
        pass
        echo "ansible listen_ports_facts ${extra:-(listening)}: $(cat "$WORK/count.ours" | tr ' ' /) tcp/udp entries, the same"
    else
        fail "ansible listen_ports_facts $extra differs"
        diff "$WORK/facts.ref" "$WORK/facts.ours" | head -20
    fi
done
summary
