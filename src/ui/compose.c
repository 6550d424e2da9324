/* compose.c — the composer: one box for new posts, replies and quotes.
 *
 * What the user types is written to a draft file (draft.c) as they type
 * (at most a second behind: the UI's poll wakes for it, and nothing wakes
 * when nothing was typed; written by the file writer's thread, so a slow
 * disk never holds up a key), when the box closes and before it is sent
 * (then here, once what was queued is on disk), each time atomically; the
 * file goes only when the server has the post: a crash, a kill -9, a
 * dropped ssh connection or a failed request loses nothing. Only what the
 * user typed is kept: a box opened and closed leaves no draft, an emptied
 * one removes its draft. A draft that cannot be saved keeps the box open
 * with the error. Beside the draft is its Idempotency-Key, so every try
 * of one post, also after a restart, is one post to the server, and what
 * it is, so :drafts reopens it after a restart. Replying to the same post
 * again reopens its draft. A draft returned by an approver shows the note
 * above the text; one whose last try got no answer, where a second try
 * would be a second post, asks before it is sent again.
 *
 * Everything network-specific comes from the account's registry row
 * (network.h): how text counts, its limits, whether it quotes, its
 * visibility and content-warning options. The team's policy (policy.h) is
 * checked when C-s is pressed, before anything leaves; then the outbox
 * (outbox.c) holds and sends it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/clock.h"
#include "starling/config.h"
#include "starling/fileq.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/network.h"
#include "starling/policy.h"
#include "starling/post.h"
#include "starling/post_json.h"
#include "starling/template.h"
#include "starling/text.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define COMPOSE_MAX	(64 * 1024)
#define COMPOSE_CW_MAX	1024
#define COMPOSE_SAVE_MS	800	/* typing reaches the disk this soon */

static void	compose_flush(struct ui *);

static char *
compose_meta(const struct ui_compose *cp)
{
	return ui_draft_meta(cp->key, cp->kind, cp->account, cp->visibility,
	    cp->cw.len > 0 ? cp->cw.text : NULL, cp->target, cp->note,
	    cp->returned_by, cp->maybe_sent);
}

/* Whether the box holds what the user typed: not empty, not just what
 * it opened with. */
static bool
compose_typed(const struct ui_compose *cp)
{
	return cp->cw.len > 0 || (cp->edit.len > 0 && (cp->prefill == NULL ||
	    strcmp(cp->edit.text, cp->prefill) != 0));
}

/* The draft, its key and what it is, on disk: the key first, so no draft
 * is ever sent under another key. */
static int
compose_save(struct ui_compose *cp)
{
	char	*path, *meta;
	int	 rc;

	meta = compose_meta(cp);
	if (cp->saved_meta == NULL || strcmp(cp->saved_meta, meta) != 0) {
		path = ui_draft_side(cp->draft, ".key");
		rc = fileq_write_file(path, meta, strlen(meta));
		free(path);
		if (rc != 0) {
			free(meta);
			return -1;
		}
		free(cp->saved_meta);
		cp->saved_meta = meta;
		cp->key_saved = true;
	} else
		free(meta);
	if (fileq_write_file(cp->draft, cp->edit.text, cp->edit.len) != 0)
		return -1;
	free(cp->saved);
	cp->saved = xstrdup(cp->edit.text);
	return 0;
}

/* No draft (and no key) on disk. */
static int
compose_remove(struct ui_compose *cp)
{
	if (ui_draft_unlink(cp->draft) != 0)
		return -1;
	cp->key_saved = false;
	free(cp->saved);
	cp->saved = NULL;
	free(cp->saved_meta);
	cp->saved_meta = NULL;
	return 0;
}

/* The disk as the box: what the user typed saved, nothing else. On failure
 * errno says why and cp->error keeps it. */
static int
compose_sync(struct ui_compose *cp)
{
	char	*meta;
	int	 rc = 0;

	cp->due = 0;
	if (!compose_typed(cp)) {
		if (cp->saved != NULL || cp->key_saved)
			rc = compose_remove(cp);
	} else {
		meta = compose_meta(cp);
		if (cp->saved == NULL || strcmp(cp->saved, cp->edit.text) != 0 ||
		    cp->saved_meta == NULL || strcmp(cp->saved_meta, meta) != 0)
			rc = compose_save(cp);
		free(meta);
	}
	if (rc != 0)
		snprintf(cp->error, sizeof cp->error, "%s", strerror(errno));
	else
		*cp->error = '\0';
	return rc;
}

/* "@user" for a local account, "@user@host" for a remote one. */
static void
compose_mention(char *out, size_t len, const char *handle, const char *me)
{
	if (handle == NULL || *handle == '\0' || (me && strcmp(handle, me) == 0))
		*out = '\0';
	else
		snprintf(out, len, "@%s ", handle);
}

/* "@author @others " — everyone in the conversation but me. A mention of
 * a remote account ("@bob" linking to https://other.example/@bob) becomes
 * "@bob@other.example", so the reply reaches the right person; a handle
 * that is a domain name ("@bob.example.com") is whole already. */
static char *
compose_prefill(const struct post *p, const char *me, const char *host)
{
	char	buf[4096] = "", one[300], handle[256];
	size_t	i, hl;

	compose_mention(one, sizeof one, p->author_handle, me);
	strncat(buf, one, sizeof buf - strlen(buf) - 1);
	for (i = 0; i < p->nspans; i++) {
		const struct post_span	*s = &p->spans[i];
		const char		*h;

		if (s->kind != POST_SPAN_MENTION || s->end - s->start < 2 ||
		    s->end - s->start >= sizeof handle)
			continue;
		snprintf(handle, sizeof handle, "%.*s", (int)(s->end - s->start -
		    1), p->text + s->start + 1);
		/* A handle that is a domain name is whole already. */
		if (strchr(handle, '@') == NULL && strchr(handle, '.') == NULL &&
		    s->url &&
		    (h = strstr(s->url, "://")) != NULL) {
			h += 3;
			hl = strcspn(h, "/:");
			if (host == NULL || strlen(host) != hl ||
			    strncmp(h, host, hl) != 0)
				snprintf(handle + strlen(handle), sizeof handle -
				    strlen(handle), "@%.*s", (int)hl, h);
		}
		compose_mention(one, sizeof one, handle, me);
		if (*one && strstr(buf, one) == NULL)
			strncat(buf, one, sizeof buf - strlen(buf) - 1);
	}
	return xstrdup(buf);
}

/* Empties the box. */
static void
compose_reset(struct ui_compose *cp)
{
	post_unref(cp->target);
	lineedit_free(&cp->edit);
	lineedit_free(&cp->cw);
	free(cp->visibility);
	action_free(cp->options);
	free(cp->draft);
	free(cp->key);
	free(cp->prefill);
	free(cp->saved);
	free(cp->saved_meta);
	free(cp->note);
	free(cp->returned_by);
	free(cp->approval);
	free(cp->writer);
	memset(cp, 0, sizeof *cp);
}

/* The box on the screen again (its text is still here). */
static void
compose_show(struct ui *ui)
{
	ui->overlay = UI_OVERLAY_COMPOSE;
	ui->dirty_all = true;
	ui->dirty_overlay = true;
}

static void
compose_hide(struct ui *ui)
{
	if (ui->overlay == UI_OVERLAY_COMPOSE ||
	    (ui->overlay == UI_OVERLAY_PICKER &&
	    ui->picker.kind == UI_PICK_TEMPLATE)) {
		ui->overlay = UI_OVERLAY_NONE;
		ui->dirty_all = true;
		curs_set(0);
	}
}

/* A box of kind on p (or none) as acct, its draft file draft (taken):
 * empty but for what it opens with. */
static void
compose_start(struct ui *ui, enum ui_compose_kind kind, const struct post *p,
    struct account *acct, char *draft)
{
	struct ui_compose	*cp = &ui->compose;
	const struct network	*net = account_network(acct);
	const char		*v;
	char			*me;

	compose_reset(cp);
	cp->open = true;
	cp->kind = kind;
	cp->target = p ? post_ref((struct post *)p) : NULL;
	cp->account = acct;
	cp->draft = draft;
	lineedit_init(&cp->edit, COMPOSE_MAX, true);
	lineedit_init(&cp->cw, COMPOSE_CW_MAX, false);
	/* What only this network's replies have (Mastodon: the visibility
	 * of the post answered). */
	if (kind == UI_COMPOSE_REPLY) {
		cp->options = action_new(ACTION_REPLY);
		if (net->reply_options != NULL && p != NULL)
			net->reply_options(p, cp->options);
	}
	if (net->visibility != NULL) {
		v = cp->options ? action_option(cp->options, net->visibility) :
		    NULL;
		if (v == NULL && net->visibilities != NULL)
			v = net->visibilities[0];
		if (v != NULL)
			cp->visibility = xstrdup(v);
	}
	if (kind == UI_COMPOSE_REPLY && net->reply_mentions) {
		me = account_me(acct);
		cp->prefill = compose_prefill(p, me, account_host(acct));
		free(me);
		lineedit_set(&cp->edit, cp->prefill, strlen(cp->prefill));
	}
	lineedit_mark(&cp->edit, false);
	if ((cp->key = ui_draft_key_load(cp->draft)) != NULL)
		cp->key_saved = true;
	else
		cp->key = ui_draft_key_new();
}

/* The account named name of acct's network, or acct. */
static struct account *
compose_account_named(struct ui *ui, const char *name, struct account *acct)
{
	struct account	*a = name ? ui_find_account(ui, name) : NULL;

	if (a == NULL || account_network(a) != account_network(acct))
		return acct;
	return a;
}

/* What the draft's .key file says besides the key and the target: its
 * account and options. */
static void
compose_load_meta(struct ui *ui, json_t *meta)
{
	struct ui_compose	*cp = &ui->compose;
	const char		*s;

	cp->account = compose_account_named(ui, json_string_value(
	    json_object_get(meta, "account")), cp->account);
	if ((s = json_string_value(json_object_get(meta, "visibility"))) !=
	    NULL && cp->visibility != NULL) {
		free(cp->visibility);
		cp->visibility = xstrdup(s);
	}
	if ((s = json_string_value(json_object_get(meta, "cw"))) != NULL)
		lineedit_set(&cp->cw, s, strlen(s));
	if ((s = json_string_value(json_object_get(meta, "note"))) != NULL) {
		free(cp->note);
		cp->note = xstrdup(s);
	}
	if ((s = json_string_value(json_object_get(meta, "returned_by"))) !=
	    NULL) {
		free(cp->returned_by);
		cp->returned_by = xstrdup(s);
	}
	cp->maybe_sent = json_object_get(meta, "sending") != NULL;
}


/* The draft's text and what it is, into the box, when there is one. */
static bool
compose_load(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	json_t			*meta;
	char			*text;
	size_t			 n;

	if ((text = ui_draft_read(cp->draft, COMPOSE_MAX, &n)) == NULL)
		return false;
	lineedit_set(&cp->edit, text, n);
	free(text);
	cp->saved = xstrdup(cp->edit.text);
	if ((meta = ui_draft_meta_load(cp->draft)) != NULL) {
		compose_load_meta(ui, meta);
		json_decref(meta);
		cp->saved_meta = compose_meta(cp);
	}
	lineedit_mark(&cp->edit, false);
	return true;
}

/* Opens what is set up: on screen, and for a reply "alice is replying". */
static void
compose_opened(struct ui *ui)
{
	compose_show(ui);
	if (ui->compose.kind == UI_COMPOSE_REPLY)
		ui_triage_replying(ui, ui->compose.target, true);
}

void
ui_compose_open(struct ui *ui, enum ui_compose_kind kind, const struct post *p,
    struct account *acct)
{
	struct ui_compose	*cp = &ui->compose;
	const struct network	*net = account_network(acct);
	struct ui_outbox_entry	*e;
	char			*draft;
	bool			 sending = false;

	if (kind == UI_COMPOSE_QUOTE && !net->quotes) {
		ui_message(ui, true, "quote: this network has no quotes");
		return;
	}
	if (cp->open && kind != UI_COMPOSE_POST && cp->kind == kind &&
	    cp->target != NULL && (cp->target == p ||
	    (strcmp(cp->target->network, p->network) == 0 &&
	    strcmp(cp->target->id, p->id) == 0))) {
		/* A box that could not be saved when it was covered. */
		compose_show(ui);
		return;
	}
	if (cp->open && ui_compose_close(ui, true) != 0)
		return;		/* says why; that box keeps its text */
	draft = ui_draft_path(kind, p);
	/* Held or waiting to be tried again: back into the box. */
	if ((e = ui_outbox_take(ui, draft, &sending)) != NULL) {
		free(draft);
		ui_compose_restore(ui, e);
		return;
	}
	if (sending) {
		free(draft);
		ui_message(ui, true, "%s: the last one is still being sent",
		    ui_draft_word(kind));
		return;
	}
	compose_start(ui, kind, p, acct, draft);
	if (compose_load(ui))
		ui_message(ui, false, "your draft, as you left it");
	compose_opened(ui);
}

void
ui_compose_restore(struct ui *ui, struct ui_outbox_entry *e)
{
	struct ui_compose	*cp = &ui->compose;

	if (cp->open && ui_compose_close(ui, true) != 0) {
		/* That box stays; this one waits as its draft on disk. */
		ui_outbox_entry_free(e);
		return;
	}
	compose_start(ui, e->kind, e->target, e->account, e->draft);
	e->draft = NULL;
	lineedit_set(&cp->edit, e->text, strlen(e->text));
	lineedit_mark(&cp->edit, false);
	if (e->cw != NULL)
		lineedit_set(&cp->cw, e->cw, strlen(e->cw));
	if (e->visibility != NULL && cp->visibility != NULL) {
		free(cp->visibility);
		cp->visibility = xstrdup(e->visibility);
	}
	/* It was saved, key and all, before it went to the outbox. */
	free(cp->key);
	cp->key = e->key;
	e->key = NULL;
	/* An approved post stays one, its item told when it is sent. */
	cp->approval = e->approval;
	cp->writer = e->writer;
	e->approval = e->writer = NULL;
	cp->key_saved = true;
	cp->saved = xstrdup(cp->edit.text);
	cp->saved_meta = compose_meta(cp);
	ui_outbox_entry_free(e);
	ui_message(ui, false, "your draft, as you left it (not sent)");
	compose_opened(ui);
}

int
ui_compose_reopen(struct ui *ui, const char *file, char *err, size_t errlen)
{
	struct ui_compose	*cp = &ui->compose;
	struct account		*acct = NULL;
	struct post		*target = NULL;
	json_t			*meta, *t;
	const char		*kind, *name;
	char			*pj, *s;
	enum ui_compose_kind	 k;

	if ((meta = ui_draft_meta_load(file)) == NULL) {
		snprintf(err, errlen, "that draft cannot be read");
		return -1;
	}
	kind = json_string_value(json_object_get(meta, "kind"));
	name = json_string_value(json_object_get(meta, "account"));
	if (!ui_draft_kind(kind, &k))
		k = UI_COMPOSE_POST;
	if (name != NULL)
		acct = ui_find_account(ui, name);
	if ((t = json_object_get(meta, "target")) != NULL &&
	    (pj = json_dumps(t, JSON_COMPACT)) != NULL) {
		target = post_from_json(pj, strlen(pj));
		free(pj);
	}
	json_decref(meta);
	if (acct == NULL || (k != UI_COMPOSE_POST && target == NULL)) {
		post_unref(target);
		snprintf(err, errlen, "that draft's account %s is not "
		    "configured", name ? name : "?");
		return -1;
	}
	if (cp->open && strcmp(cp->draft, file) == 0) {
		post_unref(target);
		compose_show(ui);
		return 0;
	}
	if (k == UI_COMPOSE_POST) {
		post_unref(target);	/* a new post answers nothing */
		target = NULL;
	}
	if (cp->open && ui_compose_close(ui, true) != 0)
		return 0;
	s = xstrdup(file);
	compose_start(ui, k, target, acct, s);
	compose_load(ui);
	post_unref(target);
	ui_message(ui, false, "your draft, as you left it");
	compose_opened(ui);
	return 0;
}

int
ui_compose_close(struct ui *ui, bool keep)
{
	struct ui_compose	*cp = &ui->compose;

	if (!cp->open)
		return 0;
	compose_flush(ui);
	if (keep && cp->draft && compose_sync(cp) != 0) {
		/* The text stays with the box, which stays open. */
		ui_message(ui, true, "cannot save the draft %s: %s (the box "
		    "stays open)", cp->draft, cp->error);
		return -1;
	}
	if (cp->kind == UI_COMPOSE_REPLY)
		ui_triage_replying(ui, cp->target, false);
	compose_reset(cp);
	compose_hide(ui);
	return 0;
}

void
ui_compose_lost(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;

	if (!cp->open)
		return;
	fprintf(stderr, "starling: cannot save the draft %s: %s; the %s "
	    "was:\n%s\n", cp->draft, cp->error, ui_draft_word(cp->kind),
	    cp->edit.text);
	if (cp->kind == UI_COMPOSE_REPLY)
		ui_triage_replying(ui, cp->target, false);
	compose_reset(cp);
}

/* What was queued for the file writer is on disk: before a write or a
 * removal here that must come after it. */
static void
compose_flush(struct ui *ui)
{
	if (ui->fileq != NULL)
		fileq_flush(ui->fileq);
}

/* Typing: what changed goes to the file writer, .key file first. What
 * is queued counts as saved; a failure comes back (compose_result) and
 * the next close or send saves it here. */
static void
compose_sync_later(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	char			*meta, *side;
	bool			 meta_new;

	if (ui->fileq == NULL || !compose_typed(cp)) {
		compose_flush(ui);
		if (compose_sync(cp) != 0)
			ui_message(ui, true, "cannot save the draft %s: %s",
			    cp->draft, cp->error);
		return;
	}
	cp->due = 0;
	meta = compose_meta(cp);
	meta_new = cp->saved_meta == NULL || strcmp(cp->saved_meta, meta) != 0;
	if (!meta_new && cp->saved != NULL &&
	    strcmp(cp->saved, cp->edit.text) == 0) {
		free(meta);
		return;
	}
	side = ui_draft_side(cp->draft, ".key");
	fileq_put(ui->fileq, meta_new ? side : NULL, meta, strlen(meta),
	    cp->draft, cp->edit.text, cp->edit.len);
	free(side);
	if (meta_new) {
		free(cp->saved_meta);
		cp->saved_meta = meta;
		cp->key_saved = true;
	} else
		free(meta);
	free(cp->saved);
	cp->saved = xstrdup(cp->edit.text);
}

/* What the file writer says of the last saves. */
static void
compose_result(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	char			 path[1024];
	int			 error;

	if (ui->fileq == NULL || !fileq_result(ui->fileq, &error, path,
	    sizeof path))
		return;
	if (error == 0) {
		if (cp->open && *cp->error != '\0') {
			*cp->error = '\0';
			ui_message(ui, false, "draft saved");
		}
		return;
	}
	/* Not on disk: the next save writes it all again (a box closed
	 * since was saved here, and said so if it could not be). */
	if (!cp->open)
		return;
	free(cp->saved);
	cp->saved = NULL;
	free(cp->saved_meta);
	cp->saved_meta = NULL;
	snprintf(cp->error, sizeof cp->error, "%s", strerror(error));
	ui_message(ui, true, "cannot save the draft %s: %s", path,
	    strerror(error));
}

int
ui_compose_due(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	int64_t			 left;

	if (!cp->open || cp->due == 0)
		return -1;
	left = cp->due - clock_mono_ms();
	return left < 0 ? 0 : (int)left;
}

void
ui_compose_tick(struct ui *ui)
{
	compose_result(ui);
	if (ui_compose_due(ui) != 0)
		return;
	compose_sync_later(ui);
}

/* The text (and content warning) as the account's network counts it,
 * against its limits; *bytes their bytes. */
static long
compose_count(const struct ui_compose *cp, struct network_limits *lim,
    long *bytes)
{
	const struct network	*net = account_network(cp->account);
	long			 n;

	account_limits(cp->account, lim);
	n = net->count(cp->edit.text, lim);
	*bytes = (long)cp->edit.len;
	if (net->content_warning != NULL && cp->cw.len > 0) {
		n += net->count(cp->cw.text, lim);
		*bytes += (long)cp->cw.len;
	}
	return n;
}

static bool
compose_over(const struct ui_compose *cp, long *n, long *bytes,
    struct network_limits *lim)
{
	*n = compose_count(cp, lim, bytes);
	return (lim->max_chars > 0 && *n > lim->max_chars) ||
	    (lim->max_bytes > 0 && *bytes > lim->max_bytes);
}

/* Into the outbox: saved first, so nothing typed is lost on the way. */
static void
compose_send_now(struct ui *ui, char *sent)
{
	struct ui_compose	*cp = &ui->compose;
	struct ui_outbox_entry	*e;
	const char		*word = ui_draft_word(cp->kind);

	compose_flush(ui);
	if (compose_save(cp) != 0) {
		snprintf(cp->error, sizeof cp->error, "%s", strerror(errno));
		ui_message(ui, true, "%s: cannot save the draft first (%s): "
		    "not sending", word, cp->error);
		free(sent);
		return;
	}
	e = xcalloc(1, sizeof *e);
	e->kind = cp->kind;
	e->target = cp->target ? post_ref(cp->target) : NULL;
	e->account = cp->account;
	e->text = xstrdup(cp->edit.text);
	e->sent = sent;
	e->cw = cp->cw.len > 0 ? xstrdup(cp->cw.text) : NULL;
	e->visibility = cp->visibility ? xstrdup(cp->visibility) : NULL;
	e->options = cp->options;
	cp->options = NULL;
	e->draft = cp->draft;
	cp->draft = NULL;
	e->key = cp->key;
	cp->key = NULL;
	e->approval = cp->approval;
	e->writer = cp->writer;
	cp->approval = cp->writer = NULL;
	/* The box goes; the draft stays on disk until the server has it
	 * (or, when an approver must send it, until one does). */
	if (cp->kind == UI_COMPOSE_REPLY)
		ui_triage_replying(ui, cp->target, false);
	compose_reset(cp);
	compose_hide(ui);
	if (e->approval == NULL && ui_approval_needed(ui))
		ui_approval_submit(ui, e);
	else
		ui_outbox_add(ui, e);
}

/* C-s: the checks, in order; the first that fails says why and nothing
 * leaves. */
static void
compose_send(struct ui *ui, bool confirmed)
{
	struct ui_compose	*cp = &ui->compose;
	struct network_limits	 lim;
	const char		*word = ui_draft_word(cp->kind);
	const char		*name = account_name(cp->account);
	char			*sent = NULL, why[256];
	long			 n, bytes;
	size_t			 i, s, e;
	bool			 blank = true;

	for (i = 0; i < cp->edit.len; i++)
		if (cp->edit.text[i] != ' ' && cp->edit.text[i] != '\n')
			blank = false;
	if (blank) {
		ui_message(ui, true, "%s: nothing to send", word);
		return;
	}
	if (cp->maybe_sent) {
		cp->asking_resend = true;
		ui_message(ui, false, "This %s may have been sent already (no "
		    "answer came). Send it again? (y/n)", word);
		return;
	}
	if (compose_over(cp, &n, &bytes, &lim)) {
		if (lim.max_chars > 0 && n > lim.max_chars)
			ui_message(ui, true, "%s: %ld characters, the limit here "
			    "is %ld", word, n, lim.max_chars);
		else
			ui_message(ui, true, "%s: %ld bytes, the limit here is "
			    "%ld", word, bytes, lim.max_bytes);
		return;
	}
	if (ui->policy != NULL) {
		switch (policy_check(ui->policy, name, cp->edit.text, &sent, &s,
		    &e, why, sizeof why)) {
		case POLICY_OK:
			break;
		case POLICY_BANNED:
		case POLICY_MISSING:
			ui_message(ui, true, "%s: not sent: %s", word, why);
			return;
		}
		if (cp->cw.len > 0 && policy_banned(ui->policy, cp->cw.text,
		    &s, &e, NULL)) {
			free(sent);
			ui_message(ui, true, "%s: not sent: the content warning "
			    "\"%.*s\" is banned", word, (int)(e - s), cp->cw.text +
			    s);
			return;
		}
		if (!confirmed && policy_confirms(ui->policy, name)) {
			free(sent);
			cp->confirming = true;
			ui_message(ui, false, "Send this %s as %s? (y/n)", word,
			    name);
			return;
		}
	} else
		sent = xstrdup(cp->edit.text);
	compose_send_now(ui, sent);
}

/* Tab, C-a: the next account of the box's network that can post it. */
static void
compose_next_account(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	const struct config	*cfg = ui->opt.config;
	const struct network	*net = account_network(cp->account);
	size_t			 i, at = 0, k;
	struct account		*a;

	for (i = 0; ui->opt.accounts != NULL && i < cfg->naccounts; i++)
		if (ui->opt.accounts[i] == cp->account)
			at = i;
	for (k = 1; ui->opt.accounts != NULL && k < cfg->naccounts; k++) {
		a = ui->opt.accounts[(at + k) % cfg->naccounts];
		if (a == NULL || account_network(a) != net ||
		    (cp->target != NULL && !account_can_act(a, cp->target)))
			continue;
		cp->account = a;
		ui_message(ui, false, "posting as %s", account_name(a));
		return;
	}
	ui_message(ui, true, "no other %s account can post this", net->name);
}

/* C-v: the network's next visibility. */
static void
compose_next_visibility(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	const struct network	*net = account_network(cp->account);
	const char *const	*v = net->visibilities;
	size_t			 i;

	if (cp->visibility == NULL || v == NULL || v[0] == NULL) {
		ui_message(ui, true, "this network has no visibility to choose");
		return;
	}
	for (i = 0; v[i] != NULL && strcmp(v[i], cp->visibility) != 0; i++)
		;
	i = v[i] == NULL || v[i + 1] == NULL ? 0 : i + 1;
	free(cp->visibility);
	cp->visibility = xstrdup(v[i]);
}

/* C-e: $VISUAL or $EDITOR on the text; a failing editor keeps it. */
static void
compose_editor(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	const char		*ed = getenv("VISUAL");
	char			*dir, *path, *text;
	size_t			 n;
	pid_t			 pid;
	int			 fd, status = -1;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0') {
		ui_message(ui, true, "set $VISUAL or $EDITOR to write in an "
		    "editor");
		return;
	}
	dir = ui_draft_dir();
	mkdir(dir, 0700);
	xasprintf(&path, "%s/edit-XXXXXX", dir);
	free(dir);
	if ((fd = mkstemp(path)) < 0) {
		ui_message(ui, true, "editor: %s", strerror(errno));
		free(path);
		return;
	}
	if (write(fd, cp->edit.text, cp->edit.len) != (ssize_t)cp->edit.len) {
		ui_message(ui, true, "editor: %s", strerror(errno));
		close(fd);
		unlink(path);
		free(path);
		return;
	}
	close(fd);
	ui_tty_paste(false);
	def_prog_mode();
	endwin();
	if ((pid = fork()) == 0) {
		/* $0 unquoted: "vim -u NONE" is a command and its words. */
		execlp("sh", "sh", "-c", "$0 \"$1\"", ed, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	ui_tty_paste(true);
	clearok(curscr, TRUE);
	ui->dirty_all = true;
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    (text = ui_draft_read(path, COMPOSE_MAX, &n)) == NULL) {
		ui_message(ui, true, "the editor failed (%s): the text is "
		    "kept as it was", pid < 0 ? strerror(errno) :
		    WIFEXITED(status) ? "it exited with an error" :
		    "it was killed");
	} else {
		/* Editors end the last line; the box does not need it. */
		if (n > 0 && text[n - 1] == '\n')
			text[--n] = '\0';
		lineedit_mark(&cp->edit, false);
		lineedit_set(&cp->edit, text, n);
		lineedit_mark(&cp->edit, false);
		free(text);
		if (cp->due == 0)
			cp->due = clock_mono_ms() + COMPOSE_SAVE_MS;
		ui_message(ui, false, "back from the editor");
	}
	unlink(path);
	free(path);
}

char *
ui_compose_template(struct ui *ui, const char *text, const struct post *p,
    struct account *acct)
{
	struct template_vars	v = { 0 };

	if (p != NULL) {
		v.author = p->author_name && *p->author_name ? p->author_name :
		    p->author_handle;
		v.handle = p->author_handle;
	}
	v.me = ui->opt.config->me;
	v.account = account_name(acct);
	v.network = account_network(acct)->name;
	return template_fill(text, &v);
}

void
ui_compose_insert_template(struct ui *ui, const char *text)
{
	struct ui_compose	*cp = &ui->compose;
	char			*s;

	if (!cp->open)
		return;
	s = ui_compose_template(ui, text, cp->target, cp->account);
	lineedit_mark(&cp->edit, false);
	lineedit_insert(&cp->edit, s, strlen(s));
	lineedit_mark(&cp->edit, false);
	free(s);
	if (cp->due == 0)
		cp->due = clock_mono_ms() + COMPOSE_SAVE_MS;
	compose_show(ui);
}

/* The box's editing keys (its own come first, in ui_compose_key). */
static const struct lineedit_key compose_keys[] = {
	{ KEYC_BACKSPACE, LINEEDIT_DELETE_BACK },
	{ 8, LINEEDIT_DELETE_BACK },
	{ 127, LINEEDIT_DELETE_BACK },
	{ KEYC_DC, LINEEDIT_DELETE_FORWARD },
	{ 4, LINEEDIT_DELETE_FORWARD },		/* C-d */
	{ KEYC_LEFT, LINEEDIT_LEFT },
	{ 2, LINEEDIT_LEFT },			/* C-b */
	{ KEYC_RIGHT, LINEEDIT_RIGHT },
	{ 6, LINEEDIT_RIGHT },			/* C-f */
	{ KEYC_META | 'b', LINEEDIT_WORD_LEFT },
	{ KEYC_META | 'f', LINEEDIT_WORD_RIGHT },
	{ KEYC_HOME, LINEEDIT_HOME },
	{ KEYC_END, LINEEDIT_END },
	{ 11, LINEEDIT_KILL_END },		/* C-k */
	{ 23, LINEEDIT_KILL_WORD_BACK },	/* C-w */
	{ KEYC_META | KEYC_BACKSPACE, LINEEDIT_KILL_WORD_BACK },
	{ 21, LINEEDIT_CLEAR },			/* C-u: the whole text */
	{ 31, LINEEDIT_UNDO },			/* C-_ (C-/) */
};

bool
ui_compose_alt(const struct ui *ui, int32_t key)
{
	size_t	i;

	(void)ui;
	for (i = 0; i < sizeof compose_keys / sizeof compose_keys[0]; i++)
		if (compose_keys[i].key == (key | KEYC_META))
			return true;
	return false;
}

void
ui_compose_key(struct ui *ui, int32_t key)
{
	struct ui_compose	*cp = &ui->compose;
	const struct network	*net = account_network(cp->account);
	struct lineedit		*ed = cp->in_cw ? &cp->cw : &cp->edit;
	char			 buf[4];
	bool			 typed, changed = false;
	int			 rc;

	ui->dirty_overlay = true;
	if (cp->asking_resend) {
		cp->asking_resend = false;
		if (key == 'y' || key == 'Y') {
			cp->maybe_sent = false;
			compose_send(ui, false);
		} else
			ui_message(ui, false, "not sent");
		return;
	}
	if (cp->confirming) {
		cp->confirming = false;
		if (key == 'y' || key == 'Y')
			compose_send(ui, true);
		else
			ui_message(ui, false, "not sent");
		return;
	}
	if (cp->pasting) {
		/* Pasted text is text: no key in it runs anything. */
		if (key == KEYC_PASTE_END) {
			cp->pasting = false;
			lineedit_mark(ed, false);
		} else if (key == KEYC_ENTER)
			changed = lineedit_insert(ed, "\n", 1);
		else if (key == KEYC_TAB)
			changed = lineedit_insert(ed, " ", 1);
		else if (key >= 0x20 && key < KEYC_BASE && key != 0x7f)
			changed = lineedit_insert(ed, buf, text_encode(key, buf));
		goto out;
	}
	switch (key) {
	case KEYC_PASTE_START:
		cp->pasting = true;
		lineedit_mark(ed, true);
		return;
	case KEYC_PASTE_END:
		return;
	case 19:	/* C-s */
		compose_send(ui, false);
		return;
	case KEYC_ESC:
	case 7:		/* C-g */
		/* What the box said ("nothing to send") is over with it. */
		typed = compose_typed(cp);
		*ui->message = '\0';
		ui->dirty_status = true;
		if (ui_compose_close(ui, true) == 0 && *ui->message == '\0')
			ui_message(ui, false, typed ? "%s closed; the draft is "
			    "kept (:drafts reopens it)" : "%s closed",
			    ui_draft_word(cp->kind));
		return;
	case KEYC_ENTER:
		if (cp->in_cw)
			cp->in_cw = false;	/* on to the text */
		else
			changed = lineedit_insert(ed, "\n", 1);
		break;
	case KEYC_TAB:
	case 1:		/* C-a */
		compose_next_account(ui);
		changed = true;
		break;
	case 5:		/* C-e */
		compose_editor(ui);
		return;
	case 20:	/* C-t */
		ui_picker_templates(ui);
		return;
	case 22:	/* C-v */
		compose_next_visibility(ui);
		changed = true;
		break;
	case 24:	/* C-x */
		if (net->content_warning == NULL)
			ui_message(ui, true, "this network has no content "
			    "warnings");
		else
			cp->in_cw = !cp->in_cw;
		break;
	default:
		rc = lineedit_key(ed, compose_keys, sizeof compose_keys /
		    sizeof compose_keys[0], key);
		if (rc < 0 && key >= 0x20 && key < KEYC_BASE && key != 0x7f)
			changed = lineedit_insert_char(ed, key);
		else
			changed = rc > 0;
		break;
	}
out:
	/* Saved a moment later, however fast the typing goes on. */
	if (changed && cp->due == 0)
		cp->due = clock_mono_ms() + COMPOSE_SAVE_MS;
}

/* One line of the text, what policy bans in it drawn as an error. */
static void
compose_draw_line(struct ui *ui, int y, int x, int w, const char *text,
    size_t start, size_t end, bool ban, size_t bs, size_t be)
{
	size_t	a, b;
	int	used = 0;

	if (!ban || be <= start || bs >= end) {
		ui_draw_text(ui, y, x, w, text + start, end - start, THEME_TEXT);
		return;
	}
	a = bs > start ? bs : start;
	b = be < end ? be : end;
	used += ui_draw_text(ui, y, x, w, text + start, a - start, THEME_TEXT);
	used += ui_draw_text(ui, y, x + used, w - used, text + a, b - a,
	    THEME_ERROR);
	ui_draw_text(ui, y, x + used, w - used, text + b, end - b, THEME_TEXT);
}

void
ui_compose_draw(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	const struct lineedit	*ed = &cp->edit;
	const struct network	*net;
	struct text_line	*lines;
	struct network_limits	 lim;
	char			 head[512], opts[256] = "", foot[320], cwl[64];
	int			 w = ui->cols - 4, y, top = 0, rows, cy = -1, cx = 0;
	int			 first, cw_row = 3;
	size_t			 n, i, bs = 0, be = 0;
	long			 count, bytes;
	bool			 over, ban = false;
	const struct post	*p = cp->target;

	for (y = 0; y < ui->rows - 1; y++)
		ui_fill(ui, y, 0, ui->cols, THEME_NORMAL);
	if (!cp->open)
		return;
	net = account_network(cp->account);
	if (cp->visibility != NULL)
		snprintf(opts, sizeof opts, " \xc2\xb7 %s", cp->visibility);
	if (p == NULL)
		snprintf(head, sizeof head, "New post \xc2\xb7 as %s%s",
		    account_name(cp->account), opts);
	else
		snprintf(head, sizeof head, "%s %s @%s \xc2\xb7 as %s%s",
		    cp->kind == UI_COMPOSE_QUOTE ? "Quote" : "Reply to",
		    p->author_name ? p->author_name : "", p->author_handle ?
		    p->author_handle : "", account_name(cp->account), opts);
	if (cp->writer != NULL)
		snprintf(head + strlen(head), sizeof head - strlen(head),
		    " \xc2\xb7 %s's, approved", cp->writer);
	ui_draw_text(ui, 0, 2, w, head, strlen(head), THEME_HEADER);
	if (p != NULL)
		ui_draw_text(ui, 1, 2, w, p->text, strlen(p->text), THEME_DIM);
	ui_fill(ui, 2, 2, w, THEME_RULE);
	mvhline(2, 2, ACS_HLINE, w);
	first = 3;
	/* An approver's note on the text, above it while it is edited. */
	if (cp->note != NULL) {
		snprintf(cwl, sizeof cwl, "%s's note: ", cp->returned_by ?
		    cp->returned_by : "the approver");
		y = ui_draw_text(ui, first, 2, w, cwl, strlen(cwl),
		    THEME_WARNING);
		ui_draw_text(ui, first, 2 + y, w - y, cp->note,
		    strlen(cp->note), THEME_WARNING);
		first++;
	}
	if (net->content_warning != NULL) {
		snprintf(cwl, sizeof cwl, "CW%s ", cp->in_cw ? " (Enter: on "
		    "to the text)" : "");
		y = ui_draw_text(ui, first, 2, w, cwl, strlen(cwl),
		    THEME_WARNING);
		ui_draw_text(ui, first, 2 + y, w - y, cp->cw.text, cp->cw.len,
		    THEME_WARNING);
		if (cp->in_cw) {
			cy = 0;
			cx = y + text_width(cp->cw.text, cp->cw.cursor);
		}
		cw_row = first++;
	}

	n = text_wrap(ed->text, ed->len, w, NULL, 0);
	lines = xcalloc(n + 1, sizeof *lines);
	text_wrap(ed->text, ed->len, w, lines, n);
	rows = ui->rows - first - 3;
	if (rows < 1)
		rows = 1;
	if (!cp->in_cw) {
		/* The cursor's line and column. */
		for (i = 0; i < n; i++) {
			if (ed->cursor >= lines[i].start &&
			    (ed->cursor <= lines[i].end || (i + 1 < n &&
			    ed->cursor < lines[i + 1].start))) {
				cy = (int)i;
				cx = text_width(ed->text + lines[i].start,
				    (ed->cursor < lines[i].end ? ed->cursor :
				    lines[i].end) - lines[i].start);
			}
		}
		if (cy < 0) {
			cy = n > 0 ? (int)n - 1 : 0;
			cx = n > 0 ? lines[n - 1].width : 0;
			if (ed->len > 0 && ed->text[ed->len - 1] == '\n' &&
			    ed->cursor == ed->len) {
				cy = (int)n;
				cx = 0;
			}
		}
		if (cy >= top + rows)
			top = cy - rows + 1;
	}
	/* What the team's policy bans, shown as it is typed. */
	if (ui->policy != NULL)
		ban = policy_banned(ui->policy, ed->text, &bs, &be, NULL);
	for (i = (size_t)top; i < n && (int)i < top + rows; i++)
		compose_draw_line(ui, first + (int)i - top, 2, w, ed->text,
		    lines[i].start, lines[i].end, ban, bs, be);
	free(lines);

	over = compose_over(cp, &count, &bytes, &lim);
	if (cp->asking_resend)
		snprintf(foot, sizeof foot, "This %s may have been sent "
		    "already (no answer came). Send it again? (y/n)",
		    ui_draft_word(cp->kind));
	else if (cp->confirming)
		snprintf(foot, sizeof foot, "Send this %s as %s? (y/n)",
		    ui_draft_word(cp->kind), account_name(cp->account));
	else {
		if (lim.max_chars > 0)
			snprintf(foot, sizeof foot, "%ld/%ld \xc2\xb7 ", count,
			    lim.max_chars);
		else if (lim.max_bytes > 0)
			snprintf(foot, sizeof foot, "%ld/%ld bytes \xc2\xb7 ",
			    bytes, lim.max_bytes);
		else
			snprintf(foot, sizeof foot, "%ld \xc2\xb7 ", count);
		if (lim.max_chars > 0 && lim.max_bytes > 0)
			snprintf(foot + strlen(foot), sizeof foot - strlen(foot),
			    "%ld/%ld bytes \xc2\xb7 ", bytes, lim.max_bytes);
		snprintf(foot + strlen(foot), sizeof foot - strlen(foot),
		    "%sC-s send \xc2\xb7 Esc close (the draft is kept) \xc2\xb7 "
		    "Tab account \xc2\xb7 C-t template \xc2\xb7 C-e editor%s%s",
		    ban ? "banned text \xc2\xb7 " : "",
		    cp->visibility ? " \xc2\xb7 C-v visibility" : "",
		    net->content_warning ? " \xc2\xb7 C-x CW" : "");
	}
	ui_draw_text(ui, ui->rows - 2, 2, w, foot, strlen(foot),
	    over || ban ? THEME_ERROR : cp->confirming || cp->asking_resend ?
	    THEME_PROMPT :
	    THEME_DIM);
	if (cp->in_cw) {
		cp->cursor_y = cw_row;
		cp->cursor_x = 2 + (cx < w ? cx : w - 1);
	} else {
		cp->cursor_y = first + cy - top;
		cp->cursor_x = 2 + (cx < w ? cx : w - 1);
	}
	ui_compose_cursor(ui);
	ui->dirty_overlay = false;
}

/* The terminal's cursor where typing goes, as last drawn. */
void
ui_compose_cursor(struct ui *ui)
{
	if (!ui->compose.open)
		return;
	move(ui->compose.cursor_y, ui->compose.cursor_x);
	curs_set(1);
	leaveok(stdscr, FALSE);
}
