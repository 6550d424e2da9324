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
}

# --- starling as alice ---------------------------------------------------

# col N: column N's text on the screen (rows split at the rules).
col() {
	screen | python3 -c '
import signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
n = int(sys.argv[1]) - 1
for row in sys.stdin.read().split("\n"):
    cells = row.split("\u2502")
    print(cells[n] if len(cells) > n else "")' "$1"
}

# expect_col N REGEX MESSAGE [SECONDS]: column N shows REGEX.
expect_col() {
	local i=0 t=${4:-10}
	while [ $i -lt $((t * 10)) ]; do
		col "$1" | grep -Eq -- "$2" && return 0
		sleep 0.1; i=$((i + 1))
	done
	fail "$3 (column $1 has no /$2/)"
	return 1
}

# alice_yaml [PASSWORD_SOURCE]: alice's deck, her timeline and notifications
# polled every 10 s (the shortest interval starling takes).
alice_yaml() {
	cat > "$TUI_TMP/alice.yaml" <<-YAML
	accounts:
	  - { name: alice, network: bluesky, service: "$BSKY_PDS", handle: alice.test, ${1:-password_env: ALICE_PW} }
	columns:
	  - { title: Home, account: alice, type: timeline, every: 10s }
	  - { title: Notes, account: alice, type: notifications, every: 10s }
	YAML
}

# alice_deck [PASSWORD [PREFIX]]: ./starling as alice in a fresh tmux at
# 200x50 (a fresh HOME: no cached session unless the test put one there
# with keep_home), password from $ALICE_PW; PREFIX runs it (faketime).
KEEP_HOME=0
alice_deck() {
	local pw=${1:-$BSKY_ALICE_PASSWORD}
	[ -f "$TUI_TMP/alice.yaml" ] || alice_yaml
	if [ "$KEEP_HOME" = 1 ]; then
		tmx kill-server 2>/dev/null
		# The old server may still be going away: try again briefly.
		local n=0
		until tmx -f /dev/null new-session -d -x 200 -y 50 \
		    "env -i HOME=$TUI_TMP/home PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 ALICE_PW=$pw PS1='$ ' sh -i" 2>/dev/null; do
			n=$((n + 1))
			[ $n -lt 20 ] || { fail "tmux did not start"; return 1; }
			sleep 0.1
		done
		tmx set-option -g status off >/dev/null
		wait_for '^\$' 5
	else
		start 200 50 "ALICE_PW=$pw"
	fi
	type_line "${2:+$2 }$TUI_BIN --config $TUI_TMP/alice.yaml"
	expect '1 Home' "the deck starts"
}

session_file() { ls "$TUI_TMP"/home/.local/state/starling/bluesky/*alice.test*.session 2>/dev/null | head -1; }

# Everything bob does shows in alice's columns: his posts and his repost of
# hers in the timeline, his like, repost, reply and follow in her
# notifications, saying who did what; a post he makes while the deck runs
# arrives with the next poll.
t_bsky_columns_show_what_bob_did() {
	local m a
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	bsky follow alice bob.test >/dev/null || fail "alice could not follow bob"
	a=$(bsky post alice "alice asks $m") || fail "alice could not post"
	bsky post bob "bob says $m" >/dev/null || fail "bob could not post"
	wait_timeline alice "bob says $m"
	bsky reply bob "$a" "bob answers $m" >/dev/null || fail "bob could not reply"
	bsky repost bob "$a" >/dev/null || fail "bob could not repost"
	bsky like bob "$a" >/dev/null || fail "bob could not like"
	bsky follow bob alice.test >/dev/null || fail "bob could not follow"
	wait_seen alice "answers $m"
	alice_deck
	expect 'alice·timeline' "the timeline column's header"
	expect_col 1 "bob says $m" "bob's post in alice's timeline"
	expect_col 1 '↻ Bob Builder reposted' "bob's repost, said so"
	expect_col 1 '↩ reply to @alice\.test' "bob's reply, marked with the parent's author"
	expect_col 1 "bob answers $m" "bob's reply in the timeline"
	expect_col 2 '★ Bob Builder liked your post' "the like in notifications"
	expect_col 2 '★ Bob Builder reposted your post' "the repost in notifications"
	expect_col 2 '★ Bob Builder followed you' "the follow in notifications"
	expect_col 2 '★ Bob Builder replied' "the reply in notifications"
	expect_col 2 "bob answers $m" "the reply's text in notifications"
	rules_aligned
	bsky post bob "bob later $m" >/dev/null || fail "bob could not post again"
	expect_col 1 "bob later $m" "a new post arrives with the next poll" 25
	[ "$(col 1 | grep -c "bob says $m")" = 1 ] || fail "a post shown twice after a poll"
	keys q
	expect '^\$ ?$' "back to the shell"
}

# wait_seen WHO TEXT: until TEXT is in WHO's notifications (the AppView
# indexes a write after 100-400 ms).
wait_seen() {
	local i=0
	while [ $i -lt 50 ]; do
		bsky notifications "$1" | grep -qF -- "$2" && return 0
		sleep 0.2; i=$((i + 1))
	done
	fail "\"$2\" never reached $1's notifications"
	return 1
}

# wait_timeline WHO TEXT: until TEXT is in WHO's timeline.
wait_timeline() {
	local i=0
	while [ $i -lt 50 ]; do
		bsky timeline "$1" | grep -qF -- "$2" && return 0
		sleep 0.2; i=$((i + 1))
	done
	fail "\"$2\" never reached $1's timeline"
	return 1
}

# notif_field WHO MARK FIELD: FIELD of WHO's notification whose text holds
# MARK (the first such). The reason is "mention" rather than "reply" when the
# reply names WHO (starling's reply box starts with "@HANDLE ").
notif_field() {
	bsky notifications "$1" | python3 -c '
import json, sys
for n in json.load(sys.stdin):
    if n["reason"] in ("reply", "mention") and sys.argv[1] in (n["text"] or ""):
        print(n[sys.argv[2]] or ""); break' "$2" "$3"
}

# reply_from_deck TEXT_ON_SCREEN REPLY: filter the timeline to the post,
# reply to it with r, send with C-s.
reply_from_deck() {
	keys 1 /
	keys -l "$1"
	keys Enter
	expect "/.* \\(1\\)" "the filter finds the post"
	keys r
	expect 'Reply to ' "the reply box opens"
	keys -l "$2"
	keys C-s
	expect 'reply sent' "the reply is sent" 10
}

# alice replies from starling to bob's reply in her own thread: the record
# names her post as the root and bob's reply as the parent, and bob is told.
t_bsky_reply_from_starling_has_root_and_parent() {
	local m a b uri
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	bsky follow alice bob.test >/dev/null
	a=$(bsky post alice "root of $m") || fail "alice could not post"
	b=$(bsky reply bob "$a" "bob in thread $m") || fail "bob could not reply"
	wait_timeline alice "bob in thread $m"
	alice_deck
	expect_col 1 "bob in thread $m" "bob's reply in the timeline"
	reply_from_deck "bob in thread $m" "alice replies in $m"
	wait_seen bob "alice replies in $m" || return
	uri=$(notif_field bob "alice replies in $m" uri)
	[ "$(notif_field bob "alice replies in $m" parent)" = "$b" ] ||
		fail "the reply's parent is $(notif_field bob "alice replies in $m" parent), not bob's reply $b"
	[ "$(notif_field bob "alice replies in $m" root)" = "$a" ] ||
		fail "the reply's root is $(notif_field bob "alice replies in $m" root), not alice's post $a"
	case $uri in
	at://"$BSKY_ALICE_DID"/app.bsky.feed.post/*) ;;
	*) fail "the reply is not alice's post: $uri" ;;
	esac
	keys q
}

# A reply with emoji, CJK, a combining mark, a link, a tag and a mention:
# its facets cover exactly those bytes of the UTF-8 text, as getPostThread
# returns the record; the root of a reply to a top-level post is that post.
t_bsky_reply_facets_at_utf8_byte_offsets() {
	local m b uri text
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	bsky follow alice bob.test >/dev/null
	b=$(bsky post bob "top level $m") || fail "bob could not post"
	wait_timeline alice "top level $m"
	alice_deck
	expect_col 1 "top level $m" "bob's post in the timeline"
	# "e" and U+0301 (a combining acute): two code points, one grapheme.
	local acute; acute=$(printf '\314\201')
	text="Cafe$acute 🎉🇯🇵 日本語 @bob.test のテキスト e$acute https://example.com/ü?q=1 #タグ $m"
	reply_from_deck "top level $m" "$text"
	wait_seen bob "$m" || return
	uri=$(notif_field bob "$m" uri)
	[ "$(notif_field bob "$m" parent)" = "$b" ] || fail "the parent is not bob's post"
	[ "$(notif_field bob "$m" root)" = "$b" ] || fail "the root of a reply to a top-level post is not that post"
	bsky record "$uri" > "$TUI_TMP/record.json" || { fail "getPostThread failed"; return; }
	python3 - "$TUI_TMP/record.json" "$text" "$BSKY_BOB_DID" <<-'PY' || fail "facets: $(cat "$TUI_TMP/record.json")"
	import json, sys
	rec = json.load(open(sys.argv[1]))
	want_text, bob = sys.argv[2], sys.argv[3]
	ok = True
	def bad(msg):
	    global ok
	    print("    " + msg); ok = False
	# The reply box may start the text with "@bob.test ".
	if not rec["text"].endswith(want_text):
	    bad("text %r does not end with %r" % (rec["text"], want_text))
	b = rec["text"].encode("utf-8")
	want = {"link": ("https://example.com/ü?q=1", "uri",
	                 ("https://example.com/ü?q=1", "https://example.com/%C3%BC?q=1")),
	        "tag": ("#タグ", "tag", ("タグ",)),
	        "mention": ("@bob.test", "did", (bob,))}
	# Where each span is in the bytes: every occurrence needs its facet.
	need = {}
	for kind, (span, _, _) in want.items():
	    sb, i = span.encode("utf-8"), 0
	    while (i := b.find(sb, i)) >= 0:
	        need[(kind, i, i + len(sb))] = False
	        i += len(sb)
	for f in rec.get("facets", []):
	    s, e = f["index"]["byteStart"], f["index"]["byteEnd"]
	    for feat in f["features"]:
	        kind = feat["$type"].split("#")[-1]
	        if kind not in want:
	            bad("unexpected facet %r" % feat); continue
	        span, key, values = want[kind]
	        if (kind, s, e) not in need:
	            bad("%s facet at bytes %d-%d covers %r, not %r" % (kind, s, e, b[s:e].decode("utf-8", "replace"), span))
	            continue
	        need[(kind, s, e)] = True
	        if feat.get(key) not in values:
	            bad("%s facet's %s is %r, not %r" % (kind, key, feat.get(key), values[0]))
	for (kind, s, e), seen in need.items():
	    if not seen:
	        bad("no %s facet for bytes %d-%d" % (kind, s, e))
	sys.exit(0 if ok else 1)
	PY
	keys q
}

# The access token runs out: once when the deck can tell from the token's
# exp (refreshed before use), once when only the server can (the deck's
# clock three hours behind: the server answers ExpiredToken). Both times the
# deck goes on through refreshSession; the app password it has is wrong, so
# a new createSession would fail.
t_bsky_expired_access_token_is_refreshed() {
	local m f old run
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	bsky follow alice bob.test >/dev/null
	bsky post bob "before expiry $m" >/dev/null || fail "bob could not post"
	wait_timeline alice "before expiry $m"
	alice_deck
	expect_col 1 "before expiry $m" "the deck signs in"
	keys q
	expect '^\$ ?$'
	f=$(session_file)
	[ -n "$f" ] || { fail "no cached session under XDG_STATE_HOME"; return; }
	[ "$(stat -c %a "$f")" = 600 ] || fail "the session cache is mode $(stat -c %a "$f")"
	KEEP_HOME=1
	for run in ahead server; do
		old=$(bsky expired-token alice) || { fail "cannot mint a token"; break; }
		python3 - "$f" "$old" <<-'PY' || fail "cannot put the token into $f"
		import json, sys
		p, tok = sys.argv[1], sys.argv[2]
		s = json.load(open(p)); s["accessJwt"] = tok
		open(p, "w").write(json.dumps(s))
		PY
		bsky post bob "after expiry $run $m" >/dev/null || fail "bob could not post"
		wait_timeline alice "after expiry $run $m"
		if [ $run = ahead ]; then
			alice_deck wrong-app-password
		else
			alice_deck wrong-app-password "faketime -f -3h"
		fi
		expect_col 1 "after expiry $run $m" "$run: the deck goes on after the token expired" 15
		expect_not 'auth failed' "$run: no auth failure"
		keys q
		expect '^\$ ?$'
		grep -qF "$old" "$f" && fail "$run: the expired token is still cached"
		[ "$(stat -c %a "$f")" = 600 ] || fail "$run: the session cache is mode $(stat -c %a "$f")"
		grep -q 'session refreshed' "$TUI_TMP/home/.local/state/starling/starling.log" ||
			fail "$run: the log does not say the session was refreshed"
	done
	KEEP_HOME=0
}

# createSession's RateLimit-Remaining for IDENTIFIER, spending one attempt
# with a wrong password.
create_session_left() {
	curl -si --noproxy '*' -X POST -H 'Content-Type: application/json' \
		-d "{\"identifier\":\"$1\",\"password\":\"not-the-password\"}" \
		"$BSKY_PDS/xrpc/com.atproto.server.createSession" |
		tr -d '\r' | sed -n 's/^[Rr]ate[Ll]imit-[Rr]emaining: //p'
}

# A wrong app password: both columns say "auth failed", createSession is
# asked once and not again, and the password shows nowhere.
t_bsky_wrong_password_says_auth_failed_once() {
	local before after log
	rm -f "$TUI_TMP/alice.yaml"
	before=$(create_session_left alice.test)
	[ -n "$before" ] || { fail "createSession sends no RateLimit-Remaining"; return; }
	alice_deck 'zzzz-wrong-pass-word'
	expect_col 1 'auth failed' "the timeline says auth failed" 10
	expect_col 2 'auth failed' "so do the notifications"
	sleep 3	# time for a loop to show itself
	after=$(create_session_left alice.test)
	[ "$after" = $((before - 2)) ] ||
		fail "createSession asked $((before - after - 1)) times by the deck, want once"
	expect_not 'zzzz-wrong-pass-word' "the password on screen"
	log="$TUI_TMP/home/.local/state/starling/starling.log"
	grep -q 'zzzz-wrong-pass-word' "$log" 2>/dev/null && fail "the password in the log"
	keys q
}

# Opening the notifications column marks them seen (updateSeen): alice's
# unread count, from the server, drops to 0.
t_bsky_notifications_marked_seen() {
	local m a n i
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	a=$(bsky post alice "to be liked $m") || fail "alice could not post"
	bsky like bob "$a" >/dev/null || fail "bob could not like"
	i=0
	while [ $i -lt 50 ]; do
		n=$(bsky unread alice); [ "${n:-0}" -gt 0 ] && break
		sleep 0.2; i=$((i + 1))
	done
	[ "${n:-0}" -gt 0 ] || { fail "alice has no unread notification to start with"; return; }
	alice_deck
	expect_col 2 '★ Bob Builder liked your post' "the like in notifications"
	keys 2
	expect 'column 2/2' "the notifications column is open"
	i=0
	while [ $i -lt 100 ]; do
		n=$(bsky unread alice); [ "$n" = 0 ] && break
		sleep 0.2; i=$((i + 1))
	done
	[ "$n" = 0 ] || fail "getUnreadCount still $n after the column was opened"
	keys q
}

# More than a page (50) arrives between two polls: the poll pages back until
# it meets a post it has shown, so exactly those posts wait above, none
# missing and none twice; going past the oldest post loads older pages.
t_bsky_burst_has_no_gap_and_older_pages_load() {
	local m i
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	bsky follow alice bob.test >/dev/null
	bsky posts bob 60 "old $m" >/dev/null || fail "bob could not post"
	wait_timeline alice "old $m 060"
	alice_deck
	expect_col 1 "old $m 060" "the newest page"
	# A key: the selection stays on the post seen, so everything of the
	# burst waits above it, whenever the polls fall.
	keys j k
	bsky posts bob 60 "burst $m" >/dev/null || fail "bob could not post"
	expect_col 1 '↑60 new above' "60 posts since the last poll wait above, no more, no fewer" 25
	keys g
	expect_col 1 "burst $m 060" "the newest is at the top"
	i=0
	while [ $i -lt 6 ] && ! screen | grep -q "old $m 001"; do
		keys G
		wait_for "old $m 001" 5 && break
		i=$((i + 1))
	done
	expect "old $m 001" "scrolling past the oldest loads older pages" 1
	keys q
}

# Like and repost from the deck reach bob; pressing again undoes them
# (the records are deleted: the counts go back to 0).
post_counts() {	# post_counts URI: "likes reposts" as the AppView has them
	bsky get bob app.bsky.feed.getPosts "uris=$1" |
		json_get '"%d %d" % (d["posts"][0]["likeCount"], d["posts"][0]["repostCount"])'
}
wait_counts() {	# wait_counts URI "L R" MESSAGE
	local i=0 c
	while [ $i -lt 50 ]; do
		c=$(post_counts "$1"); [ "$c" = "$2" ] && return 0
		sleep 0.2; i=$((i + 1))
	done
	fail "$3 (likes and reposts: $c, want $2)"
}
t_bsky_like_and_repost_from_deck_and_undo() {
	local m b
	m=$(bsky_mark)
	rm -f "$TUI_TMP/alice.yaml"
	bsky follow alice bob.test >/dev/null
	b=$(bsky post bob "like me $m") || fail "bob could not post"
	wait_timeline alice "like me $m"
	alice_deck
	expect_col 1 "like me $m" "bob's post"
	keys 1 /
	keys -l "like me $m"
	keys Enter
	expect "/.* \\(1\\)" "the filter finds the post"
	keys f
	wait_counts "$b" "1 0" "f likes the post"
	keys t
	wait_counts "$b" "1 1" "t reposts it"
	wait_seen bob '"reason":"like","author":"alice.test"'
	keys f
	wait_counts "$b" "0 1" "f again deletes the like"
	keys t
	wait_counts "$b" "0 0" "t again deletes the repost"
	keys q
}
