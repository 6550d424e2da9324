#!/bin/bash
# End-to-end tests: the real ./starling in tmux, driven with send-keys and read
# with capture-pane. Appends "tui <passed> <failed>" to build/results.
cd "$(dirname "$0")/../.." || exit 1
. tests/tui/lib.sh

S="$TUI_BIN --seed 7"

t_demo_deck_shows_four_columns() {
	start 200 50
	type_line "$S"
	expect '1 Home' "Home column header"
	expect '2 Mentions' "Mentions header"
	expect '3 Search' "Search header"
	expect '4 Competitors' "Competitors header"
	expect '● live' "live state"
	# Every column shows posts: a handle and a counts line in each quarter.
	local s; s=$(screen)
	for c in 0 1 2 3; do
		echo "$s" | python3 -c "
import sys
c=$c; rows=sys.stdin.read().split('\n')[2:]
cells=[r.split('│')[c] if len(r.split('│'))>c else '' for r in rows]
sys.exit(0 if any('@' in x for x in cells) and any('♥' in x for x in cells) else 1)" ||
			fail "column $((c + 1)) shows no posts"
	done
	rules_aligned
	expect_not '</?(p|br|a|span|div|b|i)( [^>]*)?/?>|&(amp|lt|gt|quot|nbsp|#[0-9]+);' "no raw HTML or entities"
	keys q
	expect 'EXIT|^\$ ?$' "back to the shell"
}

# The first screen row with the selection marker, once it is no longer
# row $1 (waits up to 5 s; prints the row it has then).
marker_row_after() {
	local row i=0
	while [ $i -lt 100 ]; do
		row=$(screen | grep -n '▌' | head -1 | cut -d: -f1)
		[ -n "$row" ] && [ "$row" != "$1" ] && break
		sleep 0.05; i=$((i + 1))
	done
	echo "$row"
}

t_keys_move_selection() {
	start 200 50
	type_line "$S"
	expect '1 Home'
	# The marker ▌ starts in column 1 at the first card.
	local first; first=$(screen | grep -n '▌' | head -1 | cut -d: -f1)
	[ -n "$first" ] || fail "no selection marker"
	keys j
	local second; second=$(marker_row_after "$first")
	[ -n "$second" ] && [ "$second" -gt "$first" ] || fail "j did not move down ($first -> $second)"
	keys k
	local back; back=$(marker_row_after "$second")
	[ "$back" = "$first" ] || fail "k did not move back up ($second -> $back)"
	keys l
	expect 'column 2/4' "l focuses column 2"
	# The marker is now right of the first rule.
	screen | grep '▌' | head -1 | grep -q '│.*▌' || fail "marker not in column 2 after l"
	keys h
	expect 'column 1/4' "h focuses column 1"
	keys 3
	expect 'column 3/4' "3 jumps to column 3"
	keys G
	sleep 0.3
	keys g
	sleep 0.3
	keys q
	expect '^\$ ?$'
}

t_help_overlay() {
	start 120 40
	type_line "$S"
	expect '1 Home'
	keys '?'
	expect 'Keys in the deck' "help shows the deck keys"
	expect 'column-left' "help lists commands"
	keys Escape
	wait_gone 'Keys in the deck' 3 || fail "Esc did not close help"
	expect '1 Home'
	keys q
}

# The help at 60 columns with a key bound to a long command: padding by
# display width (é is one cell, two bytes), long cells cut with …, numbered
# bindings once ("1-9  column N"), aliases listed, g/G said as they act.
t_help_overlay_columns_hold() {
	printf 'keys:\n  "\xc3\xa9": "filter a very long filter text that goes on"\n' > "$TUI_TMP/k.yaml"
	start 60 50
	type_line "$TUI_BIN --seed 7 --config $TUI_TMP/k.yaml"
	expect '1 Home'
	keys '?'
	expect 'Keys in the deck' "the help opens"
	expect '^ +1-9 +column N +Focus column N' "column N once, keys grouped"
	expect_not '[0-9] +column [0-9]' "no column 1 … column 9 lines"
	expect 'filter a very… +Show only' "a long command is cut with …"
	screen | python3 -c '
import sys, unicodedata
def cells(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
starts = set()
for line in sys.stdin:
    i = line.find("Show only posts")
    if i >= 0:
        starts.add(cells(line[:i]))
sys.exit(0 if len(starts) == 1 else 1)' || fail "descriptions do not line up by display width"
	local i=0
	while [ $i -lt 120 ] && ! screen | grep -q 'Keys in this help'; do
		keys j; sleep 0.02; i=$((i + 1))
	done
	keys j j j j j j j j j j
	expect '^ +1-9 +open-url N' "open-url N once"
	expect 'g Home +top +Scroll to the top' "g in the help says it scrolls"
	expect 'G End +bottom +Scroll to the end' "G too"
	keys G
	# The command list ends the help; its aliases are a little above.
	i=0
	while [ $i -lt 60 ] && ! screen | grep -q 'repost, boost'; do
		keys k; sleep 0.02; i=$((i + 1))
	done
	expect 'repost, boost' "the boost alias"
	expect 'like, favourite' "the favourite alias"
	keys Escape
	keys q
}

t_command_prompt_runs_commands() {
	start 120 40
	type_line "$S"
	expect '1 Home'
	keys :
	keys -l 'column 4'
	keys Enter
	expect 'column 4/4' ":column 4 focuses column 4"
	keys :
	keys -l 'colu'
	keys Tab
	expect ':column-left' "Tab completes a command name"
	keys Enter
	expect 'column 3/4' "completed command ran"
	keys :
	keys -l 'frobnicate'
	keys Enter
	expect 'unknown command "frobnicate"' "unknown command is reported"
	keys :
	keys -l 'quit'
	keys Enter
	expect '^\$ ?$' ":quit quits"
}

t_filter_column() {
	start 160 45
	type_line "$S"
	expect '1 Home'
	keys 2 /
	keys -l 'zzzznotthere'
	expect 'no posts match' "filter with no match"
	keys Escape
	wait_gone 'no posts match' 3 || fail "Esc did not restore the column"
	keys /
	keys -l 'acme'
	keys Enter
	expect '/acme \([0-9]+\)' "the header shows the filter"
	keys q
}

t_detail_pane() {
	start 120 40
	type_line "$S"
	expect '1 Home'
	keys Enter
	expect 'Esc closes' "Enter opens the detail pane"
	expect '♥ [0-9]+ likes' "detail shows counts"
	keys Escape
	expect '1 Home' "Esc closes it"
	keys q
}

t_resize_reflows() {
	start 200 50
	type_line "$S"
	expect '4 Competitors'
	tmx resize-window -x 80 -y 24
	sleep 0.5
	expect '1 Home' "80x24 still shows the deck"
	screen | python3 tests/tui/rules.py 80 || fail "rules misaligned at 80x24"
	keys 4
	expect 'column 4/4'
	tmx resize-window -x 30 -y 6
	expect 'Too small \(30x6\): needs 30x8' "tiny terminal gets the whole message"
	tmx resize-window -x 200 -y 50
	tmx resize-window -x 12 -y 6
	expect '^Need 30x8' "a tinier one too"
	expect_not 'Need 30x8.*[^ ]' "nothing after it"
	tmx resize-window -x 200 -y 50
	expect '4 Competitors' "back to 200x50"
	expect '1 Home' "wider again: the first column comes back"
	rules_aligned
	keys q
	expect '^\$ ?$'
}

t_quit_restores_terminal() {
	start 100 30
	type_line "$S; echo EXIT=\$?"
	expect '1 Home'
	keys q
	expect 'EXIT=0' "q exits 0"
	type_line 'stty -a | tr " " "\n" | grep -x -e icanon -e echo | tr "\n" " "; echo'
	expect '^icanon echo' "cooked mode restored" 
	type_line 'echo $((6 * 7))'
	expect '^42$' "the shell is usable"
}

t_signals_restore_terminal() {
	local sig
	for sig in TERM HUP INT; do
		start 100 30
		type_line "$S & echo PID=\$!; fg"
		expect '1 Home'
		# This shell's own starling, not any other one on the machine.
		local pid; pid=$(pgrep -n -f "^$TUI_BIN --seed 7")
		[ -n "$pid" ] || { fail "no pid"; continue; }
		kill -$sig "$pid"
		local n=0
		while kill -0 "$pid" 2>/dev/null && [ $n -lt 60 ]; do
			sleep 0.05; n=$((n + 1))
		done
		kill -0 "$pid" 2>/dev/null && fail "SIG$sig: still running after 3 s"
		type_line 'stty -a | tr " " "\n" | grep -x -e icanon -e echo | tr "\n" " "; echo'
		expect '^icanon echo' "SIG$sig: cooked mode restored"
		tmx kill-server 2>/dev/null
	done
}

t_dumb_terminal_is_refused() {
	start 100 30
	type_line "TERM=dumb $S; echo EXIT=\$?"
	expect 'cannot move the cursor' "a clear message"
	expect 'EXIT=1' "exit 1"
}

# influencer: N badges authors with at least N followers, in its colour,
# before the handle; others get nothing.
t_influencer_badge_on_cards() {
	local esc=$'\e\\[' screen
	cat > "$TUI_TMP/influencer.yaml" <<-YAML
	influencer: 10000
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10 }
	YAML
	start 120 40
	type_line "$S --seed 3 --config $TUI_TMP/influencer.yaml"
	expect '1 Mentions'
	expect 'The Gadget Review ★910k @gadgetreview' "the badge between name and handle"
	expect_not 'José Álvarez ★' "no badge under the threshold"
	screen=$(tmx capture-pane -p -e)
	echo "$screen" | grep -q "${esc}38;5;220m ★910k" ||
		fail "the badge is not in the theme's influencer colour"
	keys q
}

t_no_color_is_monochrome() {
	start 120 40 NO_COLOR=1
	type_line "$S"
	expect '1 Home'
	# With NO_COLOR nothing may carry a colour; capture with escapes.
	tmx capture-pane -p -e | grep -Eq $'\e\\[[0-9;]*(3[0-7]|9[0-7]|38;5;)' &&
		fail "colour escapes with NO_COLOR"
	keys q
}

# The SGR colour codes of the header-focus element of theme $1, as ncurses
# sends them for a 256-colour terminal ("38;5;231" "48;5;25").
theme_focus_codes() {
	python3 - "$TUI_ROOT/themes/$1.yaml" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    if line.strip().startswith("header-focus:"):
        fg = re.search(r"fg: *(\d+)", line); bg = re.search(r"bg: *(\d+)", line)
        print("38;5;%s 48;5;%s" % (fg.group(1), bg.group(1)))
PY
}

t_theme_colours_show() {
	local codes c esc
	esc=$'\e\\['
	# The default theme: its focused header's colours, and colours elsewhere.
	start 120 40
	type_line "$S"
	expect '1 Home'
	codes=$(theme_focus_codes default)
	[ -n "$codes" ] || fail "no header-focus colours in themes/default.yaml"
	for c in $codes; do
		tmx capture-pane -p -e | grep -q "$esc$c"'m' ||
			fail "default theme: no \\e[${c}m on screen"
	done
	[ "$(tmx capture-pane -p -e | grep -oE "${esc}38;5;[0-9]+m" | sort -u | wc -l)" -ge 5 ] ||
		fail "default theme: fewer than 5 foreground colours on screen"
	local default_screen; default_screen=$(tmx capture-pane -p -e | head -2)
	keys q
	# The light theme draws differently.
	mkdir -p "$TUI_TMP/home/.config/starling"
	printf 'theme: light\ncolumns:\n  - { title: Home, source: demo, channel: home }\n' \
		> "$TUI_TMP/light.yaml"
	start 120 40
	type_line "$S --config $TUI_TMP/light.yaml"
	expect '1 Home'
	codes=$(theme_focus_codes light)
	for c in $codes; do
		tmx capture-pane -p -e | grep -q "$esc$c"'m' ||
			fail "light theme: no \\e[${c}m on screen"
	done
	[ "$(tmx capture-pane -p -e | head -2)" != "$default_screen" ] ||
		fail "the light theme draws like the default"
	keys q
	# An 8-colour terminal gets the basic colours.
	start 120 40 TERM=xterm
	type_line "$S"
	expect '1 Home'
	tmx capture-pane -p -e | grep -Eq "${esc}([0-9;]*;)?(3[0-7]|4[0-7])m" ||
		fail "TERM=xterm: no basic colours"
	keys q
}

t_tag_colour_shows() {
	cat > "$TUI_TMP/tags.yaml" <<EOF2
me: alice
store: $TUI_TMP/tags.db
tags: { complaint: red }
columns:
  - { title: Home, source: demo, channel: home, rate: 0 }
EOF2
	start 120 40
	type_line "$S --config $TUI_TMP/tags.yaml"
	expect '1 Home'
	keys :
	type_line 'tag complaint'
	expect '#complaint' "the tag badge shows"
	# The badge is drawn in red (basic red, or red from the 256 palette).
	tmx capture-pane -p -e | grep -Eq $'\e\\[([0-9;]*;)?(31|91|38;5;1|38;5;9)m#complaint' ||
		fail "the complaint tag is not red: $(tmx capture-pane -p -e | grep -a complaint | cat -v | head -2)"
	keys q
}

# The marked card's text (rows with ▌ in column 1), for comparing.
selected_card() { screen | grep '^▌' | sed 's/│.*//'; }

t_new_posts_never_move_selection() {
	fast_deck 20
	keys j j j
	sleep 0.5
	local before after view_before view_after
	before=$(selected_card)
	view_before=$(screen | sed -n '3,12p' | sed 's/│.*//')
	[ -n "$before" ] || fail "no selected card"
	sleep 2.5	# about ten new posts arrive above
	after=$(selected_card)
	view_after=$(screen | sed -n '3,12p' | sed 's/│.*//' | sed 's/ *[0-9]*[smh]$//;s/ *now$//')
	view_before=$(printf '%s\n' "$view_before" | sed 's/ *[0-9]*[smh]$//;s/ *now$//')
	[ "$before" = "$after" ] || fail "selection moved: [$before] -> [$after]"
	[ "$view_before" = "$view_after" ] || fail "view jumped while reading"
	expect 'new above' "the header says new posts wait above"
	keys g
	wait_gone 'new above' 3 || fail "g did not go to the newest"
	keys q
}

t_check_config_reports_every_error() {
	cat > "$TUI_TMP/bad.yaml" <<-YAML
	colums: []
	columns:
	  - { title: A, source: demo, channel: nope, rate: fast }
	keys:
	  j: frobnicate
	YAML
	local out rc
	out=$("$TUI_BIN" --check-config --config "$TUI_TMP/bad.yaml" 2>&1); rc=$?
	[ "$rc" -eq 1 ] || fail "exit $rc, want 1"
	echo "$out" | grep -q "bad.yaml:1:1: " || fail "no error at 1:1 for colums: $out"
	echo "$out" | grep -q "bad.yaml:3:.*nope" || fail "no error for the channel: $out"
	echo "$out" | grep -q "bad.yaml:3:.*fast" || fail "no error for the rate: $out"
	echo "$out" | grep -q "bad.yaml:5:.*frobnicate" || fail "no error for the command: $out"
	out=$("$TUI_BIN" --check-config --config tests/fixtures/examples/config.yaml 2>&1) ||
		fail "the example config does not check: $out"
	"$TUI_BIN" --version | grep -q '^starling [0-9]' || fail "--version"
	"$TUI_BIN" --help | grep -q -- '--seed' || fail "--help"
}

. tests/tui/mastodon.sh
. tests/tui/bluesky_fake.sh
. tests/tui/triage.sh
. tests/tui/drafts.sh
. tests/tui/input.sh
. tests/tui/pg.sh
. tests/tui/channels.sh
. tests/tui/compose.sh
. tests/tui/approve.sh
. tests/tui/x.sh
. tests/tui/inbox.sh
. tests/tui/report.sh

# TUI_ONLY=REGEX runs only the matching tests.
for t in $(declare -F | awk '{print $3}' | grep '^t_' | grep -E -- "${TUI_ONLY:-.}"); do
	run_test "$t"
done
tmx kill-server 2>/dev/null
# A run that ran nothing is a failure, not a pass.
if [ $((TUI_PASS + TUI_FAIL)) -eq 0 ] && [ -z "$TUI_ONLY" ]; then
	echo "FAIL tui      no test ran"
	TUI_FAIL=1
fi
mkdir -p build
echo "tui $TUI_PASS $TUI_FAIL" >> build/results
echo "tui: $TUI_PASS passed, $TUI_FAIL failed"
rm -rf "$TUI_TMP"
exit 0
