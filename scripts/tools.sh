#!/bin/sh
# The Prometheus test's servers (prometheus, promtool, and node_exporter
# as prometheus-node-exporter), unpacked from Debian's own packages into
# .tools/ of the checkout: not installed, because installing them enables
# and starts two network services (on ports 9090 and 9100) on the machine
# that runs the tests. Both are Go programs that need only the C library.
# Usage: scripts/tools.sh   (after it, .tools/usr/bin holds the three)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/.tools
have() { [ -x "$dir/usr/bin/prometheus" ] && [ -x "$dir/usr/bin/promtool" ] &&
    [ -x "$dir/usr/bin/prometheus-node-exporter" ]; }
have && exit 0
echo "unpacking prometheus and prometheus-node-exporter into $dir" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt downloads as its own user where it can: the directory is for all
chmod 755 "$tmp"
get() { (cd "$tmp" && apt-get download prometheus prometheus-node-exporter >/dev/null 2>&1); }
get || { apt-get update >/dev/null 2>&1 && get; } || {
    echo "netstat: cannot download prometheus and prometheus-node-exporter from the archive" >&2
    exit 1
}
mkdir -p "$dir"
for deb in "$tmp"/*.deb; do
    dpkg-deb -x "$deb" "$dir"
done
have || { echo "netstat: the packages did not hold the programs expected" >&2; exit 1; }
