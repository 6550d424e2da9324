# channels.sh — end-to-end tests of feed and exec columns: a feed server on
# 127.0.0.1 (tests/fakes/fake_feed.py, which records every request) and
# small programs that print JSON lines. Sourced by tests/tui/run.sh.

FEED_PID=
FEED=

feed_stop() {
	[ -n "$FEED_PID" ] && kill "$FEED_PID" 2>/dev/null
	[ -n "$FEED_PID" ] && wait "$FEED_PID" 2>/dev/null
	FEED_PID=
}
# Whatever happens to a test, the server goes with the run.
trap feed_stop EXIT

feed_item() {	# feed_item ID TITLE HTML-ESCAPED-DESCRIPTION LINK DATE
	printf '<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description></item>\n' \
		"$1" "$2" "$4" "$5" "$3"
}

feed_write() {	# feed_write ITEMS: feed.xml with these items
	{
		printf '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Acme News</title>\n'
		printf '%s\n' "$1"
		printf '</channel></rss>\n'
	} > "$TUI_TMP/feeds/feed.xml.tmp"
	mv "$TUI_TMP/feeds/feed.xml.tmp" "$TUI_TMP/feeds/feed.xml"
}

feed_start() {
	mkdir -p "$TUI_TMP/feeds"
	rm -f "$TUI_TMP/feed.url" "$TUI_TMP/feed.log"
	ITEM1=$(feed_item one 'Outage: logins &amp;lt;b&amp;gt;failed&amp;lt;/b&amp;gt;' \
		'&lt;p&gt;Some users &amp;amp; partners could not sign in.&lt;/p&gt;' \
		'https://blog.example/one' 'Tue, 24 Nov 2026 08:00:00 GMT')
	ITEM2=$(feed_item two 'Acme in the news' \
		'Alert: &lt;b&gt;Acme&lt;/b&gt; mentioned' \
		'https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://real.example/story&amp;ct=ga' \
		'Tue, 24 Nov 2026 09:00:00 GMT')
	feed_write "$ITEM1
$ITEM2"
	printf '<?xml version="1.0"?>\n<rss><channel><item><title>x</item></channel></rss>\n' \
		> "$TUI_TMP/feeds/broken.xml"
	cp tests/fixtures/feeds/page.html "$TUI_TMP/feeds/page.html"
	python3 tests/fakes/fake_feed.py --dir "$TUI_TMP/feeds" --log "$TUI_TMP/feed.log" \
		--url-file "$TUI_TMP/feed.url" --max-seconds 120 >/dev/null 2>&1 &
	FEED_PID=$!
	local i=0
	while [ ! -s "$TUI_TMP/feed.url" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	FEED=$(cat "$TUI_TMP/feed.url")
	cat > "$TUI_TMP/feeds.yaml" <<-YAML
	columns:
	  - { title: News, source: feed, url: "$FEED/feed.xml", every: 5s }
	  - { title: Broken, source: feed, url: "$FEED/broken.xml", every: 5s }
	  - { title: Page, source: feed, url: "$FEED/page.html", every: 5s }
	YAML
}

# wait_log REGEX [SECONDS]: until the feed server's request log matches.
wait_log() {
	local i=0
	while [ "$i" -lt $((${2:-10} * 20)) ]; do
		grep -Eq -- "$1" "$TUI_TMP/feed.log" 2>/dev/null && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

t_feed_entries_poll_304_and_errors() {
	feed_start
	start 210 40
	type_line "$TUI_BIN --config $TUI_TMP/feeds.yaml"
	expect '1 News' "News header"
	# Clean text: the double escaping undone, no markup or entity left.
	expect 'Outage: logins failed' "the title, decoded twice"
	expect 'Some users & partners could not sign in\.' "the description as text"
	expect 'Acme in the news' "the second entry"
	expect_not '&lt;|&gt;|&amp;|<b>|</p>' "raw HTML or entities on screen"
	# The header names the document; a feed's entries have no counts.
	expect 'feed·127\.0\.0\.1:[0-9]+/feed\.xml' "the feed's address in the header"
	expect_not '↩ 0' "counts on a feed's entries"
	# Newest first: the 09:00 entry above the 08:00 one.
	screen | awk '/Acme in the news/ { a = NR } /Outage: logins/ { b = NR }
		END { exit !(a && b && a < b) }' || fail "newest first"
	# A broken document and an HTML page say so in their headers.
	expect 'not XML: line' "broken feed in the header" 8
	expect 'not a feed \(an HTML page\)' "HTML page in the header" 8
	# Unchanged: the next poll is a conditional GET answered 304.
	wait_log 'GET /feed.xml 304 if-none-match="' 12 ||
		fail "no 304 for an unchanged feed: $(cat "$TUI_TMP/feed.log")"
	# o opens the real address behind the alert's redirect wrapper.
	keys o
	expect 'https://real\.example/story \(set \$BROWSER' "o opens the unwrapped link"
	# A new entry appears after the next poll.
	feed_write "$(feed_item three 'Brand new entry' 'Fresh &amp;amp; hot' \
		'https://blog.example/three' 'Tue, 24 Nov 2026 10:00:00 GMT')
$ITEM1
$ITEM2"
	expect 'Brand new entry' "a new entry after the next poll" 12
	expect 'Fresh & hot' "its text clean"
	# Only the configured URLs were fetched.
	if grep -Ev '^GET /(feed\.xml|broken\.xml|page\.html) ' "$TUI_TMP/feed.log" | grep -q .; then
		fail "fetched something else: $(cat "$TUI_TMP/feed.log")"
	fi
	keys q
	wait_for '^\$' 5 || fail "starling did not quit"
	feed_stop
}

# running PID: it exists and is not a zombie waiting for its reaper.
running() {
	[ -r "/proc/$1/stat" ] || return 1
	! sed 's/.*) //' "/proc/$1/stat" | grep -q '^[ZX]'
}

t_exec_program_posts_exits_restarts_and_stops() {
	local d="$TUI_TMP/exec" i
	rm -rf "$d"; mkdir -p "$d"
	# Prints, pauses, prints again (and a bad line), exits 2.
	cat > "$d/tickets.sh" <<-'SH'
	#!/bin/sh
	n=$(( $(cat runs 2>/dev/null || echo 0) + 1 ))
	echo $n > runs
	echo "{\"id\":\"r$n-a\",\"text\":\"run $n: printer on fire\",\"author\":\"Helpdesk\",\"url\":\"https://tickets.example/$n\"}"
	echo "this is not json"
	echo "a warning for the log" >&2
	sleep 1
	echo "{\"id\":\"r$n-b\",\"text\":\"run $n: coffee machine empty\"}"
	exit 2
	SH
	cat > "$d/polite.sh" <<-'SH'
	#!/bin/sh
	echo $$ > polite.pid
	echo '{"id":"p","text":"polite is running"}'
	while :; do sleep 0.2; done
	SH
	cat > "$d/stubborn.sh" <<-'SH'
	#!/bin/sh
	trap '' TERM
	echo $$ > stubborn.pid
	echo '{"id":"s","text":"stubborn is running"}'
	while :; do sleep 0.2; done
	SH
	chmod +x "$d"/*.sh
	cat > "$d/config.yaml" <<-YAML
	columns:
	  - { title: Tickets, source: exec, command: ./tickets.sh }
	  - { title: Polite, source: exec, command: ./polite.sh }
	  - { title: Stubborn, source: exec, command: "exec ./stubborn.sh" }
	YAML
	start 210 40
	# Run from elsewhere: the programs run in the config's folder.
	type_line "cd / && $TUI_BIN --config $d/config.yaml"
	expect 'run 1: printer on fire' "the first line as a post"
	expect 'run 1: coffee machine empty' "the second line, after the pause"
	expect 'exited with status 2 · restarting in [0-9]+ s' "the exit in the header"
	expect '1 bad line' "the bad line counted in the header"
	expect 'run 2: printer on fire' "restarted" 10
	expect 'polite is running' "polite runs"
	expect 'stubborn is running' "stubborn runs"
	grep -q 'column "Tickets": a warning for the log' "$TUI_TMP/home/.local/state/starling/starling.log" ||
		fail "stderr not in the log"
	local polite stubborn
	polite=$(cat "$d/polite.pid"); stubborn=$(cat "$d/stubborn.pid")
	running "$polite" || fail "polite not running"
	running "$stubborn" || fail "stubborn not running"
	keys q
	wait_for '^\$' 10 || fail "starling did not quit"
	i=0
	while { running "$polite" || running "$stubborn"; } && [ $i -lt 100 ]; do
		sleep 0.05; i=$((i + 1))
	done
	running "$polite" && fail "polite still runs after starling quit"
	running "$stubborn" && fail "stubborn (ignores TERM) still runs after starling quit"
	# Do not leave them behind even when the test failed.
	kill -9 "$polite" "$stubborn" 2>/dev/null
	return 0
}
