#!/bin/sh
# kill -9 a writer in the middle of a burst of 1,000 triage writes (notes and
# tags, each printed the moment store_* returned 0), several rounds on one
# store; after each, reopen: every acknowledged write must be there, the
# writer's audit rows must be its acks (plus at most the one in flight) and
# the file must pass PRAGMA integrity_check. Appends its tally to
# build/results like the unit tests.
#   sh tests/store/crash.sh [ROUNDS]     (from the repository; BUILD=asan
#   for the sanitizer build)
rounds=${1:-8}
build=build/${BUILD:-normal}
passed=0 failed=0 missed=0

# The writer, built by the Makefile with the project's flags.
driver=$build/tests/store_driver
make --no-print-directory BUILD="${BUILD:-normal}" "$driver" >/dev/null || exit 1

dir=$(mktemp -d /tmp/starling-crash-XXXXXX)
trap 'rm -rf "$dir"' EXIT
# STARLING_STORE_URL: the same test on another store (tests/pg/check.sh
# gives it a PostgreSQL database of its own); STORE_LABEL names its tally.
db=${STARLING_STORE_URL:-$dir/triage.db}
label=${STORE_LABEL:-store/crash}
"$driver" init "$db" || exit 1

r=1
while [ "$r" -le "$rounds" ]; do
	log=$dir/r$r.log
	"$driver" crash "$db" "crash$r" 1000 >"$log" 2>"$dir/r$r.err" &
	pid=$!
	# Wait for the writer to be open and writing, then kill it a random
	# few milliseconds into its burst.
	n=0
	while ! grep -q '^ACK' "$log" 2>/dev/null && [ "$n" -lt 2000 ]; do
		sleep 0.001; n=$((n + 1))
	done
	ms=$(awk -v s="$$$r" 'BEGIN { srand(s); printf "0.%03d", 2 + int(rand() * 40) }')
	sleep "$ms"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	acks=$(grep -c '^ACK' "$log")
	if grep -q '^DONE' "$log"; then
		# A machine fast enough to finish first: still checked below.
		echo "note round $r: the writer finished before the kill ($ms s)"
		missed=$((missed + 1))
	else
		echo "ok   round $r: killed after $acks of 1000 acknowledged writes"
		passed=$((passed + 1))
	fi
	out=$("$driver" verify-crash "$db" "$log")
	printf '%s\n' "$out" | sed 's/^/     /'
	for s in ok FAIL; do
		k=$(printf '%s\n' "$out" | grep -c "^$s ")
		[ "$s" = ok ] && passed=$((passed + k)) || failed=$((failed + k))
	done
	r=$((r + 1))
done
# Everything from every round, once more on the reopened file.
out=$("$driver" verify-crash "$db" "$dir"/r*.log)
printf '%s\n' "$out" | grep -v '^ok   crash'
passed=$((passed + $(printf '%s\n' "$out" | grep -c '^ok ')))
failed=$((failed + $(printf '%s\n' "$out" | grep -c '^FAIL ')))
if [ $((missed * 2)) -gt "$rounds" ]; then
	echo "FAIL only $((rounds - missed)) of $rounds kills landed mid-burst"
	failed=$((failed + 1))
fi
echo "tally: $passed passed, $failed failed"
mkdir -p build && echo "$label $passed $failed" >>build/results
[ "$failed" -eq 0 ]
