# approve.sh — approvals end to end against the fake Mastodon server: carol
# (policy approval: required_for) and alice (an approver) on one SQLite
# store, each in a tmux window of her own with a HOME of her own. Sourced
# by tests/tui/run.sh after mastodon.sh and compose.sh (fake_start,
# posted, wait_posted).

# approve_configs: carol's and alice's decks, the same team and store.
approve_configs() {
	rm -rf "$TUI_TMP/team" "$TUI_TMP/home-alice"
	mkdir -p "$TUI_TMP/team" "$TUI_TMP/home-alice"
	for who in carol alice; do
		cat > "$TUI_TMP/$who-a.yaml" <<-YAML
		me: $who
		store: $TUI_TMP/team/approve.db
		team: [alice, carol]
		accounts:
		  - { name: fake, network: mastodon, instance: "$FAKE", token_env: FAKE_TOKEN }
		columns:
		  - { title: Home, account: fake, type: home }
		  - { title: Approvals, type: approvals }
		policy:
		  approval: { required_for: [carol], approvers: [alice] }
		YAML
	done
}

# approve_decks: carol in the first window, alice in the window "alice".
approve_decks() {
	start 200 50 FAKE_TOKEN=test-token
	tmx new-window -d -n alice "env -i HOME=$TUI_TMP/home-alice PATH=/usr/bin:/bin FAKE_TOKEN=test-token TERM=screen-256color LANG=C.UTF-8 $TUI_BIN --config $TUI_TMP/alice-a.yaml"
	type_line "$TUI_BIN --config $TUI_TMP/carol-a.yaml"
	expect 'fake·home +● live' "carol's home streams" 8
	expect '^▌' "a post is selected"
	alice_wait 'fake·home +● live' 8 || fail "alice's deck did not start"
}

alice_screen() { tmx capture-pane -t alice -p; }

# alice_wait REGEX [SECONDS]: until alice's screen matches.
alice_wait() {
	local i=0 t=${2:-5}
	while [ $i -lt $((t * 20)) ]; do
		alice_screen | grep -Eq -- "$1" && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}

# carol_reply TEXT: carol replies to the selected post with TEXT.
carol_reply() {
	keys r
	expect 'Reply to ' "carol opens a reply"
	keys C-u
	keys -l "$1"
	keys C-s
	expect 'sent for approval' "carol's reply goes for approval"
}

t_approval_reply_waits_for_the_approver() {
	fake_start
	approve_configs
	approve_decks
	carol_reply 'We look into the export today'
	sleep 1.5
	[ "$(posted | grep -c .)" = 0 ] || fail "carol's reply reached the server unapproved: $(posted)"
	alice_wait 'for approval · as fake · reply to @' ||
		fail "alice's approvals column does not show the item: $(alice_screen | head -20)"
	alice_wait 'We look into the export today' || fail "alice does not see the text"
	alice_screen | grep -q '@carol' || fail "the card does not name its writer"
	alice_screen | grep -q '❝ @' || fail "the card does not show the post it answers"
	# The approvals column (the last): the item's state, and no counts.
	alice_screen | awk -F'│' '{ print $NF }' | grep -q 'awaiting approval' ||
		fail "the card does not say it awaits approval"
	alice_screen | awk -F'│' '{ print $NF }' | grep -q '↩ 0' &&
		fail "an item not sent yet shows reply counts"
	# Carol is no approver.
	keys 2
	keys A
	expect 'approve: only the approvers \(alice\) may' "carol cannot approve"
	tmx send-keys -t alice 2
	tmx send-keys -t alice Enter
	alice_wait 'carol submit' || fail "the detail has no history: $(alice_screen | head -30)"
	tmx send-keys -t alice Escape
	tmx send-keys -t alice A
	wait_posted 1 8 || fail "nothing reached the server after :approve"
	local p; p=$(posted)
	echo "$p" | grep -q '"status": "We look into the export today"' || fail "not carol's text: $p"
	echo "$p" | grep -q 'in_reply_to_id' || fail "the approved reply went as a new post: $p"
	expect 'alice approved your post' "carol hears of the approval" 5
	alice_wait 'reply sent' 5 || fail "alice's deck does not say it was sent: $(alice_screen | tail -2)"
	# Gone from the column; approving again sends nothing more.
	sleep 1
	alice_screen | grep -q 'for approval · as fake' && fail "the item stays in the approvals column"
	[ "$(posted | grep -c .)" = 1 ] || fail "sent more than once: $(posted)"
	keys q
	tmx send-keys -t alice q
	sleep 1
	local log; log=$("$TUI_BIN" log --config "$TUI_TMP/carol-a.yaml" 2>&1)
	echo "$log" | grep -q 'carol *submit *approval/.*We look into the export today' || fail "no submit by carol in the log: $log"
	echo "$log" | grep -q 'alice *approve *approval/' || fail "no approve by alice in the log: $log"
	echo "$log" | grep -q 'alice *reply .*We look into the export today.*writer=carol' || fail "what was sent (and whose) is not in the log: $log"
	echo "$log" | grep -q 'alice *sent *approval/.*writer=carol' || fail "the item does not say it was sent: $log"
	tmx kill-window -t alice 2>/dev/null
	fake_stop
}

t_approval_rejection_returns_to_the_writer() {
	fake_start
	approve_configs
	approve_decks
	carol_reply 'We guarantee a fix by Friday'
	alice_wait 'We guarantee a fix by Friday' || fail "alice does not see the item"
	tmx send-keys -t alice 2
	tmx send-keys -t alice X
	alice_wait ':reject' || fail "X does not ask for the note"
	tmx send-keys -t alice -l 'no promises of dates please'
	tmx send-keys -t alice Enter
	expect 'alice returned your post: no promises of dates please — :drafts to edit' \
		"the note reaches carol's screen" 5
	alice_wait 'returned to carol with your note' || fail "alice is not told"
	keys :
	keys -l 'drafts'
	keys Enter
	expect '\[alice: no promises of dates please\] reply to @' "the draft has the note beside it"
	keys Enter
	expect "alice's note: no promises of dates please" "the note is above the text"
	expect 'We guarantee a fix by Friday' "the text is back in the box"
	keys C-u
	keys -l 'We look into it and write back'
	keys C-s
	expect 'sent for approval' "sent for approval again"
	alice_wait 'We look into it and write back' || fail "the new text does not wait for alice"
	sleep 1
	alice_screen | grep -q 'We guarantee a fix' && fail "the returned item is still in alice's column"
	[ "$(posted | grep -c .)" = 0 ] || fail "something reached the server: $(posted)"
	keys q
	tmx send-keys -t alice q
	sleep 1
	local log; log=$("$TUI_BIN" log --config "$TUI_TMP/carol-a.yaml" 2>&1)
	echo "$log" | grep -q 'alice *reject *approval/.*no promises of dates please' || fail "the rejection and its note are not in the log: $log"
	[ "$(echo "$log" | grep -c 'carol *submit')" = 2 ] || fail "want two submits in the log: $log"
	tmx kill-window -t alice 2>/dev/null
	fake_stop
}

# A post returned while its writer's deck was closed: the next start says
# so, and the note is beside the draft.
t_approval_returned_while_away() {
	fake_start
	approve_configs
	approve_decks
	carol_reply 'Refunds take a month'
	alice_wait 'Refunds take a month' || fail "alice does not see the item"
	keys q
	expect '^\$ ?$' "carol's deck quits"
	tmx send-keys -t alice 2
	tmx send-keys -t alice -l ':reject check the refund policy first'
	tmx send-keys -t alice Enter
	alice_wait 'returned to carol with your note' || fail "alice could not return it: $(alice_screen | tail -1)"
	type_line "$TUI_BIN --config $TUI_TMP/carol-a.yaml"
	expect 'alice returned your post while you were away: check the refund policy first' \
		"carol hears of it at the start" 8
	keys :
	keys -l 'drafts'
	keys Enter
	expect '\[alice: check the refund policy first\] reply to @' "the draft has the note"
	keys Escape
	keys q
	tmx send-keys -t alice q
	tmx kill-window -t alice 2>/dev/null
	fake_stop
}

# An approver whose deck lacks the account the post names is told so, and
# nothing is claimed: the item still waits, for an approver who has it.
t_approval_needs_the_account() {
	fake_start
	approve_configs
	cat > "$TUI_TMP/bob-a.yaml" <<-YAML
	me: bob
	store: $TUI_TMP/team/approve.db
	team: [alice, bob, carol]
	columns:
	  - { title: Approvals, type: approvals }
	policy:
	  approval: { required_for: [carol], approvers: [alice, bob] }
	YAML
	mkdir -p "$TUI_TMP/home-bob"
	approve_decks
	tmx new-window -d -n bob "env -i HOME=$TUI_TMP/home-bob PATH=/usr/bin:/bin TERM=screen-256color LANG=C.UTF-8 $TUI_BIN --config $TUI_TMP/bob-a.yaml"
	carol_reply 'Bob cannot send this one'
	local i=0
	while [ $i -lt 100 ] && ! tmx capture-pane -t bob -p | grep -q 'Bob cannot send this one'; do
		sleep 0.05; i=$((i + 1))
	done
	tmx capture-pane -t bob -p | grep -q 'Bob cannot send this one' || fail "bob does not see the item"
	tmx send-keys -t bob A
	sleep 1
	tmx capture-pane -t bob -p | grep -q 'approve: this deck has no account fake' ||
		fail "bob is not told why: $(tmx capture-pane -t bob -p | tail -1)"
	tmx capture-pane -t bob -p | grep -q 'Bob cannot send this one' || fail "the item left bob's column"
	alice_screen | grep -q 'Bob cannot send this one' || fail "the item left alice's column"
	tmx send-keys -t alice 2
	tmx send-keys -t alice A
	wait_posted 1 8 || fail "alice could not approve it after bob's refusal"
	keys q
	tmx send-keys -t alice q
	tmx send-keys -t bob q
	tmx kill-window -t alice 2>/dev/null
	tmx kill-window -t bob 2>/dev/null
	fake_stop
}

# An approved post waits out the approver's send delay; :undo-send takes it
# back into the approver's box, still carol's and approved, and sending it
# from there is one post, its item told.
t_approval_send_delay_and_undo_send() {
	fake_start
	approve_configs
	echo '  send_delay: 4' >> "$TUI_TMP/alice-a.yaml"
	approve_decks
	carol_reply 'Held by the delay'
	alice_wait 'Held by the delay' || fail "alice does not see the item"
	tmx send-keys -t alice 2
	tmx send-keys -t alice A
	alice_wait 'reply sending in [0-9] s' || fail "no countdown on alice's status line: $(alice_screen | tail -1)"
	tmx send-keys -t alice Z
	alice_wait "carol's, approved" || fail "undo-send does not bring it back as carol's: $(alice_screen | head -3)"
	alice_wait 'Held by the delay' || fail "the text is not in alice's box"
	sleep 5
	[ "$(posted | grep -c .)" = 0 ] || fail "sent although taken back: $(posted)"
	tmx send-keys -t alice C-s
	alice_wait 'reply sending in' || fail "C-s does not hold it again"
	wait_posted 1 10 || fail "nothing sent after the delay"
	sleep 1
	[ "$(posted | grep -c .)" = 1 ] || fail "want one post: $(posted)"
	alice_wait 'reply sent' 5 || true
	keys q
	tmx send-keys -t alice q
	sleep 1
	local log; log=$("$TUI_BIN" log --config "$TUI_TMP/carol-a.yaml" 2>&1)
	echo "$log" | grep -q 'alice *sent *approval/.*writer=carol' || fail "the item does not say it was sent: $log"
	[ "$(echo "$log" | grep -c 'carol *submit')" = 1 ] || fail "sending from alice's box submitted it again: $log"
	tmx kill-window -t alice 2>/dev/null
	fake_stop
}
