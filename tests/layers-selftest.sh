#!/bin/sh
# The layer check must be able to fail: a copy of the matrix over a tiny tree
# with known violations must name each one, and a clean tree must pass.
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/starling-layers.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/scripts" "$tmp/src/core" "$tmp/src/ui" "$tmp/include/starling" "$tmp/build"
cp "$root/scripts/layers" "$root/scripts/check-layers.sh" "$tmp/scripts/"
printf '#include "starling/post.h"\n' > "$tmp/src/core/ok.c"
printf '#include <curses.h>\n#include "starling/post.h"\n' > "$tmp/src/ui/ok.c"
: > "$tmp/include/starling/post.h"
fail=0
if ! sh "$tmp/scripts/check-layers.sh" > "$tmp/out" 2>&1; then
	echo "FAIL layers-selftest: a clean tree fails:"; cat "$tmp/out"; fail=1
fi
printf '#include <curses.h>\n#include "starling/store.h"\n#include <sqlite3.h>\n' > "$tmp/src/core/bad.c"
printf '#include "starling/nowhere.h"\n' > "$tmp/src/ui/bad.c"
if sh "$tmp/scripts/check-layers.sh" > "$tmp/out" 2>&1; then
	echo "FAIL layers-selftest: violations pass"; fail=1
fi
for want in 'src/core/bad.c:1: src/core may not include <curses.h>' \
    'src/core/bad.c:2: src/core may not include starling/store.h (layer store)' \
    'src/core/bad.c:3: src/core may not include <sqlite3.h>' \
    'src/ui/bad.c:1: includes starling/nowhere.h, which is not in scripts/layers'; do
	grep -qF "$want" "$tmp/out" || { echo "FAIL layers-selftest: not reported: $want"; fail=1; }
done
if [ $fail -ne 0 ]; then
	cat "$tmp/out"; echo "layers-selftest 0 1" >> "$root/build/results"; exit 1
fi
echo "ok   layers   the check names every kind of violation"
echo "layers-selftest 1 0" >> "$root/build/results"
