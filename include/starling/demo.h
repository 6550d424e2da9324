/*
 * demo — the built-in offline source. Deterministic: post n of a channel is a
 * pure function of (seed, channel, query, n), so two processes with the same
 * seed show the same posts with the same ids. Post n of a channel with rate r > 0 is due
 * at DEMO_EPOCH + n / r (wall clock), so teammates' decks agree on times too.
 */
#ifndef STARLING_DEMO_H
#define STARLING_DEMO_H

#include <stdint.h>

struct network;
struct post;
struct source_ops;

#define DEMO_EPOCH	1767225600	/* 2026-01-01T00:00:00Z */

extern const struct network demo_network;
extern const struct source_ops demo_source_ops;

/* Channel names the demo knows, NULL-terminated. */
extern const char *const demo_channels[];

/* Builds post n of channel (one reference). query, when not NULL, is worked
 * into the text (a search column's term). created: its timestamp. */
struct post	*demo_make_post(unsigned long seed, const char *channel,
		    const char *query, uint64_t n, int64_t created);
/* Same, labelled with the column's title (post->column; the channel when
 * column is NULL). What the source emits. */
struct post	*demo_make_column_post(unsigned long seed, const char *channel,
		    const char *query, const char *column, uint64_t n,
		    int64_t created);

/* Timing, pure (rate: posts per second, > 0; times: Unix seconds). */
/* When post n is due: DEMO_EPOCH + n / rate. */
double		 demo_due_time(uint64_t n, double rate);
/* How many posts are due at now: posts 0 .. count - 1. */
uint64_t	 demo_due_count(double now, double rate);
/* Seconds from now until post next is due, plus a hair so a poll then finds
 * it due; never below DEMO_WAIT_MIN. */
double		 demo_next_wait(double now, double rate, uint64_t next);
#define DEMO_WAIT_MIN	0.005
/* First post to emit when next .. due - 1 are pending and at most limit are
 * wanted (the backlog at start; a cap after a suspend). */
uint64_t	 demo_window_start(uint64_t next, uint64_t due, uint64_t limit);
/* Rate 0: when post n of count was created, spread over the hours before now
 * (the same within one hour). Increasing in n; all before now. */
int64_t		 demo_idle_time(int64_t now, uint64_t n, uint64_t count);

#endif
