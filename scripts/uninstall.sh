#!/bin/sh
# make uninstall: removes what `make install` put under $DESTDIR$PREFIX,
# as meson lists it for the install build, and the directory of docs if
# it is left empty. Usage: scripts/uninstall.sh BUILDDIR
set -eu
build=$1
meson introspect --installed "$build" | python3 -c '
import json, sys
for path in json.load(sys.stdin).values():
    print(path)
' | while read -r path; do
    target="${DESTDIR:-}$path"
    if [ -e "$target" ] || [ -L "$target" ]; then
        rm -f "$target"
        echo "removed $target"
    fi
    dir=$(dirname "$target")
    case $dir in */doc/netstat) rmdir "$dir" 2>/dev/null || true ;; esac
done
