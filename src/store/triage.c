/* triage.c — the triage cache and its feed. The cache is a hash map keyed
 * by network and id, owned by the UI thread; the reads are storeq ops whose
 * read function runs on the reader thread with a struct triage_read of
 * their own, which comes back filled. One feed read (the load or a refresh)
 * is on its way at a time, so the audit sequence they carry never goes
 * back; history reads are numbered and only the newest one counts; one
 * lookup read is on its way at a time, and the posts asked about meanwhile
 * wait for the next.
 *
 * The cache knows a post as triaged (its state), as not triaged (asked and
 * not found, or gone) or as being looked up. The load streams the store
 * twice in one snapshot: the creation times of each view's posts first, to
 * find how far back each view's limit reaches, then the posts within it,
 * so the load's memory is what the views show however big the store.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/clock.h"
#include "starling/config.h"
#include "starling/hash.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/storeq.h"
#include "starling/timeline.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"

#define TRIAGE_NBUCKET	4096
#define TRIAGE_RETRY_MS	1000	/* after a feed read failed */
#define TRIAGE_ABSENT_MAX 20000	/* posts known not to be triaged; past
				 * this they are forgotten (and asked
				 * about again when shown) */
#define TRIAGE_TAGS_MAX	256	/* tags in use kept for the picker */

struct triage_entry {
	char			*key;		/* network \x1f id */
	struct store_triage	 t;		/* when found */
	bool			 found;		/* false: not triaged, or
						 * pending */
	bool			 pending;	/* a lookup is on its way */
	struct triage_entry	*next;
};

enum triage_read_kind { TRIAGE_READ_LOAD, TRIAGE_READ_REFRESH,
	TRIAGE_READ_HISTORY, TRIAGE_READ_LOOKUP, TRIAGE_READ_OTHER };

/* A post's state as the worker read it. */
struct triage_item {
	struct store_triage	 t;		/* network and id always set */
	bool			 found;		/* false: not triaged */
	struct post		*post;		/* a view shows it: its snapshot */
};

/* One read: what to read, filled in on the reader thread. */
struct triage_read {
	enum triage_read_kind	 kind;
	const char		*me;		/* the triage's; never changes */
	struct triage_view	*views;		/* a copy */
	size_t			 nviews;
	int64_t			 after;		/* refresh: the last seq seen */
	bool			 force;		/* refresh: read even when the
						 * store says nothing changed */
	char			*network, *id;	/* history */
	unsigned		 gen;		/* history: the request's number */

	bool			 failed;
	int64_t			 seq;		/* the last seq read */
	int			 again;		/* store_watch_again() */
	int			 watch;		/* store_watch_fd() after it */
	char			 offline[512];	/* store_offline(), or "" */
	struct triage_item	*items;
	size_t			 nitems, aitems;
	struct store_audit	*audit;		/* history; refresh: the
						 * entries of approval items */
	size_t			 naudit;
	char			**tags;		/* load: the tags in use */
	size_t			 ntags;

	/* TRIAGE_READ_OTHER: triage_read()'s. */
	void			(*other)(struct store *, void *);
	void			(*other_done)(void *, void *);
	void			*other_ctx, *other_arg;
	void			(*other_free)(void *);
};

enum triage_history_state { TRIAGE_HISTORY_NONE, TRIAGE_HISTORY_READING,
	TRIAGE_HISTORY_READ, TRIAGE_HISTORY_FAILED };

struct triage {
	struct storeq		*q;
	char			*error;
	char			*me;
	struct triage_hooks	 hooks;
	void			*arg;

	struct triage_entry	**bucket;
	size_t			  n;
	size_t			  nabsent;	/* entries not found */
	char			**tags;		/* in use, for the picker */
	size_t			  ntags;

	/* Lookups: the posts asked about while one is on its way. */
	struct triage_item	*want;
	size_t			 nwant, awant;
	bool			 looking;

	struct triage_view	*views;
	size_t			 nviews;

	int			 watch;		/* the store's descriptor */
	char			*offline;	/* store_offline(), or NULL */
	bool			 started;	/* triage_start() was called */
	bool			 loaded;	/* the first load is in */
	bool			 feeding;	/* a feed read is on its way */
	bool			 missed;	/* the last feed read failed */
	int64_t			 seq;		/* the last audit entry applied */
	int64_t			 next_check;	/* poll at (monotonic ms); 0 */

	/* The history of one post, the detail pane's. */
	char			*hnetwork, *hid;
	enum triage_history_state hstate;
	bool			 hstale;	/* the post changed since */
	bool			 hasked;	/* a read is on its way */
	unsigned		 hgen;
	struct store_audit	*haudit;
	size_t			 hnaudit;
};

/* --- the cache ------------------------------------------------------------ */

static char *
triage_key(const char *network, const char *id)
{
	char	*k;

	xasprintf(&k, "%s\x1f%s", network, id);
	return k;
}

static struct triage_entry **
triage_slot(struct triage_entry **bucket, const char *key)
{
	struct triage_entry	**e;

	e = &bucket[hash_str(key) % TRIAGE_NBUCKET];

	while (*e != NULL && strcmp((*e)->key, key) != 0)
		e = &(*e)->next;
	return e;
}

const struct store_triage *
triage_get(const struct triage *tri, const char *network, const char *id)
{
	struct triage_entry	*e;
	char			*key;

	if (tri == NULL || tri->n == 0 || network == NULL || id == NULL)
		return NULL;
	key = triage_key(network, id);
	e = *triage_slot(tri->bucket, key);
	free(key);
	return e != NULL && e->found ? &e->t : NULL;
}

static struct triage_entry *
triage_entry_new(struct triage *tri, struct triage_entry **slot, char *key)
{
	struct triage_entry	*e = xcalloc(1, sizeof *e);

	e->key = key;
	*slot = e;
	tri->n++;
	tri->nabsent++;
	return e;
}

/* Takes t over (with t NULL: the post is not triaged; a post the cache did
 * not know stays unknown); the cached state. */
static const struct store_triage *
triage_put(struct triage *tri, const char *network, const char *id,
    struct store_triage *t)
{
	struct triage_entry	**slot, *e;
	char			*key = triage_key(network, id);

	slot = triage_slot(tri->bucket, key);
	if ((e = *slot) != NULL)
		free(key);
	else if (t == NULL) {
		free(key);
		return NULL;
	} else
		e = triage_entry_new(tri, slot, key);
	store_triage_free(&e->t);
	memset(&e->t, 0, sizeof e->t);
	e->pending = false;
	if (e->found != (t != NULL))
		tri->nabsent += e->found ? 1 : -1;
	e->found = t != NULL;
	if (t == NULL)
		return NULL;
	e->t = *t;
	return &e->t;
}

/* Forgets the posts known not to be triaged, when there are too many. */
static void
triage_forget_absent(struct triage *tri)
{
	struct triage_entry	**slot, *e;
	size_t			 b;

	if (tri->nabsent <= TRIAGE_ABSENT_MAX)
		return;
	for (b = 0; b < TRIAGE_NBUCKET; b++)
		for (slot = &tri->bucket[b]; (e = *slot) != NULL;) {
			if (e->found || e->pending) {
				slot = &e->next;
				continue;
			}
			*slot = e->next;
			free(e->key);
			free(e);
			tri->n--;
			tri->nabsent--;
		}
}

static bool
triage_tag_known(char **tags, size_t n, const char *tag)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(tags[i], tag) == 0)
			return true;
	return false;
}

/* Adds t's tags to a set of at most TRIAGE_TAGS_MAX. */
static void
triage_tags_add(char ***tags, size_t *n, const struct store_triage *t)
{
	size_t	i;

	for (i = 0; i < t->ntags && *n < TRIAGE_TAGS_MAX; i++) {
		if (triage_tag_known(*tags, *n, t->tags[i]))
			continue;
		*tags = xreallocarray(*tags, *n + 1, sizeof **tags);
		(*tags)[(*n)++] = xstrdup(t->tags[i]);
	}
}

void
triage_tags(const struct triage *tri, bool (*cb)(const char *, void *),
    void *arg)
{
	size_t	i;

	for (i = 0; tri != NULL && i < tri->ntags; i++)
		if (!cb(tri->tags[i], arg))
			return;
}

/* --- views ---------------------------------------------------------------- */

static const char *
triage_view_to(const struct config_column *cfg)
{
	return cfg->to != NULL ? cfg->to : "me";
}

static const char *
triage_view_tag(const struct config_column *cfg)
{
	return cfg->tag;
}

static const char *
triage_view_status(const struct config_column *cfg)
{
	return cfg->status;
}

/* A column type and the config key that says whom, which tag, which
 * status. */
struct triage_view_type {
	const char		*type;
	enum triage_view_kind	 kind;
	const char		*(*arg)(const struct config_column *);
};

static const struct triage_view_type triage_view_types[] = {
	{ "assigned", TRIAGE_VIEW_ASSIGNED, triage_view_to },
	{ "unassigned", TRIAGE_VIEW_UNASSIGNED, NULL },
	{ "tagged", TRIAGE_VIEW_TAGGED, triage_view_tag },
	{ "status", TRIAGE_VIEW_STATUS, triage_view_status },
	{ "approvals", TRIAGE_VIEW_APPROVALS, NULL },
};

struct triage_view
triage_view_of(const struct config_column *cfg)
{
	struct triage_view		 v = { TRIAGE_VIEW_NONE, NULL, 0 };
	const struct triage_view_type	*vt;
	size_t				 i;

	for (i = 0; cfg->type != NULL && i < sizeof triage_view_types /
	    sizeof triage_view_types[0]; i++) {
		vt = &triage_view_types[i];
		if (strcmp(cfg->type, vt->type) != 0)
			continue;
		v.kind = vt->kind;
		v.arg = vt->arg != NULL ? vt->arg(cfg) : NULL;
		break;
	}
	return v;
}

bool
triage_status_open(enum store_status s)
{
	return s == STORE_NEW || s == STORE_OPEN || s == STORE_ASSIGNED;
}

/* Does a view show a post in state t? Safe on the reader thread: it reads
 * only its arguments. */
static bool
triage_shows(const char *me, const struct triage_view *v,
    const struct store_triage *t)
{
	const char	*who;
	size_t		 i;
	int		 st;

	if (t == NULL)
		return false;
	/* What awaits approval is not a post to triage: only the
	 * approvals column shows it. */
	if ((v->kind == TRIAGE_VIEW_APPROVALS) !=
	    (t->network != NULL && strcmp(t->network, TRIAGE_APPROVAL) == 0))
		return false;
	switch (v->kind) {
	case TRIAGE_VIEW_NONE:
		return false;
	case TRIAGE_VIEW_APPROVALS:
		return t->status == STORE_NEW || t->status == STORE_OPEN;
	case TRIAGE_VIEW_ASSIGNED:
		who = v->arg ? v->arg : "me";
		if (strcmp(who, "nobody") == 0)
			return t->assignee == NULL &&
			    triage_status_open(t->status);
		if (strcmp(who, "me") == 0)
			who = me;
		return t->assignee != NULL && strcmp(t->assignee, who) == 0 &&
		    triage_status_open(t->status);
	case TRIAGE_VIEW_UNASSIGNED:
		return t->assignee == NULL && triage_status_open(t->status);
	case TRIAGE_VIEW_TAGGED:
		for (i = 0; i < t->ntags; i++)
			if (v->arg && strcmp(t->tags[i], v->arg) == 0)
				return true;
		return false;
	case TRIAGE_VIEW_STATUS:
		st = v->arg ? store_status_parse(v->arg) : -1;
		return st >= 0 && (int)t->status == st;
	}
	return false;
}

bool
triage_member(const struct triage *tri, const struct triage_view *v,
    const struct store_triage *t)
{
	return tri != NULL && triage_shows(tri->me, v, t);
}

void
triage_view_add(struct triage *tri, const struct triage_view *v)
{
	if (v->kind == TRIAGE_VIEW_NONE)
		return;
	tri->views = xreallocarray(tri->views, tri->nviews + 1,
	    sizeof *tri->views);
	tri->views[tri->nviews++] = *v;
}

/* --- reads, on the reader thread ----------------------------------------- */

static struct triage_item *
triage_read_item(struct triage_read *r)
{
	if (r->nitems == r->aitems) {
		r->aitems = r->aitems ? r->aitems * 2 : 64;
		r->items = xreallocarray(r->items, r->aitems,
		    sizeof *r->items);
	}
	memset(&r->items[r->nitems], 0, sizeof r->items[0]);
	return &r->items[r->nitems++];
}

/* The snapshot of a post some view shows. */
static void
triage_read_post(struct store *s, const struct triage_read *r,
    struct triage_item *it)
{
	size_t	i;

	for (i = 0; i < r->nviews; i++)
		if (triage_shows(r->me, &r->views[i], &it->t)) {
			it->post = store_get_post(s, it->t.network, it->t.id);
			return;
		}
}

/* The load's two passes over the store. */
struct triage_load_ctx {
	struct store		*s;
	struct triage_read	*r;
	/* Pass 1: the creation times of each limited view's posts. */
	int64_t			**created;
	size_t			 *ncreated, *acreated;
	/* Pass 2: how far back each view reaches (INT64_MIN: all). */
	int64_t			 *since;
};

static bool
triage_load_count(const struct store_triage *t, void *arg)
{
	struct triage_load_ctx	*ctx = arg;
	struct triage_read	*r = ctx->r;
	size_t			 v, *n;

	triage_tags_add(&r->tags, &r->ntags, t);
	for (v = 0; v < r->nviews; v++) {
		if (r->views[v].limit == 0 ||
		    !triage_shows(r->me, &r->views[v], t))
			continue;
		n = &ctx->ncreated[v];
		if (*n == ctx->acreated[v]) {
			ctx->acreated[v] = *n ? *n * 2 : 256;
			ctx->created[v] = xreallocarray(ctx->created[v],
			    ctx->acreated[v], sizeof *ctx->created[v]);
		}
		ctx->created[v][(*n)++] = t->created;
	}
	return true;
}

static int
triage_newest_first(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static bool
triage_load_keep(const struct store_triage *t, void *arg)
{
	struct triage_load_ctx	*ctx = arg;
	struct triage_read	*r = ctx->r;
	struct triage_item	*it;
	size_t			 v;

	for (v = 0; v < r->nviews; v++)
		if (t->created >= ctx->since[v] &&
		    triage_shows(r->me, &r->views[v], t))
			break;
	if (v == r->nviews)
		return true;
	it = triage_read_item(r);
	store_triage_copy(&it->t, t);
	it->found = true;
	return true;
}

/* What the views show (each its newest posts up to its limit), the tags in
 * use, and the audit sequence they are as of, from one snapshot. Posts
 * created at the same second as a view's oldest may take it a little past
 * its limit. */
static void
triage_read_load(struct store *s, struct triage_read *r)
{
	struct triage_load_ctx	 ctx = { s, r, NULL, NULL, NULL, NULL };
	char			 err[256];
	size_t			 v, i;
	bool			 snap;

	snap = store_read_begin(s, err, sizeof err) == 0;
	r->seq = store_last_seq(s);
	ctx.created = xcalloc(r->nviews + 1, sizeof *ctx.created);
	ctx.ncreated = xcalloc(r->nviews + 1, sizeof *ctx.ncreated);
	ctx.acreated = xcalloc(r->nviews + 1, sizeof *ctx.acreated);
	ctx.since = xcalloc(r->nviews + 1, sizeof *ctx.since);
	if (r->seq < 0 || store_each(s, triage_load_count, &ctx) != 0)
		r->failed = true;
	else if (r->nviews > 0) {
		for (v = 0; v < r->nviews; v++) {
			ctx.since[v] = INT64_MIN;
			if (ctx.ncreated[v] <= r->views[v].limit)
				continue;
			qsort(ctx.created[v], ctx.ncreated[v],
			    sizeof *ctx.created[v], triage_newest_first);
			ctx.since[v] = ctx.created[v][r->views[v].limit - 1];
		}
		if (store_each(s, triage_load_keep, &ctx) != 0)
			r->failed = true;
		for (i = 0; !r->failed && i < r->nitems; i++)
			triage_read_post(s, r, &r->items[i]);
	}
	if (snap)
		store_read_end(s);
	for (v = 0; v < r->nviews; v++)
		free(ctx.created[v]);
	free(ctx.created);
	free(ctx.ncreated);
	free(ctx.acreated);
	free(ctx.since);
}

/* The state of each post asked about. */
static void
triage_read_lookup(struct store *s, struct triage_read *r)
{
	struct triage_item	*it;
	struct store_triage	 t;
	size_t			 i;

	for (i = 0; i < r->nitems; i++) {
		it = &r->items[i];
		memset(&t, 0, sizeof t);
		switch (store_get(s, it->t.network, it->t.id, &t)) {
		case 1:
			break;
		case 0:
			store_triage_free(&t);
			continue;
		default:
			store_triage_free(&t);
			r->failed = true;
			return;
		}
		store_triage_free(&it->t);
		it->t = t;
		it->found = true;
		triage_read_post(s, r, it);
	}
}

/* What changed since r->after: each post once, at its last entry. */
static void
triage_read_refresh(struct store *s, struct triage_read *r)
{
	struct store_audit	*a = NULL;
	struct triage_item	*it;
	size_t			 n = 0, i, j;
	bool			 changed, later;

	r->seq = r->after;
	changed = store_changed(s);
	if (!changed && !r->force)
		return;
	if (store_audit_since(s, r->after, &a, &n) != 0) {
		r->failed = true;
		return;
	}
	for (i = 0; i < n; i++) {
		r->seq = a[i].seq;
		for (later = false, j = i + 1; j < n && !later; j++)
			later = strcmp(a[j].network, a[i].network) == 0 &&
			    strcmp(a[j].id, a[i].id) == 0;
		if (later)
			continue;
		it = triage_read_item(r);
		if (store_get(s, a[i].network, a[i].id, &it->t) == 1)
			it->found = true;
		else {
			store_triage_free(&it->t);
			it->t.network = xstrdup(a[i].network);
			it->t.id = xstrdup(a[i].id);
		}
		triage_read_post(s, r, it);
	}
	/* What was decided about approval items, for their writers. */
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].network, TRIAGE_APPROVAL) == 0) {
			r->audit = xreallocarray(r->audit, r->naudit + 1,
			    sizeof *r->audit);
			r->audit[r->naudit++] = a[i];
			memset(&a[i], 0, sizeof a[i]);
		}
		store_audit_free(&a[i]);
	}
	free(a);
}

static void
triage_read_run(struct store *s, void *arg)
{
	struct triage_read	*r = arg;

	switch (r->kind) {
	case TRIAGE_READ_LOAD:
		triage_read_load(s, r);
		break;
	case TRIAGE_READ_REFRESH:
		triage_read_refresh(s, r);
		break;
	case TRIAGE_READ_LOOKUP:
		triage_read_lookup(s, r);
		break;
	case TRIAGE_READ_HISTORY:
		r->failed = store_history(s, r->network, r->id, &r->audit,
		    &r->naudit) != 0;
		break;
	case TRIAGE_READ_OTHER:
		r->other(s, r->other_arg);
		break;
	}
	/* Asked after the reads: a wake-up that came in while they ran
	 * (PostgreSQL keeps it in its queue, off the descriptor) shows
	 * here. A connection made again has a new descriptor. */
	r->again = store_watch_again(s);
	r->watch = store_watch_fd(s);
	snprintf(r->offline, sizeof r->offline, "%s",
	    store_offline(s) ? store_offline(s) : "");
}

static void
triage_read_free(void *arg)
{
	struct triage_read	*r = arg;
	size_t			 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nitems; i++) {
		store_triage_free(&r->items[i].t);
		if (r->items[i].post)
			post_unref(r->items[i].post);
	}
	free(r->items);
	for (i = 0; i < r->ntags; i++)
		free(r->tags[i]);
	free(r->tags);
	for (i = 0; i < r->naudit; i++)
		store_audit_free(&r->audit[i]);
	free(r->audit);
	free(r->views);
	free(r->network);
	free(r->id);
	if (r->other_free != NULL)
		r->other_free(r->other_arg);
	free(r);
}

static void
triage_submit_read(struct triage *tri, struct triage_read *r)
{
	r->me = tri->me;
	if (tri->nviews > 0) {
		r->views = xcalloc(tri->nviews, sizeof *r->views);
		memcpy(r->views, tri->views, tri->nviews * sizeof *r->views);
		r->nviews = tri->nviews;
	}
	storeq_submit(tri->q, storeq_read_new(triage_read_run, r,
	    triage_read_free));
}

/* --- applying what was read, on the UI thread ----------------------------- */

static bool
triage_is_history_post(const struct triage *tri, const char *network,
    const char *id)
{
	return tri->hnetwork != NULL && strcmp(tri->hnetwork, network) == 0 &&
	    strcmp(tri->hid, id) == 0;
}

static void
triage_apply_items(struct triage *tri, struct triage_read *r)
{
	const struct store_triage	*t;
	struct triage_item		*it;
	char				*network, *id;
	size_t				 i;

	for (i = 0; i < r->nitems; i++) {
		it = &r->items[i];
		if (it->found)
			triage_tags_add(&tri->tags, &tri->ntags, &it->t);
		if (r->kind == TRIAGE_READ_LOOKUP && !it->found) {
			/* Not triaged, as the screen thought. */
			triage_put(tri, it->t.network, it->t.id, NULL);
			continue;
		}
		/* The cache takes the state over, its strings with it. */
		network = xstrdup(it->t.network);
		id = xstrdup(it->t.id);
		if (it->found)
			t = triage_put(tri, network, id, &it->t);
		else {
			store_triage_free(&it->t);
			t = triage_put(tri, network, id, NULL);
		}
		memset(&it->t, 0, sizeof it->t);
		if (triage_is_history_post(tri, network, id))
			tri->hstale = true;
		if (tri->hooks.changed != NULL)
			tri->hooks.changed(tri->arg, network, id, t, it->post);
		free(network);
		free(id);
	}
}

/* Whether the store is there, as the last read found it; the UI hears of
 * a change. */
static void
triage_apply_offline(struct triage *tri, struct triage_read *r)
{
	bool	now = r->offline[0] != '\0';

	tri->watch = r->watch;
	if (now == (tri->offline != NULL) && (!now ||
	    strcmp(tri->offline, r->offline) == 0))
		return;
	free(tri->offline);
	tri->offline = now ? xstrdup(r->offline) : NULL;
	if (tri->hooks.offline != NULL)
		tri->hooks.offline(tri->arg, tri->offline);
}

static bool
triage_apply_feed(struct triage *tri, struct triage_read *r)
{
	int64_t	now = clock_mono_ms();
	size_t	i;

	tri->feeding = false;
	triage_apply_offline(tri, r);
	tri->next_check = r->again >= 0 ? now + r->again : 0;
	if (r->failed) {
		/* Read it all again in a second: the store may have said
		 * what changed already. */
		tri->missed = true;
		tri->next_check = now + TRIAGE_RETRY_MS;
		return false;
	}
	tri->missed = false;
	tri->seq = r->seq;
	triage_apply_items(tri, r);
	for (i = 0; i < r->naudit; i++)
		if (tri->hooks.approval != NULL)
			tri->hooks.approval(tri->arg, &r->audit[i]);
	if (r->kind == TRIAGE_READ_LOAD) {
		for (i = 0; i < r->ntags; i++)
			if (!triage_tag_known(tri->tags, tri->ntags,
			    r->tags[i]) && tri->ntags < TRIAGE_TAGS_MAX) {
				tri->tags = xreallocarray(tri->tags,
				    tri->ntags + 1, sizeof *tri->tags);
				tri->tags[tri->ntags++] = xstrdup(r->tags[i]);
			}
		tri->loaded = true;
		return true;	/* the screen looks up what it shows */
	}
	return r->nitems > 0;
}

/* Asks about the posts wanted since the last lookup. */
static void
triage_lookup_submit(struct triage *tri)
{
	struct triage_read	*r;

	if (tri->looking || tri->nwant == 0)
		return;
	r = xcalloc(1, sizeof *r);
	r->kind = TRIAGE_READ_LOOKUP;
	r->items = tri->want;
	r->nitems = tri->nwant;
	r->aitems = tri->awant;
	tri->want = NULL;
	tri->nwant = tri->awant = 0;
	tri->looking = true;
	triage_submit_read(tri, r);
}

/* What a lookup found. When it failed, the posts are forgotten, to be
 * asked about again when shown. */
static bool
triage_apply_lookup(struct triage *tri, struct triage_read *r)
{
	struct triage_entry	**slot, *e;
	char			*key;
	size_t			 i;
	bool			 found = false;

	tri->looking = false;
	if (!r->failed) {
		for (i = 0; i < r->nitems; i++)
			found |= r->items[i].found;
		triage_apply_items(tri, r);
	} else
		for (i = 0; i < r->nitems; i++) {
			key = triage_key(r->items[i].t.network,
			    r->items[i].t.id);
			slot = triage_slot(tri->bucket, key);
			free(key);
			if ((e = *slot) == NULL || !e->pending)
				continue;
			*slot = e->next;
			free(e->key);
			free(e);
			tri->n--;
			tri->nabsent--;
		}
	triage_lookup_submit(tri);
	return found;
}

const struct store_triage *
triage_lookup(struct triage *tri, const char *network, const char *id)
{
	struct triage_entry	**slot, *e;
	struct triage_item	*it;
	char			*key;

	if (tri == NULL || tri->q == NULL || network == NULL || id == NULL)
		return NULL;
	key = triage_key(network, id);
	slot = triage_slot(tri->bucket, key);
	if ((e = *slot) != NULL || !tri->started) {
		free(key);
		return e != NULL && e->found ? &e->t : NULL;
	}
	e = triage_entry_new(tri, slot, key);
	e->pending = true;
	if (tri->nwant == tri->awant) {
		tri->awant = tri->awant ? tri->awant * 2 : 32;
		tri->want = xreallocarray(tri->want, tri->awant,
		    sizeof *tri->want);
	}
	it = &tri->want[tri->nwant++];
	memset(it, 0, sizeof *it);
	it->t.network = xstrdup(network);
	it->t.id = xstrdup(id);
	triage_lookup_submit(tri);
	return NULL;
}

static void
triage_apply_history(struct triage *tri, struct triage_read *r)
{
	size_t	i;

	triage_apply_offline(tri, r);
	/* The feed has something to read that the descriptor will not
	 * say. */
	if (r->again == 0 && !tri->feeding)
		tri->next_check = clock_mono_ms();
	if (r->gen != tri->hgen ||
	    !triage_is_history_post(tri, r->network, r->id))
		return;		/* an older question */
	tri->hasked = false;
	for (i = 0; i < tri->hnaudit; i++)
		store_audit_free(&tri->haudit[i]);
	free(tri->haudit);
	tri->haudit = r->audit;
	tri->hnaudit = r->naudit;
	r->audit = NULL;
	r->naudit = 0;
	tri->hstate = r->failed ? TRIAGE_HISTORY_FAILED : TRIAGE_HISTORY_READ;
	if (tri->hooks.history != NULL)
		tri->hooks.history(tri->arg, tri->hnetwork, tri->hid);
}

/* triage_write(): what to run, and what then. */
struct triage_write {
	void	(*write)(struct store *, void *);
	void	(*done)(void *);
	void	(*free_arg)(void *);
	void	 *arg;
};

bool
triage_drain(struct triage *tri)
{
	struct storeq_op	*op;
	struct triage_read	*r;
	bool			 changed = false;

	if (tri == NULL || tri->q == NULL)
		return false;
	while ((op = storeq_done(tri->q)) != NULL) {
		if (op->kind == STOREQ_WRITE) {
			struct triage_write	*w = op->arg;

			if (w->done != NULL)
				w->done(w->arg);
		} else if (op->kind == STOREQ_CHANGE) {
			if ((op->result != 0 || !op->quiet) &&
			    tri->hooks.done != NULL)
				tri->hooks.done(tri->arg, op->result != 0,
				    op->message);
		} else {
			r = op->arg;
			if (r->kind == TRIAGE_READ_HISTORY)
				triage_apply_history(tri, r);
			else if (r->kind == TRIAGE_READ_OTHER) {
				triage_apply_offline(tri, r);
				if (r->again == 0 && !tri->feeding)
					tri->next_check = clock_mono_ms();
				r->other_done(r->other_ctx, r->other_arg);
			}
			else if (r->kind == TRIAGE_READ_LOOKUP) {
				if (triage_apply_lookup(tri, r))
					changed = true;
			} else if (triage_apply_feed(tri, r))
				changed = true;
		}
		storeq_op_free(op);
	}
	triage_forget_absent(tri);
	return changed;
}

bool
triage_read(struct triage *tri, void (*read)(struct store *, void *),
    void (*done)(void *, void *), void *ctx, void *arg,
    void (*free_arg)(void *))
{
	struct triage_read	*r;

	if (tri == NULL || tri->q == NULL) {
		if (free_arg != NULL)
			free_arg(arg);
		return false;
	}
	r = xcalloc(1, sizeof *r);
	r->kind = TRIAGE_READ_OTHER;
	r->other = read;
	r->other_done = done;
	r->other_ctx = ctx;
	r->other_arg = arg;
	r->other_free = free_arg;
	triage_submit_read(tri, r);
	return true;
}

int64_t
triage_seq(const struct triage *tri)
{
	return tri != NULL ? tri->seq : 0;
}

/* --- the event loop's part ------------------------------------------------ */

int
triage_watch_fd(const struct triage *tri)
{
	if (tri == NULL || tri->q == NULL || tri->feeding || !tri->started)
		return -1;
	return tri->watch;
}

int
triage_timeout(const struct triage *tri)
{
	int64_t	left;

	if (tri == NULL || tri->q == NULL || tri->feeding ||
	    tri->next_check == 0)
		return -1;
	left = tri->next_check - clock_mono_ms();
	return left > 0 ? (int)left : 0;
}

void
triage_poll(struct triage *tri)
{
	struct pollfd		 pfd;
	struct triage_read	*r;
	bool			 due;

	if (tri == NULL || tri->q == NULL || tri->feeding || !tri->started)
		return;
	due = tri->next_check != 0 && clock_mono_ms() >= tri->next_check;
	if (!due && tri->watch >= 0) {
		pfd.fd = tri->watch;
		pfd.events = POLLIN;
		due = poll(&pfd, 1, 0) > 0;
	}
	if (!due)
		return;
	r = xcalloc(1, sizeof *r);
	r->kind = tri->loaded ? TRIAGE_READ_REFRESH : TRIAGE_READ_LOAD;
	r->after = tri->seq;
	r->force = tri->missed;
	tri->feeding = true;
	tri->next_check = 0;
	triage_submit_read(tri, r);
}

void
triage_start(struct triage *tri)
{
	struct triage_read	*r;

	if (tri == NULL || tri->q == NULL || tri->started)
		return;
	r = xcalloc(1, sizeof *r);
	r->kind = TRIAGE_READ_LOAD;
	tri->started = true;
	tri->feeding = true;
	triage_submit_read(tri, r);
}

/* --- the rest ------------------------------------------------------------- */

struct triage *
triage_new(const char *url, const char *me, struct wake *wake,
    const struct triage_hooks *hooks, void *arg)
{
	return triage_new_password(url, NULL, me, wake, hooks, arg);
}

struct triage *
triage_new_password(const char *url, const char *password, const char *me,
    struct wake *wake, const struct triage_hooks *hooks, void *arg)
{
	struct triage	*tri = xcalloc(1, sizeof *tri);
	char		 err[512];

	tri->me = xstrdup(me != NULL && *me != '\0' ? me : "me");
	if (hooks != NULL)
		tri->hooks = *hooks;
	tri->arg = arg;
	tri->watch = -1;
	tri->bucket = xcalloc(TRIAGE_NBUCKET, sizeof *tri->bucket);
	if ((tri->q = storeq_new_password(url, password, tri->me, wake, err,
	    sizeof err)) == NULL)
		tri->error = xstrdup(err);
	else
		tri->watch = storeq_watch_fd(tri->q);
	return tri;
}

void
triage_free(struct triage *tri)
{
	struct triage_entry	*e, *next;
	size_t			 b;

	if (tri == NULL)
		return;
	storeq_free(tri->q);	/* writes what is queued first */
	for (b = 0; b < TRIAGE_NBUCKET; b++)
		for (e = tri->bucket[b]; e != NULL; e = next) {
			next = e->next;
			store_triage_free(&e->t);
			free(e->key);
			free(e);
		}
	free(tri->bucket);
	for (b = 0; b < tri->ntags; b++)
		free(tri->tags[b]);
	free(tri->tags);
	for (b = 0; b < tri->nwant; b++)
		store_triage_free(&tri->want[b].t);
	free(tri->want);
	for (b = 0; b < tri->hnaudit; b++)
		store_audit_free(&tri->haudit[b]);
	free(tri->haudit);
	free(tri->hnetwork);
	free(tri->hid);
	free(tri->views);
	free(tri->error);
	free(tri->offline);
	free(tri->me);
	free(tri);
}

const char *
triage_error(const struct triage *tri)
{
	return tri != NULL ? tri->error : "no triage store";
}

const char *
triage_offline(const struct triage *tri)
{
	return tri != NULL ? tri->offline : NULL;
}

void
triage_change(struct triage *tri, const struct store_change *c,
    const char *done, bool quiet)
{
	struct storeq_op	*op;

	if (tri == NULL || tri->q == NULL)
		return;
	/* Nothing is reported done that was not committed: a change made
	 * while the store is away is refused now, not queued. */
	if (tri->offline != NULL) {
		if (tri->hooks.done != NULL)
			tri->hooks.done(tri->arg, true, TRIAGE_OFFLINE_REFUSAL);
		return;
	}
	op = storeq_change_new(c);
	op->done = done != NULL ? xstrdup(done) : NULL;
	op->quiet = quiet;
	storeq_submit(tri->q, op);
}

static void
triage_write_run(struct store *st, void *arg)
{
	struct triage_write	*w = arg;

	w->write(st, w->arg);
}

static void
triage_write_free(void *arg)
{
	struct triage_write	*w = arg;

	if (w->free_arg != NULL)
		w->free_arg(w->arg);
	free(w);
}

bool
triage_write(struct triage *tri, void (*write)(struct store *, void *),
    void (*done)(void *), void (*free_arg)(void *), void *arg)
{
	struct triage_write	*w;

	if (tri == NULL || tri->q == NULL || tri->offline != NULL)
		return false;
	w = xmalloc(sizeof *w);
	w->write = write;
	w->done = done;
	w->free_arg = free_arg;
	w->arg = arg;
	storeq_submit(tri->q, storeq_write_new(triage_write_run, w,
	    triage_write_free));
	return true;
}

void
triage_badges(const struct triage *tri, const struct store_triage *t,
    int64_t now, char *buf, size_t len, const char **replying)
{
	size_t	i, o = 0;

	*buf = '\0';
	*replying = NULL;
	if (t == NULL || len == 0)
		return;
	if (t->assignee)
		o += (size_t)snprintf(buf + o, len - o, "\xe2\x86\x92%s ",
		    t->assignee);
	if (t->priority > 0 && o < len)
		o += (size_t)snprintf(buf + o, len - o, "!%d ", t->priority);
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
	if (t->replying && strcmp(t->replying, tri != NULL ? tri->me : "") !=
	    0 && now - t->replying_at < TRIAGE_REPLYING_FRESH)
		*replying = t->replying;
}

bool
triage_answerable(const struct post *p)
{
	static const enum post_notify not_work[] = {
		POST_NOTIFY_LIKE, POST_NOTIFY_REPOST, POST_NOTIFY_FOLLOW
	};
	size_t	i;

	for (i = 0; i < sizeof not_work / sizeof not_work[0]; i++)
		if (p->notify == not_work[i])
			return false;
	return true;
}

void
triage_sla(struct triage *tri, struct timeline *tl, size_t *open,
    int64_t *oldest)
{
	size_t	i, n = timeline_count(tl);

	*open = 0;
	*oldest = 0;
	for (i = 0; i < n; i++) {
		const struct post		*p = timeline_at(tl, i)->post;
		const struct store_triage	*t;

		t = triage_lookup(tri, p->network, p->id);

		if (t != NULL && !triage_status_open(t->status))
			continue;
		if (!triage_answerable(p))
			continue;
		(*open)++;
		if (*oldest == 0 || p->created < *oldest)
			*oldest = p->created;
	}
}

int
triage_history(struct triage *tri, const char *network, const char *id,
    const struct store_audit **a, size_t *n)
{
	struct triage_read	*r;
	size_t			 i;

	*a = NULL;
	*n = 0;
	if (tri == NULL || tri->q == NULL)
		return -1;
	if (!triage_is_history_post(tri, network, id)) {
		for (i = 0; i < tri->hnaudit; i++)
			store_audit_free(&tri->haudit[i]);
		free(tri->haudit);
		tri->haudit = NULL;
		tri->hnaudit = 0;
		free(tri->hnetwork);
		free(tri->hid);
		tri->hnetwork = xstrdup(network);
		tri->hid = xstrdup(id);
		tri->hstate = TRIAGE_HISTORY_NONE;
		tri->hasked = false;
	}
	if (!tri->hasked && (tri->hstate == TRIAGE_HISTORY_NONE ||
	    tri->hstale)) {
		r = xcalloc(1, sizeof *r);
		r->kind = TRIAGE_READ_HISTORY;
		r->network = xstrdup(network);
		r->id = xstrdup(id);
		r->gen = ++tri->hgen;
		tri->hasked = true;
		tri->hstale = false;
		if (tri->hstate == TRIAGE_HISTORY_NONE)
			tri->hstate = TRIAGE_HISTORY_READING;
		triage_submit_read(tri, r);
	}
	switch (tri->hstate) {
	case TRIAGE_HISTORY_READ:
		*a = tri->haudit;
		*n = tri->hnaudit;
		return 1;
	case TRIAGE_HISTORY_FAILED:
		return -1;
	case TRIAGE_HISTORY_NONE:
	case TRIAGE_HISTORY_READING:
		break;
	}
	return 0;
}
