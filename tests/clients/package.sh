#!/bin/sh
# The Debian package (make deb) on this machine, beside net-tools: it
# installs with apt, owns no path net-tools owns, brings its manual and
# completion; update-alternatives makes it the `netstat` found first in
# PATH and takes it back; removing it leaves net-tools whole.
# lintian reports nothing on it. Usage: package.sh DEB. Leaves the
# machine as it found it.
set -u
deb=$(readlink -f "$1")
. "$(dirname "$0")/../cli/lib.sh" # pass, fail, summary
check() { # check DESCRIPTION COMMAND...
    what=$1
    shift
    if "$@" >/dev/null 2>&1; then pass; else fail "$what"; fi
}
if dpkg-query -W -f='${Status}' netstat-ng 2>/dev/null | grep -q "install ok"; then
    echo "SKIP: netstat-ng is installed already: remove it first" >&2
    exit 77
fi
if [ -e /usr/local/bin/netstat ]; then
    echo "SKIP: /usr/local/bin/netstat exists (make install?): the alternative would clash" >&2
    exit 77
fi
nt_before=$(dpkg -L net-tools | sort | xargs -r md5sum 2>/dev/null | md5sum)

export DEBIAN_FRONTEND=noninteractive
# Debian's own checker, its pedantic and informational tags too.
lint=$(lintian --pedantic -I --tag-display-limit 0 "$deb" 2>&1 |
    grep -v "running with root privileges")
if [ -z "$lint" ]; then pass; else fail "lintian: $lint"; fi
check "apt-get install $deb" apt-get install -y "$deb"
check "net-tools still owns /bin/netstat" sh -c 'dpkg -S /bin/netstat | grep -q "^net-tools:"'
check "the package names nothing netstat" sh -c '! dpkg -L netstat-ng | grep -E "/netstat(\.8\.gz)?$"'
check "netstat-ng -V" sh -c 'netstat-ng -V | grep -q "^netstat [0-9]"'
check "netstat-ng -tln" netstat-ng -tln
check "/bin/netstat is net-tools'" sh -c '/bin/netstat -V 2>&1 | grep -q net-tools'
check "man -w netstat-ng" man -w netstat-ng
check "the manual renders cleanly" sh -c 'zcat "$(man -w netstat-ng)" | groff -man -wall -Tutf8 -z 2>&1 | (! grep .)'
check "completion registered" bash --norc -c '. /usr/share/bash-completion/bash_completion;
    _completion_loader netstat-ng; complete -p netstat-ng | grep -q _netstat'

# The default netstat, as the README says.
made_man=
[ -d /usr/local/share/man/man8 ] || made_man=1
mkdir -p /usr/local/share/man/man8
update-alternatives --quiet --install /usr/local/bin/netstat netstat /usr/bin/netstat-ng 50 \
    --slave /usr/local/share/man/man8/netstat.8.gz netstat.8.gz /usr/share/man/man8/netstat-ng.8.gz
check "netstat in PATH is ours" sh -c 'PATH=/usr/local/bin:/usr/bin:/bin netstat -V | grep -q "^Features:"'
check "netstat resolves to netstat-ng" sh -c \
    'test "$(PATH=/usr/local/bin:/usr/bin:/bin readlink -f "$(command -v netstat)")" = /usr/bin/netstat-ng'
check "man netstat is ours" sh -c 'man -w netstat | grep -q netstat-ng'
check "it calls itself netstat" sh -c 'PATH=/usr/local/bin:/usr/bin:/bin netstat -tan --port 99999 2>&1 | grep -q "^netstat: --port"'
update-alternatives --quiet --remove netstat /usr/bin/netstat-ng
check "the alternative is gone" test ! -e /usr/local/bin/netstat
[ -n "$made_man" ] && rmdir /usr/local/share/man/man8 2>/dev/null

check "apt-get remove" apt-get remove -y netstat-ng
check "netstat-ng is gone" test ! -e /usr/bin/netstat-ng
nt_after=$(dpkg -L net-tools | sort | xargs -r md5sum 2>/dev/null | md5sum)
check "net-tools untouched" test "$nt_before" = "$nt_after"
summary
