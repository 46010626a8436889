#!/bin/sh
# make deb: a Debian package, netstat-ng, that installs beside net-tools:
# /usr/bin/netstat-ng, its manual netstat-ng(8), its bash completion and
# its docs; nothing named netstat. Making it the default `netstat` is the
# administrator's choice (README: update-alternatives).
# Output: build-deb/netstat-ng_VERSION-1_ARCH.deb
# DEB_MAINTAINER="Name <address>" names who builds it (control file and
# changelog); the default is the project's placeholder address.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/build-deb
name=netstat-ng
version=$(sed -n "s/^  version : '\([^']*\)'.*/\1/p" "$root/meson.build")
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-netstat developers <netstat@example.org>}
rm -rf "$out/stage"
# Debian's build flags, all hardening on (as lintian checks for).
cd "$root"
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cflags="$(dpkg-buildflags --get CFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
ldflags=$(dpkg-buildflags --get LDFLAGS)
if [ ! -f "$out/build.ninja" ]; then
    meson setup "$out" "$root" --prefix=/usr -Dtests=disabled -Dbuildtype=release >/dev/null
fi
meson configure "$out" -Dc_args="$cflags" -Dc_link_args="$ldflags" >/dev/null
ninja -C "$out" >/dev/null
stage=$out/stage
DESTDIR=$stage meson install -C "$out" --no-rebuild >/dev/null
cd "$stage"
mv usr/bin/netstat usr/bin/$name
strip --strip-unneeded --remove-section=.comment --remove-section=.note usr/bin/$name
sed -e "s/^\.TH NETSTAT 8/.TH NETSTAT-NG 8/" usr/share/man/man8/netstat.8 >usr/share/man/man8/$name.8
rm usr/share/man/man8/netstat.8
gzip -9n usr/share/man/man8/$name.8
mv usr/share/bash-completion/completions/netstat usr/share/bash-completion/completions/$name
mv usr/share/doc/netstat usr/share/doc/$name
cat >usr/share/doc/$name/copyright <<COPY
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: netstat
Source: the netstat project

Files: *
Copyright: 2026 the netstat developers
License: GPL-2.0-or-later
 On Debian systems the full text of the GNU General Public License
 version 2 is in /usr/share/common-licenses/GPL-2.
COPY
printf '%s (%s-1) unstable; urgency=medium\n\n  * Built from the tree with make deb.\n\n -- %s  %s\n' \
    "$name" "$version" "$maintainer" "$(date -R -u -d @"${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")" |
    gzip -9n >usr/share/doc/$name/changelog.Debian.gz
gzip -9n usr/share/doc/$name/README.md
# Built from the tree, not uploaded to Debian: no bug to close.
mkdir -p usr/share/lintian/overrides
echo "$name: initial-upload-closes-no-bugs" >usr/share/lintian/overrides/$name

# Dependencies: the package of each shared library the program links.
depends=$(ldd usr/bin/$name | awk '$3 ~ /^\// { print $3 }' | while read -r lib; do
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || pkg=
    [ -z "$pkg" ] && pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
    [ -z "$pkg" ] && continue
    ver=$(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//')
    echo "$pkg (>= $ver)"
done | sort -u | paste -sd, - | sed 's/,/, /g')
size=$(du -sk usr | cut -f1)
mkdir -p DEBIAN
cat >DEBIAN/control <<CTRL
Package: $name
Version: $version-1
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Description: fast, drop-in netstat with filters, JSON and --explain
 A netstat that prints what net-tools' netstat prints, byte for byte, read
 from the kernel's netlink interfaces; with filters the kernel runs
 (--port, --state, --src ...), JSON output, every network namespace at
 once, and --explain: who can reach each listening port.
 .
 Installed as netstat-ng beside net-tools; update-alternatives can make it
 the default netstat (see /usr/share/doc/netstat-ng/README.md.gz).
CTRL
find usr -type f -print0 | sort -z | xargs -0 md5sum >DEBIAN/md5sums
cd "$out"
deb=$out/${name}_$version-1_$arch.deb
dpkg-deb --root-owner-group -Zxz --build stage "$deb" >/dev/null
echo "$deb"
