/* approve.c — approvals on screen ("who speaks for you"): a writer's post
 * goes into the team's store instead of out (approval.h), the approvals
 * column shows it on every deck, an approver sends it with :approve
 * through this deck's outbox (the same checks and send delay) or gives it
 * back with :reject NOTE; the writer's deck hears either through the
 * store's feed and keeps a returned text among the drafts, the note beside
 * it.
 *
 * The store work (a submit, a claim, a return) is one batch on the
 * store's writer thread (triage_write()); its answer comes back here. The
 * writer's draft stays on disk, marked with the item's id, until an
 * approver sends it or it comes back with a note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/approval.h"
#include "starling/config.h"
#include "starling/name.h"
#include "starling/network.h"
#include "starling/policy.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

static const char *const approve_kinds[] = {
	[UI_COMPOSE_POST] = "post",
	[UI_COMPOSE_REPLY] = "reply",
	[UI_COMPOSE_QUOTE] = "quote",
};

enum approve_job_kind { APPROVE_SUBMIT, APPROVE_CLAIM, APPROVE_REJECT,
	APPROVE_CHECK };

/* One batch for the store's writer thread, and its answer. */
struct approve_job {
	struct ui		*ui;
	enum approve_job_kind	 kind;
	char			 id[APPROVAL_ID_LEN + 1];
	struct approval		 a;		/* submit: what; claim: got */
	char			*draft;		/* submit: the writer's */
	char			*note;		/* reject; check: the
						 * approver's */
	char			*who;		/* check: who decided */
	enum store_status	 status;	/* check: the item's */
	int			 rc;
	char			 err[256];
};

static const char *
approve_me(struct ui *ui)
{
	return ui->opt.config->me ? ui->opt.config->me : "me";
}

static void
approve_job_free(void *arg)
{
	struct approve_job	*j = arg;

	approval_free(&j->a);
	free(j->draft);
	free(j->note);
	free(j->who);
	free(j);
}

/* Check: the item's status, who decided and a return's note. */
static void
approve_check_run(struct store *s, struct approve_job *j)
{
	struct store_triage	 t;
	struct store_audit	*a = NULL;
	char			*writer, *note;
	size_t			 n = 0, i;

	memset(&t, 0, sizeof t);
	j->rc = store_get(s, TRIAGE_APPROVAL, j->id, &t) == 1 ? 0 : -1;
	j->status = t.status;
	store_triage_free(&t);
	if (j->rc != 0 || (j->status != STORE_DONE &&
	    j->status != STORE_IGNORED) ||
	    store_history(s, TRIAGE_APPROVAL, j->id, &a, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		if (approval_outcome(a[i].action, a[i].detail, &writer,
		    &note)) {
			free(j->who);
			free(j->note);
			j->who = xstrdup(a[i].who);
			j->note = note;
			free(writer);
		}
		store_audit_free(&a[i]);
	}
	free(a);
}

/* On the store's writer thread. */
static void
approve_job_run(struct store *s, void *arg)
{
	struct approve_job	*j = arg;

	switch (j->kind) {
	case APPROVE_SUBMIT:
		j->rc = approval_submit(s, &j->a, j->id, j->err,
		    sizeof j->err);
		break;
	case APPROVE_CLAIM:
		j->rc = approval_claim(s, j->id, &j->a, j->err, sizeof j->err);
		break;
	case APPROVE_REJECT:
		j->rc = approval_reject(s, j->id, j->note, j->err,
		    sizeof j->err);
		break;
	case APPROVE_CHECK:
		approve_check_run(s, j);
		break;
	}
}

bool
ui_approval_needed(struct ui *ui)
{
	return policy_needs_approval(ui->policy, approve_me(ui));
}

/* --- the writer ----------------------------------------------------------- */

static void	approve_job_done(void *);
static void	approve_outcome(struct ui *, const char *id, bool approved,
		    const char *who, const char *note, const char *when);

/* To the store's writer thread; false (the job freed, why said) when the
 * store is not there. */
static bool
approve_job_submit(struct ui *ui, struct approve_job *j, const char *what)
{
	j->ui = ui;
	if (triage_write(ui->tri, approve_job_run, approve_job_done,
	    approve_job_free, j))
		return true;
	ui_message(ui, true, "%s: %s", what, ui_triage_unusable(ui) ?
	    ui_triage_unusable(ui) : "no triage store");
	approve_job_free(j);
	return false;
}

void
ui_approval_submit(struct ui *ui, struct ui_outbox_entry *e)
{
	struct approve_job	*j;
	const char		*why = ui_triage_unusable(ui);
	char			 who[256];

	if (why != NULL) {
		/* Nothing waits anywhere: the text stays a draft. */
		ui_message(ui, true, "not sent for approval: %s (your text is "
		    "kept: :drafts reopens it)", why);
		ui_outbox_entry_free(e);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->kind = APPROVE_SUBMIT;
	j->draft = e->draft;
	e->draft = NULL;
	/* What it takes to send it later, taken from the entry. */
	j->a.writer = xstrdup(approve_me(ui));
	j->a.account = xstrdup(account_name(e->account));
	j->a.kind = xstrdup(approve_kinds[e->kind]);
	j->a.text = e->text;
	j->a.cw = e->cw;
	j->a.visibility = e->visibility;
	e->text = e->cw = e->visibility = NULL;
	j->a.target = e->target;
	e->target = NULL;
	ui_outbox_entry_free(e);
	ui_message(ui, false, "sending for approval (%s)\xe2\x80\xa6",
	    policy_approvers(ui->policy, who, sizeof who) > 0 ? who : "");
	approve_job_submit(ui, j, "not sent for approval (your text is kept: "
	    ":drafts reopens it)");
}

/* --- the approver --------------------------------------------------------- */

/* The item selected, or an error said. */
static bool
approve_item(struct cmd_ctx *ctx, const char *verb)
{
	struct ui			*ui = ctx->ui;
	const struct store_triage	*t;
	char				 who[256];

	if (strcmp(ctx->post->network, TRIAGE_APPROVAL) != 0) {
		cmd_error(ctx, "%s: select a post awaiting approval (a column "
		    "of type approvals shows them)", verb);
		return false;
	}
	if (!policy_approves(ui->policy, approve_me(ui))) {
		if (policy_approvers(ui->policy, who, sizeof who) > 0)
			cmd_error(ctx, "%s: only the approvers (%s) may; see "
			    "policy approval: approvers", verb, who);
		else
			cmd_error(ctx, "%s: nobody approves posts here "
			    "(policy approval: approvers)", verb);
		return false;
	}
	t = ui_triage_get(ui, ctx->post);
	if (t != NULL && t->status == STORE_DONE) {
		cmd_error(ctx, "%s: already approved by %s", verb,
		    t->updated_by ? t->updated_by : "someone");
		return false;
	}
	if (t != NULL && t->status == STORE_IGNORED) {
		cmd_error(ctx, "%s: already returned to its writer by %s", verb,
		    t->updated_by ? t->updated_by : "someone");
		return false;
	}
	return true;
}

/* The account an item posts as, here; NULL with the error said. */
static struct account *
approve_account(struct ui *ui, const char *name, char *why, size_t len)
{
	struct account	*acct = name != NULL ? ui_find_account(ui, name) :
			    NULL;

	if (acct == NULL)
		snprintf(why, len, "this deck has no account %s to post it as "
		    "(add it to accounts:); it still awaits approval",
		    name != NULL ? name : "?");
	return acct;
}

/* The team's checks on text as acct would post it: the text to send
 * (xmalloc'd) or NULL with why. */
static char *
approve_check(struct ui *ui, struct account *acct, const char *text,
    const char *cw, char *why, size_t len)
{
	const struct network	*net = account_network(acct);
	struct network_limits	 lim;
	char			*sent = NULL, w[256];
	size_t			 s, e;
	long			 n;

	account_limits(acct, &lim);
	n = net->count(text, &lim);
	if (lim.max_chars > 0 && n > lim.max_chars) {
		snprintf(why, len, "%ld characters, the limit of %s is %ld", n,
		    account_name(acct), lim.max_chars);
		return NULL;
	}
	if (lim.max_bytes > 0 && (long)strlen(text) > lim.max_bytes) {
		snprintf(why, len, "%zu bytes, the limit of %s is %ld",
		    strlen(text), account_name(acct), lim.max_bytes);
		return NULL;
	}
	if (ui->policy == NULL)
		return xstrdup(text);
	if (policy_check(ui->policy, account_name(acct), text, &sent, &s, &e,
	    w, sizeof w) != POLICY_OK) {
		snprintf(why, len, "%s", w);
		return NULL;
	}
	if (cw != NULL && policy_banned(ui->policy, cw, &s, &e, NULL)) {
		snprintf(why, len, "the content warning \"%.*s\" is banned",
		    (int)(e - s), cw + s);
		free(sent);
		return NULL;
	}
	return sent;
}

enum cmd_result
ui_approve(struct cmd_ctx *ctx)
{
	struct ui		*ui = ctx->ui;
	const struct post	*p = ctx->post;
	struct approve_job	*j;
	struct account		*acct;
	char			 why[512], *sent;

	if (!approve_item(ctx, "approve"))
		return CMD_ERROR;
	/* Checked before the claim, so nothing is approved that this deck
	 * cannot send: the account, the limits, the guidelines. */
	if ((acct = approve_account(ui, p->column, why, sizeof why)) == NULL)
		return cmd_error(ctx, "approve: %s", why);
	if ((sent = approve_check(ui, acct, p->text, p->content_warning, why,
	    sizeof why)) == NULL)
		return cmd_error(ctx, "approve: not sent: %s (:reject NOTE "
		    "gives it back)", why);
	free(sent);
	j = xcalloc(1, sizeof *j);
	j->kind = APPROVE_CLAIM;
	snprintf(j->id, sizeof j->id, "%s", p->id);
	ui_message(ui, false, "approving %s's post\xe2\x80\xa6",
	    p->author_handle ? p->author_handle : "the");
	approve_job_submit(ui, j, "approve");
	return CMD_DONE;
}

enum cmd_result
ui_reject(struct cmd_ctx *ctx, const char *note)
{
	struct ui		*ui = ctx->ui;
	struct approve_job	*j;

	if (!approve_item(ctx, "reject"))
		return CMD_ERROR;
	if (note == NULL || *note == '\0') {
		/* Say why: the writer reads it beside the text. */
		ui_prompt_open(ui, UI_PROMPT_COMMAND, "reject ");
		return CMD_DONE;
	}
	if (name_has_control(note, false))
		return cmd_error(ctx, "reject: a note may not contain a control "
		    "character");
	j = xcalloc(1, sizeof *j);
	j->kind = APPROVE_REJECT;
	snprintf(j->id, sizeof j->id, "%s", ctx->post->id);
	j->note = xstrdup(note);
	if (ctx->post->author_handle != NULL)
		j->a.writer = xstrdup(ctx->post->author_handle);
	approve_job_submit(ui, j, "reject");
	return CMD_DONE;
}

/* Claimed: into the outbox, as the approver would send it. */
static void
approve_send(struct ui *ui, struct approve_job *j)
{
	struct ui_outbox_entry	*e;
	const struct network	*net;
	struct account		*acct;
	enum ui_compose_kind	 kind = UI_COMPOSE_POST;
	char			 why[512], name[64], *sent;
	size_t			 i;

	for (i = 0; i < sizeof approve_kinds / sizeof *approve_kinds; i++)
		if (strcmp(j->a.kind, approve_kinds[i]) == 0)
			kind = (enum ui_compose_kind)i;
	if ((acct = approve_account(ui, j->a.account, why, sizeof why)) ==
	    NULL || (sent = approve_check(ui, acct, j->a.text, j->a.cw, why,
	    sizeof why)) == NULL) {
		ui_message(ui, true, "approved, but not sent: %s", why);
		return;
	}
	e = xcalloc(1, sizeof *e);
	/* Kept as a draft of this deck until the server has it: a crash
	 * while it waits loses nothing (:drafts). The item's id is its
	 * Idempotency-Key: whoever tries it again, it is one post. */
	snprintf(name, sizeof name, "approved-%s", j->id);
	e->draft = ui_draft_new(name, kind, j->a.target, acct,
	    j->a.text, j->a.cw, j->a.visibility, j->id, why, sizeof why);
	if (e->draft == NULL) {
		free(sent);
		free(e);
		ui_message(ui, true, "approved, but not sent: %s", why);
		return;
	}
	e->kind = kind;
	e->target = j->a.target;
	j->a.target = NULL;
	e->account = acct;
	e->text = xstrdup(j->a.text);
	e->sent = sent;
	e->cw = j->a.cw ? xstrdup(j->a.cw) : NULL;
	e->visibility = j->a.visibility ? xstrdup(j->a.visibility) : NULL;
	net = account_network(acct);
	if (kind == UI_COMPOSE_REPLY && e->target != NULL) {
		e->options = action_new(ACTION_REPLY);
		if (net->reply_options != NULL)
			net->reply_options(e->target, e->options);
	}
	e->key = xstrdup(j->id);
	e->approval = xstrdup(j->id);
	e->writer = xstrdup(j->a.writer);
	ui_outbox_add(ui, e);
	if (policy_delay(ui->policy) <= 0)
		ui_message(ui, false, "approved %s's %s: sending it as %s",
		    j->a.writer, j->a.kind, account_name(acct));
}

/* A job's answer, on the UI thread. */
static void
approve_job_done(void *arg)
{
	struct approve_job	*j = arg;
	struct ui		*ui = j->ui;
	char			 who[256];

	switch (j->kind) {
	case APPROVE_SUBMIT:
		if (j->rc != 0) {
			ui_message(ui, true, "not sent for approval: %s (your "
			    "text is kept: :drafts reopens it)", j->err);
			return;
		}
		/* The draft waits with it: an approval drops it, a return
		 * puts the note beside it. */
		if (j->draft != NULL) {
			ui_draft_mark(j->draft, "note", NULL);
			ui_draft_mark(j->draft, "returned_by", NULL);
			ui_draft_mark(j->draft, "approval", j->id);
		}
		policy_approvers(ui->policy, who, sizeof who);
		ui_message(ui, false, "sent for approval: %s can send it or "
		    "return it with a note", who);
		return;
	case APPROVE_CLAIM:
		if (j->rc != 0) {
			ui_message(ui, true, "approve: %s", j->err);
			return;
		}
		approve_send(ui, j);
		return;
	case APPROVE_REJECT:
		if (j->rc != 0)
			ui_message(ui, true, "reject: %s", j->err);
		else
			ui_message(ui, false, "returned to %s with your note",
			    j->a.writer ? j->a.writer : "its writer");
		return;
	case APPROVE_CHECK:
		if (j->rc == 0 && j->who != NULL && (j->status == STORE_DONE ||
		    j->status == STORE_IGNORED))
			approve_outcome(ui, j->id, j->status == STORE_DONE,
			    j->who, j->note, " while you were away");
		return;
	}
}

/* --- what the feed says --------------------------------------------------- */

/* Item id of mine was approved or returned by who (with note): its
 * draft goes, or takes the note. */
static void
approve_outcome(struct ui *ui, const char *id, bool approved,
    const char *who, const char *note, const char *when)
{
	char	*draft = ui_draft_find("approval", id);

	if (approved) {
		/* The approver's deck sends it, and keeps it until sent. */
		ui_draft_drop(draft);
		ui_message(ui, false, "%s approved your post%s", who, when);
	} else {
		if (draft != NULL) {
			ui_draft_mark(draft, "approval", NULL);
			ui_draft_mark(draft, "returned_by", who);
			ui_draft_mark(draft, "note", note);
		}
		ui_message(ui, true, "%s returned your post%s: %s \xe2\x80\x94 "
		    ":drafts to edit", who, when, note ? note : "");
	}
	free(draft);
}

void
ui_approval_heard(struct ui *ui, const struct store_audit *a)
{
	char	*writer, *note;

	if (!approval_outcome(a->action, a->detail, &writer, &note))
		return;
	if (strcmp(writer, approve_me(ui)) == 0)
		approve_outcome(ui, a->id, strcmp(a->action, "approve") == 0,
		    a->who, note, "");
	free(writer);
	free(note);
}

void
ui_approval_catch_up(struct ui *ui)
{
	struct approve_job	*j;
	char			**files, **ids;
	size_t			  n, i;

	if (ui_triage_unusable(ui) != NULL)
		return;
	n = ui_drafts_marked("approval", &files, &ids);
	for (i = 0; i < n; i++) {
		if (strlen(ids[i]) <= APPROVAL_ID_LEN) {
			j = xcalloc(1, sizeof *j);
			j->kind = APPROVE_CHECK;
			snprintf(j->id, sizeof j->id, "%s", ids[i]);
			approve_job_submit(ui, j, "approvals");
		}
		free(files[i]);
		free(ids[i]);
	}
	free(files);
	free(ids);
}

void
ui_approval_sent(struct ui *ui, const struct ui_outbox_entry *e,
    const struct action *a)
{
	json_t	*o;
	char	*detail;

	if (e == NULL || e->approval == NULL)
		return;
	o = json_object();
	json_object_set_new(o, "writer", json_string(e->writer ? e->writer :
	    ""));
	json_object_set_new(o, "account", json_string(account_name(
	    e->account)));
	if (a->post != NULL && a->post->id != NULL)
		json_object_set_new(o, "id", json_string(a->post->id));
	if (a->post != NULL && a->post->network != NULL)
		json_object_set_new(o, "network",
		    json_string(a->post->network));
	if (a->post != NULL && a->post->url != NULL)
		json_object_set_new(o, "url", json_string(a->post->url));
	detail = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	ui_triage_action(ui, TRIAGE_APPROVAL, e->approval, "sent", detail,
	    NULL);
	free(detail);
}
