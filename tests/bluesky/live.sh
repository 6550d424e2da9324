# live.sh — tests against the local Bluesky network (sourced by
# tests/bluesky/run.sh once net.sh has started it and its BSKY_* lines are
# in the environment). Helpers from tests/tui/lib.sh.

# bsky CMD ARGS: seed or read the network as alice or bob (bsky.mjs).
bsky() { "$BSKY_NODE" "$BSKY_NET_DIR/bsky.mjs" "$@"; }

# json_get EXPR: EXPR (Python, over the JSON on stdin as "d") printed.
json_get() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

# A marker unique to this run, so a test finds its own posts.
bsky_mark() { echo "m$$x$RANDOM"; }

# The network itself: every socket it listens on is on 127.0.0.1, the PDS
# sends RateLimit headers, and what bob writes reaches alice's timeline and
# notifications through the AppView within seconds.
t_network_is_loopback_only_and_works() {
	local pid lines bad
	pid=$(cat "$BSKY_NET_DIR/network.pid")
	lines=$(ss -ltnpH | grep "pid=$pid,")
	[ "$(printf '%s\n' "$lines" | grep -c .)" -ge 3 ] ||
		fail "the network listens on fewer than 3 sockets: $lines"
	bad=$(printf '%s\n' "$lines" | awk '$4 !~ /^127\.0\.0\.1:/')
	[ -z "$bad" ] || fail "the network listens beyond 127.0.0.1: $bad"
	# Its PostgreSQL too.
	pid=$(head -1 "$BSKY_NET_DIR/pg/data/postmaster.pid" 2>/dev/null)
	lines=$(ss -ltnpH | grep "pid=$pid,")
	[ -n "$pid" ] && [ -n "$lines" ] || fail "no PostgreSQL of the network listening"
	bad=$(printf '%s\n' "$lines" | awk '$4 !~ /^127\.0\.0\.1:/')
	[ -z "$bad" ] || fail "PostgreSQL listens beyond 127.0.0.1: $bad"
	curl -sfi --noproxy '*' "$BSKY_PDS/xrpc/com.atproto.server.describeServer" |
		grep -qi '^RateLimit-Limit: [0-9]' || fail "the PDS sends no RateLimit-Limit"
	local m uri i
	m=$(bsky_mark)
	bsky follow alice bob.test >/dev/null || fail "alice could not follow bob"
	uri=$(bsky post bob "network check $m") || fail "bob could not post"
	bsky like bob "$uri" >/dev/null || fail "bob could not like"
	i=0
	while [ $i -lt 50 ]; do
		bsky timeline alice | grep -q "network check $m" && break
		sleep 0.2; i=$((i + 1))
	done
	[ $i -lt 50 ] || fail "bob's post never reached alice's timeline"
	i=0
	while [ $i -lt 50 ]; do
		bsky notifications bob | grep -q '"reason":"follow","author":"alice.test"' && break
		sleep 0.2; i=$((i + 1))
	done
	[ $i -lt 50 ] || fail "bob got no follow notification from alice"
	bsky notifications alice | grep -q '"reason":"follow"' &&
		fail "alice followed bob, yet alice has a follow notification"
	return 0
}
