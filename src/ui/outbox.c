/* outbox.c — posts on their way, after the composer's checks: each entry
 * goes through the stages of outbox_stages in order. Held for the
 * policy's send_delay (the status line counts down; :undo-send takes the
 * last one back into the composer, unsent), then submitted to its
 * account's worker with the draft's Idempotency-Key; a transient failure
 * (no answer, rate limited, a server error) waits and goes again with the
 * same key, up to OUTBOX_TRIES tries, so nothing posts twice, where the
 * network takes the key (network.h: idempotent). Elsewhere the draft is
 * marked as on its way before each try and the mark stays until the
 * server answers clearly: a post that got no answer or a server error is
 * not tried again by itself, and a marked draft asks before it is sent
 * again, so a crash or a lost answer never makes a second post unasked;
 * any other
 * failure gives the text back as a draft with the error. The draft stays
 * on disk until the server has the post, so a post held or waiting when
 * starling exits is a draft at the next start.
 *
 * A post whose writer needs an approver never comes here from the
 * writer's box: it waits in the team's store (approve.c) and comes into
 * the approver's outbox once approved, through the same hold and submit;
 * its item in the store records what was sent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/clock.h"
#include "starling/network.h"
#include "starling/policy.h"
#include "starling/post.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define OUTBOX_TRIES	4		/* tries of one post, in all */
#define OUTBOX_BACKOFF	5000		/* ms before the second; doubling */

static const char *const outbox_words[] = {
	[UI_COMPOSE_POST] = "post",
	[UI_COMPOSE_REPLY] = "reply",
	[UI_COMPOSE_QUOTE] = "quote",
};

void
ui_outbox_entry_free(struct ui_outbox_entry *e)
{
	if (e == NULL)
		return;
	post_unref(e->target);
	free(e->text);
	free(e->sent);
	free(e->cw);
	free(e->visibility);
	action_free(e->options);
	free(e->draft);
	free(e->key);
	free(e->approval);
	free(e->writer);
	free(e);
}

/* The action that sends e, as its network's options say. */
static struct action *
outbox_action(const struct ui_outbox_entry *e)
{
	static const enum action_kind kinds[] = {
		[UI_COMPOSE_POST] = ACTION_POST,
		[UI_COMPOSE_REPLY] = ACTION_REPLY,
		[UI_COMPOSE_QUOTE] = ACTION_QUOTE,
	};
	const struct network	*net = account_network(e->account);
	struct action		*a = action_new(kinds[e->kind]);
	size_t			 i;

	for (i = 0; e->options != NULL && i < e->options->noptions; i++)
		action_set_option(a, e->options->options[i].name,
		    e->options->options[i].value);
	if (net->visibility != NULL && e->visibility != NULL)
		action_set_option(a, net->visibility, e->visibility);
	if (net->content_warning != NULL && e->cw != NULL)
		action_set_option(a, net->content_warning, e->cw);
	a->text = xstrdup(e->sent);
	if (e->target != NULL) {
		a->target = xstrdup(e->target->action_ref);
		a->post_id = xstrdup(e->target->id);
		a->subject = post_ref(e->target);
	}
	a->idempotency_key = xstrdup(e->key);
	a->draft = xstrdup(e->draft);
	a->account_name = xstrdup(account_name(e->account));
	return a;
}

/* Stage: held for the send delay. True when it may go on now. */
static bool
outbox_hold(struct ui *ui, struct ui_outbox_entry *e, int64_t now)
{
	(void)ui;
	return e->state != UI_OUTBOX_HELD || now >= e->at;
}

/* Stage: to the account's worker (again, after a wait). */
static bool
outbox_submit(struct ui *ui, struct ui_outbox_entry *e, int64_t now)
{
	if (e->state == UI_OUTBOX_SENDING ||
	    (e->state == UI_OUTBOX_WAITING && now < e->at))
		return false;
	e->state = UI_OUTBOX_SENDING;
	e->tries++;
	/* Where a second try could be a second post, the draft says it
	 * was on its way, so a crash before the answer cannot lead to a
	 * second post unasked (compose.c asks first). */
	if (!account_network(e->account)->idempotent && e->draft != NULL)
		ui_draft_mark(e->draft, "sending", "1");
	account_submit(e->account, outbox_action(e));
	ui_message(ui, false, "sending the %s%s…", outbox_words[e->kind],
	    e->tries > 1 ? " again" : "");
	return false;
}

static const struct {
	const char	*name;
	bool		(*run)(struct ui *, struct ui_outbox_entry *, int64_t);
} outbox_stages[] = {
	{ "hold", outbox_hold },
	{ "submit", outbox_submit },
};

static void
outbox_run(struct ui *ui, struct ui_outbox_entry *e, int64_t now)
{
	size_t	i;

	for (i = 0; i < sizeof outbox_stages / sizeof *outbox_stages; i++)
		if (!outbox_stages[i].run(ui, e, now))
			return;
}

void
ui_outbox_add(struct ui *ui, struct ui_outbox_entry *e)
{
	struct ui_outbox	*ob = &ui->outbox;
	int			 delay = ui->policy ? policy_delay(ui->policy) : 0;

	e->state = UI_OUTBOX_HELD;
	e->at = clock_mono_ms() + (int64_t)delay * 1000;
	ob->v = xreallocarray(ob->v, ob->n + 1, sizeof *ob->v);
	ob->v[ob->n++] = e;
	if (delay > 0)
		ui_message(ui, false, "the %s waits %d s (:undo-send takes it "
		    "back)", outbox_words[e->kind], delay);
	outbox_run(ui, e, clock_mono_ms());
	ui->dirty_status = true;
}

static void
outbox_remove(struct ui_outbox *ob, size_t i)
{
	memmove(ob->v + i, ob->v + i + 1, (ob->n - i - 1) * sizeof *ob->v);
	ob->n--;
}

int
ui_outbox_due(struct ui *ui)
{
	struct ui_outbox	*ob = &ui->outbox;
	int64_t			 now = clock_mono_ms(), soonest = -1, at;
	size_t			 i;

	for (i = 0; i < ob->n; i++) {
		if (ob->v[i]->state == UI_OUTBOX_SENDING)
			continue;
		at = ob->v[i]->at;
		/* A hold counts down on the status line each second. */
		if (ob->v[i]->state == UI_OUTBOX_HELD && at - now > 1000)
			at = now + 1000 - (at - now) % 1000;
		if (soonest < 0 || at < soonest)
			soonest = at;
	}
	if (soonest < 0)
		return -1;
	return soonest <= now ? 0 : (int)(soonest - now);
}

void
ui_outbox_tick(struct ui *ui)
{
	struct ui_outbox	*ob = &ui->outbox;
	int64_t			 now = clock_mono_ms();
	size_t			 i;

	for (i = 0; i < ob->n; i++)
		outbox_run(ui, ob->v[i], now);
	if (ob->n > 0)
		ui->dirty_status = true;
}

struct ui_outbox_entry *
ui_outbox_take(struct ui *ui, const char *draft, bool *sending)
{
	struct ui_outbox	*ob = &ui->outbox;
	struct ui_outbox_entry	*e;
	size_t			 i;

	if (sending != NULL)
		*sending = false;
	for (i = ob->n; i-- > 0; ) {
		e = ob->v[i];
		if (draft != NULL ? strcmp(e->draft, draft) != 0 :
		    e->state != UI_OUTBOX_HELD)
			continue;
		if (e->state == UI_OUTBOX_SENDING) {
			if (sending != NULL)
				*sending = true;
			return NULL;
		}
		outbox_remove(ob, i);
		ui->dirty_status = true;
		return e;
	}
	return NULL;
}

/* An approved post's audit detail names its writer and its item. */
static void
outbox_detail_writer(char **detail, const struct ui_outbox_entry *e)
{
	json_t	*o = json_loads(*detail, 0, NULL);
	char	*s;

	if (o == NULL)
		return;
	json_object_set_new(o, "writer", json_string(e->writer ? e->writer :
	    ""));
	json_object_set_new(o, "approval", json_string(e->approval));
	if ((s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS)) != NULL) {
		free(*detail);
		*detail = xstrdup(s);
		free(s);
	}
	json_decref(o);
}

/* The audit log's name for what was sent. */
static const char *
outbox_audit_name(enum action_kind k)
{
	return k == ACTION_QUOTE ? "quote" : k == ACTION_POST ? "post" :
	    "reply";
}

void
ui_outbox_sent(struct ui *ui, struct action *a)
{
	struct ui_outbox	*ob = &ui->outbox;
	struct ui_outbox_entry	*e = NULL;
	char			*detail;
	size_t			 i;
	int64_t			 wait;

	for (i = 0; a->draft != NULL && i < ob->n; i++)
		if (strcmp(ob->v[i]->draft, a->draft) == 0) {
			e = ob->v[i];
			break;
		}
	if (a->status == 0) {
		/* Confirmed: the next post is another one. */
		ui_draft_drop(a->draft);
		/* Audited (a reply and a quote on the post they answer, a new
		 * post on itself, an approved one with its writer); a reply
		 * marks the post replied by me. */
		detail = a->post != NULL ? ui_action_detail(a) : NULL;
		if (e != NULL) {
			/* An approved post's item says what was sent. */
			if (e->approval != NULL && detail != NULL)
				outbox_detail_writer(&detail, e);
			ui_approval_sent(ui, e, a);
			outbox_remove(ob, i);
			ui_outbox_entry_free(e);
		}
		if (a->post != NULL) {
			ui_triage_action(ui, a->post->network, a->kind ==
			    ACTION_POST ? a->post->id : a->post_id,
			    outbox_audit_name(a->kind), detail, a->message);
			free(detail);
		} else
			ui_message(ui, false, "%s", a->message);
		return;
	}
	if (e != NULL && a->unknown &&
	    !account_network(e->account)->idempotent) {
		/* It may have posted, and no key makes a second try one
		 * post: not tried again unasked (the draft keeps its mark). */
		outbox_remove(ob, i);
		ui_outbox_entry_free(e);
		ui_message(ui, true, "%s (it may have reached the server: look "
		    "before sending it again; :drafts has the text)",
		    a->message);
		return;
	}
	if (e != NULL && a->transient && e->tries < OUTBOX_TRIES) {
		wait = (int64_t)OUTBOX_BACKOFF << (e->tries - 1);
		e->state = UI_OUTBOX_WAITING;
		e->at = clock_mono_ms() + wait;
		ui_message(ui, true, "%s (trying again in %lld s; r or :drafts "
		    "takes it back)", a->message, (long long)(wait / 1000));
		return;
	}
	if (e != NULL) {
		/* Refused, or tried again: it was not posted. */
		if (!account_network(e->account)->idempotent)
			ui_draft_mark(e->draft, "sending", NULL);
		outbox_remove(ob, i);
		ui_outbox_entry_free(e);
	}
	ui_message(ui, true, "%s (your text is kept: r or :drafts reopens it)",
	    a->message);
}

void
ui_outbox_status(struct ui *ui, char *buf, size_t len)
{
	struct ui_outbox	*ob = &ui->outbox;
	int64_t			 now = clock_mono_ms(), left;
	size_t			 i;

	*buf = '\0';
	for (i = ob->n; i-- > 0; ) {
		if (ob->v[i]->state != UI_OUTBOX_HELD)
			continue;
		left = (ob->v[i]->at - now + 999) / 1000;
		snprintf(buf, len, "%s sending in %lld s (:undo-send) \xc2\xb7",
		    outbox_words[ob->v[i]->kind], (long long)(left > 0 ? left :
		    0));
		return;
	}
}

size_t
ui_outbox_free(struct ui *ui)
{
	struct ui_outbox	*ob = &ui->outbox;
	size_t			 i, n = 0;

	for (i = 0; i < ob->n; i++) {
		if (ob->v[i]->state != UI_OUTBOX_SENDING)
			n++;
		ui_outbox_entry_free(ob->v[i]);
	}
	free(ob->v);
	ob->v = NULL;
	ob->n = 0;
	return n;
}
