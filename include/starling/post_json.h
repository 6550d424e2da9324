/*
 * post_json — a post to JSON text and back (jansson), for the store's
 * snapshots. Every field of struct post round-trips.
 */
#ifndef STARLING_POST_JSON_H
#define STARLING_POST_JSON_H

#include <stddef.h>

struct post;

char		*post_to_json(const struct post *);	/* xmalloc'd */
struct post	*post_from_json(const char *text, size_t len);	/* NULL if bad */

#endif
