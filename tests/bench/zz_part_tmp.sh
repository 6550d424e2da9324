#!/bin/sh
# run.sh BUILD_DIR — the figures `make bench` prints and the README quotes.
#
# Measurements, never pass/fail: each figure is one line; a figure that cannot
# be taken prints "n/a (why)" and the script still exits 0. Everything runs
# locally (tmux on a private socket, a pty opened by bench_keys); nothing
# touches the network. Every wait is bounded; every process and tmux server
# started here is stopped on exit, also on failure or ^C.
#
#   1 idle CPU        ./starling in tmux, 4 rate-0 columns: utime+stime over 10 s
#   2 ring            bench_ring: SPSC push/pop throughput
#   3 bytes per move  tmux pipe-pane around one j/k; keypress latency via a pty
#                     (and the same loop against a do-nothing child: the pty's share)
#   4 memory          VmHWM/VmRSS with 10,000 demo posts, minus an empty deck
#   5 startup         exec to the first column header, via a pty
#   6 parse           bench_parse: Mastodon statuses per second, over the
#                     fixture page and a 40-status page from the fake server
#   7 streaming CPU   ./starling in tmux, 4 Mastodon columns streaming from the
#                     fake (tests/fakes/fake_mastodon.py, 127.0.0.1 only) at
#                     5 posts/s: utime+stime over 20 s
#   8 streamed memory the same deck, fresh: VmHWM/VmRSS once live, then after
#                     the fake has streamed 2,000 posts at 100/s
#   9 triage latency  bench_triage: bob's ./starling on a pty, alice's writes
#                     through the store API in the benchmark; from the commit
#                     to bob's redraw carrying "bob (alice)", 50 rounds
#  10 triage writes   tests/store/store_driver.c as tests/store/concurrency.sh
#                     runs it: 8 processes x 1,000 mixed changes on one store;
#                     acknowledged changes / wall time, median of 3 runs
# POSIX sh: the Makefile runs it with sh.

cd "$(dirname "$0")/../.." || exit 0
B=${1:-build/normal}
ROOT=$(pwd)
BIN="$ROOT/starling"
KEYS="$ROOT/$B/bench/bench_keys"
RING="$ROOT/$B/bench/bench_ring"
PARSE="$ROOT/$B/bench/bench_parse"
TRIAGE="$ROOT/$B/bench/bench_triage"
FIXTURE="$ROOT/../shared/fixtures/mastodon/timeline-home-full.json"
SOCK="bench-$$"
TMP=$(mktemp -d /tmp/starling-bench.XXXXXX) || { echo "bench: n/a (mktemp failed)"; exit 0; }
IDLE_SECONDS=10
MOVES=20
STREAM_SECONDS=20	# 7: the CPU window
STREAM_RATE=5		# 7: posts/s from the fake
BURST_POSTS=2000	# 8: posts streamed before memory is read
BURST_RATE=100		# 8: posts/s from the fake
TRIAGE_ROUNDS=50	# 9: assign/unassign rounds
TRIAGE_GAP_MS=200	# 9: between an assignment and its removal, and after
TRIAGE_SEED=7		# 9: bob's --seed, so the benchmark's post is on his deck
WRITERS=8		# 10: processes on one store
WRITER_OPS=1000		# 10: changes each
WRITE_RUNS=3		# 10: the figure is the median run

tmx() { tmux -L "$SOCK" "$@"; }

SLEEPER=""
FAKE_PID=""
WRITER_PIDS=""
cleanup() {
	[ -n "$SLEEPER" ] && kill "$SLEEPER" 2>/dev/null
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	for w in $WRITER_PIDS; do kill "$w" 2>/dev/null; done
	tmux -L "$SOCK" kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
trap 'exit 141' PIPE

# A bounded command: timeout SECONDS CMD... (plain run if timeout is missing).
bounded() {
	s=$1; shift
	if command -v timeout >/dev/null 2>&1; then
		timeout -k 5 "$s" "$@"
	else
		"$@"
	fi
}

# The environment every starling run gets: private HOME, UTF-8, no user config.
mkdir -p "$TMP/home"
ENVI="env -i HOME=$TMP/home PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=screen-256color"

# column_yaml N RATE BACKLOG > file
column_yaml() {
	n=$1 rate=$2 backlog=$3 i=0
	echo "me: bench"
	echo "columns:"
	for ch in home mentions search competitors hashtag notifications \
	    home mentions search competitors; do
		[ "$i" -ge "$n" ] && break
		i=$((i + 1))
		case $i in
		1) title=Home ;;
		*) title="C$i" ;;
		esac
		echo "  - { title: $title, source: demo, channel: $ch, rate: $rate, backlog: $backlog }"
	done
}
column_yaml 4 0 20 > "$TMP/idle4.yaml"
column_yaml 10 0 1000 > "$TMP/full10.yaml"
column_yaml 10 0 0 > "$TMP/empty10.yaml"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# Context for the figures.
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
if rev=$(git rev-parse --short HEAD 2>/dev/null); then
	git diff --quiet HEAD -- src include 2>/dev/null || rev="$rev+changes"
else
	rev="not a git checkout"
fi
echo "bench: $(uname -sr), ${model:-unknown CPU}, $cpus CPUs; $rev"

if [ ! -x "$BIN" ]; then
	echo "bench: n/a (no ./starling; run make starling)"
	exit 0
fi

tmx() { :; }
# --- 9: triage latency, one process's write to another's screen ------------------
# Bob's deck as tests/tui/triage.sh sets it up: the demo's mentions and his
# "assigned to me" column on one store. bench_triage makes the writes itself
# (store_open as alice, store_assign of mentions post 9 to bob and back), so
# the only UI in the loop is bob's, read straight off his pty.
label="triage latency"
mkdir -p "$TMP/team"
cat > "$TMP/bob.yaml" <<-YAML
me: bob
store: $TMP/team/triage.db
team: [alice, bob]
columns:
  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10 }
  - { title: Queue, type: assigned, to: me }
YAML
if [ ! -x "$TRIAGE" ]; then
	echo "$label: n/a (no $B/bench/bench_triage)"
else
	out=$(bounded 170 $ENVI "$TRIAGE" "$BIN" "$TMP/bob.yaml" "$TMP/team/triage.db" \
	    "$TRIAGE_SEED" "$TRIAGE_ROUNDS" "$TRIAGE_GAP_MS" 2>/dev/null)
	case $out in
	"")	echo "$label: n/a (bench_triage failed or timed out)" ;;
	n/a*)	echo "$label: $out" ;;
	*)	echo "$out" ;;
	esac
fi

# --- 10: triage writes per second, 8 writers on one store -------------------------
# The driver of tests/store/concurrency.sh, built the same way (that script is
# not called: it appends to build/results, which `make check` owns). Each
# writer prints "DONE acked failed start_ms end_ms" (wall clock, from after its
# store_open to its last commit); a run's figure is the acknowledged changes of
# all writers over the first start to the last end.
label="triage writes"
DRIVER="$TMP/store_driver"
pkgs="ncursesw libcurl jansson yaml-0.1 sqlite3 libutf8proc libxml-2.0 libcrypto"
drv_why=""
if [ ! -r tests/store/store_driver.c ]; then
	drv_why="no tests/store/store_driver.c"
elif [ ! -r "$B/libstarling.a" ]; then
	drv_why="no $B/libstarling.a"
elif ! bounded 120 ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600 -O2 -g \
    -Iinclude $(pkg-config --cflags $pkgs 2>/dev/null) -o "$DRIVER" \
    tests/store/store_driver.c "$B/libstarling.a" \
    $(pkg-config --libs $pkgs 2>/dev/null) -lpthread -lm > "$TMP/driver.log" 2>&1; then
	drv_why="tests/store/store_driver.c did not build: $(grep -m1 error "$TMP/driver.log" | cut -c1-120)"
fi
: > "$TMP/rates"
run=1
while [ -z "$drv_why" ] && [ "$run" -le "$WRITE_RUNS" ]; do
	d="$TMP/writes$run"
	mkdir -p "$d"
	# Create the file first, so the writers race on changes, not on migration.
	if ! bounded 30 "$DRIVER" init "$d/triage.db" > "$d/init.log" 2>&1; then
		drv_why="store_driver init failed: $(head -n 1 "$d/init.log" | cut -c1-120)"
		break
	fi
	WRITER_PIDS=""
	i=1
	while [ "$i" -le "$WRITERS" ]; do
		bounded 120 "$DRIVER" mix "$d/triage.db" "w$i" "$((run * 100 + i))" \
		    "$WRITER_OPS" 20 > "$d/w$i.log" 2>&1 &
		WRITER_PIDS="$WRITER_PIDS $!"
		i=$((i + 1))
	done
	for w in $WRITER_PIDS; do wait "$w"; done
	WRITER_PIDS=""
	# acked failed writers first-start last-end
	line=$(cat "$d"/w*.log | awk -F '\t' '$1 == "DONE" {
		a += $2; f += $3; n++
		if (s == "" || $4 < s) s = $4
		if ($5 > e) e = $5
	} END { print a + 0, f + 0, n + 0, s + 0, e + 0 }')
	set -- $line
	if [ "$3" -ne "$WRITERS" ]; then
		drv_why="only $3 of $WRITERS writers finished in run $run: $(grep -h -m1 -v '^ACK' "$d"/w*.log | head -n 1 | cut -c1-120)"
		break
	fi
	if [ "$5" -le "$4" ]; then
		drv_why="run $run took no measurable time"
		break
	fi
	echo "$1 $2 $(($5 - $4))" | awk '{ printf "%.0f %d %d %d\n", $1 * 1000 / $3, $1, $2, $3 }' >> "$TMP/rates"
	rm -f "$d"/triage.db*
	run=$((run + 1))
done
if [ -n "$drv_why" ]; then
	echo "$label: n/a ($drv_why)"
else
	# The median run by rate; its counts and time go with it.
	sort -n "$TMP/rates" | awk -v runs="$WRITE_RUNS" -v w="$WRITERS" -v ops="$WRITER_OPS" '
		{ r[NR] = $1; a[NR] = $2; f[NR] = $3; ms[NR] = $4 }
		END {
			m = int((NR + 1) / 2)
			printf "triage writes: %d writes/s on one store with %d writer processes ", r[m], w
			printf "(median of %d runs, %d to %d; median run: %d acknowledged changes", runs, r[1], r[NR], a[m]
			if (f[m]) printf ", %d failed", f[m]
			printf " in %.2f s from the first writer'"'"'s start to the last one'"'"'s end; ", ms[m] / 1000
			printf "%d x %d mixed assign/tag/status/note on 20 posts, tests/store/store_driver.c; each change a transaction with its audit row, WAL, busy timeout)\n", w, ops
		}'
fi
exit 0
