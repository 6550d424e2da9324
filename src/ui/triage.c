/* triage.c — team triage on screen: the cache of every triaged post, kept
 * current from the store's change feed (the audit log), badges on cards,
 * the assign/tag pickers, store columns ("assigned to me"), the collision
 * guard and the SLA clock.
 *
 * Writes go through the storeq thread; the cache changes only from what the
 * store says it committed, so every screen on the host shows the same thing,
 * this one included. A watch on the database's WAL file tells us when anyone
 * wrote, so an idle deck still sleeps.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "starling/clock.h"
#include "starling/config.h"
#include "starling/keymap.h"
#include "starling/log.h"
#include "starling/match.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/storeq.h"
#include "starling/text.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define TRIAGE_REPLYING_FRESH	(15 * 60)	/* an open reply this old counts */

struct ui_triage_entry {
	char			*key;		/* network \x1f id */
	struct store_triage	 t;
	struct ui_triage_entry	*next;
};

struct ui_triage_map {
	struct ui_triage_entry	**bucket;
	size_t			  nbucket, n;
};

static uint32_t
triage_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static char *
triage_key(const char *network, const char *id)
{
	char	*k;

	xasprintf(&k, "%s\x1f%s", network, id);
	return k;
}

static struct ui_triage_entry **
triage_slot(struct ui_triage_map *m, const char *key)
{
	struct ui_triage_entry	**e = &m->bucket[triage_hash(key) % m->nbucket];

	while (*e != NULL && strcmp((*e)->key, key) != 0)
		e = &(*e)->next;
	return e;
}

static const struct store_triage *
triage_find(struct ui *ui, const char *network, const char *id)
{
	struct ui_triage_entry	*e;
	char			*key;

	if (ui->tri == NULL)
		return NULL;
	key = triage_key(network, id);
	e = *triage_slot(ui->tri, key);
	free(key);
	return e ? &e->t : NULL;
}

/* Replaces (or with t NULL removes) the cached state of a post. */
static void
triage_put(struct ui *ui, const char *network, const char *id,
    struct store_triage *t)
{
	struct ui_triage_map	*m = ui->tri;
	struct ui_triage_entry	**slot, *e;
	char			*key = triage_key(network, id);

	slot = triage_slot(m, key);
	if ((e = *slot) != NULL) {
		store_triage_free(&e->t);
		if (t == NULL) {
			*slot = e->next;
			free(e->key);
			free(e);
			m->n--;
		} else
			e->t = *t;
		free(key);
		return;
	}
	if (t == NULL) {
		free(key);
		return;
	}
	e = xcalloc(1, sizeof *e);
	e->key = key;
	e->t = *t;
	e->next = NULL;
	*slot = e;
	m->n++;
}

const struct store_triage *
ui_triage_get(struct ui *ui, const struct post *p)
{
	return triage_find(ui, p->network, p->id);
}

/* --- store columns -------------------------------------------------------- */

static const char *
triage_me(struct ui *ui)
{
	return ui->opt.config->me ? ui->opt.config->me : "me";
}

static bool
triage_open(enum store_status s)
{
	return s == STORE_NEW || s == STORE_OPEN || s == STORE_ASSIGNED;
}

/* Does a store column show a post in this state? */
static bool
triage_member(struct ui *ui, const struct ui_column *c,
    const struct store_triage *t)
{
	const char	*who;
	size_t		 i;
	int		 st;

	if (t == NULL)
		return false;
	switch (c->virt) {
	case UI_VIRT_ASSIGNED:
		who = c->virt_arg ? c->virt_arg : "me";
		if (strcmp(who, "nobody") == 0)
			return t->assignee == NULL && triage_open(t->status);
		if (strcmp(who, "me") == 0)
			who = triage_me(ui);
		return t->assignee != NULL && strcmp(t->assignee, who) == 0 &&
		    triage_open(t->status);
	case UI_VIRT_UNASSIGNED:
		return t->assignee == NULL && triage_open(t->status);
	case UI_VIRT_TAGGED:
		for (i = 0; i < t->ntags; i++)
			if (c->virt_arg && strcmp(t->tags[i], c->virt_arg) == 0)
				return true;
		return false;
	case UI_VIRT_STATUS:
		st = c->virt_arg ? store_status_parse(c->virt_arg) : -1;
		return st >= 0 && (int)t->status == st;
	}
	return false;
}

/* Puts the post in, or takes it out of, every store column. */
static void
triage_place(struct ui *ui, const char *network, const char *id)
{
	const struct store_triage	*t = triage_find(ui, network, id);
	size_t				 i;

	for (i = 0; i < ui->ncol; i++) {
		struct ui_column	*c = &ui->col[i];
		ssize_t			 at = timeline_find(c->tl, id);
		struct post		*p;

		if (c->virt == UI_VIRT_NONE)
			continue;
		if (triage_member(ui, c, t)) {
			if (at >= 0)
				continue;
			if ((p = store_get_post(ui->store, network, id)) == NULL)
				continue;
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
}

static bool
triage_load_one(const struct store_triage *t, void *arg)
{
	struct ui		*ui = arg;
	struct store_triage	 copy = { 0 };

	if (store_get(ui->store, t->network, t->id, &copy) == 1)
		triage_put(ui, t->network, t->id, &copy);
	return true;
}

void
ui_triage_column_init(struct ui *ui, struct ui_column *c)
{
	const struct config_column	*cfg = c->cfg;
	const char			*type = cfg->type ? cfg->type : "";
	size_t				 b;
	struct ui_triage_entry		*e;

	if (strcmp(type, "assigned") == 0) {
		c->virt = UI_VIRT_ASSIGNED;
		c->virt_arg = cfg->to ? cfg->to : "me";
	} else if (strcmp(type, "unassigned") == 0)
		c->virt = UI_VIRT_UNASSIGNED;
	else if (strcmp(type, "tagged") == 0) {
		c->virt = UI_VIRT_TAGGED;
		c->virt_arg = cfg->tag;
	} else if (strcmp(type, "status") == 0) {
		c->virt = UI_VIRT_STATUS;
		c->virt_arg = cfg->status;
	} else
		return;
	c->status.state = ui->store ? SOURCE_LIVE : SOURCE_ERROR;
	if (ui->store == NULL) {
		snprintf(c->status.text, sizeof c->status.text, "%s",
		    ui->store_error ? ui->store_error : "no triage store");
		return;
	}
	for (b = 0; b < ui->tri->nbucket; b++)
		for (e = ui->tri->bucket[b]; e != NULL; e = e->next)
			if (triage_member(ui, c, &e->t)) {
				struct post *p = store_get_post(ui->store,
				    e->t.network, e->t.id);

				if (p != NULL)
					ui_column_insert(ui, c, p);
			}
}

/* --- lifecycle ------------------------------------------------------------ */

static void
triage_watch(struct ui *ui, const char *path)
{
	const char	*slash = strrchr(path, '/');
	char		*dir;

	ui->watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (ui->watch_fd < 0)
		return;
	dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	xasprintf(&ui->watch_name, "%s-wal", slash ? slash + 1 : path);
	if (inotify_add_watch(ui->watch_fd, dir, IN_MODIFY | IN_CREATE |
	    IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
		close(ui->watch_fd);
		ui->watch_fd = -1;
	}
	free(dir);
}

void
ui_triage_init(struct ui *ui)
{
	const struct config	*cfg = ui->opt.config;
	char			*path, err[512];

	ui->watch_fd = -1;
	ui->tri = xcalloc(1, sizeof *ui->tri);
	ui->tri->nbucket = 1024;
	ui->tri->bucket = xcalloc(ui->tri->nbucket, sizeof *ui->tri->bucket);
	path = paths_store(cfg->store);
	if ((ui->store = store_open(path, triage_me(ui), err, sizeof err)) ==
	    NULL || (ui->storeq = storeq_new(path, triage_me(ui), ui->wake, err,
	    sizeof err)) == NULL) {
		ui->store_error = xstrdup(err);
		log_msg("triage store: %s", err);
		if (ui->store)
			store_close(ui->store);
		ui->store = NULL;
		free(path);
		return;
	}
	/* Watch first: a write between the load and the watch is not lost. */
	triage_watch(ui, store_path(ui->store));
	ui->tri_seq = store_last_seq(ui->store);
	store_each(ui->store, triage_load_one, ui);
	free(path);
}

void
ui_triage_free(struct ui *ui)
{
	size_t			 b;
	struct ui_triage_entry	*e, *next;

	storeq_free(ui->storeq);	/* writes what is queued first */
	if (ui->store)
		store_close(ui->store);
	if (ui->tri) {
		for (b = 0; b < ui->tri->nbucket; b++)
			for (e = ui->tri->bucket[b]; e != NULL; e = next) {
				next = e->next;
				store_triage_free(&e->t);
				free(e->key);
				free(e);
			}
		free(ui->tri->bucket);
		free(ui->tri);
	}
	if (ui->watch_fd >= 0)
		close(ui->watch_fd);
	free(ui->watch_name);
	free(ui->store_error);
	if (ui->picker.target)
		post_unref(ui->picker.target);
	for (b = 0; b < ui->picker.nitems; b++)
		free(ui->picker.items[b]);
	free(ui->picker.items);
}

/* Reads what changed since the last audit entry seen, from anyone. */
void
ui_triage_refresh(struct ui *ui)
{
	struct store_audit	*a = NULL;
	struct store_triage	 t;
	size_t			 n = 0, i, c;
	char			 buf[4096];

	if (ui->watch_fd >= 0) {
		/* Only a write to the WAL means someone committed. */
		ssize_t len;
		bool	wal = false;

		while ((len = read(ui->watch_fd, buf, sizeof buf)) > 0) {
			char *p = buf;

			while (p < buf + len) {
				struct inotify_event *ev = (void *)p;

				if (ev->len && strcmp(ev->name, ui->watch_name) == 0)
					wal = true;
				p += sizeof *ev + ev->len;
			}
		}
		/* The WAL is written before the index that says the commit
		 * is there: keep looking for a moment after each write. */
		if (wal)
			ui->tri_recheck = clock_wall_ms() + 1000;
		else if (clock_wall_ms() > ui->tri_recheck)
			return;
	}
	if (ui->store == NULL || !store_changed(ui->store))
		return;
	if (store_audit_since(ui->store, ui->tri_seq, &a, &n) != 0)
		return;
	for (i = 0; i < n; i++) {
		ui->tri_seq = a[i].seq;
		/* One refresh per post, at its last entry in this batch. */
		bool later = false;

		for (size_t j = i + 1; j < n; j++)
			if (strcmp(a[j].network, a[i].network) == 0 &&
			    strcmp(a[j].id, a[i].id) == 0)
				later = true;
		if (!later) {
			memset(&t, 0, sizeof t);
			if (store_get(ui->store, a[i].network, a[i].id, &t) == 1)
				triage_put(ui, a[i].network, a[i].id, &t);
			else
				triage_put(ui, a[i].network, a[i].id, NULL);
			triage_place(ui, a[i].network, a[i].id);
			if (ui->detail && strcmp(ui->detail->id, a[i].id) == 0 &&
			    ui->overlay == UI_OVERLAY_DETAIL) {
				ui_overlay_build(ui);
				ui->dirty_overlay = true;
			}
		}
	}
	for (i = 0; i < n; i++)
		store_audit_free(&a[i]);
	free(a);
	if (n > 0)
		for (c = 0; c < ui->ncol; c++)
			ui->col[c].dirty = true;
}

/* Results of our own writes: report them. The change itself reaches the
 * cache through the feed, like everyone else's. */
void
ui_triage_drain(struct ui *ui)
{
	struct storeq_op	*op;

	if (ui->storeq == NULL)
		return;
	while ((op = storeq_done(ui->storeq)) != NULL) {
		if (op->result != 0)
			ui_message(ui, true, "%s", op->message);
		else if (!op->quiet)
			ui_message(ui, false, "%s", op->message);
		storeq_op_free(op);
	}
	ui_triage_refresh(ui);
}

/* --- what cards show ------------------------------------------------------ */

bool
ui_triage_open(struct ui *ui, const struct post *p)
{
	const struct store_triage	*t = ui_triage_get(ui, p);

	return t == NULL || triage_open(t->status);
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
	const struct store_triage	*t = ui_triage_get(ui, p);
	size_t				 i, o = 0;

	*buf = '\0';
	*replying = NULL;
	if (t == NULL)
		return;
	if (t->assignee)
		o += (size_t)snprintf(buf + o, len - o, "\xe2\x86\x92%s ",
		    t->assignee);
	for (i = 0; i < t->ntags && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "#%s ", t->tags[i]);
	if (o < len && t->status != STORE_NEW && t->status != STORE_ASSIGNED)
		o += (size_t)snprintf(buf + o, len - o, "%s%s%s ",
		    store_status_name(t->status), t->replied_by &&
		    t->status == STORE_REPLIED ? " by " : "", t->replied_by &&
		    t->status == STORE_REPLIED ? t->replied_by : "");
	if (o < len && t->nnotes)
		o += (size_t)snprintf(buf + o, len - o, "\xe2\x9c\x8e%zu ",
		    t->nnotes);
	if (o > 0 && o < len)
		buf[o - 1] = '\0';
	if (t->replying && strcmp(t->replying, triage_me(ui)) != 0 &&
	    ui->now - t->replying_at < TRIAGE_REPLYING_FRESH)
		*replying = t->replying;
}

/* --- commands ------------------------------------------------------------- */

static bool	picker_has_tag(struct ui *, const struct post *, const char *);

static const struct post *
triage_target(struct ui *ui, const char *what)
{
	const struct post	*p;

	if (ui->storeq == NULL) {
		ui_message(ui, true, "%s: %s", what, ui->store_error ?
		    ui->store_error : "no triage store");
		return NULL;
	}
	if (ui->ncol == 0)
		return NULL;
	p = ui->overlay == UI_OVERLAY_DETAIL && ui->detail ? ui->detail :
	    ui_column_selected(&ui->col[ui->focus]);
	if (p == NULL)
		ui_message(ui, true, "%s: no post selected", what);
	return p;
}

static void
triage_submit(struct ui *ui, const struct store_change *c, const char *doing)
{
	storeq_submit(ui->storeq, storeq_change_new(c));
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

static void
picker_open(struct ui *ui, enum ui_picker_kind kind, const struct post *p)
{
	const struct config	*cfg = ui->opt.config;
	struct ui_picker	*pk = &ui->picker;
	size_t			 i, b;
	struct ui_triage_entry	*e;

	for (i = 0; i < pk->nitems; i++)
		free(pk->items[i]);
	free(pk->items);
	if (pk->target)
		post_unref(pk->target);
	memset(pk, 0, sizeof *pk);
	pk->kind = kind;
	pk->target = post_ref((struct post *)p);
	pk->items = xcalloc(cfg->nteam + cfg->ntags + 4 + 64, sizeof *pk->items);
	if (kind == UI_PICK_ASSIGN) {
		pk->items[pk->nitems++] = xstrdup("me");
		for (i = 0; i < cfg->nteam; i++)
			if (strcmp(cfg->team[i], triage_me(ui)) != 0)
				pk->items[pk->nitems++] = xstrdup(cfg->team[i]);
		pk->items[pk->nitems++] = xstrdup("nobody");
	} else {
		for (i = 0; i < cfg->ntags; i++)
			pk->items[pk->nitems++] = xstrdup(cfg->tags[i].key);
		/* Tags the team already uses, a few of them. */
		for (b = 0; b < ui->tri->nbucket && pk->nitems < cfg->ntags + 60;
		    b++)
			for (e = ui->tri->bucket[b]; e != NULL; e = e->next)
				for (i = 0; i < e->t.ntags; i++)
					if (!triage_known((const char *const *)
					    pk->items, pk->nitems, e->t.tags[i]) &&
					    pk->nitems < cfg->ntags + 60)
						pk->items[pk->nitems++] =
						    xstrdup(e->t.tags[i]);
	}
	ui->overlay = UI_OVERLAY_PICKER;
	ui->dirty_all = true;
}

void
ui_assign(struct ui *ui, const char *who)
{
	const struct config	*cfg = ui->opt.config;
	const struct post	*p = triage_target(ui, who && *who == '\0' ?
				    "unassign" : "assign");
	struct store_change	 c = { .kind = STORE_CHANGE_ASSIGN };
	char			 msg[128];

	if (p == NULL)
		return;
	if (who == NULL) {
		picker_open(ui, UI_PICK_ASSIGN, p);
		return;
	}
	if (strcmp(who, "me") == 0)
		who = triage_me(ui);
	if (*who != '\0' && strcmp(who, "nobody") != 0 && cfg->nteam > 0 &&
	    !triage_known((const char *const *)cfg->team, cfg->nteam, who) &&
	    strcmp(who, triage_me(ui)) != 0) {
		ui_message(ui, true, "assign: %s is not in the team", who);
		return;
	}
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	if (*who != '\0' && strcmp(who, "nobody") != 0)
		c.arg = who;
	snprintf(msg, sizeof msg, c.arg ? "assigning to %s…" : "unassigning…",
	    who);
	triage_submit(ui, &c, msg);
}

void
ui_tag(struct ui *ui, const char *tag, bool add)
{
	const struct post		*p = triage_target(ui, add ? "tag" : "untag");
	struct store_change		 c = { .kind = STORE_CHANGE_TAG };

	if (p == NULL)
		return;
	if (tag == NULL) {
		picker_open(ui, UI_PICK_TAG, p);
		return;
	}
	if (*tag == '#')
		tag++;
	if (*tag == '\0' || strpbrk(tag, " \t,#") != NULL) {
		ui_message(ui, true, "%s: a tag is one word", add ? "tag" :
		    "untag");
		return;
	}
	if (!add && !picker_has_tag(ui, p, tag)) {
		ui_message(ui, true, "untag: the post has no tag #%s", tag);
		return;
	}
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.arg = tag;
	c.on = add;
	triage_submit(ui, &c, add ? "tagging…" : "removing the tag…");
}

void
ui_set_status(struct ui *ui, const char *status)
{
	/* Messages name the command the user typed, not the status. */
	const char		*cmd = strcmp(status, "ignored") == 0 ?
				    "ignore" : strcmp(status, "open") == 0 ?
				    "reopen" : status;
	const struct post	*p = triage_target(ui, cmd);
	struct store_change	 c = { .kind = STORE_CHANGE_STATUS };
	int			 st = store_status_parse(status);

	if (p == NULL)
		return;
	if (st < 0) {
		ui_message(ui, true, "status: no status \"%s\"", status);
		return;
	}
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.status = (enum store_status)st;
	triage_submit(ui, &c, NULL);
}

void
ui_note(struct ui *ui, const char *text)
{
	const struct post	*p = triage_target(ui, "note");
	struct store_change	 c = { .kind = STORE_CHANGE_NOTE };

	if (p == NULL)
		return;
	if (text == NULL) {
		if (ui->picker.target)
			post_unref(ui->picker.target);
		ui->picker.target = post_ref((struct post *)p);
		ui_prompt_open(ui, UI_PROMPT_NOTE, NULL);
		return;
	}
	if (*text == '\0')
		return;
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.arg = text;
	triage_submit(ui, &c, "adding the note…");
}

/* The note prompt's Enter: the note goes to the post it was opened on. */
void
ui_triage_note_text(struct ui *ui, const char *text)
{
	struct store_change	 c = { .kind = STORE_CHANGE_NOTE };
	struct post		*p = ui->picker.target;

	if (p == NULL || ui->storeq == NULL || *text == '\0')
		return;
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.arg = text;
	triage_submit(ui, &c, "adding the note…");
	post_unref(p);
	ui->picker.target = NULL;
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
	if (ui->picker.target)
		post_unref(ui->picker.target);
	ui->picker.target = post_ref((struct post *)p);
	snprintf(q, sizeof q, "%s is replying to this post. Reply anyway? (y/n) ",
	    who);
	ui_prompt_open(ui, UI_PROMPT_CONFIRM, NULL);
	snprintf(ui->message, sizeof ui->message, "%s", q);
	return false;
}

void
ui_triage_replying(struct ui *ui, const struct post *p, bool start)
{
	struct store_change	 c = { .kind = STORE_CHANGE_REPLYING };
	struct storeq_op	*op;

	if (ui->storeq == NULL || p == NULL)
		return;
	c.post = p;
	c.network = p->network;
	c.id = p->id;
	c.on = start;
	op = storeq_change_new(&c);
	op->quiet = true;
	storeq_submit(ui->storeq, op);
}

void
ui_triage_action(struct ui *ui, const char *network, const char *id,
    const char *action, const char *detail, const char *done)
{
	struct store_change	 c = { .kind = STORE_CHANGE_ACTION };
	struct storeq_op	*op;

	/* Done is said once the audit log has it; without a store, now. */
	if (ui->storeq == NULL) {
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
	op = storeq_change_new(&c);
	op->done = done ? xstrdup(done) : NULL;
	op->quiet = done == NULL;
	storeq_submit(ui->storeq, op);
}

/* The detail pane's part: state, notes and the post's whole history. */
void
ui_triage_overlay(struct ui *ui, const struct post *p)
{
	const struct store_triage	*t = ui_triage_get(ui, p);
	struct store_audit		*a = NULL;
	size_t				 n = 0, i;
	char				 line[1024], when[64], *what;

	if (ui->store == NULL || t == NULL)
		return;
	ui_overlay_add(ui, "", THEME_NORMAL);
	snprintf(line, sizeof line, "Triage: %s%s%s", store_status_name(t->status),
	    t->assignee ? " \xc2\xb7 assigned to " : "", t->assignee ?
	    t->assignee : "");
	ui_overlay_add(ui, line, THEME_HEADER);
	if (store_history(ui->store, p->network, p->id, &a, &n) != 0)
		return;
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
		store_audit_free(&a[i]);
	}
	free(a);
}

/* --- the picker ----------------------------------------------------------- */

static bool
picker_has_tag(struct ui *ui, const struct post *p, const char *tag)
{
	const struct store_triage	*t = ui_triage_get(ui, p);
	size_t				 i;

	for (i = 0; t != NULL && i < t->ntags; i++)
		if (strcmp(t->tags[i], tag) == 0)
			return true;
	return false;
}

static size_t
picker_matches(struct ui *ui, size_t *idx, size_t max)
{
	struct ui_picker	*pk = &ui->picker;
	size_t			 i, n = 0;

	for (i = 0; i < pk->nitems && n < max; i++)
		if (text_match(pk->items[i], pk->filter))
			idx[n++] = i;
	return n;
}

static void
picker_close(struct ui *ui)
{
	ui->overlay = UI_OVERLAY_NONE;
	ui->dirty_all = true;
	curs_set(0);
}

void
ui_picker_key(struct ui *ui, int32_t key)
{
	struct ui_picker	*pk = &ui->picker;
	size_t			 idx[128], n = picker_matches(ui, idx, 128), len;
	char			 buf[8], choice[128];
	struct post		*keep;

	ui->dirty_overlay = true;
	switch (key) {
	case KEYC_ESC:
	case 7:
		picker_close(ui);
		return;
	case KEYC_UP:
	case 16:
		if (pk->sel > 0)
			pk->sel--;
		return;
	case KEYC_DOWN:
	case 14:
	case KEYC_TAB:
		if (pk->sel + 1 < n + (pk->kind == UI_PICK_TAG && *pk->filter))
			pk->sel++;
		return;
	case KEYC_BACKSPACE:
	case 8:
	case 127:
		len = strlen(pk->filter);
		while (len > 0 && ((unsigned char)pk->filter[--len] & 0xc0) ==
		    0x80)
			;
		pk->filter[len] = '\0';
		pk->sel = 0;
		return;
	case KEYC_ENTER:
		if (pk->sel < n)
			snprintf(choice, sizeof choice, "%s",
			    pk->items[idx[pk->sel]]);
		else if (pk->kind == UI_PICK_TAG && *pk->filter)
			snprintf(choice, sizeof choice, "%s", pk->filter);
		else
			return;
		/* Act on the post the picker was opened for. */
		keep = post_ref(pk->target);
		if (ui->detail == NULL) {
			ui->detail = keep;
			keep = NULL;
		}
		ui->overlay = UI_OVERLAY_DETAIL;
		if (pk->kind == UI_PICK_ASSIGN)
			ui_assign(ui, choice);
		else
			/* A tag the post has comes off: the picker toggles. */
			ui_tag(ui, choice, !picker_has_tag(ui, pk->target,
			    choice));
		ui->overlay = UI_OVERLAY_PICKER;
		if (keep == NULL) {
			post_unref(ui->detail);
			ui->detail = NULL;
		} else
			post_unref(keep);
		picker_close(ui);
		return;
	}
	if (key >= 0x20 && key < KEYC_BASE && key != 0x7f) {
		len = strlen(pk->filter);
		n = text_encode(key, buf);
		if (len + n < sizeof pk->filter) {
			memcpy(pk->filter + len, buf, n);
			pk->filter[len + n] = '\0';
		}
		pk->sel = 0;
	}
}

void
ui_picker_draw(struct ui *ui)
{
	struct ui_picker	*pk = &ui->picker;
	size_t			 idx[128], n = picker_matches(ui, idx, 128), i;
	int			 w = ui->cols < 44 ? ui->cols - 2 : 40;
	int			 x = (ui->cols - w) / 2, y = 2, rows;
	char			 line[200];
	const char		*title = pk->kind == UI_PICK_ASSIGN ?
				    "Assign to (type to filter, Enter picks)" :
				    "Tag (type to filter or name a new tag)";
	bool			 extra = pk->kind == UI_PICK_TAG && *pk->filter &&
				    !triage_known((const char *const *)pk->items,
				    pk->nitems, pk->filter);

	rows = (int)n + 3 + extra;
	if (rows > ui->rows - 4)
		rows = ui->rows - 4;
	for (i = 0; i < (size_t)rows; i++)
		ui_fill(ui, y + (int)i, x, w, THEME_HELP);
	ui_draw_text(ui, y, x + 1, w - 2, title, strlen(title), THEME_HEADER);
	snprintf(line, sizeof line, "> %s", pk->filter);
	ui_draw_text(ui, y + 1, x + 1, w - 2, line, strlen(line), THEME_PROMPT);
	for (i = 0; i < n && (int)i + 2 < rows; i++) {
		snprintf(line, sizeof line, "%s %s", i == pk->sel ? "\xe2\x96\xb8" :
		    " ", pk->items[idx[i]]);
		ui_draw_text(ui, y + 2 + (int)i, x + 1, w - 2, line, strlen(line),
		    i == pk->sel ? THEME_SELECTED : THEME_HELP);
	}
	if (extra && (int)n + 2 < rows) {
		snprintf(line, sizeof line, "%s new tag: %s", n == pk->sel ?
		    "\xe2\x96\xb8" : " ", pk->filter);
		ui_draw_text(ui, y + 2 + (int)n, x + 1, w - 2, line, strlen(line),
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
	size_t	i, n = timeline_count(c->tl);

	*open = 0;
	*oldest = 0;
	for (i = 0; i < n; i++) {
		const struct post		*p = timeline_at(c->tl, i)->post;
		const struct store_triage	*t = ui_triage_get(ui, p);

		if (t != NULL && !triage_open(t->status))
			continue;
		if (p->notify == POST_NOTIFY_FOLLOW)
			continue;
		(*open)++;
		if (*oldest == 0 || p->created < *oldest)
			*oldest = p->created;
	}
}
