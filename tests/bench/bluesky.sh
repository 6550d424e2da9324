#!/bin/bash
# bluesky.sh — the Bluesky figure of `make bench` (run by tests/bench/run.sh,
# or alone): CPU of ./starling over 60 s with 4 polling Bluesky columns
# (timeline, notifications, search, author; every 10 s, the shortest) against
# the local network of tests/bluesky/net.sh, while bob posts with 5 s pauses.
# A measurement, never pass/fail: when it cannot be taken it prints
# "n/a (why)" and exits 0. Everything is on 127.0.0.1 and stopped on exit.
cd "$(dirname "$0")/../.." || exit 0
ROOT=$(pwd)
BIN="$ROOT/starling"
SECONDS_CPU=60
label="bluesky polling CPU"
SOCK="bench-bsky-$$"
TMP=$(mktemp -d /tmp/starling-bench-bsky.XXXXXX) || { echo "$label: n/a (mktemp failed)"; exit 0; }
NET_DIR=$(mktemp -d /tmp/starling-bsky.XXXXXX) || { echo "$label: n/a (mktemp failed)"; exit 0; }
POSTER=""
cleanup() {
	[ -n "$POSTER" ] && kill "$POSTER" 2>/dev/null
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	bash tests/bluesky/net.sh stop "$NET_DIR" >/dev/null 2>&1
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

[ -x "$BIN" ] || { echo "$label: n/a (no ./starling)"; exit 0; }
command -v tmux >/dev/null 2>&1 || { echo "$label: n/a (tmux not installed)"; exit 0; }
if ! bash tests/bluesky/net.sh installed && ! bash tests/bluesky/net.sh registry; then
	echo "$label: n/a (the local network is not installed and the npm registry cannot be reached)"
	exit 0
fi
bash tests/bluesky/net.sh install >/dev/null 2>"$TMP/install.err" ||
	{ echo "$label: n/a (net.sh install failed: $(tail -1 "$TMP/install.err"))"; exit 0; }
env=$(bash tests/bluesky/net.sh start "$NET_DIR" 2>"$TMP/start.err") ||
	{ echo "$label: n/a (the local network did not start: $(tail -1 "$TMP/start.err"))"; exit 0; }
eval "$env"
bsky() { "$BSKY_NODE" "$BSKY_NET_DIR/bsky.mjs" "$@"; }
bsky follow alice bob.test >/dev/null && bsky posts bob 60 "bench post" >/dev/null ||
	{ echo "$label: n/a (seeding the network failed)"; exit 0; }

cat > "$TMP/deck.yaml" <<-YAML
accounts:
  - { name: alice, network: bluesky, service: "$BSKY_PDS", handle: alice.test, password_env: ALICE_PW }
columns:
  - { title: Home, account: alice, type: timeline, every: 10s }
  - { title: Notes, account: alice, type: notifications, every: 10s }
  - { title: Search, account: alice, type: search, query: bench, every: 10s }
  - { title: Bob, account: alice, type: author, query: bob.test, every: 10s }
YAML
mkdir -p "$TMP/home"
tmux -L "$SOCK" -f /dev/null new-session -d -s bench -x 200 -y 50 \
    "exec env -i HOME=$TMP/home PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen-256color ALICE_PW=$BSKY_ALICE_PASSWORD $BIN --config $TMP/deck.yaml" &&
	tmux -L "$SOCK" set-option -g status off >/dev/null 2>&1
pid=$(tmux -L "$SOCK" display-message -p -t bench '#{pane_pid}' 2>/dev/null)

i=0
while [ $i -lt 150 ] && [ "$(tmux -L "$SOCK" capture-pane -p -t bench | grep -o 'bench post 060' | wc -l)" -lt 3 ]; do
	sleep 0.1; i=$((i + 1))
done
if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != starling ]; then
	echo "$label: n/a (starling did not start in tmux)"; exit 0
fi
[ $i -lt 150 ] || { echo "$label: n/a (the columns did not fill in 15 s: $(tmux -L "$SOCK" capture-pane -p -t bench | sed -n 2p | tr -s ' '))"; exit 0; }

( n=0; while :; do sleep 5; n=$((n + 1)); bsky post bob "bench live $n" >/dev/null 2>&1 && echo "$n" > "$TMP/posted"; done ) &
POSTER=$!
ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
t0=$(ticks "$pid")
sleep "$SECONDS_CPU"
t1=$(ticks "$pid")
kill "$POSTER" 2>/dev/null; POSTER=""
posted=$(cat "$TMP/posted" 2>/dev/null || echo 0)
status=$(tmux -L "$SOCK" capture-pane -p -t bench | sed -n 2p | tr -s ' ')
tmux -L "$SOCK" capture-pane -p -t bench > "${BENCH_BSKY_SCREEN:-/dev/null}"
if [ -z "$t0" ] || [ -z "$t1" ]; then
	echo "$label: n/a (starling exited during the measurement)"
else
	awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$SECONDS_CPU" -v st="$status" -v posted="$posted" 'BEGIN {
		printf "bluesky polling CPU: %.2f s over %d s (utime+stime), 4 Bluesky columns (timeline, notifications, search, author) polling every 10 s against the local network (tests/bluesky/net.sh), bob posting with 5 s pauses (%d posts in the window); headers at the end: %s\n", d / hz, s, posted, st }'
fi
exit 0
