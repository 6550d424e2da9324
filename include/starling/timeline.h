/*
 * timeline — the posts of one column, owned by the UI thread: newest first
 * (created, then id), deduplicated by id, capped (the oldest fall off).
 * Each entry carries the UI's unread mark, which is not part of the post.
 */
#ifndef STARLING_TIMELINE_H
#define STARLING_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct post;

struct timeline_entry {
	struct post	*post;
	bool		 unread;
};

enum timeline_change {
	TIMELINE_NONE,		/* nothing changed (a tombstone for an unknown id) */
	TIMELINE_ADDED,
	TIMELINE_REPLACED,	/* same id: the new version took the old one's place */
	TIMELINE_REMOVED	/* a tombstone removed it */
};

struct timeline;

struct timeline	*timeline_new(size_t cap);
void		 timeline_free(struct timeline *);

/* Takes the caller's reference to p in every case. New posts are unread. */
enum timeline_change timeline_insert(struct timeline *, struct post *p);

size_t		 timeline_count(const struct timeline *);
size_t		 timeline_cap(const struct timeline *);
struct timeline_entry *timeline_at(struct timeline *, size_t i);
ssize_t		 timeline_find(const struct timeline *, const char *id);
size_t		 timeline_unread(const struct timeline *);
void		 timeline_mark_seen(struct timeline *, size_t i);

/* Newest-first order of two posts: < 0 when a comes before b. */
int		 timeline_compare(const struct post *a, const struct post *b);

#endif
