#!/bin/sh
# Runs unit-test binaries in DIR (all, or the names given) and appends one line per
# binary to build/results: "<label> <passed> <failed>". A binary that dies without
# printing its tally counts as one failure. Never stops early.
dir=$1; shift
label=$(basename "$(dirname "$dir")")
mkdir -p build
if [ $# -eq 0 ]; then set -- $(cd "$dir" && ls test_* 2>/dev/null | grep -v "\.d$"); fi
for t in "$@"; do
	out=$("$dir/$t" 2>&1); rc=$?
	tally=$(printf '%s\n' "$out" | sed -n 's/^tally: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
	if [ -z "$tally" ]; then tally="0 1"; fi
	set -- $tally "$@"; p=$1; f=$2; shift 2
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out" | tail -n 40
		printf 'FAIL %-8s %-22s %s passed, %s failed (exit %s)\n' "$label" "$t" "$p" "$f" "$rc"
	else
		printf 'ok   %-8s %-22s %s passed\n' "$label" "$t" "$p"
	fi
	echo "$label/$t $p $f" >> build/results
done
exit 0
