#!/bin/sh
# Runs make targets on a fresh Debian 12, as a new user meets the project:
# a minimal system (debootstrap's minbase with git and make, the hosts file
# an installed system has, nothing else), the committed HEAD cloned into
# it, then `make TARGET` for each target in turn, as root, with the network
# this machine has. The README's prerequisites are exactly that.
#
#   scripts/fresh-machine.sh run          # the README's first command
#   scripts/fresh-machine.sh run check    # both, one after the other
#   KEEP=1 scripts/fresh-machine.sh ...   # keep the machine to look inside
#
# The base system is made once (about a minute) and kept in $FRESH_BASE
# (default /tmp/netstat-fresh-debian12); every run copies it, so each
# starts clean. Exits with the first failing target's status. Needs root.
set -u
[ $# -gt 0 ] || set -- run
[ "$(id -u)" = 0 ] || { echo "fresh-machine: needs root (debootstrap, chroot)" >&2; exit 2; }
proj=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel) || exit 2
base=${FRESH_BASE:-/tmp/netstat-fresh-debian12}

make_base() {
    command -v debootstrap >/dev/null ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap \
            >/dev/null || { echo "fresh-machine: cannot install debootstrap" >&2; return 1; }
    # The archive this machine's apt uses.
    mirror=$(awk '$1 == "URIs:" { print $2; exit }' /etc/apt/sources.list.d/*.sources 2>/dev/null)
    [ -n "$mirror" ] ||
        mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
    echo "fresh-machine: making the base system in $base (once)" >&2
    rm -rf "$base.tmp"
    debootstrap --variant=minbase --include=git,make bookworm "$base.tmp" "$mirror" \
        >"$base.log" 2>&1 || { echo "fresh-machine: debootstrap failed, see $base.log" >&2; return 1; }
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$base.tmp/etc/hosts"
    mv "$base.tmp" "$base"
}

# One maker at a time: two runs at once share the base.
exec 9>"$base.lock"
flock 9
[ -x "$base/bin/bash" ] || make_base || exit 1
flock -u 9

root=$(mktemp -d /tmp/netstat-fresh.XXXXXX)
cleanup() {
    if [ -n "${KEEP:-}" ]; then echo "fresh-machine: kept $root" >&2; else rm -rf "$root"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cp -a "$base/." "$root/"
rm -f "$root"/etc/apt/sources.list.d/*
cp /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
git clone -q "$proj" "$root/root/netstat" || exit 1

# In a mount namespace of its own: the machine's /proc, /sys, /dev, /run
# and /tmp go away with it. Its root is a mount point, as on a machine.
unshare -m --propagation private sh -c '
    r=$1
    shift
    mount --bind "$r" "$r"
    mount -t proc proc "$r/proc"
    mount --rbind /sys "$r/sys"
    mount --rbind /dev "$r/dev"
    mount -t tmpfs tmpfs "$r/run"
    mount -t tmpfs tmpfs "$r/tmp"
    exec chroot "$r" /bin/sh -c "
        apt-get update >/dev/null 2>&1
        cd /root/netstat || exit 1
        for t in \"\$@\"; do
            echo \"fresh-machine: make \$t\" >&2
            make \"\$t\" || exit
        done" sh "$@"
' sh "$root" "$@"
