# report.sh — :report, spike alerts and the author's history in the detail
# pane, on a store written as a collector and a team write it
# (tests/store/store_driver.c). Sourced by run.sh.

report_driver() {
	make --no-print-directory -C "$TUI_ROOT" build/normal/tests/store_driver >/dev/null &&
		echo "$TUI_ROOT/build/normal/tests/store_driver"
}

# report_store ALERTS: 30 posts recorded in the last seconds (20 in
# Mentions, 10 in Brand), answered by alice and bob, closed by carol; a
# deck on it with those two columns.
report_store() {
	local drv
	rm -rf "$TUI_TMP/rep"; mkdir -p "$TUI_TMP/rep"
	drv=$(report_driver) || { fail "store_driver does not build"; return 1; }
	"$drv" inbox "$TUI_TMP/rep/triage.db" 30 || { fail "store_driver inbox"; return 1; }
	cat > "$TUI_TMP/rep/deck.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/rep/triage.db
	alerts: $1
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10 }
	  - { title: Brand, source: demo, channel: search, rate: 0, backlog: 10 }
	YAML
}

t_report_overlay_shows_sparklines_and_the_agent_table() {
	report_store false || return
	start 120 40
	type_line "$TUI_BIN --seed 7 --config $TUI_TMP/rep/deck.yaml"
	expect '1 Mentions' "the deck"
	keys : ; keys -l report; keys Enter
	expect 'Report — the last 24 hours' "the overlay opens"
	expect '^    Mentions  [▁▂▃▄▅▆▇█]{24}  20$' "Mentions' hourly sparkline and total"
	expect '^    Brand     [▁▂▃▄▅▆▇█]{24}  10$' "Brand's, aligned with it"
	expect '█  20$' "the last hour is the tallest bar"
	expect 'Posts: 30 recorded · 12 open · 12 replied · 6 done · 0 ignored' "open and done counts"
	expect 'First response: median [0-9]+s · p90 [0-9]+s · 15 answered' "first response"
	expect '^    Agent  Assigned  Done  Replied    Median       p90$' "the agent table's header"
	expect '^    alice         0     0       10 +[0-9]+s +[0-9]+s$' "alice's row"
	expect '^    bob           0     0        5 +[0-9]+s +[0-9]+s$' "bob's row"
	expect '^    carol         0     6        0         -         -$' "carol's row"
	# Coloured: the sparklines in the theme's state-live colour, the
	# headings in the header's.
	tmx capture-pane -e -p | grep 'Mentions  ▁' | grep -q $'\e\\[38;5;[0-9]*m' ||
		fail "the sparkline is not coloured"
	tmx capture-pane -e -p | grep -q $'\e\\[1m.*Agents' || fail "the Agents heading is not bold"
	keys Escape
	wait_gone 'Report — the last' 3 || fail "Esc does not close it"
	expect '1 Mentions' "back to the deck"
	# Alerts are off: no spike, anywhere.
	expect_not 'spike' "alerts: false shows no spike"
	keys : ; keys -l report; keys Enter
	expect 'Report — the last' "opens again"
	keys q
	wait_gone 'Report — the last' 3 || fail "q does not close it"
	keys q
}

t_spike_shows_in_the_header_and_status_line_with_one_bell() {
	report_store true || return
	start 120 40
	# The deck in a window of its own, so tmux flags its bell.
	tmx new-window -d -n deck "env HOME=$TUI_TMP/home TERM=screen-256color LANG=C.UTF-8 $TUI_BIN --seed 7 --config $TUI_TMP/rep/deck.yaml"
	local i=0 s=
	while [ $i -lt 100 ]; do
		s=$(tmx capture-pane -t deck -p)
		echo "$s" | grep -q 'spike 20/h' && break
		sleep 0.05; i=$((i + 1))
	done
	echo "$s" | sed -n 2p | grep -q '^▲ spike 20/h .*│▲ spike 10/h' ||
		fail "the headers do not say the spikes: $(echo "$s" | sed -n 2p)"
	echo "$s" | tail -n 1 | grep -q '▲ spike in Mentions 20/h (usually 0), Brand 10/h (usually 0)' ||
		fail "the status line does not say them: $(echo "$s" | tail -n 1)"
	[ "$(tmx list-windows -F '#{window_name} #{window_bell_flag}' | grep '^deck ')" = "deck 1" ] ||
		fail "the bell did not ring"
	# A key clears the message; the status line keeps the spikes.
	tmx select-window -t deck
	keys j
	i=0
	while [ $i -lt 40 ]; do
		screen | tail -n 1 | grep -q 'usually' || break
		sleep 0.05; i=$((i + 1))
	done
	screen | tail -n 1 | grep -q '▲ spike Mentions 20/h · ▲ spike Brand 10/h' ||
		fail "the status line lost the spikes: $(screen | tail -n 1)"
	keys q
}

t_detail_pane_shows_the_authors_history() {
	local drv
	rm -rf "$TUI_TMP/auth"; mkdir -p "$TUI_TMP/auth"
	drv=$(report_driver) || { fail "store_driver does not build"; return; }
	"$drv" author "$TUI_TMP/auth/triage.db" "exec@Inbox" dana || { fail "store_driver author"; return; }
	cat > "$TUI_TMP/auth/post.sh" <<-SH
	echo '{"id": "now-1", "text": "Still no parcel. Anyone there?", "author": "Dana", "handle": "dana"}'
	echo '{"id": "old-1", "text": "Hello? Order 1234.", "author": "Dana", "handle": "dana", "created": "$(date -u -d '-60 hours' +%Y-%m-%dT%H:%M:%SZ)"}'
	exec sleep 60
	SH
	cat > "$TUI_TMP/auth/deck.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/auth/triage.db
	columns:
	  - { title: Inbox, source: exec, command: sh post.sh }
	YAML
	start 120 40
	type_line "$TUI_BIN --config $TUI_TMP/auth/deck.yaml"
	expect 'Still no parcel' "the post"
	keys Enter
	expect 'Earlier posts by @dana with the team' "the author's history"
	expect '^  [0-9-]+ [0-9:]+  new  Is the shop open on Sundays\?$' "the untouched one, newest first"
	expect '^  [0-9-]+ [0-9:]+  replied · answered by bob  Thanks for sorting out the refund!$' "who answered it"
	expect '^  [0-9-]+ [0-9:]+  done  My parcel is a week late, any news\?$' "the closed one"
	# Newest first, and not the post in the pane.
	local rows; rows=$(screen | grep -n -E 'Sundays|refund|parcel is a week' | cut -d: -f1 | tr '\n' ' ')
	set -- $rows
	[ "$#" = 3 ] && [ "$1" -lt "$2" ] && [ "$2" -lt "$3" ] || fail "not newest first: $rows"
	screen | grep -A20 'Earlier posts' | grep -q 'Still no parcel' && fail "the pane's own post is listed"
	keys Escape
	# A post from 60 hours ago: only what came before it.
	keys j
	keys Enter
	expect '^  Hello\? Order 1234\.$' "the older post's pane"
	expect '^  [0-9-]+ [0-9:]+  done  My parcel is a week late, any news\?$' "the post before it"
	sleep 0.5
	screen | grep -Eq 'Sundays|refund' && fail "later posts are listed as earlier"
	keys Escape
	keys q
}

t_a_decks_reply_is_a_first_response_in_the_report() {
	local out
	rm -rf "$TUI_TMP/fr"; mkdir -p "$TUI_TMP/fr"
	fake_start
	cat > "$TUI_TMP/fr/deck.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/fr/triage.db
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home, account: fake, type: home, inbox: true }
	YAML
	start 150 40 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $TUI_TMP/fr/deck.yaml"
	expect 'fake·home +● live' "the column" 8
	# The inbox column records its posts as they come.
	local i=0
	while [ $i -lt 40 ]; do
		"$TUI_BIN" log --config "$TUI_TMP/fr/deck.yaml" 2>/dev/null | grep -q '  record  ' && break
		sleep 0.05; i=$((i + 1))
	done
	sleep 1.1	# a first response of at least a second
	keys r
	expect 'Reply to ' "alice opens a reply"
	keys -l 'On it!'
	keys C-s
	expect 'reply sent' "the reply goes"
	out=$("$TUI_BIN" report --format json --config "$TUI_TMP/fr/deck.yaml" 2>&1)
	echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
fr = r["first_response"]
assert fr["count"] == 1 and fr["median_seconds"] >= 1, fr
assert [a["agent"] for a in fr["agents"]] == ["alice"], fr
assert r["agents"] == [{"agent": "alice", "assigned": 0, "done": 0, "replied": 1}], r["agents"]
v = r["volume"]
assert v["replied"] == 1 and v["recorded"] >= 1 and v["open"] == v["recorded"] - 1, v
assert [c["column"] for c in v["columns"]] == ["Home"], v["columns"]
' || fail "the report does not count alice's reply: $out"
	keys q
	fake_stop
}
