#!/bin/sh
# The store's tests on PostgreSQL, from the same sources as on SQLite: the
# unit tests (STARLING_TEST_PG_URL), the concurrency test and the kill -9
# test (STARLING_STORE_URL), each on a database of its own on one
# throw-away server (tests/pg/pgtmp.sh), stopped and removed afterwards
# whatever happens. A server that cannot be started is a failure, never a
# skip. Appends tallies to build/results like the others.
#   sh tests/pg/check.sh       (from the repository; BUILD=asan as elsewhere)
build=build/${BUILD:-normal}
mkdir -p build
top=$(mktemp -d /tmp/starling-pg-XXXXXX)
dir=$top/pg
chmod 711 "$top"	# the server runs as postgres when we are root
trap 'sh tests/pg/pgtmp.sh stop "$dir"; rm -rf "$top"' EXIT
trap 'exit 1' INT TERM HUP

if ! env=$(sh tests/pg/pgtmp.sh start "$dir"); then
	echo "FAIL pg: could not start a PostgreSQL server (scripts/deps.sh installs it)"
	echo "pg/server 0 1" >>build/results
	exit 1
fi
eval "$env"

# A fresh database's URL.
newdb() {
	psql -qAtX -d postgres -c "CREATE DATABASE $1" >/dev/null &&
		echo "postgresql://$PGUSER@$PGHOST:$PGPORT/$1"
}

make --no-print-directory BUILD="${BUILD:-normal}" \
	"$build/tests/test_store" "$build/tests/test_triage" >/dev/null || exit 1
status=0
for t in test_store test_triage; do
	out=$(STARLING_TEST_PG_URL=$STARLING_PG_URL "$build/tests/$t" 2>&1); rc=$?
	tally=$(printf '%s\n' "$out" | sed -n 's/^tally: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
	[ -n "$tally" ] || tally="0 1"
	set -- $tally
	p=$1 f=$2
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	if ! printf '%s\n' "$out" | grep -q '^backend: PostgreSQL$'; then
		echo "  $t did not run on PostgreSQL"
		f=$((f + 1))
	fi
	if [ "$f" -ne 0 ]; then
		printf '%s\n' "$out" | tail -n 40
		printf 'FAIL pg       %-22s %s passed, %s failed (exit %s)\n' "$t" "$p" "$f" "$rc"
		status=1
	else
		printf 'ok   pg       %-22s %s passed\n' "$t" "$p"
	fi
	echo "pg/$t $p $f" >>build/results
done

url=$(newdb concurrency) || exit 1
STARLING_STORE_URL=$url STORE_LABEL=pg/concurrency sh tests/store/concurrency.sh || status=1
url=$(newdb crash) || exit 1
STARLING_STORE_URL=$url STORE_LABEL=pg/crash sh tests/store/crash.sh || status=1
exit $status
