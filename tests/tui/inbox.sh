# inbox.sh — inbox columns and rules, in the deck and in `starling collect`,
# against the fake Mastodon server. Sourced by tests/tui/run.sh (after
# mastodon.sh, whose fake_start and ctl these use).

inbox_config() {	# inbox_config FILE STORE
	cat > "$1" <<-YAML
	me: alice
	store: $2
	team: [alice, bob]
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Inbox, account: fake, type: notifications, types: [mention], inbox: true }
	rules:
	  - { name: spam, match: "crypto giveaway", status: ignored, stop: true }
	  - { name: refunds, match: "refund|broken", tag: complaint, assign: bob, priority: 3 }
	  - { name: everyone, kind: [mention, reply], tag: seen }
	YAML
}

# Two collectors on one store: every mention recorded once, every rule's
# action made once, the spam rule stopping the rest; both exit 0 on SIGTERM.
t_collect_two_processes_apply_each_rule_once() {
	local d="$TUI_TMP/collect" pids="" p i rc
	rm -rf "$d"; mkdir -p "$d"
	fake_start
	inbox_config "$d/c.yaml" "$d/store.db"
	for i in 1 2; do
		env FAKE_TOKEN=test-token XDG_STATE_HOME="$d/state$i" \
			"$TUI_BIN" collect --config "$d/c.yaml" 2>"$d/err$i" &
		pids="$pids $!"
	done
	# Both are following the stream before anything new is posted.
	for i in 1 2; do
		p=0
		while ! grep -q 'Inbox: live' "$d/state$i/starling/collect.log" 2>/dev/null &&
		    [ $p -lt 100 ]; do sleep 0.1; p=$((p + 1)); done
		grep -q 'Inbox: live' "$d/state$i/starling/collect.log" 2>/dev/null ||
			fail "collector $i is not live: $(cat "$d/err$i" "$d/state$i/starling/collect.log" 2>/dev/null)"
	done
	for i in 1 2 3 4 5; do
		ctl post "{\"timeline\":\"notifications\",\"type\":\"mention\",\"text\":\"@me my order $i arrived broken, refund?\"}" >/dev/null
		ctl post "{\"timeline\":\"notifications\",\"type\":\"mention\",\"text\":\"@me hello number $i\"}" >/dev/null
	done
	ctl post '{"timeline":"notifications","type":"mention","text":"@me crypto giveaway, refund guaranteed"}' >/dev/null
	# Wait until the 11 new mentions are in the store.
	p=0
	while [ $p -lt 100 ]; do
		"$TUI_BIN" export --format json --config "$d/c.yaml" > "$d/e.json" 2>/dev/null &&
		    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if sum("refund" in (t["post"] or {}).get("text","") or "hello number" in (t["post"] or {}).get("text","") for t in d["triage"]) >= 11 else 1)' "$d/e.json" && break
		sleep 0.1; p=$((p + 1))
	done
	for p in $pids; do kill -TERM "$p"; done
	i=0
	for p in $pids; do
		i=$((i + 1))
		wait "$p"; rc=$?
		[ "$rc" = 0 ] || fail "collector $i exited $rc on SIGTERM: $(cat "$d/err$i")"
	done
	grep -q 'stopping (signal 15)' "$d/state1/starling/collect.log" ||
		fail "collector 1 did not log its stop"
	"$TUI_BIN" export --format json --config "$d/c.yaml" > "$d/e.json" ||
		fail "export failed"
	python3 - "$d/e.json" > "$d/check" 2>&1 <<-'PY' || fail "$(cat "$d/check")"
	import collections, json, sys
	d = json.load(open(sys.argv[1]))
	audit = d["audit"]
	text = {t["id"]: (t["post"] or {}).get("text", "") for t in d["triage"]}
	n = collections.Counter((a["who"], a["action"], a["id"]) for a in audit)
	bad = []
	for k, v in n.items():
	    if v != 1:
	        bad.append("%s %s %s made %d times" % (k + (v,)))
	recorded = {a["id"] for a in audit if a["action"] == "record"}
	if len(recorded) < 11:
	    bad.append("only %d posts recorded" % len(recorded))
	who = collections.Counter(a["who"] for a in audit if a["action"] == "record")
	for i in recorded:
	    t = text[i]
	    want = set()
	    if "crypto giveaway" in t:
	        want = {("rule spam", "status")}
	    else:
	        if "refund" in t or "broken" in t:
	            want |= {("rule refunds", "tag"), ("rule refunds", "assign"),
	                     ("rule refunds", "priority")}
	        want.add(("rule everyone", "tag"))
	    got = {(a["who"], a["action"]) for a in audit
	           if a["id"] == i and a["who"].startswith("rule ")}
	    if got != want:
	        bad.append("%r: rules %s, want %s" % (t, sorted(got), sorted(want)))
	if bad:
	    print("\n".join(bad[:10]))
	    sys.exit(1)
	print("ok: %d recorded (%s)" % (len(recorded), dict(who)))
	PY
	fake_stop
}

# The deck: an inbox column's post gets the rule's tag and priority badge.
t_inbox_deck_shows_rule_tag_and_priority() {
	local d="$TUI_TMP/inboxdeck"
	rm -rf "$d"; mkdir -p "$d"
	fake_start
	inbox_config "$d/c.yaml" "$d/store.db"
	start 160 40 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $d/c.yaml"
	expect '1 Inbox' "Inbox header"
	expect 'fake·notifications +● live' "the inbox streams" 8
	ctl post '{"timeline":"notifications","type":"mention","text":"@me the lid came broken"}' >/dev/null
	expect 'the lid came broken' "the mention arrives" 3
	expect 'P3 +#complaint +#seen' "the rule's priority and tags on the card" 5
	expect '→bob' "assigned by the rule" 2
	keys Enter
	expect 'Triage: assigned · assigned to bob \(by rule refunds\) · priority 3 · #complaint #seen' \
		"the detail pane's Triage line" 3
	expect 'rule refunds priority' "the rule in the post's history" 3
	keys Escape
	keys q
	"$TUI_BIN" log --config "$d/c.yaml" > "$d/log" 2>&1
	grep -Eq 'rule refunds +priority .*3' "$d/log" ||
		fail "the log names the rule: $(grep -c . "$d/log") lines, $(grep -m3 rule "$d/log")"
	fake_stop
}

# sort: priority: the rule's P3 post stays above newer posts of no
# priority, while the column without it shows the newest first.
t_inbox_sort_by_priority() {
	local d="$TUI_TMP/inboxsort"
	rm -rf "$d"; mkdir -p "$d"
	fake_start
	inbox_config "$d/c.yaml" "$d/store.db"
	sed -i 's/types: \[mention\], inbox: true }/types: [mention], inbox: true, sort: priority }\n  - { title: Plain, account: fake, type: notifications, types: [mention] }/' "$d/c.yaml"
	start 200 50 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $d/c.yaml"
	expect '2 Plain' "both columns"
	expect 'fake·notifications +● live.*fake·notifications +● live' "both stream" 8
	ctl post '{"timeline":"notifications","type":"mention","text":"@me urgent: broken on arrival"}' >/dev/null
	expect 'P3 ' "the rule gives it priority 3" 5
	ctl post '{"timeline":"notifications","type":"mention","text":"@me just saying hello"}' >/dev/null
	expect 'saying hello' "the newer post" 5
	# Left column (sorted): the P3 post first. Right (plain): newest
	# first. Both columns have the newer post within a few seconds.
	local i=0 order=
	while [ $i -lt 50 ]; do
		order=$(screen | awk '
			{ l = substr($0, 1, 100); r = substr($0, 101) }
			l ~ /broken on arrival/ && !lb { lb = NR } l ~ /saying hello/ && !lh { lh = NR }
			r ~ /broken on arrival/ && !rb { rb = NR } r ~ /saying hello/ && !rh { rh = NR }
			END { if (lb && lh && rb && rh) print (lb < lh ? "P3-first" : "newest-first"), (rh < rb ? "newest-first" : "P3-first") }')
		[ -n "$order" ] && break
		sleep 0.1; i=$((i + 1))
	done
	[ "$order" = "P3-first newest-first" ] ||
		fail "sort: priority: got \"$order\": $(screen | head -24)"
	keys q
	fake_stop
}

# A collector started while its PostgreSQL server is down waits for it:
# what arrives meanwhile is kept and recorded, with its rules, once the
# server is there; SIGTERM still ends it with 0.
t_collect_waits_for_its_postgresql() {
	local d="$TUI_TMP/collectpg" pid i rc n=0
	rm -rf "$d"; mkdir -p "$d"
	pg_start || return
	sh tests/pg/pgtmp.sh pause "$PG_DIR" || { fail "could not stop the server"; pg_stop; return; }
	fake_start
	inbox_config "$d/c.yaml" "$PG_URL"
	env FAKE_TOKEN=test-token XDG_STATE_HOME="$d/state" \
		"$TUI_BIN" collect --config "$d/c.yaml" 2>"$d/err" &
	pid=$!
	i=0
	while ! grep -q 'Inbox: live' "$d/state/starling/collect.log" 2>/dev/null &&
	    [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q 'store offline — reconnecting (Connection refused' "$d/state/starling/collect.log" ||
		fail "the collector does not say its store is away: $(cat "$d/err" "$d/state/starling/collect.log" 2>/dev/null | tail -5)"
	for i in 1 2 3; do
		ctl post "{\"timeline\":\"notifications\",\"type\":\"mention\",\"text\":\"@me order $i arrived cracked and broken\"}" >/dev/null
	done
	sleep 1
	sh tests/pg/pgtmp.sh resume "$PG_DIR" || fail "could not start the server again"
	i=0
	while [ $i -lt 200 ]; do
		n=$(pg_sql "SELECT count(*) FROM posts p WHERE p.json LIKE '%arrived cracked%' AND EXISTS (SELECT 1 FROM audit a WHERE a.network = p.network AND a.id = p.id AND a.who = 'rule refunds' AND a.action = 'priority')" 2>/dev/null)
		[ "$n" = 3 ] && break
		sleep 0.1; i=$((i + 1))
	done
	[ "$n" = 3 ] || fail "kept posts not recorded with their rules once the server was back ($n of 3): $(tail -5 "$d/state/starling/collect.log")"
	kill -TERM "$pid"
	wait "$pid"; rc=$?
	[ "$rc" = 0 ] || fail "the collector exited $rc on SIGTERM: $(cat "$d/err")"
	fake_stop
	pg_stop
}

# A deck whose store is away: its inbox posts are recorded, with their
# rules, once the store is back.
t_inbox_deck_records_what_came_while_the_store_was_away() {
	local d="$TUI_TMP/inboxaway" i n=0
	rm -rf "$d"; mkdir -p "$d"
	pg_start || return
	sh tests/pg/pgtmp.sh pause "$PG_DIR" || { fail "could not stop the server"; pg_stop; return; }
	fake_start
	inbox_config "$d/c.yaml" "$PG_URL"
	echo 'store_password_cmd: "printf starling-test"' >> "$d/c.yaml"
	start 160 40 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $d/c.yaml"
	expect 'fake·notifications +● live' "the inbox streams" 8
	expect 'store offline — reconnecting' "the deck says the store is away" 8
	ctl post '{"timeline":"notifications","type":"mention","text":"@me the hinge arrived broken"}' >/dev/null
	expect 'the hinge arrived broken' "the mention arrives" 5
	sh tests/pg/pgtmp.sh resume "$PG_DIR" || fail "could not start the server again"
	expect 'store back online' "the deck connects again" 20
	expect 'P3 +#complaint +#seen' "the rule's badges once recorded" 10
	i=0
	while [ $i -lt 100 ]; do
		n=$(pg_sql "SELECT count(*) FROM posts p WHERE p.json LIKE '%hinge arrived broken%' AND EXISTS (SELECT 1 FROM audit a WHERE a.network = p.network AND a.id = p.id AND a.action = 'record')" 2>/dev/null)
		[ "$n" = 1 ] && break
		sleep 0.1; i=$((i + 1))
	done
	[ "$n" = 1 ] || fail "the post is not recorded once ($n)"
	keys q
	wait_for '^\$' 5
	fake_stop
	pg_stop
}
