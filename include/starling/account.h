/*
 * account — a signed-in network session shared by that account's columns:
 * its token, its server's limits, one rate-limit budget, and one action
 * worker thread that performs what the user asks (reply, repost, like,
 * bookmark, thread, read markers) off the UI thread; older pages come
 * through the column's own fetch thread. Results come
 * back to the UI through a queue and a byte on the wake pipe.
 */
#ifndef STARLING_ACCOUNT_H
#define STARLING_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

struct config_account;
struct http_client;
struct post;
struct ratelimit;
struct wake;

enum action_kind {
	ACTION_REPLY,
	ACTION_REPOST, ACTION_UNREPOST,
	ACTION_LIKE, ACTION_UNLIKE,
	ACTION_BOOKMARK, ACTION_UNBOOKMARK,
	ACTION_CONTEXT,		/* the thread around target */
	ACTION_MARKER		/* read marker of timeline at target */
};

struct action {
	enum action_kind	 kind;
	char			*target;	/* the post's action_ref */
	char			*post_id;	/* its id in timelines */
	char			*text;		/* reply */
	char			*visibility;	/* reply: inherited */
	char			*idempotency_key;
	char			*draft;		/* reply: the draft file to drop */
	char			*timeline;	/* MARKER: "home" / "notifications" */
	char			*account_name;	/* for the audit log */

	/* Filled by the worker. */
	int			 status;	/* 0 done, -1 failed */
	char			 message[256];
	struct post		*post;		/* the post as the server now has it */
	struct post		**posts;	/* CONTEXT */
	size_t			 nposts;
};

struct account;

struct account_ops {
	const char	*network;
	/* Worker thread: sign in (verify the token, learn the limits). */
	int		 (*open)(struct account *, struct http_client *,
			    char *err, size_t errlen);
	/* Worker thread: performs a; fills its result fields. */
	void		 (*act)(struct account *, struct http_client *,
			    struct action *a);
};

/* The adapter for a network name ("mastodon"), or NULL. */
const struct account_ops *account_find_ops(const char *network);

/* Starts the account's worker. token is copied. */
struct account	*account_new(const struct account_ops *,
		    const struct config_account *, const char *token,
		    struct wake *);
void		 account_free(struct account *);

const struct config_account *account_config(const struct account *);
const char	*account_name(const struct account *);
const char	*account_token(const struct account *);
const char	*account_base_url(const struct account *);	/* no '/' at end */
const char	*account_host(const struct account *);
struct ratelimit *account_ratelimit(struct account *);

/* Server limits, set by the adapter, read by the UI (thread-safe). */
void		 account_set_limits(struct account *, long max_chars,
		    long url_chars, const char *streaming_url);
long		 account_max_chars(struct account *);
long		 account_url_chars(struct account *);
char		*account_streaming_url(struct account *);	/* xmalloc'd or NULL */
/* The signed-in user's handle (acct), once known; xmalloc'd or NULL. */
void		 account_set_me(struct account *, const char *acct);
char		*account_me(struct account *);

/* Adapter data (one per account). */
void		*account_data(const struct account *);
void		 account_set_data(struct account *, void *);

/* UI thread: queue an action (the account takes it). */
void		 account_submit(struct account *, struct action *);
/* UI thread: the next finished action, or NULL (caller frees it). */
struct action	*account_done(struct account *);

struct action	*action_new(enum action_kind);
void		 action_free(struct action *);

#endif
