# mastodon.sh — end-to-end tests of Mastodon columns against the fake server
# (tests/fakes/fake_mastodon.py on 127.0.0.1). Sourced by tests/tui/run.sh.

FAKE_PID=
FAKE=

fake_start() {
	rm -f "$TUI_TMP/fake.url"
	python3 tests/fakes/fake_mastodon.py --url-file "$TUI_TMP/fake.url" \
		--heartbeat 1 --seed 5 --max-seconds 300 "$@" >"$TUI_TMP/fake.log" 2>&1 &
	FAKE_PID=$!
	local i=0
	while [ ! -s "$TUI_TMP/fake.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	FAKE=$(cat "$TUI_TMP/fake.url")
	cat > "$TUI_TMP/masto.yaml" <<-YAML
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home, account: fake, type: home }
	  - { title: Notes, account: fake, type: notifications }
	  - { title: Cats, account: fake, type: hashtag, query: cats }
	  - { title: Found, account: fake, type: search, query: coffee }
	YAML
}

fake_stop() {
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	wait "$FAKE_PID" 2>/dev/null
	FAKE_PID=
}

ctl() {	# ctl PATH [JSON]
	curl -s -X POST -H 'Content-Type: application/json' -d "${2:-{\}}" "$FAKE/_control/$1"
}

count_requests() {	# count_requests PATH_PREFIX: how many the client sent
	curl -s "$FAKE/_control/requests?path_prefix=$1" |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'
}

requests() {	# the requests the client sent, one line each: METHOD PATH KEY BODY
	curl -s "$FAKE/_control/requests" | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    print(r["method"], r["path"], r.get("idempotency_key") or "-", json.dumps(r.get("parsed_body") or {}, sort_keys=True))'
}

masto_start() {
	start 200 50 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $TUI_TMP/masto.yaml"
	expect '1 Home' "Home header"
	expect 'fake·home +● live' "home streams" 8
}

t_mastodon_columns_fill_and_stream() {
	fake_start
	masto_start
	expect '★ .* (liked your post|mentioned you|followed you)' "notifications say who did what"
	expect 'fake·hashtag +● live' "hashtag streams"
	expect 'fake·search +polling' "search polls"
	# Four columns, one sign-in: the account learns the limits once.
	local n
	n=$(count_requests /api/v2/instance)
	[ "$n" = 1 ] || fail "the instance was asked $n times, want once per account"
	n=$(count_requests /api/v1/accounts/verify_credentials)
	[ "$n" = 1 ] || fail "signed in $n times, want once per account"
	expect_not '<p>|</a>|&amp;|&lt;|&#39;' "no raw HTML or entities"
	rules_aligned
	ctl post '{"timeline":"home","content_html":"<p>Fresh &amp; streamed &lt;3 from the fake</p>"}' >/dev/null
	expect 'Fresh & streamed <3 from the fake' "a new post streams in within 2 s" 2
	ctl post '{"timeline":"tag:cats","text":"Kittens at the office today"}' >/dev/null
	expect 'Kittens at the office today' "a hashtag post streams in" 2
	keys q
	fake_stop
}

t_mastodon_actions_reach_the_server() {
	fake_start
	masto_start
	keys f
	expect 'favourited' "favourite confirmed"
	keys t
	expect 'boosted' "boost confirmed"
	keys r
	expect 'Reply to ' "reply box opens"
	expect '[0-9]+/500' "counter against the instance limit"
	keys -l 'Thanks for the note!'
	keys C-s
	expect 'reply sent' "reply confirmed"
	local log; log=$(requests)
	echo "$log" | grep -q '^POST /api/v1/statuses/[0-9]*/favourite ' || fail "no favourite request"
	echo "$log" | grep -q '^POST /api/v1/statuses/[0-9]*/reblog ' || fail "no reblog request"
	local reply; reply=$(echo "$log" | grep '^POST /api/v1/statuses ')
	[ -n "$reply" ] || fail "no reply request"
	echo "$reply" | grep -q '"in_reply_to_id": "[0-9]*"' || fail "reply without in_reply_to_id: $reply"
	echo "$reply" | grep -q 'Thanks for the note!' || fail "reply text missing: $reply"
	echo "$reply" | grep -q '"visibility": "public"' || fail "reply visibility not inherited: $reply"
	echo "$reply" | grep -Eq '^POST /api/v1/statuses [0-9a-f]{32} ' || fail "no Idempotency-Key: $reply"
	keys q
	fake_stop
}

t_mastodon_failed_reply_keeps_text() {
	fake_start
	masto_start
	ctl fault '{"kind":"500","count":10,"path_prefix":"/api/v1/statuses"}' >/dev/null
	keys r
	expect 'Reply to '
	keys -l 'Please do not lose me'
	keys C-s
	expect 'reply failed: HTTP 500' "a failed reply says so"
	ctl fault '{"kind":"clear"}' >/dev/null
	keys r
	expect 'Please do not lose me' "the text comes back"
	keys Escape
	keys q
	expect '^\$ ?$'
	ls "$TUI_TMP"/home/.local/state/starling/drafts/*.txt >/dev/null 2>&1 ||
		fail "no draft file kept on disk"
	fake_stop
}

t_mastodon_429_shows_and_recovers() {
	fake_start
	masto_start
	ctl fault '{"kind":"429","count":1,"reset_in":4,"path_prefix":"/api/v1/timelines/home"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	expect 'fake·home +rate limited until [0-9:]+' "the header shows the rate limit" 10
	expect 'fake·home +● live' "and recovers" 15
	keys q
	fake_stop
}

t_mastodon_dropped_stream_backfills_no_gap() {
	fake_start
	masto_start
	ctl fault '{"kind":"no-streaming"}' >/dev/null
	sleep 0.3
	local i
	for i in 1 2 3; do
		ctl post "{\"timeline\":\"home\",\"text\":\"Missed while away number $i\"}" >/dev/null
	done
	ctl fault '{"kind":"clear"}' >/dev/null
	for i in 1 2 3; do
		expect "Missed while away number $i" "missed post $i backfilled" 15
	done
	expect 'fake·home +(● live|polling)' "live again" 10
	local n; n=$(screen | grep -c 'Missed while away number')
	[ "$n" -eq 3 ] || fail "missed posts shown $n times, want 3 (none twice)"
	keys q
	fake_stop
}

t_mastodon_auth_failure() {
	fake_start
	start 200 50 FAKE_TOKEN=wrong-token
	type_line "$TUI_BIN --config $TUI_TMP/masto.yaml"
	expect 'auth failed' "401 shows auth failed" 8
	local before after
	before=$(curl -s "$FAKE/_control/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
	sleep 3
	after=$(curl -s "$FAKE/_control/state" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"])')
	[ "$after" -le $((before + 1)) ] || fail "kept hammering after 401 ($before -> $after)"
	keys q
	fake_stop
}

t_mastodon_stream_host_elsewhere_gets_no_token() {
	# A second server the instance names as its streaming host: another
	# port of the same address, cleartext. The token must not go there.
	rm -f "$TUI_TMP/other.url"
	python3 tests/fakes/fake_mastodon.py --url-file "$TUI_TMP/other.url" \
		--heartbeat 1 --max-seconds 120 >"$TUI_TMP/other.log" 2>&1 &
	local other_pid=$! i=0
	while [ ! -s "$TUI_TMP/other.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	local other; other=$(cat "$TUI_TMP/other.url")
	fake_start --streaming-url "ws://${other#http://}"
	masto_start
	local n; n=$(curl -s "$other/_control/requests" |
		python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')
	[ "$n" = 0 ] || fail "the advertised streaming host got $n requests"
	[ "$(count_requests /api/v1/streaming)" -ge 1 ] ||
		fail "the instance itself was not asked for the stream"
	keys q
	fake_stop
	kill "$other_pid" 2>/dev/null
	wait "$other_pid" 2>/dev/null
}

t_mastodon_echoed_token_never_shown_and_retried() {
	fake_start
	masto_start
	# Every request refused with a body that echoes the token.
	ctl fault '{"kind":"401-echo"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	expect 'fake·home +auth failed · retrying at [0-9:]+' "the header says it asks again" 10
	local log="$TUI_TMP/home/.local/state/starling/starling.log"
	wait_for_file_match() { local i=0; while [ $i -lt 100 ]; do grep -q "$1" "$log" 2>/dev/null && return 0; sleep 0.05; i=$((i + 1)); done; return 1; }
	wait_for_file_match 'invalid_token' || fail "the refusal was not logged"
	grep -q 'test-token' "$log" && fail "the token reached the log: $(grep test-token "$log" | head -1)"
	screen | grep -q 'test-token' && fail "the token reached the screen"
	[ "$(stat -c %a "$log")" = 600 ] || fail "log file mode $(stat -c %a "$log")"
	# Fixed behind the proxy: :retry tries now, not in 10 minutes.
	ctl fault '{"kind":"clear"}' >/dev/null
	keys :; type_line "retry all"
	expect 'fake·home +● live' "retry brings it back" 10
	keys q
	fake_stop
}

t_mastodon_rate_limit_clamped_and_shared() {
	fake_start
	masto_start
	expect 'fake·search +polling' "the search column polls" 10
	# Retry-After in the year 2100: an hour at most, shown on every
	# column of the account that is not streaming.
	ctl fault '{"kind":"429","count":1,"retry_after":"4102444800","path_prefix":"/api/v1/timelines/home"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	expect 'fake·home +rate limited until [0-9]{2}:[0-9]{2}:[0-9]{2}' "home shows the wait" 10
	expect 'fake·search +rate limited until [0-9]{2}:[0-9]{2}:[0-9]{2}' "so does the polling column" 5
	local until; until=$(screen | grep -oE 'fake·home +rate limited until [0-9:]+' | grep -oE '[0-9:]+$' | head -1)
	local secs; secs=$(( $(date -d "$until" +%s) - $(date +%s) ))
	[ "$secs" -lt 0 ] && secs=$((secs + 86400))
	[ "$secs" -le 3700 ] || fail "waits $secs s (until $until), more than an hour"
	keys :; type_line "retry all"
	expect 'fake·home +● live' "retry brings it back" 10
	keys q
	fake_stop
}

t_mastodon_retry_countdown_never_stalls_at_zero() {
	fake_start
	masto_start
	# One failed backfill after a drop: the header counts down, then the
	# retry runs; "retrying in 0 s" is never what it says for long.
	ctl fault '{"kind":"500","count":3,"path_prefix":"/api/v1/timelines/home"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	expect 'fake·home.*retrying in [0-9]+ s' "the header counts down" 10
	local i=0 zero=0
	while [ $i -lt 200 ]; do
		screen | grep -Eq 'fake·home +● live' && break
		screen | grep -q 'fake·home.*retrying in 0 s' && zero=$((zero + 1))
		sleep 0.05; i=$((i + 1))
	done
	[ "$zero" -eq 0 ] || fail "\"retrying in 0 s\" seen $zero times"
	expect 'fake·home +● live' "and recovers" 15
	keys q
	fake_stop
}

t_mastodon_browser_gets_the_url_as_one_argument() {
	fake_start
	cat > "$TUI_TMP/argv.sh" <<-'SH'
	#!/bin/sh
	out=$(dirname "$0")/argv.out
	printf '%s\n' "$#" > "$out.tmp"
	for a in "$@"; do printf '[%s]\n' "$a" >> "$out.tmp"; done
	mv "$out.tmp" "$out"
	SH
	chmod +x "$TUI_TMP/argv.sh"
	rm -f "$TUI_TMP/argv.out" "$TUI_TMP/pwned"
	start 200 50 FAKE_TOKEN=test-token "BROWSER='$TUI_TMP/argv.sh --new-tab'"
	type_line "$TUI_BIN --config $TUI_TMP/masto.yaml"
	expect 'fake·home +● live' "home streams" 8
	# A link whose query a shell would run, split and glob.
	ctl post "{\"timeline\":\"home\",\"content_html\":\"<p>Shop sale <a href=\\\"https://shop.example/a?x=1&amp;y=\$(touch $TUI_TMP/pwned);z='q' *\\\">deal</a></p>\"}" >/dev/null
	expect 'Shop sale' "the post arrives" 10
	keys g; keys Enter
	expect 'deal' "the detail pane shows it" 5
	keys 1
	local i=0
	while [ ! -s "$TUI_TMP/argv.out" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	[ -s "$TUI_TMP/argv.out" ] || { fail "the browser never ran"; keys q; fake_stop; return; }
	[ "$(sed -n 1p "$TUI_TMP/argv.out")" = 2 ] || fail "browser got $(sed -n 1p "$TUI_TMP/argv.out") arguments: $(cat "$TUI_TMP/argv.out")"
	[ "$(sed -n 2p "$TUI_TMP/argv.out")" = "[--new-tab]" ] || fail "the \$BROWSER words were not kept"
	grep -qF "[https://shop.example/a?x=1&y=\$(touch $TUI_TMP/pwned);z='q' *]" "$TUI_TMP/argv.out" ||
		fail "the URL is not one argument as it was: $(cat "$TUI_TMP/argv.out")"
	[ -e "$TUI_TMP/pwned" ] && fail "the URL ran a command"
	keys q; keys q
	fake_stop
}

t_mastodon_wait_past_midnight_shows_the_date() {
	fake_start
	# A zone where it is 23:20 now: an hour's wait ends tomorrow.
	local now_min=$(( $(date -u +%s) / 60 % 1440 ))
	local off=$(( ((23 * 60 + 20 - now_min) % 1440 + 1440) % 1440 ))
	local tz; tz=$(printf 'XXX-%02d:%02d' $((off / 60)) $((off % 60)))
	start 280 50 FAKE_TOKEN=test-token TZ=$tz
	type_line "$TUI_BIN --config $TUI_TMP/masto.yaml"
	expect 'fake·home +● live' "home streams" 8
	ctl fault '{"kind":"429","count":1,"retry_after":"4102444800","path_prefix":"/api/v1/timelines/home"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	local tomorrow; tomorrow=$(TZ=$tz date -d '+1 hour' +%Y-%m-%d)
	expect "fake·home +rate limited until $tomorrow [0-9]{2}:[0-9]{2}:[0-9]{2}" "the header gives the date" 10
	keys q
	fake_stop
}

has_controls() {	# has_controls FILE: C0 (but newline), DEL, C1 or invalid UTF-8 in it
	python3 - "$1" <<-'PY'
	import sys
	b = open(sys.argv[1], "rb").read()
	try:
	    t = b.decode("utf-8")
	except UnicodeDecodeError:
	    sys.exit(0)
	sys.exit(0 if any((ord(c) < 32 and c != "\n") or 127 <= ord(c) < 160 for c in t) else 1)
	PY
}

t_mastodon_server_control_bytes_never_reach_log_or_stderr() {
	fake_start
	start 200 50	# a fresh HOME
	local err="$TUI_TMP/login.err"
	ctl fault '{"kind":"escapes","path_prefix":"/api/v1/apps"}' >/dev/null
	env HOME="$TUI_TMP/home" XDG_DATA_HOME= "$TUI_BIN" login mastodon "$FAKE" \
		</dev/null >/dev/null 2>"$err" && fail "login with a broken answer succeeded"
	grep -q 'registering the app' "$err" || fail "no reason on stderr: $(cat -v "$err")"
	has_controls "$err" &&
		fail "control bytes on stderr: $(cat -v "$err")"
	# The same answer to a column: the log stays clean too.
	masto_start
	ctl fault '{"kind":"escapes","count":5,"path_prefix":"/api/v1/timelines/home"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	local log="$TUI_TMP/home/.local/state/starling/starling.log" i=0
	while ! grep -q 'malformed JSON' "$log" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	grep -q 'malformed JSON' "$log" || fail "the bad body was not logged"
	has_controls "$log" &&
		fail "control bytes in the log: $(grep 'malformed' "$log" | cat -v | head -2)"
	keys q
	fake_stop
}

t_mastodon_token_file_must_be_private() {
	cat > "$TUI_TMP/tf.yaml" <<-YAML
	accounts:
	  - { name: fake, network: mastodon, instance: "http://127.0.0.1:9", token_file: "$TUI_TMP/token" }
	columns:
	  - { title: Home, account: fake, type: home }
	YAML
	echo secret-token > "$TUI_TMP/token"
	chmod 644 "$TUI_TMP/token"
	local out; out=$("$TUI_BIN" --config "$TUI_TMP/tf.yaml" 2>&1 </dev/null)
	echo "$out" | grep -q 'refusing a token file others can read (mode 0644)' ||
		fail "a 0644 token file was not refused: $out"
	echo "$out" | grep -q 'secret-token' && fail "the token leaked into a message"
	return 0
}

t_mastodon_thread_and_history() {
	fake_start
	masto_start
	keys Enter
	expect 'Esc closes' "detail pane"
	keys c
	expect 'thread: [0-9]+ other post' "c loads the thread"
	keys Escape
	expect '1 Home'
	keys G
	expect 'loading older|[0-9]+ new' "the bottom asks for older posts"
	local i=0
	while [ $i -lt 50 ]; do
		curl -s "$FAKE/_control/requests?path_prefix=/api/v1/timelines/home" |
			grep -q '"max_id"' && break
		sleep 0.1; i=$((i + 1))
	done
	[ $i -lt 50 ] || fail "no max_id request for older posts"
	wait_gone 'loading older' 5 || fail "older posts never arrived"
	keys q
	fake_stop
}

t_mastodon_login_stores_private_token() {
	fake_start
	start 160 40	# a fresh HOME first: login writes into it
	local out
	out=$(printf 'good-code\n' | env HOME="$TUI_TMP/home" XDG_DATA_HOME= \
		"$TUI_BIN" login mastodon "$FAKE" 2>&1)
	echo "$out" | grep -q '/oauth/authorize?response_type=code&client_id=' ||
		fail "no authorize URL: $out"
	echo "$out" | grep -q 'code_challenge_method=S256' || fail "no PKCE challenge"
	# Keyed by scheme, host and port: not sent to another port of the host.
	local tok; tok=$(ls "$TUI_TMP"/home/.local/share/starling/tokens/mastodon-http-127.0.0.1-"${FAKE##*:}".token 2>/dev/null)
	[ -n "$tok" ] || { fail "no token file: $out"; fake_stop; return; }
	[ "$(stat -c %a "$tok")" = 600 ] || fail "token file mode $(stat -c %a "$tok")"
	curl -s "$FAKE/_control/requests?path_prefix=/oauth/token" | grep -q 'code_verifier' ||
		fail "the code exchange sent no code_verifier"
	# The stored token signs in a config that names no token source.
	cat > "$TUI_TMP/login.yaml" <<-YAML
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE" }
	columns:
	  - { title: Home, account: fake, type: home }
	YAML
	type_line "$TUI_BIN --config $TUI_TMP/login.yaml"
	expect 'fake·home +● live' "the stored token works" 8
	keys q
	printf 'bad-code\n' | env HOME="$TUI_TMP/home2" "$TUI_BIN" login mastodon "$FAKE" >/dev/null 2>&1 &&
		fail "a bad code did not fail"
	fake_stop
}

t_mastodon_bad_responses_recover() {
	fake_start
	masto_start
	local kind
	for kind in truncated malformed 500; do
		ctl fault "{\"kind\":\"$kind\",\"count\":1,\"path_prefix\":\"/api/v1/timelines/home\"}" >/dev/null
		ctl fault '{"kind":"drop-stream"}' >/dev/null
		expect 'fake·home.*(retrying in [0-9]+ s)' "$kind: the header says it retries" 10
		expect 'fake·home +● live' "$kind: and recovers" 20
	done
	expect_not 'Z̤̈a̖l̝g̗o.*Z̤̈a̖l̝g̗o.*Z̤̈a̖l̝g̗o' "no duplicated cards"
	rules_aligned
	keys q
	expect '^\$ ?$' "still quits cleanly"
	fake_stop
}

t_mastodon_reply_box_edits_whole_graphemes() {
	fake_start
	masto_start
	keys r
	expect 'Reply to '
	keys C-u
	# A flag and a family are one character each: Backspace takes them whole.
	keys -l 'E🇯🇵👨‍👩‍👧‍👦'
	keys BSpace BSpace
	keys -l 'X'
	keys Escape
	keys q
	expect '^\$ ?$'
	local draft; draft=$(cat "$TUI_TMP"/home/.local/state/starling/drafts/*.txt 2>/dev/null)
	[ "$draft" = "EX" ] || fail "draft after two Backspaces is [$draft], want [EX]"
	fake_stop
}

t_mastodon_read_markers_follow_the_registry() {
	fake_start --seed-markers
	cat > "$TUI_TMP/markers.yaml" <<-YAML
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home, account: fake, type: home }
	  - { title: Mentions, account: fake, type: mentions }
	YAML
	start 200 50 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $TUI_TMP/markers.yaml"
	expect 'fake·home +● live' "home streams" 8
	expect 'fake·mentions +● live' "mentions stream" 8
	# Reading the home column sends its read marker back to the server.
	keys j j
	local i=0
	while [ $i -lt 200 ] && ! requests | grep -q '^POST /api/v1/markers .*home'; do
		sleep 0.1; i=$((i + 1))
	done
	requests | grep -q '^POST /api/v1/markers .*home' ||
		fail "no home read marker sent: $(requests | grep markers)"
	# A mentions column is filtered notifications: it has no marker of its
	# own, so reading it sends none.
	keys l j j
	expect 'column 2/2' "focus on Mentions"
	sleep 1
	requests | grep '^POST /api/v1/markers' | grep -q notifications &&
		fail "a mentions column sent the notifications marker: $(requests | grep markers)"
	keys q
	fake_stop
}

# A 34-cell column: the state is never cut ("retrying in N s" stays whole,
# the error's middle goes), and "↑N new above" stays whole beside it or
# moves up beside the title.
t_mastodon_narrow_header_keeps_state_and_notice() {
	fake_start
	cat > "$TUI_TMP/narrow.yaml" <<-YAML
	accounts:
	  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home of the brand team, account: fake, type: home, width: 34 }
	YAML
	start 100 40 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $TUI_TMP/narrow.yaml"
	expect '● live' "home streams" 8
	keys j j
	local i
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		ctl post "{\"timeline\":\"home\",\"text\":\"Queued above number $i\"}" >/dev/null
	done
	wait_for '↑12 new above' 8 || fail "the notice never said 12"
	ctl fault '{"kind":"500","count":50,"path_prefix":"/api/v1/timelines/home"}' >/dev/null
	ctl fault '{"kind":"drop-stream"}' >/dev/null
	expect 'retrying in' "the column backs off" 10
	local col; col=$(screen_cells 34); col=$(echo "$col" | head -2)
	echo "$col" | grep -Eq 'retrying in [0-9]+ s' || fail "the countdown is cut: $col"
	echo "$col" | grep -q '↑12 new above' || fail "the notice is cut: $col"
	ctl fault '{"kind":"clear"}' >/dev/null
	keys q
	fake_stop
}


# A server that refuses the connection: curl's long reason loses its middle,
# the countdown stays whole in a 34-cell column.
t_mastodon_long_error_keeps_countdown() {
	cat > "$TUI_TMP/refused.yaml" <<-YAML
	accounts:
	  - { name: gone, network: mastodon, instance: "http://127.0.0.1:1", token_env: FAKE_TOKEN }
	columns:
	  - { title: Home, account: gone, type: home, width: 34 }
	YAML
	start 100 30 FAKE_TOKEN=test-token
	type_line "$TUI_BIN --config $TUI_TMP/refused.yaml"
	expect 'retrying in' "the column backs off" 10
	local col; col=$(screen_cells 34); col=$(echo "$col" | sed -n 2p)
	echo "$col" | grep -Eq '….* · retrying in [0-9]+ s *$' ||
		fail "the reason is not cut in its middle, or the countdown is cut: $col"
	keys q
}
