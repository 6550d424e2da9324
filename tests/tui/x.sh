# x.sh — end-to-end tests of X columns and actions against the fake X API v2
# server (tests/fakes/fake_x.py on 127.0.0.1). Sourced by tests/tui/run.sh.

XFAKE_PID=
XFAKE=

xfake_start() {	# xfake_start [fake_x.py options]
	rm -f "$TUI_TMP/xfake.url"
	python3 tests/fakes/fake_x.py --url-file "$TUI_TMP/xfake.url" \
		--max-seconds 300 "$@" >"$TUI_TMP/xfake.log" 2>&1 &
	XFAKE_PID=$!
	local i=0
	while [ ! -s "$TUI_TMP/xfake.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	XFAKE=$(cat "$TUI_TMP/xfake.url")
}

xfake_stop() {
	[ -n "$XFAKE_PID" ] && kill "$XFAKE_PID" 2>/dev/null
	[ -n "$XFAKE_PID" ] && wait "$XFAKE_PID" 2>/dev/null
	XFAKE_PID=
}
# The fake goes when the run does, whatever failed.
trap xfake_stop EXIT

xctl() {	# xctl PATH [JSON]
	curl -s -X POST -H 'Content-Type: application/json' -d "${2:-{\}}" "$XFAKE/_control/$1"
}

xrequests() {	# one line each: METHOD PATH BEARER QUERY BODY
	curl -s "$XFAKE/_control/requests" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["method"], r["path"], r["bearer"], json.dumps(r["query"], sort_keys=True), json.dumps(r["body"] or {}, sort_keys=True))'
}

xcount() {	# xcount REGEX: requests whose line matches
	xrequests | grep -Ec -- "$1"
}

# xdeck ACCOUNT_EXTRA COLUMN...: a config with one X account ("" for no
# extra keys) and these columns, each a flow mapping.
xdeck() {
	local extra=$1 c; shift
	{
		echo "accounts:"
		echo "  - { name: xa, network: x, api: \"$XFAKE\", token_env: X_TOKEN, client_id: test-client${extra:+, $extra} }"
		echo "columns:"
		for c in "$@"; do echo "  - $c"; done
	} > "$TUI_TMP/x.yaml"
}

xrun() {	# xrun: starling on the deck, at 200x50
	start 200 50 X_TOKEN=user-token
	type_line "$TUI_BIN --config $TUI_TMP/x.yaml"
}

t_x_columns_show_clean_posts() {
	xfake_start
	xctl post '{"text":"Q&amp;A tonight &lt;3 https://t.co/abc123","urls":[["https://t.co/abc123","https://example.com/qa?x=1","example.com/qa?x=1"]]}' >/dev/null
	xdeck 'budget: 1000/month' '{ title: Home, account: xa, type: home }' \
		'{ title: Found, account: xa, type: search, query: alexa }' \
		'{ title: Ment, account: xa, type: mentions }'
	xrun
	expect 'Q&A tonight <3 example\.com/qa\?x=1' "entities decoded, the t.co link shown as its address"
	expect 'budget [0-9]+/1,000 this month' "the header says what was spent"
	expect 'dev\.to/twitterdev/bui' "a fixture's t.co link shown as its address"
	expect_not 'https://t\.co/abc123|&amp;|&lt;' "no raw t.co link or entity"
	expect 'suhemparack' "a repost shows the reposted post's author"
	expect 'golf leaderboard' "mentions show"
	expect 'Alexa Skill' "search shows"
	# One sign-in for three columns; the fields asked for.
	local n; n=$(xcount '^GET /2/users/me ')
	[ "$n" = 1 ] || fail "signed in $n times, want once"
	xrequests | grep '^GET /2/tweets/search/recent ' | grep -q '"query": "alexa"' ||
		fail "search without its query"
	xrequests | grep 'reverse_chronological' | grep -q 'referenced_tweets.id.author_id' ||
		fail "no expansions asked"
	rules_aligned
	keys q
	xfake_stop
}

t_x_actions_reach_the_server() {
	xfake_start
	xdeck '' '{ title: Home, account: xa, type: home }'
	xrun
	expect 'Devs in the Details' "home shows"
	keys f
	expect '^ liked ' "like confirmed"
	curl -s "$XFAKE/_control/state" | grep -q '"likes": \["1524796546306478083"\]' ||
		fail "the fake has no like"
	keys f
	expect '^ unliked ' "unlike confirmed"
	keys t
	expect '^ reposted ' "repost confirmed"
	keys t
	expect '^ repost undone ' "undo confirmed"
	keys r
	expect 'Reply to ' "reply box opens"
	expect '[0-9]+/280' "counted against X's 280"
	keys -l 'Thanks https://example.com/a/very/long/path/that/counts/as/23'
	expect '[^0-9]30/280' "a link counts 23"
	keys C-s
	expect 'reply sent' "reply confirmed"
	local log; log=$(xrequests)
	echo "$log" | grep -q '^POST /2/users/2244994945/likes user {} {"tweet_id": "1524796546306478083"}' ||
		fail "no like request: $log"
	echo "$log" | grep -q '^DELETE /2/users/2244994945/likes/1524796546306478083 ' || fail "no unlike"
	echo "$log" | grep -q '^POST /2/users/2244994945/retweets user {} {"tweet_id": "1524796546306478083"}' ||
		fail "no retweet request"
	echo "$log" | grep -q '^DELETE /2/users/2244994945/retweets/1524796546306478083 ' || fail "no undo"
	echo "$log" | grep '^POST /2/tweets ' | grep -q '"reply": {"in_reply_to_tweet_id": "1524796546306478083"}, "text": "Thanks https://example.com' ||
		fail "reply without in_reply_to_tweet_id: $log"
	keys q
	xfake_stop
}

t_x_rate_limit_waits_and_resumes() {
	xfake_start
	xctl fault '{"kind":"429","count":1,"path_prefix":"/2/tweets/search","reset_in":4}' >/dev/null
	xdeck '' '{ title: Found, account: xa, type: search, query: alexa, every: 10s }' \
		'{ title: Home, account: xa, type: home, every: 5s }'
	xrun
	expect 'rate limited until [0-9]{2}:[0-9]{2}:[0-9]{2}' "a 429 says until when"
	# X limits each endpoint on its own: the home timeline goes on.
	screen | sed -n 2p | grep -q 'rate limited.*rate limited' &&
		fail "the search's limit held up the home column"
	expect 'Alexa Skill' "reading resumes after the reset" 12
	expect_not 'rate limited' "the wait is over"
	keys q
	xfake_stop
}

t_x_problem_json_shown() {
	xfake_start
	xctl fault '{"kind":"problem","count":50,"path_prefix":"/2/tweets/search"}' >/dev/null
	xctl fault '{"kind":"partial","count":50,"path_prefix":"/2/users/2244994945/timelines"}' >/dev/null
	xdeck '' '{ title: Found, account: xa, type: search, query: alexa }' \
		'{ title: Home, account: xa, type: home }'
	xrun
	expect 'HTTP 403: Client Forbidden' "the problem's title in the header"
	expect 'Devs in the Details' "a partial error still shows the data"
	grep -q 'Not Found Error: Could not find tweet' "$TUI_TMP"/home/.local/state/starling/*.log 2>/dev/null ||
		fail "the partial error is not logged"
	keys q
	xfake_stop
}

t_x_budget_stops_reading() {
	xfake_start
	xdeck 'budget: 5/day' '{ title: Home, account: xa, type: home, every: 10s }'
	xrun
	expect 'budget 5/5 today' "the first page spends the budget" 8
	expect 'budget spent · resumes [0-9]{4}-[0-9]{2}-[0-9]{2}' "then the column says it is spent" 14
	local n; n=$(xcount 'reverse_chronological')
	[ "$n" = 1 ] || fail "$n timeline requests, want 1"
	xrequests | grep 'reverse_chronological' | grep -q '"max_results": "5"' ||
		fail "max_results not capped by the budget"
	keys q
	expect '^\$ ?$'
	# The spend outlives the process: no request at the next start.
	type_line "$TUI_BIN --config $TUI_TMP/x.yaml"
	expect 'budget spent · resumes' "still spent after a restart"
	sleep 1
	n=$(xcount 'reverse_chronological')
	[ "$n" = 1 ] || fail "$n timeline requests after the restart, want 1"
	keys q
	xfake_stop
}

t_x_token_refreshed() {
	xfake_start --expires-in 3600
	mkdir -p "$TUI_TMP/tok"
	printf '{"access_token":"user-token","refresh_token":"refresh-1","expires_at":%d}\n' \
		$(( $(date +%s) + 30 )) > "$TUI_TMP/tok/x.token"
	chmod 600 "$TUI_TMP/tok/x.token"
	cat > "$TUI_TMP/x.yaml" <<-YAML
	accounts:
	  - { name: xa, network: x, api: "$XFAKE", token_file: "$TUI_TMP/tok/x.token", client_id: test-client }
	columns:
	  - { title: Home, account: xa, type: home, every: 10s }
	YAML
	start 200 50
	type_line "$TUI_BIN --config $TUI_TMP/x.yaml"
	expect 'Devs in the Details' "posts after the refresh"
	curl -s "$XFAKE/_control/state" | grep -q '"issued": 1' || fail "no refresh before expiry"
	grep -q '"refresh_token":"ref-' "$TUI_TMP/tok/x.token" || fail "the new tokens are not saved"
	[ "$(stat -c %a "$TUI_TMP/tok/x.token")" = 600 ] || fail "token file not 0600"
	# A 401 (the token died early) refreshes and asks again.
	xctl expire >/dev/null
	xctl post '{"text":"After the refresh"}' >/dev/null
	expect 'After the refresh' "reading goes on after a 401" 14
	curl -s "$XFAKE/_control/state" | grep -q '"issued": 2' || fail "no refresh after the 401"
	expect_not 'user-token|ref-|acc-' "no token on screen"
	grep -rqs 'acc-\|ref-\|user-token' "$TUI_TMP"/home/.local/state/starling/*.log &&
		fail "a token in the log"
	keys q
	xfake_stop
}

t_x_login_pkce() {
	xfake_start
	start 400 20
	type_line "$TUI_BIN login x $XFAKE"
	expect 'client id' "asks for the client id"
	type_line 'test-client'
	expect 'code_challenge=' "prints the authorize address"
	local url loc
	url=$(tmx capture-pane -p -J | grep -o "$XFAKE/i/oauth2/authorize?[^ ]*" | head -1)
	loc=$(curl -s -o /dev/null -w '%{redirect_url}' "$url")
	echo "$loc" | grep -q 'code=' || fail "the fake gave no code: $loc"
	type_line "$loc"
	expect 'Signed in' "the code is exchanged (PKCE checked by the fake)"
	local f; f=$(ls "$TUI_TMP"/home/.local/share/starling/tokens/x-http-127.0.0.1-*.token 2>/dev/null)
	[ -n "$f" ] || fail "no token file"
	[ -n "$f" ] && { [ "$(stat -c %a "$f")" = 600 ] || fail "token file not 0600"; }
	[ -n "$f" ] && { grep -q '"refresh_token":"ref-' "$f" || fail "no refresh token kept"; }
	xfake_stop
}

t_x_app_token_reads_only() {
	xfake_start
	cat > "$TUI_TMP/x.yaml" <<-YAML
	accounts:
	  - { name: xa, network: x, api: "$XFAKE", bearer_env: X_BEARER }
	columns:
	  - { title: Found, account: xa, type: search, query: alexa }
	  - { title: Home, account: xa, type: home }
	YAML
	start 200 50 X_BEARER=app-token
	type_line "$TUI_BIN --config $TUI_TMP/x.yaml"
	expect 'Alexa Skill' "an app token reads search"
	expect 'needs a signed-in user' "and says why home cannot be read"
	keys f
	expect 'read-only \(app bearer token\)' "actions say the account is read-only"
	local n; n=$(xcount '^POST ')
	[ "$n" = 0 ] || fail "$n POSTs from a read-only account"
	keys q
	xfake_stop
}
