/* timeline.c — a sorted array (newest first) plus an id hash for dedupe.
 * The hash maps id -> post; the post's position is found again by binary
 * search on its sort key, so nothing has to be renumbered on insertion. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "starling/hash.h"
#include "starling/post.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"

#define TOMBSTONE	((struct post *)(uintptr_t)1)

struct timeline {
	struct timeline_entry	*v;
	size_t			 n, cap, alloc;
	size_t			 unread;
	struct post		**hash;	/* open addressing, linear probing */
	size_t			 hmask, hused;	/* hused counts tombstones */
};

static void timeline_hash_rebuild(struct timeline *);

static void
timeline_hash_put(struct timeline *tl, struct post *p)
{
	size_t	i;

	if ((tl->hused + 1) * 2 > tl->hmask + 1) {
		/* p is already in v[]: the rebuild adds it with the rest. */
		timeline_hash_rebuild(tl);
		return;
	}
	i = hash_str(p->id) & tl->hmask;
	while (tl->hash[i] != NULL && tl->hash[i] != TOMBSTONE)
		i = (i + 1) & tl->hmask;
	if (tl->hash[i] == NULL)
		tl->hused++;
	tl->hash[i] = p;
}

static void
timeline_hash_rebuild(struct timeline *tl)
{
	size_t	i, size = 64;

	free(tl->hash);
	/* Sized from live entries only, so tombstones never make it grow. */
	while (size < (tl->n + 1) * 4)
		size *= 2;
	tl->hash = xcalloc(size, sizeof *tl->hash);
	tl->hmask = size - 1;
	tl->hused = 0;
	for (i = 0; i < tl->n; i++)	/* never recurses: the table is big */
		timeline_hash_put(tl, tl->v[i].post);
}

static size_t
timeline_hash_slot(const struct timeline *tl, const char *id)
{
	size_t	i = hash_str(id) & tl->hmask;

	for (;;) {
		if (tl->hash[i] == NULL)
			return SIZE_MAX;
		if (tl->hash[i] != TOMBSTONE && strcmp(tl->hash[i]->id, id) == 0)
			return i;
		i = (i + 1) & tl->hmask;
	}
}

struct timeline *
timeline_new(size_t cap)
{
	struct timeline	*tl = xcalloc(1, sizeof *tl);

	tl->cap = cap ? cap : 1;
	tl->hash = xcalloc(64, sizeof *tl->hash);
	tl->hmask = 63;
	return tl;
}

void
timeline_free(struct timeline *tl)
{
	size_t	i;

	if (tl == NULL)
		return;
	for (i = 0; i < tl->n; i++)
		post_unref(tl->v[i].post);
	free(tl->v);
	free(tl->hash);
	free(tl);
}

/* Ids that are numbers (Mastodon, X) sort numerically: longer is larger. */
static int
timeline_compare_id(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

int
timeline_compare(const struct post *a, const struct post *b)
{
	if (a->created != b->created)
		return a->created > b->created ? -1 : 1;
	return -timeline_compare_id(a->id, b->id);
}

/* Index of p's sort position: the first entry not before p. */
static size_t
timeline_search(const struct timeline *tl, const struct post *p)
{
	size_t	lo = 0, hi = tl->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (timeline_compare(tl->v[mid].post, p) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
timeline_remove_at(struct timeline *tl, size_t i)
{
	size_t	slot = timeline_hash_slot(tl, tl->v[i].post->id);

	if (slot != SIZE_MAX)
		tl->hash[slot] = TOMBSTONE;
	if (tl->v[i].unread)
		tl->unread--;
	post_unref(tl->v[i].post);
	memmove(&tl->v[i], &tl->v[i + 1], (tl->n - i - 1) * sizeof *tl->v);
	tl->n--;
}

static size_t
timeline_index_of(const struct timeline *tl, const struct post *p)
{
	size_t	i = timeline_search(tl, p);

	while (i < tl->n && tl->v[i].post != p)
		i++;
	return i;
}

enum timeline_change
timeline_insert(struct timeline *tl, struct post *p)
{
	size_t	slot = timeline_hash_slot(tl, p->id), i;
	bool	unread = true;

	if (slot != SIZE_MAX) {
		/* Same id: drop the old version, keep its read mark. */
		i = timeline_index_of(tl, tl->hash[slot]);
		unread = tl->v[i].unread;
		timeline_remove_at(tl, i);
		if (p->flags & POST_DELETED) {
			post_unref(p);
			return TIMELINE_REMOVED;
		}
	} else if (p->flags & POST_DELETED) {
		post_unref(p);
		return TIMELINE_NONE;
	}

	i = timeline_search(tl, p);
	if (tl->n == tl->cap && i == tl->n) {
		/* Older than everything in a full timeline: nothing to show. */
		post_unref(p);
		return TIMELINE_NONE;
	}
	if (tl->n == tl->alloc) {
		tl->alloc = tl->alloc ? tl->alloc * 2 : 64;
		if (tl->alloc > tl->cap + 1)
			tl->alloc = tl->cap + 1;
		tl->v = xreallocarray(tl->v, tl->alloc, sizeof *tl->v);
	}
	memmove(&tl->v[i + 1], &tl->v[i], (tl->n - i) * sizeof *tl->v);
	tl->v[i].post = p;
	tl->v[i].unread = unread;
	tl->n++;
	if (unread)
		tl->unread++;
	timeline_hash_put(tl, p);
	if (tl->n > tl->cap)
		timeline_remove_at(tl, tl->n - 1);
	return slot != SIZE_MAX ? TIMELINE_REPLACED : TIMELINE_ADDED;
}

size_t
timeline_count(const struct timeline *tl)
{
	return tl->n;
}

size_t
timeline_cap(const struct timeline *tl)
{
	return tl->cap;
}

struct timeline_entry *
timeline_at(struct timeline *tl, size_t i)
{
	return i < tl->n ? &tl->v[i] : NULL;
}

ssize_t
timeline_find(const struct timeline *tl, const char *id)
{
	size_t	slot = timeline_hash_slot(tl, id);

	if (slot == SIZE_MAX)
		return -1;
	return (ssize_t)timeline_index_of(tl, tl->hash[slot]);
}

size_t
timeline_unread(const struct timeline *tl)
{
	return tl->unread;
}

void
timeline_mark_seen(struct timeline *tl, size_t i)
{
	if (i < tl->n && tl->v[i].unread) {
		tl->v[i].unread = false;
		tl->unread--;
	}
}
