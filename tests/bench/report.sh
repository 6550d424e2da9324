#!/bin/sh
# report.sh BUILD_DIR — the report figures of `make bench` (run by
# tests/bench/run.sh, or alone): `starling report` on a store with 100,000
# inbox posts recorded over 30 days and their audit log (store_driver
# fill-inbox: a record each, 7 in 10 replied, 4 assigned, 5 done, 2 tagged;
# about 280,000 audit rows), on SQLite and, copied in with `starling store
# migrate`, on a throw-away PostgreSQL (tests/pg/pgtmp.sh, 127.0.0.1 only):
# wall time and peak memory (/usr/bin/time). A measurement, never pass/fail:
# a figure that cannot be taken prints "n/a (why)"; exits 0.
cd "$(dirname "$0")/../.." || exit 0
B=${1:-build/normal}
ROOT=$(pwd)
BIN="$ROOT/starling"
DRIVER="$B/tests/store_driver"
POSTS=${REPORT_POSTS:-100000}
TMP=$(mktemp -d /tmp/starling-bench-report.XXXXXX) || { echo "report: n/a (mktemp failed)"; exit 0; }
PG_RUNNING=""
cleanup() {
	[ -n "$PG_RUNNING" ] && sh tests/pg/pgtmp.sh stop "$PG_RUNNING" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

bounded() {
	s=$1; shift
	if command -v timeout >/dev/null 2>&1; then timeout -k 5 "$s" "$@"; else "$@"; fi
}

[ -x "$BIN" ] || { echo "report: n/a (no ./starling)"; exit 0; }
[ -x /usr/bin/time ] || { echo "report: n/a (no /usr/bin/time for the peak memory)"; exit 0; }
if ! bounded 120 make --no-print-directory "$DRIVER" >"$TMP/driver.log" 2>&1; then
	echo "report: n/a (tests/store/store_driver.c did not build)"
	exit 0
fi
if ! bounded 300 "$DRIVER" fill-inbox "$TMP/triage.db" "$POSTS" >"$TMP/fill.log" 2>&1; then
	echo "report: n/a (store_driver fill-inbox failed: $(head -n 1 "$TMP/fill.log" | cut -c1-100))"
	exit 0
fi
rows=$(sqlite3 "$TMP/triage.db" 'SELECT count(*) FROM audit' 2>/dev/null || echo "?")
size=$(du -m "$TMP/triage.db" | cut -f1)

# report_time LABEL STORE ARGS...: one figure.
report_time() {
	label=$1 store=$2; shift 2
	cat > "$TMP/config.yaml" <<-YAML
	me: alice
	store: $store
	sla: 1h
	columns:
	  - { title: Support, source: demo, channel: mentions, sla: 30m }
	YAML
	if bounded 300 env -i HOME="$TMP" PATH=/usr/bin:/bin LANG=C.UTF-8 ${PGPASSWORD:+PGPASSWORD=$PGPASSWORD} \
	    /usr/bin/time -f "%e %M" -o "$TMP/time" "$BIN" report "$@" \
	    --config "$TMP/config.yaml" >"$TMP/out" 2>"$TMP/err"; then
		awk -v l="$label" -v p="$POSTS" -v r="$rows" -v s="$size" \
		    '{ printf "%s, %d recorded posts and %s audit rows (%d MB store): %.2f s, peak memory %.1f MB\n", l, p, r, s, $1, $2 / 1024 }' "$TMP/time"
	else
		echo "$label: n/a (failed: $(head -n 1 "$TMP/err" | cut -c1-100))"
	fi
}

report_time "starling report --format json" "$TMP/triage.db" --format json
report_time "starling report (text)" "$TMP/triage.db"
report_time "starling report --since 1d --format json" "$TMP/triage.db" --since 1d --format json

# The same store on PostgreSQL.
mkdir -p "$TMP/pgtop"
chmod 711 "$TMP" "$TMP/pgtop"	# the server runs as postgres when we are root
if pgenv=$(bounded 60 sh tests/pg/pgtmp.sh start "$TMP/pgtop/pg" 2>&1); then
	eval "$pgenv"
	PG_RUNNING=$TMP/pgtop/pg
	url="postgresql://$PGUSER@$PGHOST:$PGPORT/report"
	if bounded 30 psql -qAtX -d postgres -c "CREATE DATABASE report" >/dev/null 2>&1 &&
	    bounded 600 "$BIN" store migrate --from "$TMP/triage.db" --to "$url" \
	    --config /dev/null >"$TMP/migrate.log" 2>&1; then
		report_time "starling report --format json (PostgreSQL)" "$url" --format json
		report_time "starling report --since 1d --format json (PostgreSQL)" "$url" --since 1d --format json
	else
		echo "starling report (PostgreSQL): n/a (could not copy the store in: $(head -n 1 "$TMP/migrate.log" | cut -c1-100))"
	fi
else
	echo "starling report (PostgreSQL): n/a (no server: $(echo "$pgenv" | tail -n 1 | cut -c1-100))"
fi
exit 0
