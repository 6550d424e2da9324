# lib.sh — driving the real binary in tmux (sourced by tests/tui/run.sh).
# Each test gets a private tmux server (-L), no user config (-f /dev/null),
# an empty HOME, and a shell whose prompt is "$ ".

TUI_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TUI_BIN="$TUI_ROOT/starling"
TUI_SOCK="starling-tui-$$"
TUI_TMP=$(mktemp -d /tmp/starling-tui.XXXXXX)
TUI_PASS=0
TUI_FAIL=0
TUI_FAILED_NOW=0

tmx() { tmux -L "$TUI_SOCK" "$@"; }

# start W H [ENV...]: a fresh server with a shell at WxH.
start() {
	local w=$1 h=$2; shift 2
	tmx kill-server 2>/dev/null
	rm -rf "$TUI_TMP/home"; mkdir -p "$TUI_TMP/home"
	tmx -f /dev/null new-session -d -x "$w" -y "$h" \
		"env -i HOME=$TUI_TMP/home PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 $* PS1='$ ' sh -i"
	tmx set-option -g status off >/dev/null
	tmx set-option -g default-terminal screen-256color >/dev/null
	wait_for '^\$' 5
}

keys() { tmx send-keys "$@"; }
type_line() { tmx send-keys -l "$1"; tmx send-keys Enter; }
screen() { tmx capture-pane -p; }

# screen_cells N: the screen's first N cells of each row (wide characters
# count two), for what one column at the left shows.
screen_cells() {
	screen | python3 -c '
import sys, unicodedata
n = int(sys.argv[1])
for line in sys.stdin:
    out, w = "", 0
    for ch in line.rstrip("\n"):
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > n:
            break
        out += ch; w += cw
    print(out)' "$1"
}

# wait_for REGEX [SECONDS]: until the screen matches (grep -E).
wait_for() {
	local re=$1 t=${2:-5} i=0
	while [ "$i" -lt $((t * 20)) ]; do
		screen | grep -Eq -- "$re" && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# wait_gone REGEX [SECONDS]: until the screen no longer matches.
wait_gone() {
	local re=$1 t=${2:-5} i=0
	while [ "$i" -lt $((t * 20)) ]; do
		screen | grep -Eq -- "$re" || return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

fail() {
	echo "    $*"
	TUI_FAILED_NOW=1
}

expect() {	# expect REGEX MESSAGE [SECONDS]
	wait_for "$1" "${3:-5}" || fail "$2 (no match for /$1/)"
}

expect_not() {
	if screen | grep -Eq -- "$1"; then fail "$2 (unexpected /$1/)"; fi
}

# Column rules (│) stand at the same cells on every row that has one.
# Widths are measured with libc's wcwidth, as tmux and ncurses do.
rules_aligned() {
	screen | python3 "$TUI_ROOT/tests/tui/rules.py" || fail "column rules misaligned"
}

run_test() {
	local name=$1
	TUI_FAILED_NOW=0
	"$name"
	tmx kill-server 2>/dev/null
	if [ "$TUI_FAILED_NOW" -eq 0 ]; then
		TUI_PASS=$((TUI_PASS + 1)); echo "ok   tui      $name"
	else
		TUI_FAIL=$((TUI_FAIL + 1)); echo "FAIL tui      $name"
		echo "$name" >> "$TUI_TMP/failed"
	fi
}

# fast_deck BACKLOG: the demo at 120x40 with a fast column (4 posts a
# second, BACKLOG posts to start) beside a calm one, seed 3.
fast_deck() {
	cat > "$TUI_TMP/fast.yaml" <<-YAML
	columns:
	  - { title: Fast, source: demo, channel: mentions, rate: 4, backlog: $1 }
	  - { title: Calm, source: demo, channel: home, rate: 0, backlog: 5 }
	YAML
	start 120 40
	type_line "$TUI_BIN --seed 3 --config $TUI_TMP/fast.yaml"
	expect '1 Fast'
}
