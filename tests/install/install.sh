#!/bin/sh
# make install and make uninstall into a scratch DESTDIR, the manual's lint,
# and make deb's contents (installing it for real is make check-clients').
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. tests/cli/lib.sh # pass, fail, summary
dest=$(mktemp -d /tmp/netstat-install.XXXXXX)
trap 'rm -rf "$dest"' EXIT

# The manual: no warning from either linter.
out=$(mandoc -T lint -W all doc/netstat.8 2>&1)
if [ -z "$out" ]; then pass; else fail "mandoc -T lint: $out"; fi
out=$(groff -man -wall -z doc/netstat.8 2>&1)
if [ -z "$out" ]; then pass; else fail "groff -wall: $out"; fi
# Every option -h names is in the manual too.
for opt in $(./build/netstat -h | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -q -- "$(echo "$opt" | sed 's/-/\\\\-/g')" doc/netstat.8 || fail "the manual lacks $opt"
done
pass

make -s install PREFIX=/usr DESTDIR="$dest" >/dev/null 2>&1 || fail "make install"
for f in usr/bin/netstat usr/share/man/man8/netstat.8 usr/share/bash-completion/completions/netstat \
    usr/share/doc/netstat/sockets.schema.json usr/share/doc/netstat/README.md; do
    if [ -f "$dest/$f" ]; then pass; else fail "make install: no $f"; fi
done
if "$dest/usr/bin/netstat" -V | grep -q '^netstat '; then pass; else fail "the installed netstat -V"; fi
make -s uninstall PREFIX=/usr DESTDIR="$dest" >/dev/null 2>&1 || fail "make uninstall"
left=$(find "$dest" -type f)
if [ -z "$left" ]; then pass; else fail "make uninstall left: $left"; fi

deb=$(make -s deb 2>/dev/null | tail -1)
if [ -f "$deb" ]; then
    pass
    list=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
    for f in ./usr/bin/netstat-ng ./usr/share/man/man8/netstat-ng.8.gz \
        ./usr/share/bash-completion/completions/netstat-ng ./usr/share/doc/netstat-ng/copyright; do
        if echo "$list" | grep -qx -- "$f"; then pass; else fail "the package lacks $f"; fi
    done
    # nothing that net-tools' netstat owns
    if echo "$list" | grep -Eq '/netstat(\.8\.gz)?$'; then fail "the package has a netstat path"; else pass; fi
    if dpkg-deb -f "$deb" Depends | grep -q libmnl0; then pass; else fail "Depends: $(dpkg-deb -f "$deb" Depends)"; fi
else
    fail "make deb"
fi
summary
