#!/bin/sh
# The store's tests on PostgreSQL, from the same sources as on SQLite: the
# unit tests (test_store, test_triage, test_report: STARLING_TEST_PG_URL),
# the concurrency, kill -9, rules and report tests (STARLING_STORE_URL),
# each on a database of its own on one throw-away server (tests/pg/pgtmp.sh),
# stopped and removed afterwards whatever happens; test_store and
# test_triage also in the ASan+UBSan and TSan builds. A server that cannot
# be started is a failure, never a skip.
# Appends tallies to build/results like the others.
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
	"$build/tests/test_store" "$build/tests/test_triage" "$build/tests/test_report" \
	"$build/tests/test_approval" >/dev/null || exit 1
status=0
for t in test_store test_triage test_report test_approval; do
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

# The threaded and memory-checked builds on PostgreSQL too: the store's
# worker threads under TSan, the backend under ASan+UBSan.
for v in asan:test_store asan:test_triage tsan:test_triage; do
	b=${v%%:*} t=${v#*:}
	make --no-print-directory BUILD=$b "build/$b/tests/$t" >/dev/null 2>&1 ||
		{ echo "FAIL pg       $b/$t does not build"; echo "pg/$b-$t 0 1" >>build/results; status=1; continue; }
	out=$(STARLING_TEST_PG_URL=$STARLING_PG_URL \
	    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	    "build/$b/tests/$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^tally: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' | tail -n 1)
	if [ "$rc" -ne 0 ] || [ -z "$p" ]; then
		printf '%s\n' "$out" | tail -n 40
		printf 'FAIL pg       %-22s (exit %s)\n' "$b/$t" "$rc"
		echo "pg/$b-$t ${p:-0} 1" >>build/results
		status=1
	else
		printf 'ok   pg       %-22s %s passed\n' "$b/$t" "$p"
		echo "pg/$b-$t $p 0" >>build/results
	fi
done

url=$(newdb concurrency) || exit 1
STARLING_STORE_URL=$url STORE_LABEL=pg/concurrency sh tests/store/concurrency.sh || status=1
url=$(newdb crash) || exit 1
STARLING_STORE_URL=$url STORE_LABEL=pg/crash sh tests/store/crash.sh || status=1
url=$(newdb rules) || exit 1
STARLING_STORE_URL=$url STORE_LABEL=pg/rules sh tests/store/rules.sh || status=1
url=$(newdb report) || exit 1
STARLING_STORE_URL=$url STORE_LABEL=pg/report sh tests/store/report.sh || status=1
exit $status
