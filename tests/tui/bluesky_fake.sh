# bluesky_fake.sh — Bluesky columns end to end against the fake XRPC server
# (tests/fakes/fake_bluesky.py on 127.0.0.1): what a real network cannot
# easily be made to do (429 with RateLimit headers, 5xx, malformed JSON,
# expired tokens, a wrong app password) and the content and actions the
# user sees. Sourced by tests/tui/run.sh.

BSKY_PID=
BSKY=

bsky_start() {	# bsky_start [FAKE OPTIONS...]
	rm -f "$TUI_TMP/bsky.url"
	python3 tests/fakes/fake_bluesky.py --url-file "$TUI_TMP/bsky.url" \
		--max-seconds 300 "$@" >"$TUI_TMP/bsky.log" 2>&1 &
	BSKY_PID=$!
	local i=0
	while [ ! -s "$TUI_TMP/bsky.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	BSKY=$(cat "$TUI_TMP/bsky.url")
	cat > "$TUI_TMP/bsky.yaml" <<-YAML
	accounts:
	  - { name: sky, network: bluesky, service: "$BSKY", handle: alice.test, password_env: BSKY_PASSWORD }
	columns:
	  - { title: Home, account: sky, type: timeline, every: 5s }
	  - { title: Notes, account: sky, type: notifications, every: 5s }
	  - { title: Mentions, account: sky, type: notifications, reasons: [mention, reply] }
	  - { title: Cats, account: sky, type: search, query: cat }
	YAML
}

bsky_stop() {
	[ -n "$BSKY_PID" ] && kill "$BSKY_PID" 2>/dev/null
	wait "$BSKY_PID" 2>/dev/null
	BSKY_PID=
}

bctl() {	# bctl WHAT [JSON]
	curl -s -X POST -H 'Content-Type: application/json' -d "${2:-{\}}" "$BSKY/_control/$1"
}

bsky_count() {	# bsky_count NSID [AUTH]: requests the client sent
	curl -s "$BSKY/_control/requests" | python3 -c '
import json, sys
n = sys.argv[1]; a = sys.argv[2] if len(sys.argv) > 2 else None
print(sum(1 for r in json.load(sys.stdin) if r["nsid"] == n and (a is None or r["auth"] == a)))' "$@"
}

bsky_deck() {	# bsky_deck [PASSWORD]
	start 220 55 "BSKY_PASSWORD=${1:-alice-app-pass}"
	type_line "$TUI_BIN --config $TUI_TMP/bsky.yaml"
	expect '1 Home' "Home header"
}

t_bluesky_columns_show_posts_as_bluesky_has_them() {
	bsky_start
	bsky_deck
	expect 'sky·timeline +polling' "the timeline polls" 8
	expect '↻ Bob reposted' "a repost says who reposted"
	expect '↩ reply to @alice.test' "a reply names the parent's author"
	expect 'CW: sensitive: porn' "a labelled post collapses like a CW"
	expect '\[image: a grey cat asleep on a keyboard\]' "an image by its alt text"
	expect '\[link card: The story of the week\]' "a link card by its title"
	expect '❝ @alice.test: hello world from alice' "a quoted post: author and text"
	expect '★ Bob liked your post' "notifications say who did what"
	expect '★ Bob followed you' "a follow"
	expect 'Bob says hi 👋 to 世界 — see example.com/page and' "facet text as written"
	expect_not 'cdn.invalid' "no image or avatar address shown"
	rules_aligned
	# reasons go to the server, and a filtered column shows only those.
	curl -s "$BSKY/_control/requests" | grep -q '"reasons": \["mention", "reply"\]' ||
		fail "listNotifications was not asked for reasons"
	expect '★ Bob replied' "the filtered column shows replies"
	screen | python3 -c '
import sys
for line in sys.stdin:
    parts = line.split("│")
    if len(parts) > 2 and ("followed you" in parts[2] or "liked your" in parts[2]):
        sys.exit(1)' || fail "the mention/reply column shows a follow or a like"
	# A new post comes with the next poll, once.
	bctl post '{"text": "Fresh from the fake PDS"}' >/dev/null
	expect 'Fresh from the fake PDS' "a new post arrives within a poll" 12
	local polls; polls=$(bsky_count app.bsky.feed.getTimeline)
	local i=0
	while [ "$(bsky_count app.bsky.feed.getTimeline)" -lt $((polls + 2)) ] && [ $i -lt 300 ]; do
		sleep 0.05; i=$((i + 1))
	done
	[ "$(screen_cells 54 | grep -c 'Fresh from the fake PDS')" = 1 ] ||
		fail "the new post shows more than once after more polls"
	# Past the oldest post: the next page, by the cursor.
	keys G
	local i=0
	while ! curl -s "$BSKY/_control/requests" | grep -q '"cursor": \["50"\]' &&
	    [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ $i -lt 100 ] || fail "the older page was not asked with the cursor"
	wait_gone 'loading older' 5
	keys G
	expect 'older filler post number 59' "scrolling past the oldest loads older posts" 8
	[ "$(bsky_count com.atproto.server.createSession)" = 1 ] ||
		fail "signed in more than once for four columns"
	keys q
	bsky_stop
}

t_bluesky_session_cached_and_refreshed() {
	bsky_start
	bsky_deck
	expect 'sky·timeline +polling' "the timeline polls" 8
	keys q
	expect '^\$ ?$'
	local f
	f=$(ls "$TUI_TMP"/home/.local/state/starling/bluesky/*.session 2>/dev/null | head -n 1)
	[ -n "$f" ] || fail "no session cached"
	[ -n "$f" ] && [ "$(stat -c %a "$f")" = 600 ] || fail "the session file is not mode 600"
	type_line "$TUI_BIN --config $TUI_TMP/bsky.yaml"
	expect 'sky·timeline +polling' "the timeline polls after a restart" 8
	[ "$(bsky_count com.atproto.server.createSession)" = 1 ] ||
		fail "a restart spent createSession again"
	# The access token expires: the deck refreshes and keeps working.
	bctl expire >/dev/null
	bctl post '{"text": "After the token expired"}' >/dev/null
	expect 'After the token expired' "the deck keeps working through refreshSession" 12
	[ "$(bsky_count com.atproto.server.refreshSession refresh)" -ge 1 ] ||
		fail "no refreshSession with the refresh token as bearer"
	curl -s "$BSKY/_control/requests" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    if r["nsid"] == "com.atproto.server.refreshSession" and r["raw_len"] != 0:
        sys.exit(1)' || fail "refreshSession was sent a body"
	grep -rq 'alice-app-pass\|sig[0-9]' "$TUI_TMP"/home/.local/state/starling/*.log &&
		fail "a secret in the log"
	keys q
	bsky_stop
}

t_bluesky_wrong_password_says_so_once() {
	bsky_start
	bsky_deck not-the-password
	expect 'auth failed' "a wrong app password says auth failed" 8
	expect_not 'not-the-password' "the password is not shown"
	local i=0
	while [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
	[ "$(bsky_count com.atproto.server.createSession)" = 1 ] ||
		fail "createSession asked $(bsky_count com.atproto.server.createSession) times, want once"
	grep -rq 'not-the-password' "$TUI_TMP"/home/.local/state/starling/ &&
		fail "the password is in the log"
	keys q
	bsky_stop
}

t_bluesky_actions_reach_the_server() {
	bsky_start
	bsky_deck
	expect 'are you there' "the timeline fills" 8
	# The reply to a reply: "hello back from bob" (6 posts down).
	keys j j j j j j
	# The status line, not the cards' "↻ Bob reposted".
	keys f
	expect '^ liked ' "like confirmed"
	keys t
	expect '^ reposted ' "repost confirmed"
	keys f
	expect '^ like undone ' "unlike confirmed"
	keys t
	expect '^ repost undone ' "undoing the repost confirmed"
	keys t
	expect '^ reposted ' "and reposting again"
	keys r
	expect 'Reply to ' "reply box opens"
	expect '[0-9]+/300' "counter against Bluesky's 300"
	keys -l 'Thanks 👋🏽 世界 é https://example.com/x?y=1. @bob.test #tea'
	keys C-s
	expect 'reply sent' "reply confirmed"
	curl -s "$BSKY/_control/state" | python3 -c '
import json, sys
st = json.load(sys.stdin)
recs = [r for r in st["records"] if "collection" in r]
posts = [r for r in recs if r["collection"] == "app.bsky.feed.post"]
likes = [r for r in recs if r["collection"] == "app.bsky.feed.like"]
reps = [r for r in recs if r["collection"] == "app.bsky.feed.repost"]
dels = [r["deleted"] for r in st["records"] if "deleted" in r]
assert likes and reps, "no like or repost record"
assert any("/app.bsky.feed.like/" in d for d in dels), "the like was not deleted"
assert any("/app.bsky.feed.repost/" in d for d in dels), "the repost was not deleted"
rec = posts[-1]["record"]
parent = rec["reply"]["parent"]["uri"]
prec = st["posts"][parent]
assert prec["text"] == "hello back from bob", prec["text"]
want_root = prec["reply"]["root"]["uri"]
assert rec["reply"]["root"]["uri"] == want_root, "root is not the parent'"'"'s root"
assert rec["reply"]["parent"]["cid"] and rec["reply"]["root"]["cid"]
# A Bluesky reply names its parent; a mention put first would notify as one.
assert rec["text"].startswith("Thanks"), rec["text"]
text = rec["text"].encode()
got = {}
for f in rec.get("facets", []):
    s, e = f["index"]["byteStart"], f["index"]["byteEnd"]
    got[text[s:e].decode()] = f["features"][0]
assert got["https://example.com/x?y=1"]["uri"] == "https://example.com/x?y=1", got
assert got["@bob.test"]["did"].startswith("did:plc:bob"), got
assert got["#tea"]["tag"] == "tea", got
' 2>"$TUI_TMP/bsky.check" || fail "the records: $(tail -n 1 "$TUI_TMP/bsky.check")"
	keys c
	expect 'thread: [0-9]+ other post' "the thread comes in the detail pane"
	keys q
	keys q
	bsky_stop
}

t_bluesky_faults_show_in_the_header() {
	bsky_start
	bctl fault '{"kind": "malformed", "nsid": "app.bsky.feed.getTimeline", "count": 1}' >/dev/null
	bctl fault '{"kind": "error", "nsid": "app.bsky.feed.searchPosts", "count": 1, "name": "InvalidRequest", "message": "query too long"}' >/dev/null
	bsky_deck
	expect 'malformed JSON' "malformed JSON shows in the header" 8
	expect 'InvalidRequest: query too long' "an XRPC error in words" 8
	expect 'sky·timeline +polling' "the column recovers after malformed JSON" 12
	expect 'are you there' "and shows its posts"
	keys q
	bsky_stop
}

t_bluesky_429_waits_for_the_reset() {
	bsky_start
	bctl fault '{"kind": "429", "nsid": "app.bsky.feed.getTimeline", "count": 1, "reset": 6}' >/dev/null
	bsky_deck
	expect 'sky·timeline +rate limited until' "a 429 shows in the header" 8
	expect 'sky·timeline +polling' "polling again after RateLimit-Reset" 15
	keys q
	bsky_stop
}

t_bluesky_5xx_backs_off() {
	bsky_start
	bctl fault '{"kind": "500", "nsid": "app.bsky.feed.getTimeline", "count": 6}' >/dev/null
	bsky_deck
	expect 'HTTP 502: Upstrea.*retrying' "a 5xx shows in the header, with the retry" 12
	expect 'sky·timeline +polling' "the column recovers" 15
	keys q
	bsky_stop
}

t_bluesky_notifications_read_are_marked_seen() {
	bsky_start
	bsky_deck
	expect 'Bob mentioned you' "notifications arrive" 8
	# Read on screen: the focused column after a key.
	keys 2
	keys j
	local i=0
	while ! curl -s "$BSKY/_control/state" | grep -q '"seenAt": [0-9]' && [ $i -lt 500 ]; do
		sleep 0.05; i=$((i + 1))
		# Reading on, as a user does: a key every two seconds.
		[ $((i % 40)) -eq 0 ] && keys k j
	done
	[ $i -lt 500 ] || fail "reading the notifications set no seenAt (updateSeen)"
	keys q
	bsky_stop
}

t_bluesky_posts_in_triage_store_and_export() {
	bsky_start
	cat >> "$TUI_TMP/bsky.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/bsky-team/triage.db
	team: [alice, bob]
	YAML
	cat > "$TUI_TMP/bsky-store.yaml" <<-YAML
	me: alice
	store: $TUI_TMP/bsky-team/triage.db
	team: [alice, bob]
	columns:
	  - { title: Queue, type: assigned, to: bob }
	YAML
	bsky_deck
	expect 'are you there' "the timeline fills" 8
	keys a
	expect 'Assign to' "a opens the team picker"
	keys -l bob
	keys Enter
	expect '→bob' "the Bluesky post is assigned"
	keys f
	expect '^ liked ' "like confirmed"
	keys q
	expect '^\$ ?$'
	# A store column shows it with the network gone (no account needed).
	type_line "$TUI_BIN --config $TUI_TMP/bsky-store.yaml"
	expect 'are you there' "the store column shows the Bluesky post"
	keys q
	expect '^\$ ?$'
	"$TUI_BIN" export --format json --config "$TUI_TMP/bsky-store.yaml" | python3 -c '
import json, sys
d = json.load(sys.stdin)
t = [x for x in d["triage"] if x.get("assignee") == "bob"]
assert t, d["triage"]
s = json.dumps(t[0])
assert "at://did:plc:bob" in s and "app.bsky.feed.post" in s, s
acts = [a["action"] for a in d["audit"]]
assert "assign" in acts and "like" in acts, acts
' || fail "export lacks the Bluesky post by its AT-URI, or the like"
	bsky_stop
}
