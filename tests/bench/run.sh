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
#   2b rules          bench_rules: 20 rules; posts matched per second, and
#                     inbox posts recorded with their rules' actions per
#                     second on a SQLite store (one transaction each)
#   3 bytes per move  tmux pipe-pane around one j/k; keypress latency via a pty
#                     (and the same loop against a do-nothing child: the pty's share)
#   4 memory          VmHWM/VmRSS with 10,000 demo posts, minus an empty deck
#   5 startup         exec to the first column header, via a pty
#   6 parse           bench_parse: Mastodon statuses per second, over the
#                     fixture page and a 40-status page from the fake server
#   6b Bluesky parse bench_bluesky: Bluesky posts per second, over a recorded
#                     getTimeline page (tests/fixtures/bluesky/getTimeline.json)
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
#  9b, 10b           the same two through a throw-away PostgreSQL on
#                     127.0.0.1 (tests/pg/pgtmp.sh)
#  11 a big store     store_driver fill: 100,000 triaged posts and 300,000
#                     audit rows (a busy brand's year); starling export (json,
#                     csv) and starling log: wall time and peak memory
#                     (VmHWM, /usr/bin/time -f %M); the deck on it with three
#                     store columns: startup, keypress latency, memory
#  13 report        tests/bench/report.sh: starling report on 100,000
#                     recorded inbox posts and their audit log, SQLite and
#                     PostgreSQL: wall time and peak memory
#  12 bluesky CPU    tests/bench/bluesky.sh: ./starling in tmux, 4 Bluesky
#                     columns polling every 10 s against the local network
#                     (tests/bluesky/net.sh, 127.0.0.1 only): utime+stime
#                     over 60 s
# POSIX sh: the Makefile runs it with sh.

cd "$(dirname "$0")/../.." || exit 0
B=${1:-build/normal}
ROOT=$(pwd)
BIN="$ROOT/starling"
KEYS="$ROOT/$B/bench/bench_keys"
RING="$ROOT/$B/bench/bench_ring"
RULES="$ROOT/$B/bench/bench_rules"
PARSE="$ROOT/$B/bench/bench_parse"
TRIAGE="$ROOT/$B/bench/bench_triage"
FIXTURE="$ROOT/tests/fixtures/mastodon/timeline-home-full.json"
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
BIG_POSTS=100000	# 11: triaged posts
BIG_AUDIT=300000	# 11: audit rows

tmx() { tmux -L "$SOCK" "$@"; }

SLEEPER=""
FAKE_PID=""
WRITER_PIDS=""
PG_RUNNING=""
cleanup() {
	[ -n "$PG_RUNNING" ] && sh tests/pg/pgtmp.sh stop "$PG_RUNNING"
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

hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
if [ "$have_tmux" = 0 ]; then
	echo "idle CPU: n/a (tmux not installed)"
elif [ -z "$pid" ]; then
	echo "idle CPU: n/a (starling did not start in tmux)"
else
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

# --- 2b: the rules -----------------------------------------------------
if [ -x "$RULES" ]; then
	out=$(bounded 300 "$RULES" "$TMP" 2>&1) && [ -n "$out" ] &&
		echo "$out" || echo "rules: n/a (bench_rules: ${out:-timed out})"
else
	echo "rules: n/a (no $B/bench/bench_rules)"
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

# --- 6-8: Mastodon, against the fake server --------------------------------------
# The fake binds 127.0.0.1 only; curl gets --noproxy so that no proxy setting
# sends a request anywhere else, and starling runs under env -i (no proxy vars).

# A sleep a signal can end (the trap then cleans up).
pause() { sleep "$1" & SLEEPER=$!; wait "$SLEEPER"; SLEEPER=""; }
fcurl() { bounded 10 curl -s --noproxy '*' --max-time 5 "$@"; }
fctl() { fcurl -X POST -H 'Content-Type: application/json' -d "$2" "$FAKE/_control/$1" >/dev/null; }
# The fake's counts, one line: statuses home public local #cats open-streams.
fstate() {
	fcurl "$FAKE/_control/state" | python3 -c 'import json, sys
s = json.load(sys.stdin)
print(s["statuses"], s["home"], s["public"], s["local"], s["tags"].get("cats", 0), s["open_streams"])' 2>/dev/null
}

# fake_start NAME ARGS...: FAKE is the base URL; 1 when it did not come up.
FAKE=""
fake_start() {
	fname=$1; shift
	python3 tests/fakes/fake_mastodon.py --url-file "$TMP/$fname.url" \
	    --max-seconds 300 "$@" > "$TMP/$fname.log" 2>&1 &
	FAKE_PID=$!
	i=0
	while [ ! -s "$TMP/$fname.url" ] && [ "$i" -lt 100 ] && alive "$FAKE_PID"; do
		sleep 0.1; i=$((i + 1))
	done
	FAKE=$(cat "$TMP/$fname.url" 2>/dev/null)
	case $FAKE in
	http://127.0.0.1:*) return 0 ;;
	esac
	fake_stop
	fake_why="tests/fakes/fake_mastodon.py did not start: $(tail -n 1 "$TMP/$fname.log" 2>/dev/null | cut -c1-120)"
	return 1
}
# Alive and not a zombie.
alive() {
	[ -r "/proc/$1/stat" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" != Z ]
}
fake_stop() {
	[ -z "$FAKE_PID" ] && return 0
	kill "$FAKE_PID" 2>/dev/null
	i=0
	while alive "$FAKE_PID" && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	alive "$FAKE_PID" && kill -9 "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=""
}

# The fake's --rate puts every new status on home (and public: they are all
# public) and 30% also on one of #StarlingDeck #Fediverse #cats #TerminalLife
# (fake_mastodon.py rate_tick), so all four columns get posts.
masto_yaml() {
	cat <<-YAML
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home, account: fake, type: home }
	  - { title: Public, account: fake, type: public }
	  - { title: Local, account: fake, type: local }
	  - { title: Cats, account: fake, type: hashtag, query: cats }
	YAML
}
# Column headers showing "● live" on the screen of tmux session $1.
live_count() { tmx capture-pane -p -t "$1" 2>/dev/null | grep -o '● live' | wc -l | tr -d ' '; }

# deck_start SESSION: ./starling on the fake's deck in tmux; sets mpid and
# returns 0 once all four headers say "● live" (at most 30 s), else sets
# deck_why and returns 1.
mpid=""
deck_why=""
deck_start() {
	masto_yaml > "$TMP/$1.yaml"
	tmx -f /dev/null new-session -d -s "$1" -x 200 -y 50 \
	    "exec $ENVI FAKE_TOKEN=test-token $BIN --config $TMP/$1.yaml" 2>/dev/null &&
		tmx set-option -g status off >/dev/null 2>&1
	mpid=$(tmx display-message -p -t "$1" '#{pane_pid}' 2>/dev/null)
	i=0
	while [ "$i" -lt 300 ]; do
		[ "$(live_count "$1")" -ge 4 ] && break
		sleep 0.1; i=$((i + 1))
	done
	if [ -z "$mpid" ] || [ "$(cat "/proc/$mpid/comm" 2>/dev/null)" != starling ]; then
		mpid=""
		deck_why="starling did not start in tmux"
		return 1
	fi
	if [ "$i" -ge 300 ]; then
		deck_why="only $(live_count "$1") of 4 headers showed \"● live\" after 30 s; they said: $(tmx capture-pane -p -t "$1" 2>/dev/null | sed -n 2p | tr -s ' ' | cut -c1-160)"
		return 1
	fi
	return 0
}
deck_stop() { tmx kill-session -t "$1" >/dev/null 2>&1; mpid=""; }
vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null; }

fake_ok=1
if ! command -v python3 >/dev/null 2>&1; then
	fake_ok=0; fake_why="python3 not installed"
elif ! command -v curl >/dev/null 2>&1; then
	fake_ok=0; fake_why="curl not installed"
elif [ ! -r tests/fakes/fake_mastodon.py ]; then
	fake_ok=0; fake_why="no tests/fakes/fake_mastodon.py"
fi

# --- 6: parse throughput -----------------------------------------------------------
# The fake with the flags of 7; its first 40 home statuses, fetched before the
# deck starts, are the generated page.
page=""
page_why="the fake is unavailable"
if [ "$fake_ok" = 0 ]; then
	page_why=$fake_why
elif fake_start stream --heartbeat 15 --rate "$STREAM_RATE"; then
	if fcurl -o "$TMP/page40.json" -H 'Authorization: Bearer test-token' \
	    "$FAKE/api/v1/timelines/home?limit=40" && [ -s "$TMP/page40.json" ]; then
		page="$TMP/page40.json"
	else
		page_why="GET /api/v1/timelines/home?limit=40 failed"
	fi
else
	fake_ok=0; page_why=$fake_why
fi
parse_bench() {	# label file
	if [ ! -x "$PARSE" ]; then
		echo "parse, $1: n/a (no $B/bench/bench_parse)"
		return
	fi
	out=$(bounded 60 "$PARSE" -s 2 "$1=$2" 2>/dev/null)
	[ -n "$out" ] && echo "$out" || echo "parse, $1: n/a (bench_parse failed or timed out)"
}
if [ -r "$FIXTURE" ]; then
	parse_bench "fixture timeline-home-full.json" "$FIXTURE"
else
	echo "parse, fixture timeline-home-full.json: n/a (fixture missing)"
fi
if [ -n "$page" ]; then
	parse_bench "40 statuses from the fake" "$page"
else
	echo "parse, 40 statuses from the fake: n/a ($page_why)"
fi

# --- 6b: Bluesky parse throughput ------------------------------------------------
BSKY_PARSE="$ROOT/$B/bench/bench_bluesky"
if [ ! -x "$BSKY_PARSE" ]; then
	echo "parse, bluesky getTimeline.json: n/a (no $B/bench/bench_bluesky)"
else
	out=$(bounded 60 "$BSKY_PARSE" -s 2 \
	    "bluesky getTimeline.json=tests/fixtures/bluesky/getTimeline.json" 2>/dev/null)
	[ -n "$out" ] && echo "$out" || echo "parse, bluesky getTimeline.json: n/a (bench_bluesky failed)"
fi

# --- 7: CPU with 4 streaming columns -------------------------------------------
label="streaming CPU"
if [ "$fake_ok" = 0 ]; then
	echo "$label: n/a ($fake_why)"
elif [ "$have_tmux" = 0 ]; then
	echo "$label: n/a (tmux not installed)"
elif ! deck_start stream; then
	echo "$label: n/a ($deck_why)"
else
	pause 1	# the first frames after "live"
	s0=$(fstate); t0=$(cpu_ticks "$mpid"); n0=$(run_ns "$mpid"); w0=$(wakeups "$mpid")
	m0=$(cpu_ticks "$mpid/task/$mpid")
	pause "$STREAM_SECONDS"
	s1=$(fstate); t1=$(cpu_ticks "$mpid"); n1=$(run_ns "$mpid"); w1=$(wakeups "$mpid")
	m1=$(cpu_ticks "$mpid/task/$mpid")
	live=$(live_count stream)
	if [ -z "$t0" ] || [ -z "$t1" ]; then
		echo "$label: n/a (starling exited during the measurement)"
	elif [ -z "$s0" ] || [ -z "$s1" ]; then
		echo "$label: n/a (GET /_control/state failed)"
	else
		echo "$s0 $s1" | awk -v d=$((t1 - t0)) -v hz="$hz" -v ns=$((n1 - n0)) \
		    -v w=$((w1 - w0)) -v secs="$STREAM_SECONDS" -v rate="$STREAM_RATE" \
		    -v live="$live" -v m=$((${m1:-0} - ${m0:-0})) '{
			printf "%s: %.2f s over %d s (utime+stime: main thread %.2f s, network threads %.2f s; ", "streaming CPU", d / hz, secs, m / hz, (d - m) / hz
			printf "%.0f ms on CPU by schedstat, %d wake-ups), ", ns / 1e6, w
			printf "4 Mastodon columns, fake at %g posts/s: %d posts created in the window ", rate, $7 - $1
			printf "(to home %d, public %d, local %d, #cats %d; %d streams open", $8 - $2, $9 - $3, $10 - $4, $11 - $5, $12
			if (live < 4) printf "; only %d headers \"● live\" at the end", live
			printf "); target < 0.2 s\n"
		}'
	fi
fi
[ "$have_tmux" = 1 ] && deck_stop stream
fake_stop

# --- 8: memory after 2,000 streamed posts ------------------------------------------
label="streamed memory"
if [ "$fake_ok" = 0 ]; then
	echo "$label: n/a ($fake_why)"
elif [ "$have_tmux" = 0 ]; then
	echo "$label: n/a (tmux not installed)"
elif ! fake_start burst --heartbeat 15 --rate 0; then
	echo "$label: n/a ($fake_why)"
elif ! deck_start burst; then
	echo "$label: n/a ($deck_why)"
else
	pause 1
	h0=$(vm "$mpid" VmHWM); r0=$(vm "$mpid" VmRSS)
	a0=$(vm "$mpid" RssAnon); f0=$(vm "$mpid" RssFile)
	s0=$(fstate); t0=$(cpu_ticks "$mpid")
	c0=${s0%% *}
	fctl rate "{\"rate\": $BURST_RATE}"
	start=$(date +%s)
	made=0
	# 2,000 posts take ~20 s at 100/s; give up after 150 s.
	while [ $(($(date +%s) - start)) -lt 150 ] && alive "$mpid"; do
		s1=$(fstate)
		c1=${s1%% *}
		[ -n "$c0" ] && [ -n "$c1" ] && made=$((c1 - c0))
		[ "$made" -ge "$BURST_POSTS" ] && break
		pause 0.5
	done
	fctl rate '{"rate": 0}'
	took=$(($(date +%s) - start))
	pause 2
	h1=$(vm "$mpid" VmHWM); r1=$(vm "$mpid" VmRSS); t1=$(cpu_ticks "$mpid")
	a1=$(vm "$mpid" RssAnon); f1=$(vm "$mpid" RssFile)
	s1=$(fstate)
	live=$(live_count burst)
	if [ -z "$h0" ] || [ -z "$r0" ]; then
		echo "$label: n/a (cannot read /proc/$mpid/status)"
	elif [ -z "$h1" ] || [ -z "$r1" ]; then
		echo "$label: n/a (starling exited while the posts streamed in)"
	elif [ "$made" -lt "$BURST_POSTS" ]; then
		echo "$label: n/a (the fake created only $made of $BURST_POSTS posts in 150 s)"
	else
		echo "$s0 $s1" | awk -v h0="$h0" -v r0="$r0" -v h1="$h1" -v r1="$r1" \
		    -v took="$took" -v rate="$BURST_RATE" -v d=$((t1 - t0)) -v hz="$hz" \
		    -v live="$live" -v a0="${a0:-0}" -v f0="${f0:-0}" -v a1="${a1:-0}" -v f1="${f1:-0}" '{
			n = $7 - $1; e = ($8 - $2) + ($9 - $3) + ($10 - $4) + ($11 - $5)
			printf "%s: after %d streamed posts: VmHWM %.1f MB, VmRSS %.1f MB ", "streamed memory", n, h1 / 1024, r1 / 1024
			printf "(RssAnon %.1f MB, RssFile %.1f MB: shared library pages); ", a1 / 1024, f1 / 1024
			printf "this includes the deck'"'"'s baseline, VmHWM %.1f MB, VmRSS %.1f MB (RssAnon %.1f, RssFile %.1f) once 4 columns were live with their first pages; ", h0 / 1024, r0 / 1024, a0 / 1024, f0 / 1024
			printf "growth %.0f bytes per post, %.0f per column entry (%d: home %d, public %d, local %d, #cats %d); ", (r1 - r0) * 1024 / n, (r1 - r0) * 1024 / e, e, $8 - $2, $9 - $3, $10 - $4, $11 - $5
			printf "%d s at %g/s requested, %.2f s CPU", took, rate, d / hz
			if (live < 4) printf "; only %d headers \"● live\" at the end", live
			printf "; target < 12 MB\n"
		}'
	fi
fi
[ "$have_tmux" = 1 ] && deck_stop burst
fake_stop
tmx kill-server >/dev/null 2>&1

# --- 9: triage latency, one process's write to another's screen ------------------
# Bob's deck as tests/tui/triage.sh sets it up: the demo's mentions and his
# "assigned to me" column on one store. bench_triage makes the writes itself
# (store_open as alice, store_apply assigning mentions post 9 to bob and
# back), so the only UI in the loop is bob's, read straight off his pty.
# triage_latency LABEL STORE SED: on a SQLite file or a PostgreSQL database
# (SED: what bench_triage's line says that is SQLite's).
triage_latency() {
	label=$1
	cat > "$TMP/bob.yaml" <<-YAML
	me: bob
	store: "$2"
	${PGPASSWORD:+store_password_cmd: "printf $PGPASSWORD"}
	team: [alice, bob]
	columns:
	  - { title: Mentions, source: demo, channel: mentions, rate: 0, backlog: 10 }
	  - { title: Queue, type: assigned, to: me }
	YAML
	if [ ! -x "$TRIAGE" ]; then
		echo "$label: n/a (no $B/bench/bench_triage)"
		return
	fi
	out=$(bounded 170 $ENVI ${PGPASSWORD:+PGPASSWORD=$PGPASSWORD} "$TRIAGE" \
	    "$BIN" "$TMP/bob.yaml" "$2" "$TRIAGE_SEED" "$TRIAGE_ROUNDS" \
	    "$TRIAGE_GAP_MS" 2>/dev/null)
	case $out in
	"")	echo "$label: n/a (bench_triage failed or timed out)" ;;
	n/a*)	echo "$label: $out" ;;
	*)	echo "$out" | sed -e "s/^triage latency:/$label:/" -e "$3" ;;
	esac
}
mkdir -p "$TMP/team"
triage_latency "triage latency" "$TMP/team/triage.db" ""

# --- 10: triage writes per second, 8 writers on one store -------------------------
# The driver of tests/store/concurrency.sh, built the same way (that script is
# not called: it appends to build/results, which `make check` owns). Each
# writer prints "DONE acked failed start_ms end_ms" (wall clock, from after its
# store_open to its last commit); a run's figure is the acknowledged changes of
# all writers over the first start to the last end.
# triage_writes LABEL NEWSTORE: NEWSTORE DIR prints a fresh store's address.
DRIVER="$B/tests/store_driver"	# built by the Makefile, as for make check
drv_why=""
if ! bounded 120 make --no-print-directory "$DRIVER" > "$TMP/driver.log" 2>&1; then
	drv_why="tests/store/store_driver.c did not build: $(grep -m1 error "$TMP/driver.log" | cut -c1-120)"
fi
sqlite_store() { echo "$1/triage.db"; }
triage_writes() {
	label=$1 newstore=$2 how=$3
	why=$drv_why
	: > "$TMP/rates"
	run=1
	while [ -z "$why" ] && [ "$run" -le "$WRITE_RUNS" ]; do
		d="$TMP/writes$run"
		mkdir -p "$d"
		db=$($newstore "$d" "$run")
		# Create the store first, so the writers race on changes, not
		# on migration.
		if [ -z "$db" ] || ! bounded 30 "$DRIVER" init "$db" > "$d/init.log" 2>&1; then
			why="store_driver init failed: $(head -n 1 "$d/init.log" 2>/dev/null | cut -c1-120)"
			break
		fi
		WRITER_PIDS=""
		i=1
		while [ "$i" -le "$WRITERS" ]; do
			bounded 120 "$DRIVER" mix "$db" "w$i" "$((run * 100 + i))" \
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
		} END { printf "%d %d %d %.0f %.0f\n", a, f, n, s, e }')
		set -- $line
		if [ "$3" -ne "$WRITERS" ]; then
			why="only $3 of $WRITERS writers finished in run $run: $(grep -h -m1 -v '^ACK' "$d"/w*.log | head -n 1 | cut -c1-120)"
			break
		fi
		if [ "$5" -le "$4" ]; then
			why="run $run took no measurable time"
			break
		fi
		echo "$1 $2 $(($5 - $4))" | awk '{ printf "%.0f %d %d %d\n", $1 * 1000 / $3, $1, $2, $3 }' >> "$TMP/rates"
		rm -f "$d"/triage.db*
		run=$((run + 1))
	done
	if [ -n "$why" ]; then
		echo "$label: n/a ($why)"
		return
	fi
	# The median run by rate; its counts and time go with it.
	sort -n "$TMP/rates" | awk -v runs="$WRITE_RUNS" -v w="$WRITERS" \
	    -v ops="$WRITER_OPS" -v label="$label" -v how="$how" '
		{ r[NR] = $1; a[NR] = $2; f[NR] = $3; ms[NR] = $4 }
		END {
			m = int((NR + 1) / 2)
			printf "%s: %d writes/s on one store with %d writer processes ", label, r[m], w
			printf "(median of %d runs, %d to %d; median run: %d acknowledged changes", runs, r[1], r[NR], a[m]
			if (f[m]) printf ", %d failed", f[m]
			printf " in %.2f s from the first writer'"'"'s start to the last one'"'"'s end; ", ms[m] / 1000
			printf "%d x %d mixed assign/tag/status/note on 20 posts, tests/store/store_driver.c; each change one transaction with its audit row; %s)\n", w, ops, how
		}'
}
triage_writes "triage writes" sqlite_store "WAL, synchronous=NORMAL"

# --- 9 and 10 on PostgreSQL -------------------------------------------------------
# The same two figures through a throw-away PostgreSQL on 127.0.0.1
# (tests/pg/pgtmp.sh, fsync off as for the tests): bob hears of a commit by
# LISTEN/NOTIFY and reads the audit log past what he has seen.
PGTOP="$TMP/pgtop"
mkdir -p "$PGTOP"
chmod 711 "$TMP" "$PGTOP"	# the server runs as postgres when we are root
if pgenv=$(bounded 60 sh tests/pg/pgtmp.sh start "$PGTOP/pg" 2>&1); then
	eval "$pgenv"
	PG_RUNNING=$PGTOP/pg
	pg_store() {
		bounded 30 psql -qAtX -d postgres -c "CREATE DATABASE bench_$2_$$" >/dev/null 2>&1 &&
			echo "postgresql://$PGUSER@$PGHOST:$PGPORT/bench_$2_$$"
	}
	lat=$(pg_store "" lat)
	if [ -n "$lat" ]; then
		triage_latency "triage latency (PostgreSQL)" "$lat" \
		    "s|inotify on the WAL plus PRAGMA data_version|LISTEN/NOTIFY and the audit log|; s|src/store/store_sqlite.c|src/store/store_pg.c|; s|(after a WAL write bob re-checks every 50 ms)||"
	else
		echo "triage latency (PostgreSQL): n/a (no database)"
	fi
	triage_writes "triage writes (PostgreSQL)" pg_store \
	    "each takes the database's write lock, an advisory lock; fsync off"
else
	echo "triage latency (PostgreSQL): n/a (no server: $(echo "$pgenv" | tail -n 1 | cut -c1-100))"
	echo "triage writes (PostgreSQL): n/a (no server)"
fi
unset PGPASSWORD

# --- 11: a big store --------------------------------------------------------------
label="big store"
big_why="$drv_why"
BIG="$TMP/big"
mkdir -p "$BIG"
if [ -z "$big_why" ] && ! bounded 300 "$DRIVER" fill "$BIG/triage.db" \
    "$BIG_POSTS" "$BIG_AUDIT" > "$BIG/fill.log" 2>&1; then
	big_why="store_driver fill failed: $(head -n 1 "$BIG/fill.log" | cut -c1-120)"
fi
if [ -z "$big_why" ] && [ ! -x /usr/bin/time ]; then
	big_why="no /usr/bin/time for the peak memory"
fi
if [ -n "$big_why" ]; then
	echo "$label: n/a ($big_why)"
else
	cat > "$BIG/deck.yaml" <<-YAML
	me: alice
	store: $BIG/triage.db
	columns:
	  - { title: Home, source: demo, channel: home, rate: 0, backlog: 20 }
	  - { title: Mine, type: assigned, to: me }
	  - { title: Bugs, type: tagged, tag: bug }
	  - { title: Open, type: status, status: open }
	YAML
	size=$(du -m "$BIG/triage.db" | cut -f1)
	for what in "export --format json" "export --format csv" "log"; do
		# shellcheck disable=SC2086
		if bounded 300 $ENVI /usr/bin/time -f "%e %M" -o "$BIG/time" \
		    "$BIN" $what --config "$BIG/deck.yaml" > "$BIG/out" 2>/dev/null; then
			out=$(du -m "$BIG/out" | cut -f1)
			awk -v w="$what" -v o="$out" -v p="$BIG_POSTS" -v a="$BIG_AUDIT" -v s="$size" \
			    '{ printf "%s, %d posts and %d audit rows (%d MB store): %.2f s, peak memory %.1f MB, %d MB written\n", w, p, a, s, $1, $2 / 1024, o }' "$BIG/time"
		else
			echo "$what on the big store: n/a (failed or timed out)"
		fi
	done
	rm -f "$BIG/out"
	out=$(pty_bench startup startup "$BIN" "$BIG/deck.yaml" 10 "1 Home")
	echo "$out" | sed "s/^startup:/startup, deck with 3 store columns on the big store:/"
	out=$(pty_bench keypress keys "$BIN" "$BIG/deck.yaml" 200)
	echo "$out" | sed "s/^keypress:/keypress, deck on the big store:/"
	big=$(pty_bench memory rss "$BIN" "$BIG/deck.yaml" 5000)
	case "$big" in
	*n/a*)	echo "$big" ;;
	*)	echo "$big" | awk '{ printf "memory, deck with 3 store columns on the big store: VmHWM %.1f MB, VmRSS %.1f MB\n", $1 / 1024, $2 / 1024 }' ;;
	esac
fi

# --- 13: starling report on a big inbox --------------------------------------------
bounded 900 sh tests/bench/report.sh "$B"

# --- 12: CPU with 4 polling Bluesky columns ----------------------------------------
if command -v bash >/dev/null 2>&1; then
	bounded 600 bash tests/bench/bluesky.sh
else
	echo "bluesky polling CPU: n/a (bash not installed)"
fi
exit 0
