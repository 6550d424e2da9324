# input.sh — keys, the prompt's cursor, the screen's life. Sourced by run.sh.

# A deck where nothing arrives unless asked: what a test sees comes from
# its keys, not from posts.
input_calm_config() {
	cat > "$TUI_TMP/calm.yaml" <<-YAML
	columns:
	  - { title: Home, source: demo, channel: home, rate: 0, backlog: 8 }
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 8 }
	  - { title: Search, source: demo, channel: search, query: coffee, rate: 0, backlog: 8 }
	YAML
}

cursor() { tmx display -p '#{cursor_x},#{cursor_y}'; }

# wait_cursor X,Y [SECONDS]
wait_cursor() {
	local want=$1 t=${2:-3} i=0
	while [ "$i" -lt $((t * 20)) ]; do
		[ "$(cursor)" = "$want" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

t_input_option_errors_say_starling() {
	local out
	for a in --bogus -z --config; do
		out=$(cd "$TUI_ROOT" && ./starling $a 2>&1 >/dev/null | head -1)
		case $out in
		"starling: "*) ;;
		*) fail "$a: \"$out\", want \"starling: ...\"" ;;
		esac
	done
}

t_input_startup_enters_alternate_screen_once() {
	start 120 40
	tmx pipe-pane -o "cat >> $TUI_TMP/out.bin"
	type_line "$S"
	expect '1 Home'
	sleep 0.3
	local n
	n=$(python3 -c "import sys; print(open(sys.argv[1],'rb').read().count(b'\x1b[?1049'))" "$TUI_TMP/out.bin")
	[ "$n" = 1 ] || fail "the alternate screen was entered or left $n times, want once"
	keys q
	expect '^\$ ?$'
}

t_input_resize_after_esc_is_drawn_at_once() {
	input_calm_config
	start 200 50
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/calm.yaml"
	expect 'column 1/3' "the deck"
	local i
	for i in 1 2 3; do
		# Esc makes curses wait for the rest of a sequence; the resize
		# lands in that wait.
		keys Escape; tmx resize-window -x 120 -y 40
		wait_for '^.{80,110}column 1/3' 3 || fail "120x40 not drawn after Esc ($i)"
		keys Escape; tmx resize-window -x 200 -y 50
		wait_for '^.{160,}column 1/3' 3 || fail "200x50 not drawn after Esc ($i)"
	done
	keys q
}

t_input_prompt_cursor_is_where_one_types() {
	fast_deck 20
	keys :
	keys -l 'abcdef'
	expect '^:abcdef'
	wait_cursor 7,39 || fail ": cursor at $(cursor), want 7,39 (after the text)"
	keys Left Left
	wait_cursor 5,39 || fail ": Left Left: cursor at $(cursor), want 5,39"
	sleep 1	# posts arrive: the cursor stays
	[ "$(cursor)" = 5,39 ] || fail ": cursor moved to $(cursor) as posts arrived"
	keys Home
	wait_cursor 1,39 || fail ": Home: cursor at $(cursor), want 1,39"
	keys Escape
	keys /
	keys -l 'xyz'
	keys C-a
	wait_cursor 1,39 || fail "/ C-a: cursor at $(cursor), want 1,39"
	keys Escape
	keys n
	expect '^note:' "the note box"
	keys -l 'hello'
	keys Left
	wait_cursor 10,39 || fail "note Left: cursor at $(cursor), want 10,39"
	keys Escape
	keys q
}

t_input_closing_the_reply_box_clears_its_message() {
	fake_start
	masto_start
	local how
	for how in C-g C-c Escape; do
		keys r
		expect 'Reply to ' "the reply box ($how)"
		keys C-u
		keys C-s
		expect 'reply: nothing to send' "an empty reply is refused ($how)"
		keys "$how"
		wait_gone 'Reply to ' 3 || fail "$how did not close the box"
		wait_gone 'nothing to send' 3 || fail "$how left \"nothing to send\" on the status line"
	done
	keys r
	expect 'Reply to '
	keys -l 'kept'
	keys C-g
	expect 'draft is kept' "closing a box with text says the draft is kept"
	keys q
	expect '^\$ ?$'
	fake_stop
}

t_input_pickers_and_help_return_to_the_detail_pane() {
	input_calm_config	# no team: in it
	start 120 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/calm.yaml"
	expect '1 Home'
	keys Enter
	expect 'Post — Esc closes' "the detail pane"
	local k
	for k in a '#' '?'; do
		keys "$k"
		expect 'Assign to|Tag \(type|Keys in the deck' "$k opens over the pane"
		keys Escape
		wait_gone 'Assign to|Tag \(type|Keys in the deck' 3 || fail "Esc did not close what $k opened"
		expect 'Post — Esc closes' "closing what $k opened goes back to the detail pane"
		expect_not '1 Home' "the deck is not shown after $k"
	done
	# The assign picker takes a name it does not list (as :assign carol).
	keys a
	expect 'Assign to'
	keys -l carol
	keys Enter
	expect 'Triage: .*assigned to carol' "the typed name is assigned, in the pane"
	expect 'Post — Esc closes' "and the pane stays"
	keys Escape
	expect '→carol' "the card says so"
	keys q
}

# sendseq HEX...: raw bytes to the pane, as a terminal would send them.
sendseq() { tmx send-keys -H "$@"; }

t_input_unknown_sequences_never_run_as_keys() {
	input_calm_config
	cat >> "$TUI_TMP/calm.yaml" <<-YAML
	keys:
	  M-l: column 3
	YAML
	start 120 40
	# Inside tmux with TERM=xterm-256color, curses expects Home as Esc O H
	# while tmux sends Esc [ 1 ~.
	type_line "TERM=xterm-256color $TUI_BIN --seed 3 --config $TUI_TMP/calm.yaml"
	expect 'column 1/3' "the deck"
	# Unknown: Esc [ 2 d would have run 2 (column 2) and d (done).
	sendseq 1b 5b 32 64
	sendseq 1b 5b 39 39 7e		# Esc [ 99 ~
	sendseq 1b 5b 3f 31 3b 32 63	# Esc [ ? 1 ; 2 c
	keys j
	sleep 0.5
	expect_not 'not bound|done|marking' "an unknown sequence ran keys"
	expect 'column 1/3' "an unknown sequence moved the focus"
	# Known: End, then C-Home (Esc [ 1 ; 5 H), in every spelling.
	local seq first
	keys g
	sleep 0.3
	first=$(screen | grep -n '▌' | head -1 | cut -d: -f1)
	for seq in '1b 5b 34 7e' '1b 5b 38 7e' '1b 5b 46' '1b 4f 46'; do
		sendseq $seq
		sleep 0.3
		[ "$(screen | grep -n '▌' | head -1 | cut -d: -f1)" != "$first" ] ||
			fail "End ($seq) did not move to the bottom"
		sendseq 1b 5b 31 3b 35 48
		sleep 0.3
		[ "$(screen | grep -n '▌' | head -1 | cut -d: -f1)" = "$first" ] ||
			fail "C-Home did not move back to the top after ($seq)"
	done
	expect_not 'not bound' "a known sequence was not decoded"
	expect 'column 1/3' "End or Home moved the focus"
	# Alt-key still is Esc then the key.
	keys M-l
	expect 'column 3/3' "M-l runs its binding"
	# The prompt: Home, Delete, End and an unknown one edit or do nothing.
	keys :
	keys -l 'abc'
	sendseq 1b 5b 31 7e		# Home
	wait_cursor 1,39 || fail ": Esc [ 1 ~ did not go home ($(cursor))"
	sendseq 1b 5b 33 7e		# Delete
	expect '^:bc' ": Esc [ 3 ~ did not delete"
	sendseq 1b 5b 34 7e		# End
	wait_cursor 3,39 || fail ": Esc [ 4 ~ did not go to the end ($(cursor))"
	sendseq 1b 5b 37 7e		# Home (rxvt)
	wait_cursor 1,39 || fail ": Esc [ 7 ~ did not go home ($(cursor))"
	sendseq 1b 5b 39 39 7e
	sendseq 1b 4f 48		# Home (xterm)
	expect '^:bc' "the prompt closed or changed on an unknown sequence"
	keys Escape
	wait_gone '^:bc' 3 || fail "Esc did not cancel the prompt"
	keys q
}

t_input_reply_box_keeps_end_and_home() {
	fake_start
	start 200 50 FAKE_TOKEN=test-token
	type_line "TERM=xterm-256color $TUI_BIN --config $TUI_TMP/masto.yaml"
	expect 'fake·home +● live' "home streams" 8
	keys r
	expect 'Reply to '
	sendseq 1b 5b 34 7e		# End
	sendseq 1b 5b 31 7e		# Home
	sendseq 1b 5b 32 64		# unknown
	keys -l 'Z'
	sleep 0.5
	expect 'Reply to ' "the reply box closed on End or Home"
	expect_not 'not bound' "a sequence ran as keys"
	keys C-g
	wait_gone 'Reply to ' 3 || fail "C-g did not close the box"
	keys q
	expect '^\$ ?$'
	local draft; draft=$(cat "$TUI_TMP"/home/.local/state/starling/drafts/*.txt 2>/dev/null)
	case $draft in
	Z*) ;;
	*) fail "Z was not typed at the start of the reply (draft: [$draft])" ;;
	esac
	fake_stop
}

# The card marked ▌ in column 1: "handle|start of its text".
seen_card() {
	screen | grep '^▌' | sed 's/│.*//' | python3 -c '
import re, sys
rows = [r[1:].strip() for r in sys.stdin.read().split("\n") if r]
for i, r in enumerate(rows):
    m = re.search(r"@([A-Za-z0-9_.]+) +!?(now|[0-9]+[smhdw])$", r)
    if m and i + 1 < len(rows):
        print(m.group(1) + "|" + rows[i + 1][:15])
        break'
}

t_input_triage_acts_on_the_post_seen() {
	fast_deck 3
	sleep 1.5	# the user reads the selected post...
	local seen; seen=$(seen_card)
	[ -n "$seen" ] || fail "no selected card"
	sleep 2		# ...about eight posts arrive meanwhile...
	keys d		# ...and marks what was read done
	expect 'marked done' "d marks a post done"
	[ "$(seen_card)" = "$seen" ] || fail "the selection moved off the post read: [$seen] -> [$(seen_card)]"
	expect 'new above|•' "new posts show"
	keys q
	expect '^\$ ?$'
	local done
	done=$(env HOME="$TUI_TMP/home" "$TUI_BIN" export --format json --config "$TUI_TMP/fast.yaml" |
		python3 -c '
import json, sys
for t in json.load(sys.stdin)["triage"]:
    if t["status"] == "done":
        print(t["post"]["handle"] + "|" + " ".join(t["post"]["text"].split()))')
	# A card behind a content warning shows the warning, not the text:
	# then the author alone must match.
	local want=$seen
	case $seen in *"|CW:"*) want="${seen%%|*}|" ;; esac
	case $done in
	"$want"*) ;;
	*) fail "done went to [$done], the post read was [$seen]" ;;
	esac
}
