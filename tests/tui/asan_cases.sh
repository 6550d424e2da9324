#!/bin/bash
# asan_cases.sh [BIN] — cases the random keys found, replayed on purpose
# under the ASan+UBSan build in tmux, each failing on any sanitizer report
# or crash. Appends "asan-cases <passed> <failed>" to build/results.
#
# thread under a picker: the detail pane's lines point into the thread it
# shows; a second thread arriving while a picker is over the pane must not
# leave them pointing at freed posts.
cd "$(dirname "$0")/../.." || exit 1
BIN=$(cd "$(dirname "${1:-build/asan/starling}")" && pwd)/$(basename "${1:-build/asan/starling}")
TMP=$(mktemp -d /tmp/starling-asan.XXXXXX)
SOCK="starling-asan-$$"
FAKE_PID=
tmx() { tmux -L "$SOCK" "$@"; }
screen() { tmx capture-pane -p; }
wait_for() {	# wait_for REGEX SECONDS
	local i=0
	while [ $i -lt $(($2 * 20)) ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
result() {	# result PASSED FAILED MESSAGE
	mkdir -p build
	echo "asan-cases $1 $2" >> build/results
	if [ "$2" -eq 0 ]; then echo "ok   asan     $3"; else echo "FAIL asan     $3"; fi
	tmx kill-server 2>/dev/null
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -rf "$TMP"
	exit 0
}
[ -x "$BIN" ] || result 0 1 "no binary at $BIN (make BUILD=asan build/asan/starling)"

mkdir -p "$TMP/home"
python3 tests/fakes/fake_mastodon.py --url-file "$TMP/fake.url" --heartbeat 1 \
	--seed 5 --max-seconds 120 >"$TMP/fake.log" 2>&1 &
FAKE_PID=$!
i=0
while [ ! -s "$TMP/fake.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
FAKE=$(cat "$TMP/fake.url")
[ -n "$FAKE" ] || result 0 1 "the fake server did not start"
cat > "$TMP/deck.yaml" <<YAML
me: alice
store: $TMP/triage.db
team: [alice, bob]
accounts:
  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
columns:
  - { title: Home, account: fake, type: home }
YAML
SAN="log_path=$TMP/san:detect_leaks=1:halt_on_error=1:print_stacktrace=1"
tmx -f /dev/null new-session -d -x 120 -y 40 \
	"env -i HOME=$TMP/home PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 FAKE_TOKEN=test-token ASAN_OPTIONS=$SAN UBSAN_OPTIONS=$SAN $BIN --config $TMP/deck.yaml; echo \"exit=\$?\" > $TMP/exit; sleep 600"
wait_for 'fake·home +● live' 15 || result 0 1 "thread under a picker: the deck did not start"
# A reply gives the selected post a thread of one.
tmx send-keys j k r
wait_for 'Reply to ' 5 || result 0 1 "thread under a picker: no reply box"
tmx send-keys -l 'a thread of one'
tmx send-keys C-s
wait_for 'reply sent' 10 || result 0 1 "thread under a picker: the reply was not sent"
tmx send-keys Enter
wait_for 'Esc closes' 5 || result 0 1 "thread under a picker: no detail pane"
tmx send-keys c
wait_for 'thread: [1-9][0-9]* other post' 10 || result 0 1 "thread under a picker: no thread"
# The next thread takes two seconds; a picker opens over the pane meanwhile.
curl -s --noproxy '*' -X POST -H 'Content-Type: application/json' \
	-d '{"kind":"slow","seconds":2,"path_prefix":"/api/v1/statuses/"}' \
	"$FAKE/_control/fault" >/dev/null
tmx send-keys c a
wait_for 'Assign to' 5 || result 0 1 "thread under a picker: no picker"
sleep 3		# the thread arrives under the picker; then the pane is drawn
tmx send-keys C-l
sleep 0.5
tmx send-keys Escape
sleep 0.3
tmx send-keys Escape q
i=0
while [ ! -s "$TMP/exit" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if ls "$TMP"/san* >/dev/null 2>&1; then
	head -40 "$TMP"/san*
	result 0 1 "thread under a picker: sanitizer report"
fi
case $(sed -n 's/^exit=//p' "$TMP/exit" 2>/dev/null) in
0)	result 1 0 "thread under a picker" ;;
*)	result 0 1 "thread under a picker: the deck did not quit cleanly" ;;
esac
