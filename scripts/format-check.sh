#!/bin/sh
# Fails when a C file is not formatted per .clang-format (skipped, with a
# note, where clang-format is not installed).
set -eu
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null 2>&1; then
    echo "format-check: clang-format not installed, skipped" >&2
    exit 0
fi
bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find src tests -name '*.[ch]'); do
    if ! clang-format "$f" | cmp -s - "$f"; then
        echo "format-check: $f is not formatted (run: make format)" >&2
        bad=1
    fi
done
# No OS-specific conditionals outside the platform backends.
if grep -rn '#if.*\(__linux__\|_WIN32\|__APPLE__\|__FreeBSD__\)' src --include='*.[ch]' | grep -v '^src/platform/'; then
    echo "format-check: OS #if outside src/platform/" >&2
    bad=1
fi
exit $bad
