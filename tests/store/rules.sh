#!/bin/sh
# The rules' exactly-once test: 8 processes record the same 300 inbox posts
# (each in an order of its own) with the same 6 rules on one store; every
# post must be recorded once, and every action the rules give for it must be
# in the audit log exactly once, made by its rule. Appends its tally to
# build/results like the unit tests.
#   sh tests/store/rules.sh [WRITERS] [POSTS]   (from the repository;
#   STARLING_STORE_URL: the same on another store, as concurrency.sh)
writers=${1:-8}
posts=${2:-300}
build=build/${BUILD:-normal}

driver=$build/tests/rules_driver
make --no-print-directory BUILD="${BUILD:-normal}" "$driver" >/dev/null || exit 1

dir=$(mktemp -d /tmp/starling-rules-XXXXXX)
trap 'rm -rf "$dir"' EXIT
db=${STARLING_STORE_URL:-$dir/triage.db}
label=${STORE_LABEL:-store/rules}

"$driver" init "$db" || exit 1
i=1
while [ "$i" -le "$writers" ]; do
	"$driver" run "$db" "w$i" "$i" "$posts" >"$dir/w$i.log" 2>&1 &
	i=$((i + 1))
done
wait

out=$("$driver" verify "$db" "$posts")
printf '%s\n' "$out"
passed=$(printf '%s\n' "$out" | grep -c '^ok ')
failed=$(printf '%s\n' "$out" | grep -c '^FAIL ')
# Every writer finished, and together they recorded each post once.
sum=0
for f in "$dir"/w*.log; do
	if ! grep -q '^DONE ' "$f"; then
		echo "FAIL writer: $(head -n 3 "$f")"; failed=$((failed + 1))
		continue
	fi
	set -- $(grep '^DONE ' "$f")
	sum=$((sum + $2))
	[ "$4" = 0 ] || { echo "FAIL writer $f: $4 failures"; grep -m3 '^ERR' "$f"; failed=$((failed + 1)); }
done
if [ "$sum" = "$posts" ]; then
	echo "ok   writers: $writers processes recorded $sum posts between them"
	passed=$((passed + 1))
else
	echo "FAIL writers: $sum recordings acknowledged for $posts posts"
	failed=$((failed + 1))
fi
echo "tally: $passed passed, $failed failed"
mkdir -p build && echo "$label $passed $failed" >>build/results
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
