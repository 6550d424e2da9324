/*
 * triage — what the team's triage store says, kept for the screen: the
 * state of every triaged post (a cache kept current from the store's change
 * feed), which posts each store column shows, badges, SLA counts and the
 * history of the post in the detail pane. No curses: the UI draws from it.
 *
 * The cache holds what the screen needs, not the whole store: the posts the
 * store columns show (the newest of each, up to its limit), the posts the
 * UI asked about (triage_lookup(): read on demand, in batches) and the
 * posts that changed since the start. A store of a busy year costs the deck
 * what its columns show.
 *
 * Nothing here waits on the store. Every read runs on the storeq's reader
 * thread and every change on its writer: triage_start() asks for the first
 * load (what the views show, and the tags in use), triage_poll() for what
 * changed once the
 * store's watch descriptor or clock says so (the audit entries after the
 * last one seen, then each changed post once per batch), triage_history()
 * for a post's history. The results come back through the done queue and
 * the wake pipe; triage_drain() applies them to the cache and tells the UI
 * through its hooks. A change of ours reaches the cache like anyone else's:
 * through the feed, once committed.
 *
 * Use it from one thread (the UI's).
 */
#ifndef STARLING_TRIAGE_H
#define STARLING_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "starling/store.h"

struct config_column;
struct post;
struct timeline;
struct wake;

#define TRIAGE_REPLYING_FRESH	(15 * 60)	/* an open reply this old
						 * (seconds) counts */

/* The pseudo-network of what awaits approval (approval.h): an item
 * there is a post not sent yet, never a post to triage. */
#define TRIAGE_APPROVAL	"approval"

/* A store column: the posts assigned to someone ("me", "nobody" or a
 * name), not assigned, with a tag, or with a status; or what awaits an
 * approver (open items of TRIAGE_APPROVAL, which no other view shows).
 * Only open posts (new, open, assigned) count as assigned or
 * unassigned. */
enum triage_view_kind {
	TRIAGE_VIEW_NONE,		/* not a store column */
	TRIAGE_VIEW_ASSIGNED,
	TRIAGE_VIEW_UNASSIGNED,
	TRIAGE_VIEW_TAGGED,
	TRIAGE_VIEW_STATUS,
	TRIAGE_VIEW_APPROVALS
};

struct triage_view {
	enum triage_view_kind	 kind;
	const char		*arg;	/* whom, which tag, which status;
					 * points into the config */
	size_t			 limit;	/* the first load brings the newest
					 * this many (by creation); 0: all */
};

/* The view a column's config asks for (type: assigned [to], unassigned,
 * tagged [tag], status [status], approvals). */
struct triage_view triage_view_of(const struct config_column *);

/* What the UI hears from triage_drain(); arg is triage_new()'s. */
struct triage_hooks {
	/* A change of ours was committed (error false: message says what)
	 * or failed (the message says why). Not called for a quiet change
	 * that was committed. */
	void	(*done)(void *arg, bool error, const char *message);
	/* The store's state of a post arrived (t NULL: it is not triaged
	 * any more). post: its snapshot when some view shows the post, NULL
	 * otherwise; take a reference to keep it. */
	void	(*changed)(void *arg, const char *network, const char *id,
		    const struct store_triage *t, struct post *post);
	/* A post's history (triage_history()) arrived. */
	void	(*history)(void *arg, const char *network, const char *id);
	/* The store went away (why: "store offline — reconnecting") or
	 * came back (why NULL); see triage_offline(). */
	void	(*offline)(void *arg, const char *why);
	/* An audit entry of an approval item (TRIAGE_APPROVAL) the feed
	 * brought after the first load: submitted, approved, returned,
	 * sent (approval.h). */
	void	(*approval)(void *arg, const struct store_audit *);
};

/* What a change made while the store is offline gets (the hooks' done). */
#define TRIAGE_OFFLINE_REFUSAL	"store offline \xe2\x80\x94 reconnecting; the " \
				"change was not made"

struct triage;

/* Starts the store's worker on the store at url (store_open()) for me.
 * Never NULL: without a store, triage_error() says why and the rest is
 * empty. The worker wakes wake when it has results. */
struct triage	*triage_new(const char *url, const char *me, struct wake *,
		    const struct triage_hooks *, void *arg);
/* The same with the store's password (store_open_password()). */
struct triage	*triage_new_password(const char *url, const char *password,
		    const char *me, struct wake *, const struct triage_hooks *,
		    void *arg);
/* Writes what is queued first. */
void		 triage_free(struct triage *);
const char	*triage_error(const struct triage *);	/* NULL: a store */
/* NULL while the store is there; else why not ("store offline —
 * reconnecting"), as the last read found it: the connection dropped and
 * the worker connects again with backoff, catching up on what it missed
 * through the audit log. Changes are refused meanwhile (the done hook says
 * TRIAGE_OFFLINE_REFUSAL). */
const char	*triage_offline(const struct triage *);

/* A store column's view, before triage_start(): the posts it shows come
 * with their snapshot. */
void		 triage_view_add(struct triage *, const struct triage_view *);
/* Asks for the first load. */
void		 triage_start(struct triage *);

/* The event loop's part. triage_watch_fd: what to poll() for POLLIN, -1
 * while the store's answer is on its way (or there is no store).
 * triage_timeout: milliseconds until triage_poll() wants to run although
 * the descriptor stayed quiet, -1 for never. triage_poll: asks what
 * changed, when the descriptor or the clock says so. triage_drain: applies
 * what the worker finished; true when a post's state changed. */
int		 triage_watch_fd(const struct triage *);
int		 triage_timeout(const struct triage *);
void		 triage_poll(struct triage *);
bool		 triage_drain(struct triage *);

/* Queues a change; done is the message once committed (NULL: one that says
 * what, as "assigned to bob"), quiet: none. */
void		 triage_change(struct triage *, const struct store_change *,
		    const char *done, bool quiet);

/* Runs write(store, arg) on the store's writer thread, in order with the
 * changes (a batch: recording an inbox post); then done(arg), when not
 * NULL, on this thread in triage_drain(), and free_arg(arg). false (and
 * nothing run, arg left to the caller) without a store or while it is
 * offline. */
bool		 triage_write(struct triage *,
		    void (*write)(struct store *, void *),
		    void (*done)(void *), void (*free_arg)(void *), void *arg);

/* The cached state of a post, NULL when it is not triaged or not known
 * yet. */
const struct store_triage *triage_get(const struct triage *,
		    const char *network, const char *id);
/* The same, and when the cache has not heard of the post since the start,
 * asks the store (batched with other lookups; the changed hook says when a
 * triaged post's state is in). */
const struct store_triage *triage_lookup(struct triage *,
		    const char *network, const char *id);
/* The tags in use (read at the start, and seen since), until cb returns
 * false. */
void		 triage_tags(const struct triage *,
		    bool (*cb)(const char *tag, void *), void *);
/* Whether a view shows a post in state t (NULL: untouched). */
bool		 triage_member(const struct triage *,
		    const struct triage_view *, const struct store_triage *t);
/* New, open and assigned posts are open; replied, done and ignored not. */
bool		 triage_status_open(enum store_status);
/* "→bob !2 #complaint #lead done ✎2": the badges of a post in state t, and
 * who else has a reply open on it at now (UTC seconds), or NULL. */
void		 triage_badges(const struct triage *,
		    const struct store_triage *t, int64_t now, char *buf,
		    size_t len, const char **replying);
/* Whether a post is work to answer: not a like, a repost (boost) or a
 * follow. Only these count for SLA clocks. */
bool		 triage_answerable(const struct post *);
/* The open posts of a timeline that can be answered (triage_answerable())
 * and the creation time of the oldest of them (0: none); posts not known
 * yet are looked up (triage_lookup()) and count as open meanwhile. */
void		 triage_sla(struct triage *, struct timeline *,
		    size_t *open, int64_t *oldest);

/* Any other read for the screen (a report, an author's posts): read(store,
 * arg) runs on the reader thread, then done(ctx, arg) on the UI thread in
 * triage_drain(), then free_arg(arg) (may be NULL). False without a store
 * (arg is freed, done is not called). */
bool		 triage_read(struct triage *, void (*read)(struct store *,
		    void *), void (*done)(void *ctx, void *arg), void *ctx,
		    void *arg, void (*free_arg)(void *));
/* The last audit entry the cache has applied (grows when anyone changes
 * the store). */
int64_t		 triage_seq(const struct triage *);

/* A post's history, oldest first. 1: *a and *n hold it (until the next
 * triage_drain() or triage_history() call); 0: it is being read (asked for
 * by this call or before), the history hook says when it is there; -1:
 * there is no store or it could not be read. After a change to the post
 * the old history is given while the new one is read. */
int		 triage_history(struct triage *, const char *network,
		    const char *id, const struct store_audit **a, size_t *n);

#endif
