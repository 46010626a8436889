#!/bin/sh
# --prometheus and --textfile against the real engine: promtool checks the
# text, node_exporter's textfile collector reads DIR/netstat.prom and
# Prometheus scrapes it, all on loopback in this namespace; the series
# Prometheus answers with are what --json says (prometheus_check.py).
OURS=$(readlink -f "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/lib.sh"
enter_netns "$@"
# The servers, unpacked by scripts/tools.sh (make check runs it).
PATH=$ROOT/.tools/usr/bin:$PATH
for tool in prometheus prometheus-node-exporter promtool; do
    if ! command -v $tool >/dev/null; then
        echo "SKIP: $tool is not installed (scripts/tools.sh unpacks it)" >&2
        exit 77
    fi
done
ip link set lo up
ip addr add 192.0.2.1/24 dev lo
ip addr add 2001:db8::1/64 dev lo nodad
# A port published by a redirect rule, as a container runtime publishes one.
nft -f - <<'NFT' || exit 1
table ip nat {
    chain pre { type nat hook prerouting priority -100; tcp dport 8080 redirect to :8002; }
    chain out { type nat hook output priority -100; tcp dport 8080 redirect to :8002; }
}
NFT
/usr/bin/python3 "$HERE/prometheus_check.py" "$OURS" "$HERE"
