# compose.sh — the composer against the fake Mastodon server (mastodon.sh's
# helpers): new posts, quotes, templates, the team's policy (banned,
# required, confirm_accounts, send_delay with :undo-send), drafts through a
# SIGHUP, $EDITOR, and the audit log. Sourced by tests/tui/run.sh.

# compose_config NAME EXTRA: the fake's deck with EXTRA (templates:,
# policy:, store:) after it, in $TUI_TMP/NAME.yaml.
compose_config() {
	{ cat "$TUI_TMP/masto.yaml"; printf '%s\n' "$2"; } > "$TUI_TMP/$1.yaml"
}

# compose_deck NAME [ENV...]: the deck on that config, stderr in
# $TUI_TMP/err.
compose_deck() {
	local name=$1; shift
	start 200 50 FAKE_TOKEN=test-token "$@"
	type_line "$TUI_BIN --config $TUI_TMP/$name.yaml 2>$TUI_TMP/err"
	expect '1 Home' "Home header"
	expect 'fake·home +● live' "home streams" 8
	expect '^▌' "a post is selected"
}

# The POSTs of statuses the server got: one line each, the form as JSON.
posted() {
	requests | awk '$1 == "POST" && $2 == "/api/v1/statuses" { $1 = $2 = $3 = ""; print }'
}

# wait_posted N [SECONDS]: until the server has N statuses posted.
wait_posted() {
	local i=0 t=${2:-5}
	while [ "$(posted | grep -c .)" -lt "$1" ] && [ $i -lt $((t * 20)) ]; do
		sleep 0.05; i=$((i + 1))
	done
	[ "$(posted | grep -c .)" -ge "$1" ]
}

compose_pid() {
	pgrep -P "$(tmx display -p '#{pane_pid}')" | head -1
}

t_compose_new_post_has_no_reply_to() {
	fake_start
	compose_config plain ""
	compose_deck plain
	keys w
	expect 'New post · as fake · public' "w opens a new post as the column's account"
	expect '0/500' "the counter starts at 0 of the server's limit"
	keys -l 'Hello from the composer'
	expect '23/500' "the counter counts as it is typed"
	keys C-s
	expect 'post sent' "C-s sends it"
	wait_posted 1 || fail "nothing reached the server"
	local p; p=$(posted)
	echo "$p" | grep -q '"status": "Hello from the composer"' || fail "not the text: $p"
	echo "$p" | grep -q 'in_reply_to_id' && fail "a new post went as a reply: $p"
	echo "$p" | grep -q 'quoted_status_id' && fail "a new post went as a quote: $p"
	keys q
	fake_stop
}

t_compose_counter_turns_red_and_refuses() {
	fake_start
	compose_config plain ""
	compose_deck plain
	keys w
	expect 'New post'
	keys -l "$(printf 'x%.0s' $(seq 1 500))"
	expect '500/500' "the counter reaches the limit"
	tmx capture-pane -e -p | grep '500/500' | grep -Eq $'\e\\[([0-9;]*;)?(31|91|38;5;(1|9|160|196|203))m[^\e]*500/500' &&
		fail "the counter is red at the limit"
	keys -l 'x'
	expect '501/500' "the counter passes the limit"
	tmx capture-pane -e -p | grep '501/500' | grep -Eq $'\e\\[([0-9;]*;)?(31|91|38;5;(1|9|160|196|203))m[^\e]*501/500' ||
		fail "the counter is not red over the limit: $(tmx capture-pane -e -p | grep '501/500' | cat -v)"
	keys C-s
	expect 'post: 501 characters, the limit here is 500' "C-s is refused"
	[ "$(posted | grep -c .)" = 0 ] || fail "an over-long post reached the server"
	keys Escape
	keys q
	fake_stop
}

t_compose_quote_sends_quoted_status_id() {
	fake_start
	compose_config plain ""
	compose_deck plain
	keys Q
	expect 'Quote .* · as fake' "Q opens a quote of the selected post"
	keys -l 'Worth reading'
	keys C-s
	expect 'quote sent' "the quote is sent"
	wait_posted 1 || fail "nothing reached the server"
	posted | grep -q '"quoted_status_id": "[0-9]' || fail "no quoted_status_id: $(posted)"
	posted | grep -q 'in_reply_to_id' && fail "a quote went as a reply"
	keys q
	fake_stop
}

# A banned phrase: highlighted in the box, refused by C-s, nothing sent;
# required text is appended to what is sent.
t_compose_banned_phrase_blocks() {
	fake_start
	compose_config policy 'policy:
  banned: ["guarantee", "refund within [0-9]+ hours"]
  required: { fake: { text: " #acme", append: true } }'
	compose_deck policy
	keys r
	expect 'Reply to '
	keys C-u
	keys -l 'We GUARANTEE a fix'
	expect 'banned text' "the box says its text is banned"
	# The match alone is drawn as an error, in the box as typed.
	tmx capture-pane -e -p | grep 'We .*GUARANTEE' | sed 's/GUARANTEE.*//' | grep -q $'\e\[[0-9;]*m$' ||
		fail "the banned match is not highlighted"
	keys C-s
	expect 'reply: not sent: "GUARANTEE" is banned \(guarantee\)' "C-s is refused, saying why"
	sleep 1
	[ "$(posted | grep -c .)" = 0 ] || fail "a banned reply reached the server: $(posted)"
	keys C-u
	keys -l 'A refund within 48 hours'
	keys C-s
	expect 'not sent: "refund within 48 hours" is banned' "a banned pattern too"
	keys C-u
	keys -l 'Happy to help'
	keys C-s
	expect 'reply sent' "a clean reply goes"
	wait_posted 1 || fail "the clean reply did not reach the server"
	posted | grep -q '"status": "Happy to help #acme"' || fail "the required text was not appended: $(posted)"
	[ "$(posted | grep -c .)" = 1 ] || fail "want exactly one post: $(posted)"
	keys q
	fake_stop
}

t_compose_template_fills_author() {
	fake_start
	compose_config tpl 'templates:
  thanks: "Thank you {author}, from {me} as {account} on {network}"
  ticket: "Please DM us your ticket number"'
	compose_deck tpl USER=carol
	keys :
	keys -l 'template thanks'
	keys Enter
	expect 'Reply to ' ":template opens a reply"
	local name
	name=$(screen | sed -n 's/^ *Reply to \(.*\) @[^ ]* · as fake.*/\1/p' | head -1)
	[ -n "$name" ] || fail "no author in the header: $(screen | head -3)"
	expect "Thank you $name, from carol as fake on mastodon" "{author} {me} {account} {network} filled"
	# C-t in the box: the picker, filtered by typing.
	keys C-t
	expect 'Template \(type to filter' "C-t opens the template picker"
	keys -l 'tick'
	keys Enter
	expect 'Please DM us your ticket number' "the picked template is inserted"
	expect 'Reply to ' "back in the box"
	keys Escape
	keys :
	keys -l 'template nope'
	keys Enter
	expect 'template: no template "nope" \(there are: thanks, ticket\)' "an unknown template is said"
	keys q
	fake_stop
}

t_compose_send_delay_and_undo_send() {
	fake_start
	compose_config delay 'policy:
  send_delay: 4'
	compose_deck delay
	keys w
	expect 'New post'
	keys -l 'Held back for a moment'
	keys C-s
	expect 'post sending in [1-4] s \(:undo-send\)' "the status line counts down"
	keys Z
	expect 'your draft, as you left it \(not sent\)' "z brings it back"
	expect 'Held back for a moment' "with its text, in the composer"
	expect 'New post' "the composer is open"
	sleep 5
	[ "$(posted | grep -c .)" = 0 ] || fail "an undone post was sent: $(posted)"
	keys C-s
	expect 'post sending in [1-4] s' "held again"
	expect 'post sent' "sent once the delay is over" 10
	wait_posted 1 || fail "nothing reached the server"
	sleep 1
	[ "$(posted | grep -c .)" = 1 ] || fail "want exactly one post: $(posted)"
	keys :
	keys -l 'undo-send'
	keys Enter
	expect 'undo-send: nothing is waiting to be sent' "nothing left to undo"
	keys q
	fake_stop
}

t_compose_confirm_account_asks() {
	fake_start
	compose_config confirm 'policy:
  confirm_accounts: [fake]'
	compose_deck confirm
	keys w
	expect 'New post'
	keys -l 'Speaking for the company'
	keys C-s
	expect 'Send this post as fake\? \(y/n\)' "C-s asks, naming the account"
	keys n
	expect 'not sent' "n keeps it"
	sleep 0.5
	[ "$(posted | grep -c .)" = 0 ] || fail "sent without a yes"
	keys C-s
	expect 'Send this post as fake\?'
	keys y
	expect 'post sent' "y sends it"
	wait_posted 1 || fail "nothing reached the server"
	keys q
	fake_stop
}

# kill -HUP while composing: the draft is saved; at the next start the deck
# says so, and :drafts reopens it.
t_compose_hup_keeps_the_draft() {
	fake_start
	compose_config plain ""
	compose_deck plain
	keys w
	expect 'New post'
	keys -l 'Typed when the line dropped'
	kill -HUP "$(compose_pid)"
	expect '^\$ ?$' "SIGHUP quits"
	ls "$TUI_TMP"/home/.local/state/starling/drafts/new-*.txt >/dev/null 2>&1 ||
		fail "no draft saved on SIGHUP"
	type_line "$TUI_BIN --config $TUI_TMP/plain.yaml 2>$TUI_TMP/err"
	expect '1 draft kept: :drafts reopens it' "the next start says a draft is kept"
	keys :
	keys -l 'drafts'
	keys Enter
	expect 'Drafts \(type to filter' ":drafts lists them"
	expect 'post as fake: Typed when the line dropped' "with what it is"
	keys Enter
	expect 'New post · as fake' "Enter reopens it"
	expect 'Typed when the line dropped' "with its text"
	keys C-s
	expect 'post sent'
	wait_posted 1 || fail "the reopened draft was not sent"
	ls "$TUI_TMP"/home/.local/state/starling/drafts/* >/dev/null 2>&1 &&
		fail "a draft is left after it was sent: $(ls "$TUI_TMP"/home/.local/state/starling/drafts)"
	keys q
	fake_stop
}

# A reply's draft reopened from :drafts is still a reply to its post (the
# random keys found it reopened with no post, and crashing).
t_compose_reply_draft_reopens_as_a_reply() {
	fake_start
	compose_config plain ""
	compose_deck plain
	keys r
	expect 'Reply to ' "r opens a reply"
	keys -l 'kept for later'
	keys Escape
	keys :
	keys -l 'drafts'
	keys Enter
	expect 'Drafts \(type to filter' ":drafts lists it"
	keys Enter
	expect 'Reply to ' "Enter reopens it as a reply"
	expect 'kept for later' "with its text"
	keys C-s
	expect 'reply sent'
	wait_posted 1 || fail "the reopened reply was not sent"
	posted | grep -q 'in_reply_to_id' || fail "the reopened reply went as a new post: $(posted)"
	keys q
	fake_stop
}

# $EDITOR (a script) takes the text and gives it back changed; a failing
# editor keeps the text.
t_compose_editor_round_trips() {
	fake_start
	compose_config plain ""
	cat > "$TUI_TMP/ed.sh" <<-'SH'
	#!/bin/sh
	grep -q 'first draft' "$1" || exit 3
	printf 'second draft\nwith two lines\n' > "$1"
	SH
	chmod +x "$TUI_TMP/ed.sh"
	printf '#!/bin/sh\nexit 1\n' > "$TUI_TMP/bad-ed.sh"
	chmod +x "$TUI_TMP/bad-ed.sh"
	compose_deck plain EDITOR="$TUI_TMP/ed.sh" VISUAL="$TUI_TMP/bad-ed.sh"
	keys w
	expect 'New post'
	keys -l 'my first draft'
	keys C-e
	expect 'the editor failed .*the text is kept' "a failing editor (\$VISUAL) says so"
	expect 'my first draft' "and keeps the text"
	keys Escape
	keys q
	expect '^\$ ?$'
	type_line "VISUAL= $TUI_BIN --config $TUI_TMP/plain.yaml 2>$TUI_TMP/err"
	expect 'fake·home +● live' "home streams" 8
	keys :
	keys -l 'drafts'
	keys Enter
	keys Enter
	expect 'my first draft' "the draft is back"
	keys C-e
	expect 'back from the editor' "\$EDITOR ran"
	expect 'second draft' "its text is in the box"
	expect 'with two lines' "all of it"
	expect_not 'my first draft' "the old text is gone"
	keys C-s
	expect 'post sent'
	wait_posted 1
	posted | grep -q '"status": "second draft\\nwith two lines"' || fail "not the editor's text: $(posted)"
	keys q
	fake_stop
}

# Every post sent is in the audit log: account, text, target, who.
t_compose_sent_posts_are_audited() {
	fake_start
	compose_config audit "me: carol
store: $TUI_TMP/audit.db"
	compose_deck audit
	keys w
	expect 'New post'
	keys -l 'An audited post'
	keys C-s
	expect 'post sent'
	keys Q
	expect 'Quote '
	keys -l 'An audited quote'
	keys C-s
	expect 'quote sent'
	keys q
	expect '^\$ ?$'
	local log; log=$("$TUI_BIN" log --config "$TUI_TMP/audit.yaml" 2>&1)
	echo "$log" | grep -q 'carol *post .*account=fake' || fail "no post by carol as fake in the log: $log"
	echo "$log" | grep -q 'An audited post' || fail "the post's text is not in the log: $log"
	echo "$log" | grep -q 'carol *quote .*target=' || fail "no quote with its target in the log: $log"
	echo "$log" | grep -q 'An audited quote' || fail "the quote's text is not in the log: $log"
	fake_stop
}

# A paste is text: its newline does not send, its keys run nothing; the
# cursor moves by word with Alt-b, and C-_ undoes the paste whole.
t_compose_paste_words_and_undo() {
	fake_start
	compose_config plain ""
	compose_deck plain
	keys w
	expect 'New post'
	tmx set-buffer "$(printf 'pasted line one\nand q two')"
	tmx paste-buffer -p
	expect 'pasted line one' "the paste is in the box"
	expect 'and q two' "its second line too"
	expect 'New post' "nothing in it closed the box"
	keys M-b
	keys -l 'X'
	expect 'and q Xtwo' "Alt-b moves back a word"
	keys C-_
	keys C-_
	expect_not 'pasted line one' "C-_ undoes the paste as one change"
	keys Escape
	keys q
	fake_stop
}
