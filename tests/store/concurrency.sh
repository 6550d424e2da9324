#!/bin/sh
# 8 processes x 1,000 mixed triage changes (assign, tag, status, note) on 20
# shared posts of one store; then every acknowledged change must be in the
# audit log in its writer's order, each change must have seen the one before
# it, and the final state must be what replaying the log gives. Appends its
# tally to build/results like the unit tests.
#   sh tests/store/concurrency.sh [WRITERS] [OPS]     (from the repository;
#   BUILD=asan for the sanitizer build)
writers=${1:-8}
ops=${2:-1000}
build=build/${BUILD:-normal}
passed=0 failed=0

# The writer, built by the Makefile with the project's flags.
driver=$build/tests/store_driver
make --no-print-directory BUILD="${BUILD:-normal}" "$driver" >/dev/null || exit 1

dir=$(mktemp -d /tmp/starling-conc-XXXXXX)
trap 'rm -rf "$dir"' EXIT
# STARLING_STORE_URL: the same test on another store (tests/pg/check.sh
# gives it a PostgreSQL database of its own); STORE_LABEL names its tally.
db=${STARLING_STORE_URL:-$dir/triage.db}
label=${STORE_LABEL:-store/concurrency}

# Create the file first, so the writers race on changes, not on migration.
"$driver" init "$db" || exit 1
i=1
while [ "$i" -le "$writers" ]; do
	"$driver" mix "$db" "w$i" "$i" "$ops" 20 >"$dir/w$i.log" 2>&1 &
	i=$((i + 1))
done
wait

out=$("$driver" verify-mix "$db" "$dir"/w*.log)
printf '%s\n' "$out"
passed=$(printf '%s\n' "$out" | grep -c '^ok ')
failed=$(printf '%s\n' "$out" | grep -c '^FAIL ')
grep -h '^ERR' "$dir"/w*.log | head -n 5
echo "tally: $passed passed, $failed failed"
mkdir -p build && echo "$label $passed $failed" >>build/results
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
