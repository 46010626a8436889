#!/bin/sh
# A sample of views under valgrind (memcheck): no invalid read or write,
# no use of uninitialised memory, no leak of any kind. The plain build
# only: a sanitizer build cannot run under valgrind (skipped, status 77).
OURS=$(readlink -f "$1")
if grep -q __asan_init "$OURS"; then
    echo "SKIP: a sanitizer build cannot run under valgrind"
    exit 77
fi
. "$(dirname "$0")/lib.sh"
enter_netns "$@"
trap cleanup EXIT
setup_netns
start_sockset 50 || exit 1
VG="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible"
set -f # the patterns below are netstat's, not the shell's
while read -r args; do
    $VG "$OURS" $args >"$WORK/out" 2>"$WORK/err"
    rc=$?
    if [ $rc -eq 99 ] || grep -q '^==[0-9]*==' "$WORK/err"; then
        fail "valgrind netstat $args (status $rc)"
        grep '^==' "$WORK/err" | head -20
    else
        pass
    fi
done <<'VIEWS'
-tanp
-xap
-tuanpe --json
-tu
-an
-i
-ie
-ia --json
-rn
-r
-6rn
-s
-s6 --json
-g
--explain
--explain 22 --json
--netns all -tanp
-tuan --port 22,5000-5020,ssh --state listening,established --src 127.0.0.0/8,::1
-anp --pid 1,2 --program py* --user root
-xa --src /tmp/*,@*
--explain --port 22 --src 0.0.0.0/0
VIEWS
summary
