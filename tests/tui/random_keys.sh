#!/bin/bash
# random_keys.sh [BIN] — a few thousand random keys, commands and resizes over
# the demo deck with a triage store and a column of the fake Mastodon server
# (so the reply box opens too), for RANDOM_SECONDS (default 40), driving an
# ASan+UBSan build in tmux. Fails on any AddressSanitizer, LeakSanitizer or
# UBSan report, on a crash, or when the deck does not quit cleanly at the end.
# RANDOM_SEED repeats a run. Appends "random <passed> <failed>" to
# build/results.
cd "$(dirname "$0")/../.." || exit 1
BIN=$(cd "$(dirname "${1:-build/asan/starling}")" && pwd)/$(basename "${1:-build/asan/starling}")
SECONDS_FOR=${RANDOM_SECONDS:-40}
SEED=${RANDOM_SEED:-$(( $(date +%s) % 100000 ))}
TMP=$(mktemp -d /tmp/starling-random.XXXXXX)
SOCK="starling-random-$$"
RANDOM=$SEED

tmx() { tmux -L "$SOCK" "$@"; }

FAKE_PID=
result() {	# result PASSED FAILED MESSAGE
	mkdir -p build
	echo "random $1 $2" >> build/results
	if [ "$2" -eq 0 ]; then
		echo "ok   random   $3"
	else
		echo "FAIL random   $3"
	fi
	tmx kill-server 2>/dev/null
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -rf "$TMP"
	exit 0
}

[ -x "$BIN" ] || result 0 1 "no binary at $BIN (make BUILD=asan build/asan/starling)"

mkdir -p "$TMP/home" "$TMP/team"
python3 tests/fakes/fake_mastodon.py --url-file "$TMP/fake.url" --heartbeat 1 \
	--seed "$SEED" --rate 1 --max-seconds $((SECONDS_FOR + 120)) >"$TMP/fake.log" 2>&1 &
FAKE_PID=$!
i=0
while [ ! -s "$TMP/fake.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$TMP/fake.url" ] || result 0 1 "the fake server did not start"
cat > "$TMP/deck.yaml" <<YAML
me: alice
store: $TMP/team/triage.db
team: [alice, bob, carol]
tags: { complaint: red, lead: green }
templates: { thanks: "Thanks {author}!", ticket: "DM us, {handle}" }
policy: { banned: [guarantee], send_delay: 2, confirm_accounts: [fake] }
accounts:
  - { name: fake, network: mastodon, instance: "$(cat "$TMP/fake.url")", token_env: FAKE_TOKEN }
columns:
  - { title: Fake, account: fake, type: home }
  - { title: Home, source: demo, channel: home, rate: 5 }
  - { title: Mentions, source: demo, channel: mentions, rate: 2, backlog: 20, sla: 1m }
  - { title: My queue, type: assigned, to: me }
  - { title: Tagged, type: tagged, tag: complaint }
YAML

SAN="log_path=$TMP/san:detect_leaks=1:halt_on_error=1:print_stacktrace=1"
tmx -f /dev/null new-session -d -x 120 -y 40 \
	"env -i HOME=$TMP/home PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 BROWSER=true FAKE_TOKEN=test-token ASAN_OPTIONS=$SAN UBSAN_OPTIONS=$SAN $BIN --seed $SEED --config $TMP/deck.yaml; echo \"exit=\$?\" > $TMP/exit; sleep 600"
tmx set-option -g status off >/dev/null
tmx set-option -g window-size manual >/dev/null 2>&1

# Keys of every mode: the deck's, the pickers', the prompts', the reply box's
# (q, C-c and C-\ would quit before the time is up: the end sends them).
KEYS=(j j j k k h l g G 1 2 3 4 Enter Enter Escape Escape r t f b o y c a a
	U '#' '#' d x u n n '?' / : Tab BSpace Space PgUp PgDn Home End Up Down
	Left Right C-f C-b C-d C-u C-g C-s C-l C-a C-e DC w Q Z C-t C-v C-x C-_
	C-k C-w M-b M-f y n)
WORDS=(hello "two words" complaint lead bob carol 日本 "👨‍👩‍👧‍👦" é x "" "#tag")
COMMANDS=("column 2" "column 9" "assign carol" "assign" unassign "tag complaint"
	"untag complaint" "tag lead" done ignore reopen "note a note" filter "filter coffee"
	unfilter mark-read redraw help thread older open close top bottom
	"open-url 1" like repost reply bookmark "nonsense here" "" compose quote
	drafts undo-send "template thanks" template "template nope" report)
# Keys that open and close the pane, the reply box and the pickers over it.
OVER=("Enter r Escape" "w C-t Escape" "w C-t Enter Escape" "Enter a Escape" "Enter # Escape" "Enter ? Escape"
	"Enter n Escape" "Enter r C-g Enter" "Enter a Enter")
SIZES=("120 40" "80 24" "60 15" "200 50" "40 10" "100 30")

start=$(date +%s)
n=0
while [ $(( $(date +%s) - start )) -lt "$SECONDS_FOR" ]; do
	[ -s "$TMP/exit" ] && break
	r=$((RANDOM % 100))
	if [ $r -lt 10 ]; then
		tmx send-keys ${OVER[RANDOM % ${#OVER[@]}]} 2>/dev/null
		n=$((n + 3))
	elif [ $r -lt 75 ]; then
		batch=()
		for _ in 1 2 3 4; do batch+=("${KEYS[RANDOM % ${#KEYS[@]}]}"); done
		tmx send-keys "${batch[@]}" 2>/dev/null
		n=$((n + 4))
	elif [ $r -lt 85 ]; then
		tmx send-keys -l "${WORDS[RANDOM % ${#WORDS[@]}]}" 2>/dev/null
		n=$((n + 1))
	elif [ $r -lt 95 ]; then
		tmx send-keys Escape Escape : 2>/dev/null
		tmx send-keys -l "${COMMANDS[RANDOM % ${#COMMANDS[@]}]}" 2>/dev/null
		tmx send-keys Enter 2>/dev/null
		n=$((n + 4))
	else
		set -- ${SIZES[RANDOM % ${#SIZES[@]}]}
		tmx resize-window -x "$1" -y "$2" 2>/dev/null
	fi
	sleep 0.01
done

# Quit the way a user would; SIGTERM when the deck does not listen.
i=0
while [ ! -s "$TMP/exit" ] && [ $i -lt 20 ]; do
	tmx send-keys Escape Escape C-g 2>/dev/null
	sleep 0.2
	tmx send-keys q 2>/dev/null
	sleep 0.3
	i=$((i + 1))
done
pid=$(pgrep -P "$(tmx display -p '#{pane_pid}' 2>/dev/null)" -x "$(basename "$BIN")" 2>/dev/null)
[ -n "$pid" ] && [ ! -s "$TMP/exit" ] && kill -TERM "$pid"
i=0
while [ ! -s "$TMP/exit" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done

msg="$n keys over ${SECONDS_FOR}s (RANDOM_SEED=$SEED)"
if ls "$TMP"/san* >/dev/null 2>&1; then
	head -60 "$TMP"/san*
	result 0 1 "sanitizer report: $msg"
fi
status=$(sed -n 's/^exit=//p' "$TMP/exit" 2>/dev/null)
case "$status" in
0|143)	result 1 0 "$msg" ;;
"")	result 0 1 "the deck did not exit: $msg" ;;
*)	result 0 1 "exit status $status: $msg" ;;
esac
