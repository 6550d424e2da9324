# pg.sh — teammates on hosts of their own sharing a PostgreSQL triage store,
# end to end: two decks with separate homes and nothing shared but the
# database URL, the server ending every connection, a deck opening with the
# server away, and a SQLite store copied in. Each test starts a throw-away
# server (tests/pg/pgtmp.sh) and stops it, failing loudly when it cannot.
# Sourced by run.sh.

PG_DIR=
PG_URL=

pg_start() {
	local env
	PG_DIR=$TUI_TMP/pgtop/pg
	mkdir -p "$TUI_TMP/pgtop"
	chmod 711 "$TUI_TMP" "$TUI_TMP/pgtop"	# the server runs as postgres
	trap 'pg_stop' EXIT
	if ! env=$(sh tests/pg/pgtmp.sh start "$PG_DIR" 2>&1); then
		fail "could not start PostgreSQL: $env"
		return 1
	fi
	eval "$env"
	PG_URL=$STARLING_PG_URL
}

pg_stop() {
	[ -n "$PG_DIR" ] && sh tests/pg/pgtmp.sh stop "$PG_DIR"
	PG_DIR=
	trap - EXIT
}

pg_sql() {	# pg_sql SQL: as the test's superuser, on 127.0.0.1
	psql -qAtX -h 127.0.0.1 -p "$PGPORT" -U starling -d postgres -c "$1"
}

pg_config() {	# pg_config WHO STORE [PASSWORD]
	cat > "$TUI_TMP/$1.yaml" <<-YAML
	me: $1
	store: "$2"
	store_password_cmd: "printf ${3:-starling-test}"
	team: [alice, bob, carol]
	tags: { complaint: red, lead: green }
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10, sla: 30m }
	  - { title: My queue, type: assigned, to: me }
	YAML
}

# bob_wait REGEX SECONDS: until bob's window shows it.
bob_wait() {
	local i=0
	while [ $i -lt $(($2 * 20)) ]; do
		tmx capture-pane -t bob -p | grep -Eq -- "$1" && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

t_pg_two_decks_share_a_database() {
	pg_start || return
	mkdir -p "$TUI_TMP/home-bob"
	pg_config alice "$PG_URL"
	pg_config bob "$PG_URL"
	start 150 40
	tmx new-window -d -n bob "env -i HOME=$TUI_TMP/home-bob PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 $TUI_BIN --seed 3 --config $TUI_TMP/bob.yaml"
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "alice's deck"
	expect '● live' "alice's store column is live"
	bob_wait '● live' 5 || fail "bob's store column is not live"
	keys a
	expect 'Assign to' "a opens the team picker"
	keys -l bo
	keys Enter
	# Within 2 s bob's "assigned to me" column shows it.
	bob_wait '→bob \(alice\)' 2 || fail "bob's screen did not show the assignment within 2 s"
	tmx capture-pane -t bob -p | sed -n '3,12p' | grep -q '│ .*[@]' ||
		fail "bob's queue column is empty"
	# The server ends every connection: both decks say so, and come
	# back by themselves.
	pg_sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" >/dev/null
	expect 'store offline — reconnecting' "alice's deck says the store is offline" 5
	bob_wait 'store offline — reconnecting' 5 || fail "bob's deck did not say the store is offline"
	expect 'store back online' "alice's deck is back by itself" 10
	bob_wait 'store back online' 10 || fail "bob's deck did not come back"
	expect '● live' "alice's store column is live again"
	# A tag alice adds afterwards reaches bob's screen.
	keys :
	keys -l 'tag complaint'
	keys Enter
	expect '#complaint' "alice's tag badge"
	bob_wait '→bob \(alice\) #complaint' 3 || fail "alice's tag never reached bob's screen"
	keys q
	tmx send-keys -t bob q
	# The log and the export read the same database.
	"$TUI_BIN" log --config "$TUI_TMP/bob.yaml" | grep -q 'alice *tag .*complaint' ||
		fail "starling log on PostgreSQL lacks the tag"
	tmx kill-window -t bob 2>/dev/null
	pg_stop
}

t_pg_deck_opens_without_its_store() {
	pg_start || return
	local port=$PGPORT
	# A wrong password: named host and database, never the password.
	pg_config alice "$PG_URL" 'n0t-the-pw'
	start 200 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "the deck opens"
	expect "PostgreSQL triage store \(host 127.0.0.1 port $port, database postgres\): password authentication failed" "the message names host and database, and the refusal"
	expect_not 'n0t-the-pw' "the password is not on screen"
	keys q
	# A database that is not there.
	pg_config alice "postgresql://starling@127.0.0.1:$port/nosuchdb"
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect 'database "nosuchdb" does not exist' "a missing database is said"
	keys q
	wait_for '^\$' 5
	# The server stopped: the deck opens, says it cannot reach it, and
	# comes back by itself once the server is there again.
	sh tests/pg/pgtmp.sh pause "$PG_DIR" || fail "could not stop the server"
	pg_config alice "postgresql://starling@127.0.0.1:$port/postgres"
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "the deck opens with the server stopped"
	expect "store offline — reconnecting \(Connection refused" "it says the store is unreachable, and why" 8
	keys j
	keys a
	expect 'assign: store offline' "a change says there is no store"
	keys Escape
	sh tests/pg/pgtmp.sh resume "$PG_DIR" || fail "could not start the server again"
	expect 'store back online' "the deck connects by itself once the server is there" 20
	expect '● live' "its store column is live"
	keys a
	keys -l bob
	keys Enter
	expect '→bob' "a change now reaches the store"
	keys q
	wait_for '^\$' 5
	pg_sql "SELECT count(*) FROM audit WHERE action = 'assign'" | grep -qx 1 ||
		fail "the assignment is not in the store"
	pg_stop
}

t_pg_migrate_keeps_history() {
	rm -rf "$TUI_TMP/team"
	pg_start || return
	cat > "$TUI_TMP/lite.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/team/triage.db
	team: [alice, bob]
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10 }
	YAML
	start 150 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/lite.yaml"
	expect '1 Mentions'
	keys a
	expect 'Assign to'
	keys -l bo
	keys Enter
	expect 'assigned to bob' "a SQLite store with history"
	keys :
	keys -l 'note called them back'
	keys Enter
	expect '✎1'
	keys j d
	expect 'marked done'
	keys q
	wait_for '^\$' 5
	pg_config alice "$PG_URL"
	local out
	out=$("$TUI_BIN" store migrate --from "$TUI_TMP/team/triage.db" --to "$PG_URL" --config "$TUI_TMP/alice.yaml" 2>&1) ||
		fail "store migrate failed: $out"
	echo "$out" | grep -q "^copied .* into postgresql://starling@127.0.0.1" || fail "no word of the copy: $out"
	"$TUI_BIN" export --format json --config "$TUI_TMP/lite.yaml" > "$TUI_TMP/lite.json"
	"$TUI_BIN" export --format json --config "$TUI_TMP/alice.yaml" > "$TUI_TMP/pg.json"
	python3 - "$TUI_TMP/lite.json" "$TUI_TMP/pg.json" <<-'PY' || fail "the exports differ"
	import json, sys
	a, b = (json.load(open(p)) for p in sys.argv[1:])
	assert len(a["audit"]) >= 3, a["audit"]
	assert a == b, (a, b)
	PY
	cmp -s "$TUI_TMP/lite.json" "$TUI_TMP/pg.json" || fail "the exports are not the same text"
	# Not over a store that has something, unless told.
	out=$("$TUI_BIN" store migrate --from "$TUI_TMP/team/triage.db" --to "$PG_URL" --config "$TUI_TMP/alice.yaml" 2>&1) &&
		fail "a second copy was not refused"
	echo "$out" | grep -q 'is not empty' || fail "the refusal does not say why: $out"
	"$TUI_BIN" store migrate --from "$TUI_TMP/team/triage.db" --to "$PG_URL" --force --config "$TUI_TMP/alice.yaml" >/dev/null 2>&1 ||
		fail "--force did not replace it"
	pg_stop
}
