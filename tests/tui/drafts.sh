# drafts.sh — the reply box keeps what the user typed, and only that, through
# failed sends, a full disk, quitting and kill -9; every try of one reply
# carries one Idempotency-Key. Against the fake Mastodon server (mastodon.sh's
# helpers). Sourced by tests/tui/run.sh.

DRAFTS_DIR=

# The deck on the fake, its stderr in $TUI_TMP/err; again after a kill -9
# (the terminal is left raw: stty sane first, and C-j for a newline).
drafts_deck() {
	DRAFTS_DIR="$TUI_TMP/home/.local/state/starling/drafts"
	keys -l "stty sane; $TUI_BIN --config $TUI_TMP/masto.yaml 2>$TUI_TMP/err"
	keys C-j
	expect '1 Home' "Home header"
	expect 'fake·home +● live' "home streams" 8
	expect '^▌' "a post is selected"
}

# r on the selected post. Right after startup the deck may still say "no post
# selected" for a moment while a post is drawn selected: then again.
drafts_reply() {
	keys r
	wait_for 'Reply to ' 3 && return
	keys r
	expect 'Reply to ' "the reply box opens"
}

# The deck's pid: the child of the pane's shell.
drafts_pid() {
	pgrep -P "$(tmx display -p '#{pane_pid}')" | head -1
}

# wait_file PATH REGEX [SECONDS]: until the file's text matches.
wait_file() {
	local t=${3:-5} i=0
	while [ "$i" -lt $((t * 20)) ]; do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# The keys of the replies the server got, in order.
reply_keys() {
	requests | awk '$1 == "POST" && $2 == "/api/v1/statuses" { print $3 }'
}

# kill -9 the deck, and wait until it is gone.
drafts_kill() {
	local pid i=0; pid=$(drafts_pid)
	[ -n "$pid" ] || { fail "no deck to kill"; return; }
	kill -9 "$pid"
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}

t_drafts_retry_reuses_the_key() {
	fake_start
	start 200 50 FAKE_TOKEN=test-token
	drafts_deck
	# A failed send, then a send cut by kill -9 after it reached the
	# server: three tries of one reply.
	ctl fault '{"kind":"500","count":10,"path_prefix":"/api/v1/statuses"}' >/dev/null
	keys r
	expect 'Reply to '
	keys -l 'Only once, please'
	keys C-s
	expect 'reply failed: HTTP 500' "the first try fails"
	ctl fault '{"kind":"clear"}' >/dev/null
	local n; n=$(reply_keys | wc -l)
	ctl fault '{"kind":"hang","count":1,"path_prefix":"/api/v1/statuses"}' >/dev/null
	keys r
	expect 'your draft, as you left it' "r reopens the draft"
	keys C-s
	local i=0
	while [ "$(reply_keys | wc -l)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	drafts_kill
	ctl fault '{"kind":"clear"}' >/dev/null
	ls "$DRAFTS_DIR"/*.key >/dev/null 2>&1 || fail "no key kept beside the draft"
	[ "$(stat -c %a "$DRAFTS_DIR"/*.key 2>/dev/null)" = 600 ] || fail "the key file is not 0600"
	drafts_deck
	drafts_reply
	expect 'Only once, please' "the draft is back after kill -9"
	keys C-s
	expect 'reply sent' "the third try is confirmed"
	local k; k=$(reply_keys)
	[ "$(echo "$k" | wc -l)" -ge 3 ] || fail "want 3 tries, got: $k"
	[ "$(echo "$k" | sort -u | wc -l)" = 1 ] || fail "the tries of one reply had different keys: $k"
	echo "$k" | grep -Eq '^[0-9a-f]{32}$' || fail "not a key: $k"
	ls "$DRAFTS_DIR"/* >/dev/null 2>&1 && fail "draft or key left after the server confirmed"
	# Confirmed: a new reply to the same post is a new one.
	keys r
	expect 'Reply to '
	keys -l 'And a second reply'
	n=$(reply_keys | wc -l)
	keys C-s
	i=0
	while [ "$(reply_keys | wc -l)" -le "$n" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	k=$(reply_keys)
	[ "$(echo "$k" | sort -u | wc -l)" = 2 ] || fail "a new reply reused the old key: $k"
	[ "$(echo "$k" | tail -1)" != "$(echo "$k" | head -1)" ] || fail "the last reply has the first one's key"
	keys q
	fake_stop
}

# Makes the drafts folder unwritable (root ignores modes): a full tmpfs when
# mount works, else a file where the folder would be. Prints the way.
drafts_break() {
	mkdir -p "$DRAFTS_DIR"
	if mount -t tmpfs -o size=8k,mode=0700 tmpfs "$DRAFTS_DIR" 2>/dev/null; then
		dd if=/dev/zero of="$DRAFTS_DIR/fill" bs=1k count=64 2>/dev/null
		echo full
	else
		rmdir "$DRAFTS_DIR" && : > "$DRAFTS_DIR"
		echo file
	fi
}

drafts_mend() {	# drafts_mend WAY
	if [ "$1" = full ]; then rm -f "$DRAFTS_DIR/fill"; else rm -f "$DRAFTS_DIR"; fi
}

drafts_unmount() {
	mountpoint -q "$DRAFTS_DIR" 2>/dev/null && umount "$DRAFTS_DIR"
}

t_drafts_unsavable_keeps_the_text() {
	fake_start
	start 200 50 FAKE_TOKEN=test-token
	drafts_deck
	local way; way=$(drafts_break)
	keys r
	expect 'Reply to '
	keys -l 'Do not drop me'
	expect 'cannot save the draft' "typing says the draft cannot be saved" 5
	keys Escape
	expect 'cannot save the draft .*(No space left|Not a directory|File exists)' "Esc says why"
	expect 'Do not drop me' "the box keeps the text"
	expect 'Reply to ' "the box stays open"
	find "$TUI_TMP/home" -name '*.tmp' | grep -q . && fail "a temporary file is left ($way)"
	drafts_mend "$way"
	keys Escape
	wait_gone 'Reply to ' 3 || fail "Esc did not close once the draft could be saved"
	wait_file "$(ls "$DRAFTS_DIR"/*.txt 2>/dev/null | head -1)" 'Do not drop me' 1 ||
		fail "the draft was not saved once it could be ($way)"
	# Quitting (SIGHUP) with a draft that cannot be saved: said on stderr.
	keys r
	expect 'Do not drop me'
	[ "$way" = full ] && dd if=/dev/zero of="$DRAFTS_DIR/fill" bs=1k count=64 2>/dev/null
	[ "$way" = file ] && rm -rf "$DRAFTS_DIR" && : > "$DRAFTS_DIR"
	keys -l ' at all'
	expect 'cannot save the draft' "typing says the draft cannot be saved"
	kill -HUP "$(drafts_pid)"
	expect '^\$ ?$' "SIGHUP quits"
	grep -q 'cannot save the draft' "$TUI_TMP/err" || fail "nothing on stderr: $(cat "$TUI_TMP/err")"
	grep -q 'Do not drop me at all' "$TUI_TMP/err" || fail "the text is not on stderr"
	find "$TUI_TMP/home" -name '*.tmp' | grep -q . && fail "a temporary file is left at quit"
	drafts_unmount
	fake_stop
}

t_drafts_saved_while_typing() {
	fake_start
	start 200 50 FAKE_TOKEN=test-token
	drafts_deck
	keys r
	expect 'Reply to '
	keys -l 'Typed before the crash'
	# At most a second behind (more under load), with no key pressed.
	local f i=0
	while [ -z "$f" ] && [ $i -lt 60 ]; do
		f=$(ls "$DRAFTS_DIR"/*.txt 2>/dev/null | head -1); sleep 0.05; i=$((i + 1))
	done
	wait_file "$f" 'Typed before the crash' 3 || fail "the draft is not saved as one types"
	drafts_kill
	find "$TUI_TMP/home" -name '*.tmp' | grep -q . && fail "a temporary file is left"
	drafts_deck
	drafts_reply
	expect 'Typed before the crash' "the text is back after kill -9"
	keys Escape
	keys q
	fake_stop
}

t_drafts_only_what_was_typed() {
	fake_start
	start 200 50 FAKE_TOKEN=test-token
	drafts_deck
	keys r
	expect 'Reply to '
	keys Escape
	wait_gone 'Reply to ' 3
	ls "$DRAFTS_DIR"/* >/dev/null 2>&1 && fail "opening and closing saved a draft: $(ls "$DRAFTS_DIR")"
	keys r
	expect 'Reply to '
	keys -l 'soon gone'
	keys Escape
	wait_gone 'Reply to ' 3
	ls "$DRAFTS_DIR"/*.txt >/dev/null 2>&1 || fail "typed text not saved"
	keys r
	expect 'soon gone'
	keys C-u
	keys Escape
	wait_gone 'Reply to ' 3
	ls "$DRAFTS_DIR"/* >/dev/null 2>&1 && fail "an emptied box kept its draft: $(ls "$DRAFTS_DIR")"
	keys q
	fake_stop
}

# Bluesky takes no Idempotency-Key: a try that got no good answer is not
# tried again by itself (it may have posted), and its draft asks before it
# is sent again; a clear answer sends it once.
t_drafts_no_key_no_second_post_unasked() {
	bsky_start
	bsky_deck
	expect 'sky·timeline +polling' "the timeline polls" 8
	bctl fault '{"kind":"500","count":1,"nsid":"com.atproto.repo.createRecord"}' >/dev/null
	keys w
	expect 'New post' "w opens a new post"
	keys -l 'Exactly one of these'
	keys C-s
	expect 'may have reached the server' "the failure says it may have posted" 8
	sleep 7
	local n; n=$(bsky_count com.atproto.repo.createRecord)
	[ "$n" = 1 ] || fail "tried $n times by itself, want once"
	keys :
	keys -l 'drafts'
	keys Enter
	expect '\[may have been sent\] post as sky: Exactly one of these' "the draft says it may have been sent"
	keys Enter
	expect 'Exactly one of these' "the draft reopens"
	keys C-s
	expect 'may have been sent already .*Send it again\? \(y/n\)' "sending again asks first"
	keys n
	expect 'not sent'
	[ "$(bsky_count com.atproto.repo.createRecord)" = 1 ] || fail "n sent it"
	keys C-s
	expect 'Send it again\?'
	keys y
	expect 'post sent' "y sends it" 8
	[ "$(bsky_count com.atproto.repo.createRecord)" = 2 ] || fail "want one more try"
	ls "$TUI_TMP"/home/.local/state/starling/drafts/*.txt >/dev/null 2>&1 &&
		fail "the draft stayed after the post was confirmed"
	keys q
	bsky_stop
}
