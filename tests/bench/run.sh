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
# POSIX sh: the Makefile runs it with sh.

cd "$(dirname "$0")/../.." || exit 0
B=${1:-build/normal}
ROOT=$(pwd)
BIN="$ROOT/starling"
KEYS="$ROOT/$B/bench/bench_keys"
RING="$ROOT/$B/bench/bench_ring"
SOCK="bench-$$"
TMP=$(mktemp -d /tmp/starling-bench.XXXXXX) || { echo "bench: n/a (mktemp failed)"; exit 0; }
IDLE_SECONDS=10
MOVES=20

tmx() { tmux -L "$SOCK" "$@"; }

SLEEPER=""
cleanup() {
	[ -n "$SLEEPER" ] && kill "$SLEEPER" 2>/dev/null
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

# --- 1 and 3: the deck in tmux --------------------------------------------
have_tmux=1
command -v tmux >/dev/null 2>&1 || have_tmux=0
pid=""
if [ "$have_tmux" = 1 ]; then
	tmx -f /dev/null new-session -d -s bench -x 200 -y 50 \
	    "exec $ENVI $BIN --config $TMP/idle4.yaml" 2>/dev/null &&
		tmx set-option -g status off >/dev/null 2>&1
	pid=$(tmx display-message -p -t bench '#{pane_pid}' 2>/dev/null)
	sleep 2
	if [ -z "$pid" ] || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != starling ]; then
		pid=""
	fi
fi

# utime+stime ticks of a process (all its threads).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
# On-CPU nanoseconds over all threads, and the number of voluntary sleeps.
run_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
wakeups() {
	cat /proc/"$1"/task/*/status 2>/dev/null |
	    awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'
}

if [ "$have_tmux" = 0 ]; then
	echo "idle CPU: n/a (tmux not installed)"
elif [ -z "$pid" ]; then
	echo "idle CPU: n/a (starling did not start in tmux)"
else
	hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
	t0=$(cpu_ticks "$pid"); n0=$(run_ns "$pid"); w0=$(wakeups "$pid")
	# In the background, so a signal ends the wait (and the trap cleans up).
	sleep "$IDLE_SECONDS" & SLEEPER=$!
	wait "$SLEEPER"; SLEEPER=""
	t1=$(cpu_ticks "$pid"); n1=$(run_ns "$pid"); w1=$(wakeups "$pid")
	if [ -z "$t0" ] || [ -z "$t1" ]; then
		echo "idle CPU: n/a (starling exited during the measurement)"
	else
		echo "idle CPU: $(awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN { printf "%.2f", d / hz }') s over ${IDLE_SECONDS} s, 4 rate-0 columns (utime+stime; $(awk -v d=$((n1 - n0)) 'BEGIN { printf "%.2f", d / 1e6 }') ms on CPU by schedstat, $((w1 - w0)) wake-ups)"
	fi
fi

# --- 2: the ring -----------------------------------------------------------
if [ -x "$RING" ]; then
	out=$(bounded 120 "$RING" 20000000 2>/dev/null) && [ -n "$out" ] &&
		echo "$out" || echo "ring: n/a (bench_ring failed or timed out)"
else
	echo "ring: n/a (no $B/bench/bench_ring)"
fi

# --- 3: bytes per selection move (tmux) and keypress latency (pty) ------------
if [ "$have_tmux" = 0 ]; then
	echo "bytes per move: n/a (tmux not installed)"
elif [ -z "$pid" ] || [ ! -d "/proc/$pid" ]; then
	echo "bytes per move: n/a (starling not running in tmux)"
else
	# g first: the selection then starts on the newest post whatever order
	# the backlog arrived in, so the figure does not depend on the race.
	# Then one j and one k, not counted: the first keys also mark the posts
	# on screen seen, which redraws counts and dots once.
	for k in g j k; do
		tmx send-keys -t bench "$k"
		sleep 0.5
	done
	: > "$TMP/moves"; : > "$TMP/moves.j"; : > "$TMP/moves.k"
	i=0
	while [ "$i" -lt "$MOVES" ]; do
		if [ $((i % 2)) = 0 ]; then k=j; else k=k; fi
		f="$TMP/pipe.$i"
		: > "$f"
		tmx pipe-pane -o -t bench "cat >> $f" || break
		sleep 0.1	# the pipe is open before the key goes in
		tmx send-keys -t bench "$k"
		sleep 0.5
		tmx pipe-pane -t bench	# no command: closes the pipe
		sleep 0.1
		b=$(wc -c < "$f" | tr -d ' ')
		echo "$b" >> "$TMP/moves"
		echo "$b" >> "$TMP/moves.$k"
		i=$((i + 1))
	done
	n=$(wc -l < "$TMP/moves" | tr -d ' ')
	if [ "$n" -gt 1 ]; then
		echo "bytes per move: median $(median < "$TMP/moves") bytes to the" \
		    "terminal (j $(median < "$TMP/moves.j"), k $(median < "$TMP/moves.k");" \
		    "min $(sort -n "$TMP/moves" | head -1), max $(sort -n "$TMP/moves" | tail -1);" \
		    "tmux pipe-pane, $n moves j/k after g j k, 4 columns at 200x50)"
	else
		echo "bytes per move: n/a (tmux pipe-pane failed)"
	fi
fi
tmx kill-server >/dev/null 2>&1

pty_bench() {	# label mode config [args...]
	label=$1; shift
	if [ ! -x "$KEYS" ]; then
		echo "$label: n/a (no $B/bench/bench_keys)"
		return 1
	fi
	out=$(bounded 150 $ENVI "$KEYS" "$@" 2>/dev/null)
	case $out in
	"")	echo "$label: n/a (bench_keys failed or timed out)"; return 1 ;;
	n/a*)	echo "$label: $out"; return 1 ;;
	esac
	echo "$out"
}
pty_bench keypress keys "$BIN" "$TMP/idle4.yaml" 200
# The same loop against a child that only answers each key: what the pty and
# the wake-ups cost on this machine, to read the keypress figures against.
pty_bench "pty baseline" baseline 200
out=$(pty_bench keypress keys "$BIN" "$TMP/full10.yaml" 200)
echo "$out" | sed 's/^keypress:/keypress, 10 columns x 1000 posts:/'

# --- 4: memory with 10,000 posts -----------------------------------------------
full=$(pty_bench memory rss "$BIN" "$TMP/full10.yaml" 3000)
empty=$(pty_bench memory rss "$BIN" "$TMP/empty10.yaml" 3000)
case "$full $empty" in
*n/a*)
	case "$full" in *n/a*) echo "$full" ;; *) echo "$empty" ;; esac ;;
*)
	echo "$full $empty" | awk '{
		printf "memory: 10,000 posts (10 columns x 1000): VmHWM %.1f MB, VmRSS %.1f MB; ", $1 / 1024, $2 / 1024
		printf "same deck empty: VmHWM %.1f MB, VmRSS %.1f MB; ", $3 / 1024, $4 / 1024
		printf "%.0f bytes per post (VmRSS difference / 10000; VmHWM: %.0f)\n", ($2 - $4) * 1024 / 10000, ($1 - $3) * 1024 / 10000
	}' ;;
esac

# --- 5: startup to first frame --------------------------------------------------
pty_bench startup startup "$BIN" "$TMP/idle4.yaml" 10 "1 Home"
exit 0
