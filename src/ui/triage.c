/* triage.c — team triage on screen: badges on cards, store columns
 * ("assigned to me") fed from the triage module's cache, the assign/tag
 * pickers, the collision guard, the detail pane's history and the SLA
 * clock.
 *
 * The state itself lives in the triage module (starling/triage.h), kept
 * current from the store's change feed by the store's worker threads:
 * nothing here reads or writes the store. Changes are queued; the cache
 * changes only from what the store says it committed, so every screen on
 * the host shows the same thing, this one included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/config.h"
#include "starling/inbox.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/log.h"
#include "starling/match.h"
#include "starling/name.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/rules.h"
#include "starling/store.h"
#include "starling/text.h"
#include "starling/timeline.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

const struct store_triage *
ui_triage_get(struct ui *ui, const struct post *p)
{
	return triage_lookup(ui->tri, p->network, p->id);
}

static const char *
triage_me(struct ui *ui)
{
	return ui->opt.config->me ? ui->opt.config->me : "me";
}

/* --- what the store says -------------------------------------------------- */

/* A change of ours is in the store, or could not be made. */
static void
triage_hook_done(void *arg, bool error, const char *message)
{
	ui_message(arg, error, "%s", message);
}

static void
triage_inbox_failed(void *arg, const char *message)
{
	ui_message(arg, true, "%s", message);
}

/* A post's state arrived: it goes in, or out of, every store column; the
 * detail pane showing it is built again. */
static void
triage_hook_changed(void *arg, const char *network, const char *id,
    const struct store_triage *t, struct post *snapshot)
{
	struct ui	*ui = arg;
	size_t		 i;

	for (i = 0; i < ui->ncol; i++) {
		struct ui_column	*c = &ui->col[i];
		ssize_t			 at;
		struct post		*p;

		if (c->triage.kind == TRIAGE_VIEW_NONE)
			continue;
		at = timeline_find(c->tl, id);
		if (triage_member(ui->tri, &c->triage, t)) {
			if (at >= 0 || snapshot == NULL)
				continue;
			p = post_ref(snapshot);
		} else {
			struct post	tomb = { 0 };

			if (at < 0)
				continue;
			tomb.network = network;
			tomb.id = id;
			tomb.flags = POST_DELETED;
			p = post_new(&tomb);
		}
		ui_column_insert(ui, c, p);
	}
	if (ui->detail && strcmp(ui->detail->id, id) == 0 &&
	    ui->overlay == UI_OVERLAY_DETAIL) {
		ui_overlay_build(ui);
		ui->dirty_overlay = true;
	}
}

/* The history of the post in the detail pane arrived. */
static void
triage_hook_history(void *arg, const char *network, const char *id)
{
	struct ui	*ui = arg;

	if (ui->detail && strcmp(ui->detail->network, network) == 0 &&
	    strcmp(ui->detail->id, id) == 0 &&
	    ui->overlay == UI_OVERLAY_DETAIL) {
		ui_overlay_build(ui);
		ui->dirty_overlay = true;
	}
}

/* The store went away or came back: store columns and the status line
 * say so. */
static void
triage_hook_offline(void *arg, const char *why)
{
	struct ui	*ui = arg;
	size_t		 i;

	for (i = 0; i < ui->ncol; i++) {
		struct ui_column	*c = &ui->col[i];

		if (c->triage.kind == TRIAGE_VIEW_NONE)
			continue;
		c->status.state = why != NULL ? SOURCE_ERROR : SOURCE_LIVE;
		snprintf(c->status.text, sizeof c->status.text, "%s",
		    why != NULL ? why : "");
		c->dirty = true;
	}
	if (why != NULL)
		log_msg("triage store: %s", why);
	ui_message(ui, why != NULL, "%s", why != NULL ? why :
	    "store back online");
	/* What the inbox columns received while the store was away is
	 * recorded now (what was recorded already is not asked again). */
	for (i = 0; why == NULL && i < ui->ncol; i++) {
		struct ui_column	*c = &ui->col[i];
		size_t			 k;

		if (c->cfg == NULL || !c->cfg->inbox)
			continue;
		for (k = 0; k < timeline_count(c->tl); k++)
			ui_triage_inbox(ui, c, timeline_at(c->tl, k)->post);
	}
}

/* Something was decided about a post awaiting approval. */
static void
triage_hook_approval(void *arg, const struct store_audit *a)
{
	ui_approval_heard(arg, a);
}

/* --- store columns -------------------------------------------------------- */

void
ui_triage_column_init(struct ui *ui, struct ui_column *c)
{
	c->triage = triage_view_of(c->cfg);
	if (c->triage.kind == TRIAGE_VIEW_NONE)
		return;
	c->triage.limit = UI_TIMELINE_CAP;	/* what the column can hold */
	/* Its posts come with the first load (ui_triage_start). */
	triage_view_add(ui->tri, &c->triage);
	if (triage_error(ui->tri) == NULL) {
		c->status.state = SOURCE_LIVE;
		return;
	}
	c->status.state = SOURCE_ERROR;
	snprintf(c->status.text, sizeof c->status.text, "%s",
	    triage_error(ui->tri));
}

/* --- lifecycle ------------------------------------------------------------ */

void
ui_triage_init(struct ui *ui)
{
	static const struct triage_hooks hooks = {
		triage_hook_done, triage_hook_changed, triage_hook_history,
		triage_hook_offline, triage_hook_approval
	};
	char	*url = paths_store(ui->opt.config->store);

	char	 err[256];

	ui->tri = triage_new_password(url, ui->opt.store_password,
	    triage_me(ui), ui->wake, &hooks, ui);
	if (triage_error(ui->tri) != NULL)
		log_msg("triage store: %s", triage_error(ui->tri));
	free(url);
	if (config_has_inbox(ui->opt.config)) {
		if ((ui->rules = rules_new(ui->opt.config, err,
		    sizeof err)) == NULL)
			ui_message(ui, true, "rules: %s", err);
		ui->inbox = inbox_new(triage_inbox_failed, ui);
	}
}

/* A post of an inbox column arrived: the store records it once, with the
 * team's rules, on the writer's thread. */
void
ui_triage_inbox(struct ui *ui, struct ui_column *c, struct post *p)
{
	if (ui->inbox != NULL && c->cfg->inbox)
		inbox_submit(ui->inbox, ui->tri, ui->rules, p, c->cfg->title);
}

/* Once the columns are there: the first load. */
void
ui_triage_start(struct ui *ui)
{
	triage_start(ui->tri);
	ui_approval_catch_up(ui);
}

static void	picker_clear(struct ui_picker *);

void
ui_triage_free(struct ui *ui)
{
	triage_free(ui->tri);	/* writes what is queued first */
	ui->tri = NULL;
	inbox_free(ui->inbox);
	ui->inbox = NULL;
	rules_free(ui->rules);
	ui->rules = NULL;
	picker_clear(&ui->picker);
}

/* What the store's worker finished, and a question for it when the store
 * says something changed. */
void
ui_triage_drain(struct ui *ui)
{
	size_t	c;

	if (triage_drain(ui->tri))
		for (c = 0; c < ui->ncol; c++)
			ui->col[c].dirty = ui->col[c].resort = true;
	triage_poll(ui->tri);
}

/* --- what cards show ------------------------------------------------------ */

bool
ui_triage_open(struct ui *ui, const struct post *p)
{
	const struct store_triage	*t = ui_triage_get(ui, p);

	return t == NULL || triage_status_open(t->status);
}

bool
ui_triage_dim(struct ui *ui, const struct post *p)
{
	const struct store_triage	*t = ui_triage_get(ui, p);

	return t && (t->status == STORE_DONE || t->status == STORE_IGNORED);
}

/* "@bob #complaint #lead done" and who is replying now, if anyone else. */
void
ui_triage_badges(struct ui *ui, const struct post *p, char *buf, size_t len,
    const char **replying)
{
	triage_badges(ui->tri, ui_triage_get(ui, p), ui->now, buf, len,
	    replying);
}

/* --- commands ------------------------------------------------------------- */

static bool	picker_has_tag(struct ui *, const struct post *, const char *);

/* Why commands cannot change triage state now, or NULL when they can. */
const char *
ui_triage_unusable(struct ui *ui)
{
	if (triage_error(ui->tri) == NULL && triage_offline(ui->tri) != NULL)
		return TRIAGE_OFFLINE_REFUSAL;
	return triage_error(ui->tri);
}

static void
triage_submit(struct ui *ui, const struct store_change *c, const char *doing)
{
	triage_change(ui->tri, c, NULL, false);
	if (doing)
		ui_message(ui, false, "%s", doing);
}

static bool
triage_known(const char *const *list, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* Tags the team already uses, a few of them. */
static bool
picker_add_used_tag(const char *tag, void *arg)
{
	struct ui		*ui = arg;
	struct ui_picker	*pk = &ui->picker;
	size_t			 max = ui->opt.config->ntags + 60;

	if (pk->nitems < max && !triage_known((const char *const *)pk->items,
	    pk->nitems, tag))
		pk->items[pk->nitems++] = xstrdup(tag);
	return pk->nitems < max;
}

/* Empties the picker. */
static void
picker_clear(struct ui_picker *pk)
{
	size_t	i;

	if (pk->target)
		post_unref(pk->target);
	for (i = 0; i < pk->nitems; i++) {
		free(pk->items[i]);
		if (pk->labels != NULL)
			free(pk->labels[i]);
	}
	free(pk->items);
	free(pk->labels);
	lineedit_free(&pk->filter);
	memset(pk, 0, sizeof *pk);
}

static void
picker_open(struct ui *ui, enum ui_picker_kind kind, const struct post *p)
{
	const struct config	*cfg = ui->opt.config;
	struct ui_picker	*pk = &ui->picker;
	size_t			 i;

	/* Over the deck or the detail pane (closing goes back to it); the
	 * help under it closes. The composer stays under its templates. */
	if (kind == UI_PICK_TEMPLATE)
		;
	else if (ui->overlay == UI_OVERLAY_DETAIL)
		ui->over_detail = true;
	else
		ui_close_all(ui);
	picker_clear(pk);
	lineedit_init(&pk->filter, UI_PICKER_FILTER_MAX, false);
	pk->kind = kind;
	pk->target = p ? post_ref((struct post *)p) : NULL;
	pk->items = xcalloc(cfg->nteam + cfg->ntags + cfg->ntemplates + 4 + 64,
	    sizeof *pk->items);
	if (kind == UI_PICK_TEMPLATE) {
		for (i = 0; i < cfg->ntemplates; i++)
			pk->items[pk->nitems++] = xstrdup(cfg->templates[i].key);
	} else if (kind == UI_PICK_DRAFT) {
		free(pk->items);
		pk->nitems = ui_drafts_list(ui, &pk->items, &pk->labels);
	} else if (kind == UI_PICK_ASSIGN) {
		pk->items[pk->nitems++] = xstrdup("me");
		for (i = 0; i < cfg->nteam; i++)
			if (strcmp(cfg->team[i], triage_me(ui)) != 0)
				pk->items[pk->nitems++] = xstrdup(cfg->team[i]);
		pk->items[pk->nitems++] = xstrdup("nobody");
	} else {
		for (i = 0; i < cfg->ntags; i++)
			pk->items[pk->nitems++] = xstrdup(cfg->tags[i].key);
		triage_tags(ui->tri, picker_add_used_tag, ui);
	}
	ui->overlay = UI_OVERLAY_PICKER;
	ui->dirty_all = true;
}

void
ui_picker_templates(struct ui *ui)
{
	if (ui->opt.config->ntemplates == 0) {
		ui_message(ui, true, "template: the config has no templates:");
		return;
	}
	picker_open(ui, UI_PICK_TEMPLATE, NULL);
}

bool
ui_picker_drafts(struct ui *ui)
{
	picker_open(ui, UI_PICK_DRAFT, NULL);
	if (ui->picker.nitems > 0)
		return true;
	ui_picker_close(ui);
	return false;
}

enum cmd_result
ui_assign(struct cmd_ctx *ctx, const char *who)
{
	struct ui		*ui = ctx->ui;
	const struct config	*cfg = ui->opt.config;
	const struct post	*p = ctx->post;
	struct store_change	 c = { .kind = STORE_CHANGE_ASSIGN };
	const char		*why;
	char			 msg[128];

	if (who == NULL) {
		picker_open(ui, UI_PICK_ASSIGN, p);
		return CMD_DONE;
	}
	if (strcmp(who, "me") == 0)
		who = triage_me(ui);
	if (*who != '\0' && (why = name_check(who)) != NULL)
		return cmd_error(ctx, "assign: %s", why);
	if (*who != '\0' && strcmp(who, "nobody") != 0 && cfg->nteam > 0 &&
	    !triage_known((const char *const *)cfg->team, cfg->nteam, who) &&
	    strcmp(who, triage_me(ui)) != 0)
		return cmd_error(ctx, "assign: %s is not in the team", who);
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	if (*who != '\0' && strcmp(who, "nobody") != 0)
		c.arg = who;
	snprintf(msg, sizeof msg, c.arg ? "assigning to %s…" : "unassigning…",
	    who);
	triage_submit(ui, &c, msg);
	return CMD_DONE;
}

enum cmd_result
ui_tag(struct cmd_ctx *ctx, const char *tag, bool add)
{
	struct ui		*ui = ctx->ui;
	const struct post	*p = ctx->post;
	struct store_change	 c = { .kind = STORE_CHANGE_TAG };
	char			*norm, why[128];

	if (tag == NULL) {
		picker_open(ui, UI_PICK_TAG, p);
		return CMD_DONE;
	}
	/* "#Complaint" is "complaint": one spelling in the store. */
	if ((norm = name_tag(tag, why, sizeof why)) == NULL)
		return cmd_error(ctx, "%s: %s", add ? "tag" : "untag", why);
	if (!add && !picker_has_tag(ui, p, norm)) {
		cmd_error(ctx, "untag: the post has no tag #%s", norm);
		free(norm);
		return CMD_ERROR;
	}
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.arg = norm;
	c.on = add;
	triage_submit(ui, &c, add ? "tagging…" : "removing the tag…");
	free(norm);
	return CMD_DONE;
}

enum cmd_result
ui_set_status(struct cmd_ctx *ctx, const char *status)
{
	const struct post	*p = ctx->post;
	struct store_change	 c = { .kind = STORE_CHANGE_STATUS };
	int			 st = store_status_parse(status);

	if (st < 0)
		return cmd_error(ctx, "status: no status \"%s\"", status);
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.status = (enum store_status)st;
	triage_submit(ctx->ui, &c, NULL);
	return CMD_DONE;
}

/* The note box's Enter runs this again with the text, on the post the box
 * was opened on. */
enum cmd_result
ui_note(struct cmd_ctx *ctx, const char *text)
{
	struct ui		*ui = ctx->ui;
	const struct post	*p = ctx->post;
	struct store_change	 c = { .kind = STORE_CHANGE_NOTE };

	if (text == NULL) {
		ui_prompt_open(ui, UI_PROMPT_NOTE, NULL);
		ui->prompt_post = post_ref((struct post *)p);
		return CMD_DONE;
	}
	if (*text == '\0')
		return CMD_DONE;
	if (name_has_control(text, false))
		return cmd_error(ctx, "note: a note may not contain a control "
		    "character");
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.arg = text;
	triage_submit(ui, &c, "adding the note…");
	return CMD_DONE;
}

/* Someone else is replying: ask first. True when the reply may open now. */
bool
ui_triage_before_reply(struct ui *ui, const struct post *p)
{
	const char	*who;
	char		 badges[256], q[200];

	ui_triage_badges(ui, p, badges, sizeof badges, &who);
	if (who == NULL)
		return true;
	snprintf(q, sizeof q, "%s is replying to this post. Reply anyway? (y/n) ",
	    who);
	ui_prompt_open(ui, UI_PROMPT_CONFIRM, NULL);
	ui->prompt_post = post_ref((struct post *)p);
	snprintf(ui->message, sizeof ui->message, "%s", q);
	return false;
}

void
ui_triage_replying(struct ui *ui, const struct post *p, bool start)
{
	struct store_change	 c = { .kind = STORE_CHANGE_REPLYING };

	if (p == NULL)
		return;
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.on = start;
	triage_change(ui->tri, &c, NULL, true);
}

void
ui_triage_action(struct ui *ui, const char *network, const char *id,
    const char *action, const char *detail, const char *done)
{
	struct store_change	 c = { .kind = STORE_CHANGE_ACTION };

	/* Done is said once the audit log has it; without a store, now. */
	if (triage_error(ui->tri) != NULL) {
		if (done)
			ui_message(ui, false, "%s", done);
		return;
	}
	/* The post as the columns show it, for the store's snapshot. */
	c.post = ui_find_post(ui, network, id);
	c.network = network;
	c.id = id;
	c.arg = action;
	c.detail = detail;
	triage_change(ui->tri, &c, done, done == NULL);
}

/* The detail pane's part: state, notes and the post's whole history, read
 * by the store's worker: until it is there, the pane says so. */
void
ui_triage_overlay(struct ui *ui, const struct post *p)
{
	const struct store_triage	*t = ui_triage_get(ui, p);
	const struct store_audit	*a;
	size_t				 n, i, o;
	char				 line[1024], when[64], *what;

	if (t == NULL)
		return;
	ui_overlay_add(ui, "", THEME_NORMAL);
	/* "Triage: replied by bob · assigned to carol (alice) · #lead ·
	 * 2 notes", wrapped by the pane. */
	o = (size_t)snprintf(line, sizeof line, "Triage: %s",
	    store_status_name(t->status));
	if (t->status == STORE_REPLIED && t->replied_by && o < sizeof line)
		o += (size_t)snprintf(line + o, sizeof line - o, " by %s",
		    t->replied_by);
	if (t->assignee && o < sizeof line)
		o += (size_t)snprintf(line + o, sizeof line - o,
		    " \xc2\xb7 assigned to %s%s%s%s", t->assignee,
		    t->assigned_by ? " (by " : "", t->assigned_by ?
		    t->assigned_by : "", t->assigned_by ? ")" : "");
	if (t->priority > 0 && o < sizeof line)
		o += (size_t)snprintf(line + o, sizeof line - o,
		    " \xc2\xb7 priority %d", t->priority);
	for (i = 0; i < t->ntags && o < sizeof line; i++)
		o += (size_t)snprintf(line + o, sizeof line - o, "%s#%s",
		    i == 0 ? " \xc2\xb7 " : " ", t->tags[i]);
	if (t->nnotes && o < sizeof line)
		o += (size_t)snprintf(line + o, sizeof line - o,
		    " \xc2\xb7 %s", ui_count(when, sizeof when, (long)t->nnotes,
		    "note", "notes"));
	if (t->replying && o < sizeof line)
		snprintf(line + o, sizeof line - o, " \xc2\xb7 %s is replying",
		    t->replying);
	ui_overlay_add(ui, line, THEME_HEADER);
	switch (triage_history(ui->tri, p->network, p->id, &a, &n)) {
	case 0:
		ui_overlay_add(ui, "history: loading\xe2\x80\xa6", THEME_DIM);
		return;
	case -1:
		return;
	}
	for (i = 0; i < n; i++) {
		time_t		tt = (time_t)a[i].at;
		struct tm	tm;

		localtime_r(&tt, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		what = store_audit_describe(&a[i]);
		snprintf(line, sizeof line, "%s  %s %s %s", when, a[i].who,
		    a[i].action, what);
		free(what);
		ui_overlay_add(ui, line, strcmp(a[i].action, "note") == 0 ?
		    THEME_TEXT : THEME_DIM);
	}
}

/* --- the picker ----------------------------------------------------------- */

static bool
picker_has_tag(struct ui *ui, const struct post *p, const char *tag)
{
	const struct store_triage	*t = ui_triage_get(ui, p);
	char				*norm, why[128];
	size_t				 i;
	bool				 has = false;

	/* As typed in the picker: "Complaint" is the post's "complaint". */
	if ((norm = name_tag(tag, why, sizeof why)) == NULL)
		return false;
	for (i = 0; t != NULL && i < t->ntags && !has; i++)
		has = strcmp(t->tags[i], norm) == 0;
	free(norm);
	return has;
}

static size_t
picker_matches(struct ui *ui, size_t *idx, size_t max)
{
	struct ui_picker	*pk = &ui->picker;
	size_t			 i, n = 0;

	for (i = 0; i < pk->nitems && n < max; i++)
		if (text_match(pk->labels ? pk->labels[i] : pk->items[i],
		    pk->filter.text))
			idx[n++] = i;
	return n;
}

/* What is typed can be picked though no item matches it: a new tag, or
 * anyone's name when the config has no team: to choose from (as
 * ":assign carol" takes it). */
static bool
picker_takes_text(struct ui *ui)
{
	const struct ui_picker	*pk = &ui->picker;

	if (*pk->filter.text == '\0' || pk->kind == UI_PICK_TEMPLATE ||
	    pk->kind == UI_PICK_DRAFT)
		return false;
	return pk->kind == UI_PICK_TAG || ui->opt.config->nteam == 0;
}

void
ui_picker_close(struct ui *ui)
{
	curs_set(0);
	if (ui->picker.kind == UI_PICK_TEMPLATE && ui->compose.open) {
		ui->overlay = UI_OVERLAY_COMPOSE;
		ui->dirty_all = true;
		return;
	}
	if (ui->over_detail) {
		ui_detail_back(ui);
		return;
	}
	ui->overlay = UI_OVERLAY_NONE;
	ui->dirty_all = true;
}

/* Runs the command for the choice on the post the picker was opened for.
 * A tag the post has comes off: the tag picker toggles. */
static void
picker_pick(struct ui *ui, char *choice)
{
	struct ui_picker	*pk = &ui->picker;
	const struct config	*cfg = ui->opt.config;
	char			 name[8], *argv[3], err[256];
	size_t			 i;

	if (pk->kind == UI_PICK_TEMPLATE) {
		for (i = 0; i < cfg->ntemplates; i++)
			if (strcmp(cfg->templates[i].key, choice) == 0)
				ui_compose_insert_template(ui,
				    cfg->templates[i].value);
		return;
	}
	if (pk->kind == UI_PICK_DRAFT) {
		if (ui_compose_reopen(ui, choice, err, sizeof err) != 0)
			ui_message(ui, true, "drafts: %s", err);
		return;
	}

	snprintf(name, sizeof name, "%s", pk->kind == UI_PICK_ASSIGN ?
	    "assign" : picker_has_tag(ui, pk->target, choice) ? "untag" : "tag");
	argv[0] = name;
	argv[1] = choice;
	argv[2] = NULL;
	cmd_exec(ui, cmd_find(name), 2, argv, pk->target);
}

/* The filter's editing keys: typing appends, Backspace takes the last
 * character off. */
static const struct lineedit_key picker_keys[] = {
	{ KEYC_BACKSPACE, LINEEDIT_DELETE_BACK },
	{ 8, LINEEDIT_DELETE_BACK },
	{ 127, LINEEDIT_DELETE_BACK },
};

void
ui_picker_key(struct ui *ui, int32_t key)
{
	struct ui_picker	*pk = &ui->picker;
	size_t			 idx[128], n = picker_matches(ui, idx, 128);
	const char		*filter = pk->filter.text;
	char			 choice[1024];

	ui->dirty_overlay = true;
	switch (key) {
	case KEYC_ESC:
	case 7:
		ui_picker_close(ui);
		return;
	case KEYC_UP:
	case 16:
		if (pk->sel > 0)
			pk->sel--;
		return;
	case KEYC_DOWN:
	case 14:
	case KEYC_TAB:
		if (pk->sel + 1 < n + picker_takes_text(ui))
			pk->sel++;
		return;
	case KEYC_ENTER:
		if (pk->sel < n)
			snprintf(choice, sizeof choice, "%s",
			    pk->items[idx[pk->sel]]);
		else if (picker_takes_text(ui))
			snprintf(choice, sizeof choice, "%s", filter);
		else
			return;
		/* A template goes into the box under the picker, a draft
		 * opens where the picker was: closed first. */
		if (pk->kind == UI_PICK_TEMPLATE || pk->kind == UI_PICK_DRAFT) {
			ui_picker_close(ui);
			picker_pick(ui, choice);
			return;
		}
		picker_pick(ui, choice);
		ui_picker_close(ui);
		return;
	}
	if (lineedit_key(&pk->filter, picker_keys, sizeof picker_keys /
	    sizeof picker_keys[0], key) >= 0)
		pk->sel = 0;
	else if (key >= 0x20 && key < KEYC_BASE && key != 0x7f) {
		lineedit_insert_char(&pk->filter, key);
		pk->sel = 0;
	}
}

/* A box line: left, the title or nothing, the fill to width, right. */
static void
picker_box_line(struct ui *ui, int y, int x, int w, const char *left,
    const char *title, const char *right, enum theme_element e)
{
	int	used = 0, i;

	ui_draw_text(ui, y, x, 1, left, strlen(left), e);
	if (title != NULL && *title && w > 4) {
		ui_draw_text(ui, y, x + 1, 1, " ", 1, e);
		used = 1 + ui_draw_text(ui, y, x + 2, w - 4, title,
		    strlen(title), THEME_HEADER);
		ui_draw_text(ui, y, x + 1 + used, 1, " ", 1, e);
		used++;
	}
	for (i = 1 + used; i < w - 1; i++)
		ui_draw_text(ui, y, x + i, 1, "\xe2\x94\x81", 3, e);
	ui_draw_text(ui, y, x + w - 1, 1, right, strlen(right), e);
}

/* The picker: a heavy box over the deck (the light │ is the columns'), as wide as its title needs (up to the
 * screen), with a blank cell either side so no column text runs on beside
 * it. */
void
ui_picker_draw(struct ui *ui)
{
	struct ui_picker	*pk = &ui->picker;
	size_t			 idx[128], n = picker_matches(ui, idx, 128), i;
	const char		*title = pk->kind == UI_PICK_TEMPLATE ?
				    "Template (type to filter, Enter inserts)" :
				    pk->kind == UI_PICK_DRAFT ?
				    "Drafts (type to filter, Enter reopens)" :
				    pk->kind == UI_PICK_TAG ?
				    "Tag (type to filter or name a new tag)" :
				    ui->opt.config->nteam == 0 ?
				    "Assign to (type a name, Enter picks)" :
				    "Assign to (type to filter, Enter picks)";
	int			 tw = text_width(title, strlen(title));
	int			 w = pk->kind == UI_PICK_DRAFT ? ui->cols - 4 :
				    tw + 6 > 44 ? tw + 6 : 44;
	int			 x, y = 2, rows, inner;
	char			 line[200];
	const char		*filter = pk->filter.text;
	bool			 extra = picker_takes_text(ui) &&
				    !triage_known((const char *const *)pk->items,
				    pk->nitems, filter);

	if (w > ui->cols - 2)
		w = ui->cols - 2;
	x = (ui->cols - w) / 2;
	/* Borders, the filter line, the names. */
	rows = (int)n + 3 + extra;
	if (rows > ui->rows - 4)
		rows = ui->rows - 4;
	inner = w - 4;
	for (i = 0; i < (size_t)rows; i++) {
		ui_fill(ui, y + (int)i, x - 1, w + 2, THEME_NORMAL);
		ui_fill(ui, y + (int)i, x + 1, w - 2, THEME_HELP);
	}
	picker_box_line(ui, y, x, w, "\xe2\x94\x8f", title, "\xe2\x94\x93",
	    THEME_HELP);
	for (i = 1; i + 1 < (size_t)rows; i++) {
		ui_draw_text(ui, y + (int)i, x, 1, "\xe2\x94\x83", 3, THEME_HELP);
		ui_draw_text(ui, y + (int)i, x + w - 1, 1, "\xe2\x94\x83", 3,
		    THEME_HELP);
	}
	picker_box_line(ui, y + rows - 1, x, w, "\xe2\x94\x97", NULL,
	    "\xe2\x94\x9b", THEME_HELP);
	snprintf(line, sizeof line, "> %s", filter);
	ui_draw_text(ui, y + 1, x + 2, inner, line, strlen(line), THEME_PROMPT);
	for (i = 0; i < n && (int)i + 3 < rows; i++) {
		snprintf(line, sizeof line, "%s %s", i == pk->sel ? "\xe2\x96\xb8" :
		    " ", pk->labels ? pk->labels[idx[i]] : pk->items[idx[i]]);
		ui_draw_text(ui, y + 2 + (int)i, x + 2, inner, line, strlen(line),
		    i == pk->sel ? THEME_SELECTED : THEME_HELP);
	}
	if (extra && (int)n + 3 < rows) {
		snprintf(line, sizeof line, "%s %s: %s", n == pk->sel ?
		    "\xe2\x96\xb8" : " ", pk->kind == UI_PICK_TAG ? "new tag" :
		    "assign to", filter);
		ui_draw_text(ui, y + 2 + (int)n, x + 2, inner, line, strlen(line),
		    n == pk->sel ? THEME_SELECTED : THEME_HELP);
	}
	ui->dirty_overlay = false;
}

/* --- SLA ------------------------------------------------------------------ */

int
ui_triage_sla_of(struct ui *ui, struct ui_column *c)
{
	return c->cfg->sla ? c->cfg->sla : ui->opt.config->sla;
}

/* Open posts in the column and the age of the oldest, from when it was
 * posted. */
void
ui_triage_sla(struct ui *ui, struct ui_column *c, size_t *open,
    int64_t *oldest)
{
	triage_sla(ui->tri, c->tl, open, oldest);
}
