# triage.sh — two teammates on one store, end to end. Sourced by run.sh.

triage_config() {	# triage_config WHO
	cat > "$TUI_TMP/$1.yaml" <<-YAML
	me: $1
	store: $TUI_TMP/team/triage.db
	team: [alice, bob, carol]
	tags: { complaint: red, lead: green }
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10, sla: 30m }
	  - { title: My queue, type: assigned, to: me }
	  - { title: Tagged, type: tagged, tag: complaint }
	YAML
}

t_triage_two_teammates_share_one_store() {
	rm -rf "$TUI_TMP/team"
	triage_config alice
	triage_config bob
	start 150 40
	tmx new-window -d -n bob "env HOME=$TUI_TMP/home TERM=screen-256color LANG=C.UTF-8 $TUI_BIN --seed 3 --config $TUI_TMP/bob.yaml"
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "alice's deck"
	expect '[0-9]+ open · oldest' "the SLA clock in the header"
	keys a
	expect 'Assign to' "a opens the team picker"
	keys -l bo
	keys Enter
	# Within 2 s bob's queue shows it, with who assigned it.
	local i=0 bobs=
	while [ $i -lt 40 ]; do
		bobs=$(tmx capture-pane -t bob -p)
		echo "$bobs" | grep -q '→bob (alice)' && break
		sleep 0.05; i=$((i + 1))
	done
	echo "$bobs" | grep -q '→bob (alice)' || fail "bob's screen never showed the assignment"
	echo "$bobs" | sed -n '3,12p' | grep -q '│ .*[@]' || fail "bob's queue column is empty"
	# Bob marks it done in his queue; alice's card says done.
	tmx send-keys -t bob 2 d
	expect '→bob \(alice\) done' "alice sees bob's done" 3
	# Tags and notes, from the prompt.
	keys :
	keys -l 'tag complaint'
	keys Enter
	# The card's badge, not the status line's "tagged #complaint": the
	# picker below decides from what the card shows.
	expect '→bob \(alice\) #complaint' "the tag badge"
	# The picker toggles: a tag the post has comes off, then back on.
	keys '#'
	expect 'Tag \(type' "# opens the tag picker"
	keys -l compl
	keys Enter
	expect 'untagged #complaint' "picking a tag the post has removes it"
	expect '→bob \(alice\) done' "the badge row without the tag"
	keys '#'
	keys -l compl
	keys Enter
	expect 'tagged #complaint' "and picking it again adds it"
	keys :
	keys -l 'note called them back'
	keys Enter
	expect '✎1' "the note count badge"
	keys Enter
	expect 'note .*called them back' "the detail pane shows the note and history" 3
	keys Escape
	keys q
	local out
	out=$("$TUI_BIN" export --format json --config "$TUI_TMP/alice.yaml")
	echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
acts = [(a["who"], a["action"]) for a in d["audit"]]
assert ("alice", "assign") in acts, acts
assert ("bob", "status") in acts, acts
t = d["triage"][0]
assert t["assignee"] == "bob" and t["status"] == "done", t
' || fail "export lacks the assignment or the done change: $out"
	"$TUI_BIN" export --format csv --config "$TUI_TMP/alice.yaml" | grep -q '^seq,at,who,action' ||
		fail "csv export has no audit header"
	"$TUI_BIN" log --config "$TUI_TMP/alice.yaml" | grep -q 'alice *assign' ||
		fail "starling log does not list the assignment"
	tmx kill-window -t bob 2>/dev/null
}

t_triage_collision_guard() {
	rm -rf "$TUI_TMP/team"
	triage_config alice
	triage_config bob
	fake_start
	# Replies need an account: one Mastodon column for both.
	for who in alice bob; do
		cat > "$TUI_TMP/$who-m.yaml" <<-YAML
		me: $who
		store: $TUI_TMP/team/triage.db
		team: [alice, bob]
		accounts:
		  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
		columns:
		  - { title: Home, account: fake, type: home }
		YAML
	done
	start 150 40 FAKE_TOKEN=test-token
	tmx new-window -d -n bob "env HOME=$TUI_TMP/home FAKE_TOKEN=test-token TERM=screen-256color LANG=C.UTF-8 $TUI_BIN --config $TUI_TMP/bob-m.yaml"
	type_line "$TUI_BIN --config $TUI_TMP/alice-m.yaml"
	expect 'fake·home +● live' "alice's column" 8
	local i=0
	while [ $i -lt 100 ] && ! tmx capture-pane -t bob -p | grep -q 'fake·home *● live'; do
		sleep 0.1; i=$((i + 1))
	done
	keys r
	expect 'Reply to ' "alice opens a reply"
	local bobs=
	i=0
	while [ $i -lt 100 ]; do
		bobs=$(tmx capture-pane -t bob -p)
		echo "$bobs" | grep -q 'alice is replying' && break
		sleep 0.05; i=$((i + 1))
	done
	echo "$bobs" | grep -q 'alice is replying' || { fail "bob never saw 'alice is replying'"; echo "$bobs" | head -12 > /tmp/bobs.txt; screen | head -14 > /tmp/alices.txt; python3 -c "
import sqlite3; c = sqlite3.connect('$TUI_TMP/team/triage.db')
print(c.execute('select network,id,replying,replying_at,status from triage').fetchall())
print(c.execute('select seq,who,action,id from audit').fetchall())" > /tmp/db.txt 2>&1; }
	tmx send-keys -t bob r
	sleep 0.5
	tmx capture-pane -t bob -p | grep -q 'alice is replying to this post. Reply anyway' ||
		fail "bob was not asked before replying"
	tmx send-keys -t bob n
	keys -l 'On it!'
	keys C-s
	expect 'reply sent'
	sleep 1
	tmx capture-pane -t bob -p | grep -q 'replied by alice' || fail "bob's card does not say replied by alice"
	keys q
	tmx kill-window -t bob 2>/dev/null
	fake_stop
}

t_triage_picker_survives_resize() {
	rm -rf "$TUI_TMP/team"
	triage_config alice
	start 160 45
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions'
	keys a
	expect 'Assign to'
	tmx resize-window -x 100 -y 30
	sleep 0.5
	tmx resize-window -x 160 -y 45
	sleep 0.5
	expect 'Assign to' "the picker is still open"
	rules_aligned
	keys Escape
	wait_gone 'Assign to' 3 || fail "Esc did not close the picker"
	rules_aligned
	keys q
}

# Another process holds the store's write lock for 10 s, and for the first
# 6 s the WAL readers' locks too (bytes 123-127 of the -shm file, as a long
# recovery would), so reads wait as well. Every key answers at once; a note
# is queued; the detail pane says its history is loading and fills it in
# once reads go through, while the write lock is still held.
t_triage_locked_store_never_freezes() {
	rm -rf "$TUI_TMP/team"
	triage_config alice
	start 150 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "alice's deck"
	keys :
	keys -l 'note before the lock'
	keys Enter
	expect '✎1' "the note badge"
	python3 - "$TUI_TMP/team/triage.db" > "$TUI_TMP/lock.out" 2>&1 <<-'PY' &
	import fcntl, os, sqlite3, sys, time
	db = sys.argv[1]
	c = sqlite3.connect(db, isolation_level=None, timeout=5)
	c.execute('BEGIN IMMEDIATE')
	fd = os.open(db + '-shm', os.O_RDWR)
	end = time.time() + 3
	while True:
	    try:
	        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 123)
	        break
	    except OSError:
	        if time.time() > end:
	            raise
	        time.sleep(0.01)
	print('locked', flush=True)
	time.sleep(6)
	fcntl.lockf(fd, fcntl.LOCK_UN, 5, 123)
	print('readers free', flush=True)
	time.sleep(4)
	c.execute('ROLLBACK')
	print('unlocked', flush=True)
	PY
	local holder=$! i=0 t0 t1
	while [ $i -lt 100 ] && ! grep -q locked "$TUI_TMP/lock.out"; do
		sleep 0.05; i=$((i + 1))
	done
	grep -q locked "$TUI_TMP/lock.out" || { fail "the lock holder did not start: $(cat "$TUI_TMP/lock.out")"; kill $holder; return; }
	t0=$(date +%s%N)
	keys '?'
	expect 'Keys in the deck' "help opens while the store is locked" 1
	keys Escape
	wait_gone 'Keys in the deck' 1 || fail "Esc did not close help while the store is locked"
	keys j
	keys k
	keys :
	keys -l 'note during the lock'
	keys Enter
	expect 'adding the note' "the note is queued at once" 1
	keys Enter
	expect 'history: loading' "the detail pane says its history is loading" 1
	t1=$(date +%s%N)
	[ $(( (t1 - t0) / 1000000 )) -lt 5000 ] || fail "the keys took $(( (t1 - t0) / 1000000 )) ms"
	expect_not 'alice note before the lock' "the history before reads went through"
	expect 'alice note before the lock' "the history once reads go through" 9
	expect_not 'history: loading' "the loading line once the history is there"
	t1=$(date +%s%N)
	[ $(( (t1 - t0) / 1000000 )) -ge 4000 ] || fail "the history came at once: the lock did not hold reads back"
	grep -q unlocked "$TUI_TMP/lock.out" && fail "the history came only after the write lock went"
	wait $holder
	keys Escape
	expect '✎2' "the note made during the lock is written after it" 10
	keys q
}

# A 34-cell column: every badge stays readable, on more rows when they do not
# fit on one; the detail pane's triage line names the tags and notes.
t_triage_badges_wrap_in_a_narrow_column() {
	rm -rf "$TUI_TMP/team"
	cat > "$TUI_TMP/narrow.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/team/triage.db
	team: [alice, bartholomew]
	tags: { complaint: red, lead: green }
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 5, width: 34 }
	YAML
	start 100 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/narrow.yaml"
	expect '1 Mentions' "the deck"
	local cmd
	for cmd in 'assign bartholomew' 'tag complaint' 'tag lead' 'note called back' 'done'; do
		keys :
		keys -l "$cmd"
		keys Enter
	done
	expect '✎1' "the note badge" 3
	local col; col=$(screen_cells 34)
	for want in '→bartholomew' '#complaint' '#lead' 'done' '✎1'; do
		echo "$col" | grep -qF -- "$want" || fail "the 34-cell column cuts '$want': $(echo "$col" | grep -F '→' )"
	done
	keys Enter
	expect 'Triage: done · assigned to bartholomew \(by alice\) · #complaint #lead · 1 note' \
		"the detail pane's triage line lists tags and notes" 3
	expect_not 'c loads the thread' "a demo post offers no thread"
	expect_not '[^0-9]1 (likes|replies|reposts|followers)' "one is singular"
	keys Escape
	keys q
}

# At 80 columns both pickers are boxed, their titles whole, and a blank cell
# either side parts them from the column text.
t_triage_picker_boxed_and_titled_at_80() {
	rm -rf "$TUI_TMP/team"
	triage_config alice
	start 80 30
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions'
	keys a
	expect '┏ Assign to \(type to filter, Enter picks\) ━+┓' "the assign picker's box and whole title"
	expect '┗━+┛' "its bottom border"
	expect ' ┃ > +┃ ' "its sides, apart from the columns"
	keys Escape
	wait_gone 'Assign to' 3 || fail "Esc did not close the picker"
	keys '#'
	expect '┏ Tag \(type to filter or name a new tag\) ━+┓' "the tag picker's whole title"
	keys Escape
	keys q
}

t_triage_no_ops_are_refused_and_stale_marks_cleared() {
	rm -rf "$TUI_TMP/team"
	triage_config alice
	start 150 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "alice's deck"
	keys d
	expect 'marked done' "d marks the post done"
	keys d
	expect 'done: already done' "a second d is refused and says why"
	keys u
	expect 'marked open' "u reopens it"
	keys u
	expect 'reopen: already open' "reopening an open post is refused"
	keys U
	expect 'unassign: nobody is assigned' "unassigning an unassigned post is refused"
	# Tags are one spelling: "#Complaint" is the complaint tag, and a
	# second spelling of it changes nothing.
	keys :
	keys -l 'tag #Complaint'
	keys Enter
	expect 'tagged #complaint' "a tag typed in capitals is the lower-case tag"
	keys :
	keys -l 'tag COMPLAINT'
	keys Enter
	expect 'tag: already tagged #complaint' "the same tag in other case is refused"
	keys :
	keys -l 'tag a;b'
	keys Enter
	expect 'tag: a tag may not contain ";"' "a tag with ; is refused and says why"
	keys q
	wait_for '^\$' 5
	local audit
	audit=$(python3 -c "
import sqlite3; c = sqlite3.connect('$TUI_TMP/team/triage.db')
print(c.execute('select count(*) from audit').fetchone()[0])")
	[ "$audit" = 3 ] || fail "the refusals were audited: $audit audit rows, want 3"
	# A mark left by a run that was killed: alice's next start clears it.
	python3 -c "
import sqlite3, time; c = sqlite3.connect('$TUI_TMP/team/triage.db')
c.execute(\"update triage set replying = 'alice', replying_at = ?\", (int(time.time()),))
c.commit()"
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/alice.yaml"
	expect '1 Mentions' "alice's deck again"
	local i=0 left=1
	while [ $i -lt 60 ]; do
		left=$(python3 -c "
import sqlite3; c = sqlite3.connect('$TUI_TMP/team/triage.db')
print(c.execute('select count(*) from triage where replying is not null').fetchone()[0])")
		[ "$left" = 0 ] && break
		sleep 0.05; i=$((i + 1))
	done
	[ "$left" = 0 ] || fail "alice's stale 'is replying' mark survived her restart"
	keys q
}

# A post's age and SLA mark change when their time comes, with nothing
# arriving to redraw the column; likes and follows are never overdue.
t_sla_marks_show_when_due() {
	fake_start --statuses 5 --notifications 0
	cat > "$TUI_TMP/sla.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/sla/triage.db
	sla: 1m
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home, account: fake, type: home }
	  - { title: Notes, account: fake, type: notifications }
	YAML
	start 150 30 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $TUI_TMP/sla.yaml"
	expect 'oldest .*● live' "the home column streams" 8
	ctl post '{"timeline": "home", "text": "crossing the minute"}' >/dev/null
	ctl post '{"timelines": ["notifications"], "type": "favourite"}' >/dev/null
	ctl post '{"timelines": ["notifications"], "type": "follow"}' >/dev/null
	local t0; t0=$(date +%s)
	expect 'crossing the minute' "the new post shows" 5
	expect ' now' "a new post is \"now\"" 2
	# "1m" at 60 s, overdue ("!1m") from 61 s: well before the wall
	# clock's next minute could redraw it.
	expect '!1m' "the post is marked overdue once past the SLA" 70
	local took=$(( $(date +%s) - t0 ))
	[ "$took" -le 64 ] || fail "the overdue mark came $took s after the post (want ≤ 64)"
	[ "$(screen | grep -o '!1m' | wc -l)" -eq 1 ] ||
		fail "a like or a follow got the overdue mark: $(screen | grep '!')"
	expect 'nothing open' "likes and follows are not open work in the header"
	keys q
	fake_stop
}

# The deck reads a post's triage state when it shows the post, not the
# whole store at the start: with no store column at all, a restarted deck
# still shows the badges of the posts it shows.
t_triage_badges_come_back_without_store_columns() {
	rm -rf "$TUI_TMP/team"
	cat > "$TUI_TMP/lone.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/team/triage.db
	team: [alice, bob]
	tags: { complaint: red }
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10 }
	YAML
	start 150 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/lone.yaml"
	expect '1 Mentions' "alice's deck"
	keys :
	keys -l 'tag complaint'
	keys Enter
	expect 'tagged #complaint' "the tag is made"
	keys :
	keys -l 'assign bob'
	keys Enter
	expect '→bob' "the assignment badge"
	keys q
	wait_for '^\$' 5
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/lone.yaml"
	expect '1 Mentions' "alice's deck again"
	expect '→bob \(alice\) #complaint' "the badges, read from the store when the post is shown" 3
	keys q
}
