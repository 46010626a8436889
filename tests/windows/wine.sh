#!/bin/sh
# The Windows build under Wine, against the Linux build on the same
# sockets. Wine's IP Helper reads the Linux tables of the network
# namespace its wineserver runs in, so both backends see one socket set.
# Usage: wine.sh LINUX-NETSTAT [NETSTAT.EXE] (default: build-win's).
set -eu
OURS=$1
HERE=$(cd "$(dirname "$0")" && pwd)
EXE=${2:-$HERE/../../build-win/netstat.exe}
if [ -z "${NETSTAT_IN_NETNS:-}" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
        echo "SKIP: needs root and unshare" >&2
        exit 77
    fi
    if [ ! -x "$EXE" ] || [ ! -x "$(dirname "$EXE")/wsholder.exe" ]; then
        echo "FAIL: $EXE or its wsholder.exe is missing (make windows builds them)" >&2
        exit 1
    fi
    if [ ! -x /usr/lib/wine/wine64 ]; then
        echo "FAIL: no /usr/lib/wine/wine64 (scripts/deps.sh test installs wine)" >&2
        exit 1
    fi
    NETSTAT_IN_NETNS=1 exec unshare --net --mount --uts --propagation private sh "$0" "$OURS" "$EXE"
fi

WORK=$(mktemp -d /tmp/netstat-wine.XXXXXX)
cleanup() {
    if [ -n "${WINEPREFIX:-}" ]; then
        /usr/lib/wine/wineserver -k 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

hostname wintest
ip link set lo up
ip addr add 192.0.2.1/24 dev lo
ip addr add 2001:db8::1/64 dev lo nodad
ip addr add 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/64 dev lo nodad
sysctl -qw net.ipv6.conf.default.accept_dad=0
ip link add wt0 type veth peer name wt1
ip addr add 198.51.100.1/24 dev wt0
ip addr add 198.51.100.2/24 dev wt1
ip link set wt0 up
ip link set wt1 up
ip route add 203.0.113.0/24 via 198.51.100.9 dev wt0 metric 17
cat > "$WORK/hosts" <<'HOSTS'
127.0.0.1	localhost
192.0.2.1	alpha.example.test alpha
198.51.100.2	beta.example.test beta
::1	ip6-localhost
HOSTS
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "$WORK/resolv.conf"
mount --bind "$WORK/hosts" /etc/hosts
mount --bind "$WORK/resolv.conf" /etc/resolv.conf

# One prepared prefix per machine and Wine version (wineboot takes
# seconds), linked into a prefix of this run's own (instant).
TEMPLATE=/tmp/netstat-wine-prefix-$(id -u)-$(/usr/lib/wine/wine64 --version 2>/dev/null | tr -c 'A-Za-z0-9.\n' _)
if [ ! -f "$TEMPLATE/system.reg" ]; then
    rm -rf "$TEMPLATE.new"
    WINEARCH=win64 WINEPREFIX="$TEMPLATE.new" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
        /usr/lib/wine/wine64 wineboot -i >/dev/null 2>&1 || true
    WINEPREFIX="$TEMPLATE.new" /usr/lib/wine/wineserver -w || true
    if [ ! -f "$TEMPLATE.new/system.reg" ]; then
        echo "FAIL: wineboot could not make a Wine prefix" >&2
        exit 1
    fi
    rm -rf "$TEMPLATE"
    mv "$TEMPLATE.new" "$TEMPLATE"
fi
cp -al "$TEMPLATE" "$WORK/prefix"
export WINEPREFIX="$WORK/prefix" WINEDEBUG=-all
# The server inside this namespace: Wine's IP Helper reads its tables.
/usr/lib/wine/wineserver -p

python3 "$HERE/wine_check.py" "$OURS" "$EXE" "$(dirname "$EXE")/wsholder.exe" \
    "$HERE/../../doc"
