/*
 * source — a column's feed: a network adapter (ops) run on its own fetch thread.
 *
 * The shared loop here calls ops->poll, waits between calls on a stop pipe (no
 * CPU while waiting), backs off with jitter on errors and reports the column's
 * state. Adapters hand posts to the UI with source_emit(), which pushes onto the
 * column's SPSC ring and wakes the UI thread. Adapters never touch the screen.
 */
#ifndef STARLING_SOURCE_H
#define STARLING_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct post;
struct wake;
struct config_column;
struct account;

enum source_state {
	SOURCE_STARTING,
	SOURCE_LIVE,		/* streaming, or a local feed that pushes */
	SOURCE_POLLING,
	SOURCE_IDLE,		/* nothing more will come (rate 0) */
	SOURCE_BACKOFF,		/* error; retrying at 'until' */
	SOURCE_RATELIMITED,	/* until 'until' */
	SOURCE_AUTHFAILED,	/* asked again at 'until' (SOURCE_AUTH_RETRY) */
	SOURCE_ERROR,		/* stopped until source_retry; 'text' says why */
	SOURCE_UNAVAILABLE	/* no adapter for this column (yet) */
};

struct source_status {
	enum source_state	 state;
	time_t			 until;		/* for BACKOFF and RATELIMITED */
	char			 text[160];	/* short reason, for errors */
	char			 marker[48];	/* the server's read marker id */
	/* A standing remark beside whatever the state is ("3 bad lines"),
	 * or "". */
	char			 note[48];
	/* What a retry is called in the header ("restarting"); "" for
	 * "retrying". */
	char			 again[16];
	bool			 loading;	/* an older page is on its way */
	bool			 no_older;	/* history ran out */
};

struct source;

struct source_ops {
	const char	*name;
	/* Fetch thread. 0 on success; -1 with source_set_status() on failure
	 * (the loop retries with backoff unless the state is ERROR/AUTHFAILED). */
	int		 (*open)(struct source *);
	/* Fetch what is new and emit it. Returns seconds until the next call,
	 * SOURCE_WAIT_FOREVER to wait for stop only, or < 0 on error. */
	double		 (*poll)(struct source *);
	void		 (*close)(struct source *);
};

#define SOURCE_WAIT_FOREVER	(-2.0)

/* Seconds between tries of a column whose server refused its token (a
 * proxy or a WAF may have said so, not the server). */
#define SOURCE_AUTH_RETRY	600

/* The loop's backoff after an error: 1-2 s, doubling to at most 5 min
 * (jittered, whole seconds), and from 1-2 s again once the source was LIVE
 * or POLLING since its last failure. */

/* The source adapter of network name (network_find: "demo", "mastodon");
 * NULL when there is none. */
const struct source_ops *source_find_ops(const char *name);

/* Starts a fetch thread for column (config owned by the caller, must outlive
 * the source). ops NULL gives an UNAVAILABLE source with no thread. */
struct source	*source_start(const struct source_ops *ops,
		    const struct config_column *column, unsigned long seed,
		    struct wake *wake, size_t ring_capacity);
/* The same for a column of a signed-in account (which outlives it). */
struct source	*source_start_account(const struct source_ops *ops,
		    const struct config_column *column, struct account *account,
		    struct wake *wake, size_t ring_capacity);
struct account	*source_account(const struct source *);

/* UI thread: asks the fetch thread to run again now (e.g. after a resume). */
void		 source_kick(struct source *);
/* UI thread (:retry): try now, whatever the column waits for (backoff, an
 * auth failure, an error, its account's rate limit, which is forgotten:
 * the server says again if it still holds); backoff starts over. */
void		 source_retry(struct source *);
/* UI thread: asks for the page of posts older than id (history). */
void		 source_request_older(struct source *, const char *id);
/* Fetch thread: the pending history request (xmalloc'd) or NULL; taking it
 * clears it. source_has_request() peeks. */
char		*source_take_older(struct source *);
bool		 source_has_request(struct source *);
/* Fetch thread: the server's read marker for this column. */
void		 source_set_marker(struct source *, const char *id);
/* Fetch thread: the history request is done; n posts were emitted (0: the
 * server has nothing older). */
void		 source_older_done(struct source *, int n);
/* How a network's refusals read (source_fail()). */
struct source_fail_rules {
	long	auth[2];	/* statuses that refuse the sign-in (0: none) */
	long	stop;		/* a status the server answers the same again:
				 * the column stops until :retry (0: none) */
	bool	reset;		/* a 429 without Retry-After waits for the
				 * rate limit's reset */
};
struct http_response;
/* Fetch thread: a failed or refused response as the column's state, why
 * being the response in words. Rate limited (a 429, or the account's limit
 * spent), auth failed, stopped, or backing off. The delay for the source
 * loop: > 0 wait, < 0 back off. */
double		 source_fail(struct source *, const struct http_response *,
		    int rc, const char *why, const struct source_fail_rules *);

/* Asks the thread to stop without waiting for it (NULL: nothing), so
 * several sources stop at once; source_stop() then waits. */
void		 source_stop_begin(struct source *);
/* Asks the thread to stop, joins it, frees posts still queued. */
void		 source_stop(struct source *);

/* UI thread: the next queued post (caller owns the reference) or NULL. */
struct post	*source_pop(struct source *);
/* UI thread: copies the status; true when it changed since the last call.
 * A column of an account whose budget says wait (a 429 met by any of its
 * columns) and that is not streaming reports RATELIMITED until then. */
bool		 source_get_status(struct source *, struct source_status *out);

/* --- for adapters, on the fetch thread ------------------------------------ */
const struct config_column *source_column(const struct source *);
unsigned long	 source_seed(const struct source *);
void		*source_data(const struct source *);
void		 source_set_data(struct source *, void *);
/* Takes the reference. Waits while the ring is full; false when stopping. */
bool		 source_emit(struct source *, struct post *);
void		 source_set_status(struct source *, enum source_state,
		    time_t until, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));
/* The column's standing note (fmt NULL: none); see source_status. */
void		 source_set_note(struct source *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* What this source's retries are called in the header. */
void		 source_set_again(struct source *, const char *word);
/* Sleeps up to seconds (< 0: forever); true when asked to stop. */
bool		 source_wait(struct source *, double seconds);
bool		 source_stopping(const struct source *);
/* Readable when the thread is asked to stop or kicked (for poll()). */
int		 source_wake_fd(const struct source *);

#endif
