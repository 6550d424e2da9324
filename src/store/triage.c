/* triage.c — the triage cache and its feed. The cache is a hash map keyed
 * by network and id, owned by the UI thread; the reads are storeq ops whose
 * read function runs on the reader thread with a struct triage_read of
 * their own, which comes back filled. One feed read (the load or a refresh)
 * is on its way at a time, so the audit sequence they carry never goes
 * back; history reads are numbered and only the newest one counts.
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

#define TRIAGE_NBUCKET	1024
#define TRIAGE_RETRY_MS	1000	/* after a feed read failed */

struct triage_entry {
	char			*key;		/* network \x1f id */
	struct store_triage	 t;
	struct triage_entry	*next;
};

enum triage_read_kind { TRIAGE_READ_LOAD, TRIAGE_READ_REFRESH,
	TRIAGE_READ_HISTORY };

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
	struct triage_item	*items;
	size_t			 nitems, aitems;
	struct store_audit	*audit;		/* history */
	size_t			 naudit;
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

	struct triage_view	*views;
	size_t			 nviews;

	int			 watch;		/* the store's descriptor */
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
	return e ? &e->t : NULL;
}

/* Takes t over (or with t NULL removes the post); the cached state. */
static const struct store_triage *
triage_put(struct triage *tri, const char *network, const char *id,
    struct store_triage *t)
{
	struct triage_entry	**slot, *e;
	char			*key = triage_key(network, id);

	slot = triage_slot(tri->bucket, key);
	if ((e = *slot) != NULL) {
		free(key);
		store_triage_free(&e->t);
		if (t != NULL) {
			e->t = *t;
			return &e->t;
		}
		*slot = e->next;
		free(e->key);
		free(e);
		tri->n--;
		return NULL;
	}
	if (t == NULL) {
		free(key);
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	e->key = key;
	e->t = *t;
	*slot = e;
	tri->n++;
	return &e->t;
}

void
triage_each(const struct triage *tri,
    bool (*cb)(const struct store_triage *, void *), void *arg)
{
	struct triage_entry	*e;
	size_t			 b;

	if (tri == NULL || tri->bucket == NULL)
		return;
	for (b = 0; b < TRIAGE_NBUCKET; b++)
		for (e = tri->bucket[b]; e != NULL; e = e->next)
			if (!cb(&e->t, arg))
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
};

struct triage_view
triage_view_of(const struct config_column *cfg)
{
	struct triage_view		 v = { TRIAGE_VIEW_NONE, NULL };
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
	switch (v->kind) {
	case TRIAGE_VIEW_NONE:
		return false;
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

struct triage_load_ctx {
	struct store		*s;
	struct triage_read	*r;
};

static bool
triage_load_one(const struct store_triage *t, void *arg)
{
	struct triage_load_ctx	*ctx = arg;
	struct triage_item	*it = triage_read_item(ctx->r);

	store_triage_copy(&it->t, t);
	it->found = true;
	triage_read_post(ctx->s, ctx->r, it);
	return true;
}

/* Every triaged post and the audit sequence they are as of, from one
 * snapshot. */
static void
triage_read_load(struct store *s, struct triage_read *r)
{
	struct triage_load_ctx	 ctx = { s, r };
	char			 err[256];
	bool			 snap;

	r->again = store_watch_again(s);
	snap = store_read_begin(s, err, sizeof err) == 0;
	r->seq = store_last_seq(s);
	if (r->seq < 0 || store_each(s, triage_load_one, &ctx) != 0)
		r->failed = true;
	if (snap)
		store_read_end(s);
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
	r->again = store_watch_again(s);
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
	for (i = 0; i < n; i++)
		store_audit_free(&a[i]);
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
	case TRIAGE_READ_HISTORY:
		r->failed = store_history(s, r->network, r->id, &r->audit,
		    &r->naudit) != 0;
		break;
	}
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
	for (i = 0; i < r->naudit; i++)
		store_audit_free(&r->audit[i]);
	free(r->audit);
	free(r->views);
	free(r->network);
	free(r->id);
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

static bool
triage_apply_feed(struct triage *tri, struct triage_read *r)
{
	int64_t	now = clock_mono_ms();

	tri->feeding = false;
	tri->next_check = r->again >= 0 ? now + r->again : 0;
	if (r->failed) {
		/* Read it all again in a second: the store may have said
		 * what changed already. */
		tri->missed = true;
		tri->next_check = now + TRIAGE_RETRY_MS;
		return false;
	}
	tri->missed = false;
	if (r->kind == TRIAGE_READ_LOAD)
		tri->loaded = true;
	tri->seq = r->seq;
	triage_apply_items(tri, r);
	return r->nitems > 0;
}

static void
triage_apply_history(struct triage *tri, struct triage_read *r)
{
	size_t	i;

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

bool
triage_drain(struct triage *tri)
{
	struct storeq_op	*op;
	struct triage_read	*r;
	bool			 changed = false;

	if (tri == NULL || tri->q == NULL)
		return false;
	while ((op = storeq_done(tri->q)) != NULL) {
		if (op->kind == STOREQ_CHANGE) {
			if ((op->result != 0 || !op->quiet) &&
			    tri->hooks.done != NULL)
				tri->hooks.done(tri->arg, op->result != 0,
				    op->message);
		} else {
			r = op->arg;
			if (r->kind == TRIAGE_READ_HISTORY)
				triage_apply_history(tri, r);
			else if (triage_apply_feed(tri, r))
				changed = true;
		}
		storeq_op_free(op);
	}
	return changed;
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
	struct triage	*tri = xcalloc(1, sizeof *tri);
	char		 err[512];

	tri->me = xstrdup(me != NULL && *me != '\0' ? me : "me");
	if (hooks != NULL)
		tri->hooks = *hooks;
	tri->arg = arg;
	tri->watch = -1;
	tri->bucket = xcalloc(TRIAGE_NBUCKET, sizeof *tri->bucket);
	if ((tri->q = storeq_new(url, tri->me, wake, err, sizeof err)) == NULL)
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
	for (b = 0; b < tri->hnaudit; b++)
		store_audit_free(&tri->haudit[b]);
	free(tri->haudit);
	free(tri->hnetwork);
	free(tri->hid);
	free(tri->views);
	free(tri->error);
	free(tri->me);
	free(tri);
}

const char *
triage_error(const struct triage *tri)
{
	return tri != NULL ? tri->error : "no triage store";
}

void
triage_change(struct triage *tri, const struct store_change *c,
    const char *done, bool quiet)
{
	struct storeq_op	*op;

	if (tri == NULL || tri->q == NULL)
		return;
	op = storeq_change_new(c);
	op->done = done != NULL ? xstrdup(done) : NULL;
	op->quiet = quiet;
	storeq_submit(tri->q, op);
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
triage_sla(const struct triage *tri, struct timeline *tl, size_t *open,
    int64_t *oldest)
{
	size_t	i, n = timeline_count(tl);

	*open = 0;
	*oldest = 0;
	for (i = 0; i < n; i++) {
		const struct post		*p = timeline_at(tl, i)->post;
		const struct store_triage	*t;

		t = triage_get(tri, p->network, p->id);

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
