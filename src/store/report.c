/* report.c — the team's figures from the audit log, built in one pass
 * (report.h says what each figure means). The posts recorded in the range
 * are kept in one array with an open-addressing index, their keys in one
 * growing buffer; authors the same way; columns, agents and tags are few
 * and kept in small arrays.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/report.h"
#include "starling/store.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"

#define REPORT_NONE	UINT32_MAX

/* A post recorded in the range. */
struct report_post {
	uint32_t	 key;		/* offset in the key buffer */
	uint32_t	 column;
	int64_t		 recorded;
	int64_t		 responded;	/* first reply's time, or 0 */
	int64_t		 closed;	/* first done/ignored, or 0 */
	unsigned char	 status;	/* enum store_status */
};

struct report_author_acc {
	uint32_t	 key;		/* "network\037handle" */
	long		 followers;
	uint32_t	 posts;
};

/* An open-addressing index of uint32 entries (REPORT_NONE: empty) over
 * keys in a buffer. */
struct report_index {
	uint32_t	*slot;
	size_t		 nslot, n;
};

/* A bucket's count, per column while building: (start, count) pairs in
 * the order they came (nearly always increasing). */
struct report_cbuckets {
	int64_t		*start;
	uint32_t	*count;
	size_t		 n, a;
};

struct report_agent_acc {
	int64_t		*fr;		/* first responses (seconds) */
	size_t		 nfr, afr;
};

struct report_acc {
	char			*keys;		/* NUL-separated */
	size_t			 nkeys, akeys;
	struct report_post	*posts;
	size_t			 nposts, aposts;
	struct report_index	 post_index;
	struct report_author_acc *authors;
	size_t			 nauthors, aauthors;
	struct report_index	 author_index;
	struct report_cbuckets	*cb;		/* per column */
	struct report_agent_acc	*ag;		/* per agent */
	int64_t			*fr;		/* every first response */
	size_t			 nfr, afr;
	struct report_sla	*slas;		/* copies */
	size_t			 nslas;
	/* The last bucket's bounds, for the next entry. */
	int64_t			 bstart, bend;
	int64_t			 min_bucket, max_bucket;
};

/* --- small helpers -------------------------------------------------------- */

static void *
report_grow(void *v, size_t *a, size_t need, size_t size)
{
	if (need <= *a)
		return v;
	*a = *a ? *a * 2 : 16;
	if (*a < need)
		*a = need;
	return xreallocarray(v, *a, size);
}

static uint32_t
report_key_add(struct report_acc *acc, const char *a, const char *b)
{
	size_t	la = strlen(a), lb = b != NULL ? strlen(b) + 1 : 0;
	size_t	off = acc->nkeys;

	acc->keys = report_grow(acc->keys, &acc->akeys, acc->nkeys + la + lb +
	    1, 1);
	memcpy(acc->keys + off, a, la);
	if (b != NULL) {
		acc->keys[off + la] = '\037';
		memcpy(acc->keys + off + la + 1, b, lb - 1);
	}
	acc->keys[off + la + lb] = '\0';
	acc->nkeys += la + lb + 1;
	return (uint32_t)off;
}

static uint64_t
report_hash2(const char *a, const char *b)
{
	uint64_t	h = 1469598103934665603ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)a; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	h = (h ^ 0x1f) * 1099511628211ULL;
	for (p = (const unsigned char *)b; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

static uint64_t
report_hash_key(const char *k)
{
	uint64_t	h = 1469598103934665603ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)k; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

static bool
report_key_is(const struct report_acc *acc, uint32_t key, const char *a,
    const char *b)
{
	const char	*k = acc->keys + key;
	size_t		 la = strlen(a);

	return strncmp(k, a, la) == 0 && k[la] == '\037' &&
	    strcmp(k + la + 1, b) == 0;
}

/* The slot of (a, b) in ix: its entry, or an empty one. keyof gives an
 * entry's key offset. */
static uint32_t *
report_index_find(struct report_acc *acc, struct report_index *ix,
    const char *a, const char *b, uint32_t (*keyof)(struct report_acc *,
    uint32_t))
{
	size_t	mask = ix->nslot - 1, i = report_hash2(a, b) & mask;

	while (ix->slot[i] != REPORT_NONE) {
		if (report_key_is(acc, keyof(acc, ix->slot[i]), a, b))
			break;
		i = (i + 1) & mask;
	}
	return &ix->slot[i];
}

/* Doubles ix when it is half full: the entries are placed again. */
static void
report_index_room(struct report_acc *acc, struct report_index *ix,
    uint32_t (*keyof)(struct report_acc *, uint32_t))
{
	uint32_t	*old = ix->slot;
	size_t		 n = ix->nslot, i, j, mask;
	const char	*k;

	if (ix->slot != NULL && (ix->n + 1) * 2 <= ix->nslot)
		return;
	ix->nslot = n ? n * 2 : 1024;
	ix->slot = xreallocarray(NULL, ix->nslot, sizeof *ix->slot);
	memset(ix->slot, 0xff, ix->nslot * sizeof *ix->slot);
	mask = ix->nslot - 1;
	for (i = 0; i < n; i++) {
		if (old[i] == REPORT_NONE)
			continue;
		/* The key "a\037b" hashes as report_hash2(a, b). */
		k = acc->keys + keyof(acc, old[i]);
		j = report_hash_key(k) & mask;
		while (ix->slot[j] != REPORT_NONE)
			j = (j + 1) & mask;
		ix->slot[j] = old[i];
	}
	free(old);
}

static uint32_t
report_post_key(struct report_acc *acc, uint32_t i)
{
	return acc->posts[i].key;
}

static uint32_t
report_author_key(struct report_acc *acc, uint32_t i)
{
	return acc->authors[i].key;
}

static struct report_post *
report_post_find(struct report *r, const char *network, const char *id)
{
	struct report_acc	*acc = r->acc;
	uint32_t		*slot;

	if (acc->post_index.slot == NULL || network == NULL || id == NULL)
		return NULL;
	slot = report_index_find(acc, &acc->post_index, network, id,
	    report_post_key);
	return *slot == REPORT_NONE ? NULL : &acc->posts[*slot];
}

/* The index of name in a small array of named things, added when new. */
static size_t
report_named(char ***names, size_t *n, const char *name, bool *added)
{
	size_t	i;

	*added = false;
	for (i = 0; i < *n; i++)
		if (strcmp((*names)[i], name) == 0)
			return i;
	*names = xreallocarray(*names, *n + 1, sizeof **names);
	(*names)[*n] = xstrdup(name);
	*added = true;
	return (*n)++;
}

/* --- buckets -------------------------------------------------------------- */

/* The local hour or day that t is in: its start and the next one's. */
static void
report_bucket_of(bool hourly, int64_t t, int64_t *start, int64_t *end)
{
	time_t		tt = (time_t)t;
	struct tm	tm, tm2;

	if (localtime_r(&tt, &tm) == NULL) {
		int64_t	unit = hourly ? 3600 : 86400;

		*start = t - t % unit;
		*end = *start + unit;
		return;
	}
	tm.tm_sec = tm.tm_min = 0;
	if (!hourly)
		tm.tm_hour = 0;
	tm.tm_isdst = -1;
	tm2 = tm;
	*start = (int64_t)mktime(&tm);
	if (hourly)
		tm2.tm_hour++;
	else
		tm2.tm_mday++;
	tm2.tm_isdst = -1;
	*end = (int64_t)mktime(&tm2);
	if (*end <= *start)
		*end = *start + (hourly ? 3600 : 86400);
	if (*start > t) {	/* a gap in local time */
		*end = *start;
		*start = t - t % 3600;
	}
}

static void
report_bucket_count(struct report *r, size_t column, int64_t at)
{
	struct report_acc	*acc = r->acc;
	struct report_cbuckets	*b = &acc->cb[column];
	size_t			 i;

	if (!(at >= acc->bstart && at < acc->bend))
		report_bucket_of(r->hourly, at, &acc->bstart, &acc->bend);
	if (acc->min_bucket == 0 || acc->bstart < acc->min_bucket)
		acc->min_bucket = acc->bstart;
	if (acc->bstart > acc->max_bucket)
		acc->max_bucket = acc->bstart;
	for (i = b->n; i > 0; i--)
		if (b->start[i - 1] == acc->bstart) {
			b->count[i - 1]++;
			return;
		}
	if (b->n == b->a) {
		size_t	a = b->a;

		b->start = report_grow(b->start, &a, b->n + 1,
		    sizeof *b->start);
		b->count = xreallocarray(b->count, a, sizeof *b->count);
		b->a = a;
	}
	b->start[b->n] = acc->bstart;
	b->count[b->n++] = 1;
}

/* --- building ------------------------------------------------------------- */

void
report_begin(struct report *r, const struct report_options *o)
{
	size_t	i;

	memset(r, 0, sizeof *r);
	r->acc = xcalloc(1, sizeof *r->acc);
	r->now = o->now ? o->now : (int64_t)time(NULL);
	r->since = o->since;
	r->until = o->until ? o->until : r->now + 1;	/* now included */
	/* A day or less (to now, when until is not given) is counted by
	 * the hour. */
	r->hourly = r->since > 0 && (o->until ? o->until : r->now) - r->since <=
	    86400;
	r->sla = o->sla;
	r->acc->slas = xcalloc(o->nslas ? o->nslas : 1, sizeof *r->acc->slas);
	for (i = 0; i < o->nslas; i++) {
		r->acc->slas[i].column = xstrdup(o->slas[i].column);
		r->acc->slas[i].seconds = o->slas[i].seconds;
	}
	r->acc->nslas = o->nslas;
	r->first_response.median = r->first_response.p90 = -1;
}

static size_t
report_column(struct report *r, const char *title)
{
	struct report_acc	*acc = r->acc;
	size_t			 i, n = r->ncolumns;

	for (i = 0; i < n; i++)
		if (strcmp(r->columns[i].title, title) == 0)
			return i;
	r->columns = xreallocarray(r->columns, n + 1, sizeof *r->columns);
	memset(&r->columns[n], 0, sizeof r->columns[n]);
	r->columns[n].title = xstrdup(title);
	r->columns[n].sla = r->sla;
	for (i = 0; i < acc->nslas; i++)
		if (strcmp(acc->slas[i].column, title) == 0)
			r->columns[n].sla = acc->slas[i].seconds;
	acc->cb = xreallocarray(acc->cb, n + 1, sizeof *acc->cb);
	memset(&acc->cb[n], 0, sizeof acc->cb[n]);
	return r->ncolumns++;
}

static struct report_agent *
report_agent(struct report *r, const char *name)
{
	size_t	i, n = r->nagents;

	if (name == NULL || *name == '\0' || strncmp(name, "rule ", 5) == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(r->agents[i].name, name) == 0)
			return &r->agents[i];
	r->agents = xreallocarray(r->agents, n + 1, sizeof *r->agents);
	r->acc->ag = xreallocarray(r->acc->ag, n + 1, sizeof *r->acc->ag);
	memset(&r->agents[n], 0, sizeof r->agents[n]);
	memset(&r->acc->ag[n], 0, sizeof r->acc->ag[n]);
	r->agents[n].name = xstrdup(name);
	r->nagents++;
	return &r->agents[n];
}

static void
report_record(struct report *r, const struct store_audit *a, json_t *d)
{
	struct report_acc		*acc = r->acc;
	struct report_post		*p;
	struct report_author_acc	*au;
	const char			*column, *author, *network;
	json_t				*v;
	uint32_t			*slot;
	long				 followers = 0;

	if ((column = json_string_value(json_object_get(d, "column"))) == NULL)
		column = "";
	report_index_room(acc, &acc->post_index, report_post_key);
	slot = report_index_find(acc, &acc->post_index, a->network, a->id,
	    report_post_key);
	if (*slot != REPORT_NONE)
		return;		/* recorded twice: once counts */
	acc->posts = report_grow(acc->posts, &acc->aposts, acc->nposts + 1,
	    sizeof *acc->posts);
	p = &acc->posts[acc->nposts];
	memset(p, 0, sizeof *p);
	p->key = report_key_add(acc, a->network, a->id);
	p->column = (uint32_t)report_column(r, column);
	p->recorded = a->at;
	p->status = STORE_NEW;
	*slot = (uint32_t)acc->nposts++;
	acc->post_index.n++;
	r->recorded++;
	r->columns[p->column].total++;
	report_bucket_count(r, p->column, a->at);

	if ((author = json_string_value(json_object_get(d, "author"))) ==
	    NULL || *author == '\0')
		return;
	network = json_string_value(json_object_get(d, "network"));
	if (network == NULL)
		network = a->network;
	if ((v = json_object_get(d, "followers")) != NULL &&
	    json_is_integer(v))
		followers = (long)json_integer_value(v);
	report_index_room(acc, &acc->author_index, report_author_key);
	slot = report_index_find(acc, &acc->author_index, network, author,
	    report_author_key);
	if (*slot == REPORT_NONE) {
		acc->authors = report_grow(acc->authors, &acc->aauthors,
		    acc->nauthors + 1, sizeof *acc->authors);
		au = &acc->authors[acc->nauthors];
		memset(au, 0, sizeof *au);
		au->key = report_key_add(acc, network, author);
		*slot = (uint32_t)acc->nauthors++;
		acc->author_index.n++;
	} else
		au = &acc->authors[*slot];
	au->posts++;
	if (followers > au->followers)
		au->followers = followers;
}

static void
report_tag(struct report *r, const char *tag)
{
	size_t	i;

	if (tag == NULL)
		return;
	for (i = 0; i < r->ntags; i++)
		if (strcmp(r->tags[i].tag, tag) == 0) {
			r->tags[i].count++;
			return;
		}
	r->tags = xreallocarray(r->tags, r->ntags + 1, sizeof *r->tags);
	r->tags[r->ntags].tag = xstrdup(tag);
	r->tags[r->ntags++].count = 1;
}

static void
report_reply(struct report *r, const struct store_audit *a,
    struct report_post *p)
{
	struct report_acc	*acc = r->acc;
	struct report_agent	*ag = report_agent(r, a->who);
	struct report_agent_acc	*aa;
	int64_t			 d;

	if (ag != NULL)
		ag->replied++;
	if (p == NULL)
		return;
	if (p->status != STORE_DONE && p->status != STORE_IGNORED)
		p->status = STORE_REPLIED;
	if (p->responded != 0 || a->at < p->recorded)
		return;
	p->responded = a->at > p->recorded ? a->at : p->recorded;
	d = p->responded - p->recorded;
	acc->fr = report_grow(acc->fr, &acc->afr, acc->nfr + 1,
	    sizeof *acc->fr);
	acc->fr[acc->nfr++] = d;
	if (ag != NULL) {
		aa = &acc->ag[ag - r->agents];
		aa->fr = report_grow(aa->fr, &aa->afr, aa->nfr + 1,
		    sizeof *aa->fr);
		aa->fr[aa->nfr++] = d;
	}
}

void
report_add(struct report *r, const struct store_audit *a)
{
	struct report_post	*p;
	struct report_agent	*ag;
	const char		*s;
	json_t			*d = NULL;
	int			 st;

	if (a->at < r->since || a->at >= r->until || a->action == NULL)
		return;
	/* What awaits approval is a post not sent yet, not work done:
	 * claiming one is no teammate's "done". */
	if (a->network != NULL && strcmp(a->network, TRIAGE_APPROVAL) == 0)
		return;
	if (strcmp(a->action, "record") == 0) {
		if ((d = json_loads(a->detail ? a->detail : "{}", 0, NULL)) !=
		    NULL)
			report_record(r, a, d);
		json_decref(d);
		return;
	}
	p = report_post_find(r, a->network, a->id);
	if (strcmp(a->action, "reply") == 0) {
		report_reply(r, a, p);
		return;
	}
	if (strcmp(a->action, "assign") != 0 &&
	    strcmp(a->action, "unassign") != 0 &&
	    strcmp(a->action, "status") != 0 && strcmp(a->action, "tag") != 0)
		return;
	if ((d = json_loads(a->detail ? a->detail : "{}", 0, NULL)) == NULL)
		return;
	if (strcmp(a->action, "tag") == 0)
		report_tag(r, json_string_value(json_object_get(d, "tag")));
	else if (strcmp(a->action, "assign") == 0 && (ag = report_agent(r,
	    json_string_value(json_object_get(d, "assignee")))) != NULL)
		ag->assigned++;
	if ((s = json_string_value(json_object_get(d, "status"))) != NULL &&
	    (st = store_status_parse(s)) >= 0) {
		if (strcmp(a->action, "status") == 0 && st == STORE_DONE &&
		    (ag = report_agent(r, a->who)) != NULL)
			ag->done++;
		if (p != NULL) {
			p->status = (unsigned char)st;
			if ((st == STORE_DONE || st == STORE_IGNORED) &&
			    p->closed == 0)
				p->closed = a->at;
		}
	}
	json_decref(d);
}

/* --- finishing ------------------------------------------------------------ */

static int
report_cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

struct report_stats
report_stats_of(int64_t *v, size_t n)
{
	struct report_stats	s = { n, -1, -1 };
	size_t			rank;

	if (n == 0)
		return s;
	qsort(v, n, sizeof *v, report_cmp_i64);
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	rank = (n * 9 + 9) / 10;	/* ceil(0.9 n) */
	s.p90 = v[rank - 1];
	return s;
}

static int
report_cmp_column(const void *a, const void *b)
{
	return strcmp(((const struct report_column *)a)->title,
	    ((const struct report_column *)b)->title);
}

static int
report_cmp_agent(const void *a, const void *b)
{
	return strcmp(((const struct report_agent *)a)->name,
	    ((const struct report_agent *)b)->name);
}

static int
report_cmp_tag(const void *a, const void *b)
{
	const struct report_tag	*x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return strcmp(x->tag, y->tag);
}

/* An author as sorted: its key ("network\037handle") and figures. */
struct report_rank {
	const char	*key;
	long		 followers;
	uint32_t	 posts;
};

static int
report_cmp_reach(const void *a, const void *b)
{
	const struct report_rank	*x = a, *y = b;

	if (x->followers != y->followers)
		return x->followers < y->followers ? 1 : -1;
	if (x->posts != y->posts)
		return x->posts < y->posts ? 1 : -1;
	return strcmp(x->key, y->key);
}

static int
report_cmp_volume(const void *a, const void *b)
{
	const struct report_rank	*x = a, *y = b;

	if (x->posts != y->posts)
		return x->posts < y->posts ? 1 : -1;
	if (x->followers != y->followers)
		return x->followers < y->followers ? 1 : -1;
	return strcmp(x->key, y->key);
}

/* The top REPORT_TOP authors by cmp. */
static struct report_author *
report_top_authors(struct report_acc *acc, int (*cmp)(const void *,
    const void *), size_t *n)
{
	struct report_author	*out;
	struct report_rank	*rank;
	const char		*k;
	size_t			 i, la;

	rank = xcalloc(acc->nauthors ? acc->nauthors : 1, sizeof *rank);
	for (i = 0; i < acc->nauthors; i++) {
		rank[i].key = acc->keys + acc->authors[i].key;
		rank[i].followers = acc->authors[i].followers;
		rank[i].posts = acc->authors[i].posts;
	}
	qsort(rank, acc->nauthors, sizeof *rank, cmp);
	*n = acc->nauthors < REPORT_TOP ? acc->nauthors : REPORT_TOP;
	out = xcalloc(*n ? *n : 1, sizeof *out);
	for (i = 0; i < *n; i++) {
		k = rank[i].key;
		la = strcspn(k, "\037");
		out[i].network = xstrndup(k, la);
		out[i].handle = xstrdup(k[la] ? k + la + 1 : "");
		out[i].followers = rank[i].followers;
		out[i].posts = rank[i].posts;
	}
	free(rank);
	return out;
}

/* Every column's buckets on one axis, from the range's first bucket (or
 * the first record's) to its last. */
static void
report_axis(struct report *r)
{
	struct report_acc	*acc = r->acc;
	int64_t			 first, last, s, e, t;
	size_t			 i, j, k, a = 0;

	if (r->since > 0)
		report_bucket_of(r->hourly, r->since, &first, &e);
	else
		first = acc->min_bucket;
	report_bucket_of(r->hourly, r->until > 0 ? r->until - 1 : 0, &last,
	    &e);
	if (first == 0 && r->recorded == 0)
		first = last;
	if (acc->max_bucket > last)
		last = acc->max_bucket;
	for (t = first; t <= last && r->nbuckets < 100000; t = e) {
		report_bucket_of(r->hourly, t, &s, &e);
		r->bucket = report_grow(r->bucket, &a, r->nbuckets + 1,
		    sizeof *r->bucket);
		r->bucket[r->nbuckets++] = s;
	}
	for (i = 0; i < r->ncolumns; i++) {
		struct report_cbuckets	*b = &acc->cb[i];

		r->columns[i].counts = xcalloc(r->nbuckets ? r->nbuckets : 1,
		    sizeof *r->columns[i].counts);
		for (j = 0; j < b->n; j++) {
			/* The buckets are few: a binary search each. */
			size_t	lo = 0, hi = r->nbuckets;

			while (lo < hi) {
				k = (lo + hi) / 2;
				if (r->bucket[k] < b->start[j])
					lo = k + 1;
				else
					hi = k;
			}
			if (lo < r->nbuckets && r->bucket[lo] == b->start[j])
				r->columns[i].counts[lo] += b->count[j];
		}
	}
}

void
report_finish(struct report *r)
{
	struct report_acc	*acc = r->acc;
	struct report_post	*p;
	struct report_column	*c;
	int64_t			 end = r->until < r->now ? r->until : r->now;
	int64_t			 clock;
	size_t			 i;

	if (acc == NULL)
		return;
	for (i = 0; i < acc->nposts; i++) {
		p = &acc->posts[i];
		switch (p->status) {
		case STORE_REPLIED:
			r->replied++;
			break;
		case STORE_DONE:
			r->done++;
			break;
		case STORE_IGNORED:
			r->ignored++;
			break;
		default:
			r->open++;
		}
		c = &r->columns[p->column];
		if (c->sla <= 0)
			continue;
		clock = p->responded != 0 ? p->responded : p->closed;
		if (p->closed != 0 && p->closed < clock)
			clock = p->closed;
		c->sla_checked++;
		r->sla_checked++;
		if ((clock != 0 ? clock : end) - p->recorded > c->sla) {
			c->sla_breached++;
			r->sla_breached++;
		}
	}
	r->first_response = report_stats_of(acc->fr, acc->nfr);
	for (i = 0; i < r->nagents; i++)
		r->agents[i].first_response = report_stats_of(acc->ag[i].fr,
		    acc->ag[i].nfr);
	report_axis(r);
	/* Columns and agents by name (their buckets and figures move with
	 * them). */
	if (r->ncolumns > 1)
		qsort(r->columns, r->ncolumns, sizeof *r->columns,
		    report_cmp_column);
	if (r->nagents > 1)
		qsort(r->agents, r->nagents, sizeof *r->agents,
		    report_cmp_agent);
	if (r->ntags > 1)
		qsort(r->tags, r->ntags, sizeof *r->tags, report_cmp_tag);
	r->by_reach = report_top_authors(acc, report_cmp_reach, &r->nby_reach);
	r->by_volume = report_top_authors(acc, report_cmp_volume,
	    &r->nby_volume);

	for (i = 0; i < r->ncolumns; i++) {
		free(acc->cb[i].start);
		free(acc->cb[i].count);
	}
	free(acc->cb);
	for (i = 0; i < r->nagents; i++)
		free(acc->ag[i].fr);
	free(acc->ag);
	for (i = 0; i < acc->nslas; i++)
		free((char *)acc->slas[i].column);
	free(acc->slas);
	free(acc->fr);
	free(acc->posts);
	free(acc->authors);
	free(acc->keys);
	free(acc->post_index.slot);
	free(acc->author_index.slot);
	free(acc);
	r->acc = NULL;
}

static bool
report_each(const struct store_audit *a, void *arg)
{
	report_add(arg, a);
	return true;
}

int
report_read(struct report *r, struct store *s, const struct report_options *o,
    char *err, size_t errlen)
{
	int	rc;

	report_begin(r, o);
	if (store_read_begin(s, err, errlen) != 0) {
		report_finish(r);
		return -1;
	}
	rc = store_audit_each(s, r->since, report_each, r);
	store_read_end(s);
	report_finish(r);
	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot read the audit log",
		    store_path(s));
		return -1;
	}
	return 0;
}

void
report_free(struct report *r)
{
	size_t	i;

	if (r == NULL)
		return;
	if (r->acc != NULL)
		report_finish(r);
	for (i = 0; i < r->ncolumns; i++) {
		free(r->columns[i].title);
		free(r->columns[i].counts);
	}
	free(r->columns);
	for (i = 0; i < r->nagents; i++)
		free(r->agents[i].name);
	free(r->agents);
	for (i = 0; i < r->nby_reach; i++) {
		free(r->by_reach[i].network);
		free(r->by_reach[i].handle);
	}
	free(r->by_reach);
	for (i = 0; i < r->nby_volume; i++) {
		free(r->by_volume[i].network);
		free(r->by_volume[i].handle);
	}
	free(r->by_volume);
	for (i = 0; i < r->ntags; i++)
		free(r->tags[i].tag);
	free(r->tags);
	free(r->bucket);
	memset(r, 0, sizeof *r);
}

/* --- spikes --------------------------------------------------------------- */

bool
report_spike(uint32_t last, const uint32_t *previous, size_t n, double *mean,
    double *sd)
{
	double	m = 0, v = 0;
	size_t	i;

	for (i = 0; i < n; i++)
		m += previous[i];
	m = n ? m / (double)n : 0;
	for (i = 0; i < n; i++)
		v += (previous[i] - m) * (previous[i] - m);
	v = n ? sqrt(v / (double)n) : 0;
	if (mean != NULL)
		*mean = m;
	if (sd != NULL)
		*sd = v;
	return last >= REPORT_SPIKE_MIN && (double)last > m + 3 * v;
}

struct report_spike_ctx {
	int64_t			 now;
	char			**titles;
	uint32_t		**hours;	/* per title: [0] the last hour,
						 * then the ones before */
	size_t			 n;
};

static bool
report_spike_row(const struct store_audit *a, void *arg)
{
	struct report_spike_ctx	*ctx = arg;
	const char		*title;
	json_t			*d;
	int64_t			 back;
	size_t			 i;
	bool			 added;

	if (a->action == NULL || strcmp(a->action, "record") != 0)
		return true;
	/* Hours back from now, now itself (and a clock a little ahead on
	 * another host) in the last one. */
	back = a->at >= ctx->now ? 0 : (ctx->now - a->at) / 3600;
	if (back < 0 || back > REPORT_SPIKE_HOURS)
		return true;
	if ((d = json_loads(a->detail ? a->detail : "{}", 0, NULL)) == NULL)
		return true;
	title = json_string_value(json_object_get(d, "column"));
	i = report_named(&ctx->titles, &ctx->n, title ? title : "", &added);
	if (added) {
		ctx->hours = xreallocarray(ctx->hours, ctx->n,
		    sizeof *ctx->hours);
		ctx->hours[i] = xcalloc(REPORT_SPIKE_HOURS + 1,
		    sizeof **ctx->hours);
	}
	ctx->hours[i][back]++;
	json_decref(d);
	return true;
}

int
report_spikes(struct store *s, int64_t now, struct report_spike **out,
    size_t *n)
{
	struct report_spike_ctx	 ctx = { .now = now };
	struct report_spike	*v;
	size_t			 i;
	int			 rc;

	rc = store_audit_each(s, now - (REPORT_SPIKE_HOURS + 1) * 3600 + 1,
	    report_spike_row, &ctx);
	v = xcalloc(ctx.n ? ctx.n : 1, sizeof *v);
	for (i = 0; i < ctx.n; i++) {
		v[i].column = ctx.titles[i];
		v[i].last = ctx.hours[i][0];
		v[i].spike = report_spike(v[i].last, ctx.hours[i] + 1,
		    REPORT_SPIKE_HOURS, &v[i].mean, &v[i].sd);
		free(ctx.hours[i]);
	}
	free(ctx.hours);
	free(ctx.titles);
	*out = v;
	*n = ctx.n;
	if (rc != 0) {
		report_spikes_free(v, ctx.n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
report_spikes_free(struct report_spike *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i].column);
	free(v);
}
