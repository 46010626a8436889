#!/bin/sh
# Installs the Debian packages a target needs, only those missing.
# Usage: scripts/deps.sh build|test|bench|clients|windows
set -eu
build="gcc libc6-dev pkg-config meson ninja-build libmnl-dev libncurses-dev clang libbpf-dev bpftool dpkg-dev"
test="$build tmux libcmocka-dev netbase net-tools iproute2 nftables iptables conntrack python3 python3-jsonschema jq util-linux procps clang libclang-rt-14-dev clang-format valgrind mandoc groff-base man-db bash-completion"
windows="meson ninja-build linux-libc-dev gcc-mingw-w64-x86-64"
test="$test $windows wine wine64"
clients="$test munin-plugins-core ansible lintian"
bench="$build net-tools iproute2 util-linux procps nftables bc python3"
case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
bench) want=$bench ;;
clients) want=$clients ;;
windows) want=$windows ;;
*) echo "usage: $0 build|test|bench|clients|windows" >&2; exit 2 ;;
esac
# The Prometheus test's servers: unpacked, not installed (scripts/tools.sh).
[ "${1:-build}" = test ] && "$(dirname "$0")/tools.sh"
missing=""
for p in $want; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
    echo "netstat: need root to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y --no-install-recommends $missing >/dev/null || {
    apt-get update >/dev/null && apt-get install -y --no-install-recommends $missing >/dev/null
}
