#!/bin/sh
# Builds every libFuzzer harness with clang (ASan+UBSan) and runs each for a
# few seconds on its seed corpus. FUZZ_SECONDS sets the time per harness.
# Skipped (exit 77) where clang's libFuzzer runtime is not installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/build-fuzz}
secs=${FUZZ_SECONDS:-5}
CC=${FUZZ_CC:-clang}
if ! command -v "$CC" >/dev/null; then
    echo "SKIP: $CC not installed" >&2
    exit 77
fi
mkdir -p "$out"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -D_GNU_SOURCE -I$root/src"
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n){(void)d;(void)n;return 0;}' |
    $CC $flags -x c - -o "$out/probe" 2>/dev/null; then
    echo "SKIP: no libFuzzer runtime for $CC" >&2
    exit 77
fi
src=$root/src
build() {
    name=$1
    shift
    $CC $flags -o "$out/$name" "$here/$name.c" "$@"
}
build fuzz_procnet "$src/platform/linux/procnet.c" "$src/platform/linux/procgroups.c" \
    "$src/platform/linux/procdev.c" "$src/platform/linux/procroute.c" "$src/platform/linux/linkinfo.c" \
    "$src/platform/linux/procsnmp.c" "$src/platform/linux/textfile.c"
build fuzz_sockdiag "$src/platform/linux/sockdiag.c" "$src/platform/linux/rtnl.c" \
    "$src/platform/linux/nlattr.c" "$src/platform/linux/nldump.c" "$src/platform/linux/nsenter.c" \
    "$src/util/grow.c" -lmnl -lpthread
build fuzz_options "$src/cli/options.c" "$src/cli/usage.c" "$src/cli/seconds.c" "$src/filter/filter.c" "$src/model/sock.c" \
    "$src/platform/linux/diagbc.c" "$src/platform/linux/platform.c" \
    "$src/platform/linux/procnet.c" "$src/platform/linux/procgroups.c" "$src/platform/linux/textfile.c" \
    "$src/platform/linux/sockdiag.c" "$src/platform/linux/procdev.c" "$src/platform/linux/procroute.c" \
    "$src/platform/linux/linkinfo.c" "$src/platform/linux/procsnmp.c" \
    "$src/platform/linux/rtnl.c" "$src/platform/linux/nlattr.c" "$src/platform/linux/nldump.c" \
    "$src/platform/linux/owners.c" "$src/platform/linux/owners_map.c" "$src/platform/linux/owners_nobpf.c" \
    "$src/platform/linux/nsenter.c" "$src/platform/linux/netns.c" \
    "$src/platform/linux/cgroup.c" "$src/model/netns.c" "$src/util/grow.c" \
    "$src/platform/linux/nftables.c" "$src/platform/linux/ctnetlink.c" "$src/model/firewall.c" \
    -lmnl -lpthread
build fuzz_firewall "$src/platform/linux/nftables.c" "$src/platform/linux/ctnetlink.c" \
    "$src/model/firewall.c" "$src/explain/fweval.c" "$src/explain/fwxt.c" "$src/explain/fwtext.c" \
    "$src/platform/linux/nldump.c" "$src/platform/linux/nsenter.c" "$src/util/grow.c" \
    -lmnl -lpthread
# Windows' option dialect: the same harness over its parser
$CC $flags -o "$out/fuzz_options_win" "$here/fuzz_options.c" "$src/cli/options_win.c" \
    "$src/cli/usage_win.c" "$src/cli/seconds.c" "$src/filter/filter.c" \
    "$src/platform/linux/diagbc.c" "$src/util/grow.c" "$src/model/sock.c" -DNETSTAT_VERSION='"fuzz"'
build fuzz_escape "$src/util/escape.c"
build fuzz_filter "$src/filter/filter.c" "$src/platform/linux/diagbc.c" "$src/util/grow.c" \
    "$src/model/sock.c"
build fuzz_json "$src/render/json.c" "$src/util/fmt.c"
build fuzz_notation "$src/explain/notation.c"
build fuzz_owners "$src/platform/linux/owners_map.c" "$src/util/grow.c"
build fuzz_cgroup "$src/platform/linux/cgroup.c" "$src/platform/linux/textfile.c" "$src/model/netns.c"
fail=0
for h in procnet sockdiag options options_win escape json notation cgroup filter firewall owners; do
    work=$(mktemp -d)
    cp "$here/corpus/$h/"* "$work/" 2>/dev/null || true
    mask=0
    [ "$h" = options ] || [ "$h" = options_win ] && mask=3
    if "$out/fuzz_$h" -max_total_time="$secs" -max_len=4096 -close_fd_mask=$mask \
        -artifact_prefix="$out/" "$work" >"$out/fuzz_$h.log" 2>&1; then
        echo "fuzz_$h: ok ($(grep -c '' "$out/fuzz_$h.log") log lines)"
    else
        echo "fuzz_$h: FAILED, see $out/fuzz_$h.log"
        tail -30 "$out/fuzz_$h.log"
        fail=1
    fi
    rm -rf "$work"
done
exit $fail
