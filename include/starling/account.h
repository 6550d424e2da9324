/*
 * account — a signed-in network session shared by that account's columns:
 * its token, its server's limits, one rate-limit budget, and one action
 * worker thread that performs what the user asks (reply, repost, like,
 * bookmark, thread, read markers) off the UI thread; older pages come
 * through the column's own fetch thread. Results come
 * back to the UI through a queue and a byte on the wake pipe.
 *
 * Signing in (the adapter's open op: verify the token, learn the server's
 * limits and whatever else the adapter keeps) happens once per account, on
 * whichever thread needs it first: the worker at start, or a column.
 */
#ifndef STARLING_ACCOUNT_H
#define STARLING_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

struct config_account;
struct http_client;
struct http_response;
struct network;
struct network_limits;
struct post;
struct ratelimit;
struct wake;

enum action_kind {
	ACTION_REPLY,
	ACTION_POST,		/* a new post: text, no target */
	ACTION_QUOTE,		/* a post quoting target (network.quotes) */
	ACTION_REPOST, ACTION_UNREPOST,
	ACTION_LIKE, ACTION_UNLIKE,
	ACTION_BOOKMARK, ACTION_UNBOOKMARK,
	ACTION_CONTEXT,		/* the thread around target */
	ACTION_MARKER		/* read marker of timeline at target */
};

/* An option only some networks have ("visibility"), by name: the composer
 * sets what the network's reply_options say (network.h), the adapter reads
 * what it knows. */
struct action_option {
	char	*name;
	char	*value;
};

struct action {
	enum action_kind	 kind;
	char			*target;	/* the post's action_ref */
	char			*post_id;	/* its id in timelines */
	struct post		*subject;	/* the post acted on (a reference),
						   for what target cannot say:
						   a reply's thread root */
	char			*text;		/* reply, post, quote */
	struct action_option	*options;	/* reply: the network's own;
						   and the composer's: its
						   visibility, content warning
						   (network.h) */
	size_t			 noptions;
	/* Reply: the same for every try of one draft, so a network that
	 * takes one (Mastodon's Idempotency-Key) never posts it twice. */
	char			*idempotency_key;
	char			*draft;		/* reply: the draft file to drop */
	char			*timeline;	/* MARKER: "home" / "notifications" */
	char			*account_name;	/* for the audit log */

	/* Filled by the worker. */
	int			 status;	/* 0 done, -1 failed */
	bool			 transient;	/* failed where trying again
						   later may work (no answer,
						   rate limited, 5xx) */
	bool			 unknown;	/* failed without knowing
						   whether the server did it:
						   no answer, a server error */
	char			 message[256];
	struct post		*post;		/* the post as the server now has it */
	struct post		**posts;	/* CONTEXT */
	size_t			 nposts;
};

struct account;

struct account_ops {
	/* Sign in: verify the token, learn the limits (account_set_limits)
	 * and what the adapter keeps (account_set_data). Any thread, never two
	 * at once (account_open calls it). 0, or -1 with *r the failed
	 * response (status 0 and r->error when there was none). */
	int		 (*open)(struct account *, struct http_client *,
			    struct http_response *r);
	/* Worker thread: performs a; fills its result fields. */
	void		 (*act)(struct account *, struct http_client *,
			    struct action *a);
	/* Whether p came from where this account can act on it (Mastodon:
	 * its server); NULL: every post of the network. */
	bool		 (*owns)(const struct account *, const struct post *p);
	/* Frees the adapter data; NULL: free(). */
	void		 (*free_data)(void *);
};

/* Starts the account's worker, which signs in at once. token is copied. */
struct account	*account_new(const struct network *,
		    const struct config_account *, const char *token,
		    struct wake *);
void		 account_free(struct account *);

/* Signs in unless that is done: runs the open op, at most one thread at a
 * time, the others waiting until it is done (or until http's stop says
 * stop). 0 when signed in; -1 with *r as the open op left it (free it with
 * http_response_free either way). */
int		 account_open(struct account *, struct http_client *http,
		    struct http_response *r);
/* Whether the account can act on p (its network's, and owned). */
bool		 account_can_act(const struct account *, const struct post *p);

const struct config_account *account_config(const struct account *);
const struct network *account_network(const struct account *);
const char	*account_name(const struct account *);
const char	*account_token(const struct account *);
const char	*account_base_url(const struct account *);	/* no '/' at end */
const char	*account_host(const struct account *);
struct ratelimit *account_ratelimit(struct account *);
/* UI thread (:retry): forget the rate-limit wait, so the next request is
 * sent and the server says again. */
void		 account_retry(struct account *);

/* Server limits: the network's until the open op sets the server's (its
 * nonzero fields replace); read by the UI (thread-safe). */
void		 account_set_limits(struct account *,
		    const struct network_limits *);
void		 account_limits(struct account *, struct network_limits *out);
/* The signed-in user's handle (acct), once known; xmalloc'd or NULL. */
void		 account_set_me(struct account *, const char *acct);
char		*account_me(struct account *);

/* Adapter data (one per account), set by the open op: others read it
 * once account_open has returned 0. */
void		*account_data(const struct account *);
void		 account_set_data(struct account *, void *);

/* UI thread: queue an action (the account takes it). */
void		 account_submit(struct account *, struct action *);
/* UI thread: the next finished action, or NULL (caller frees it). */
struct action	*account_done(struct account *);

struct action	*action_new(enum action_kind);
void		 action_free(struct action *);
/* Sets (or replaces) option name; value NULL removes it. */
void		 action_set_option(struct action *, const char *name,
		    const char *value);
/* Option name's value, or NULL. */
const char	*action_option(const struct action *, const char *name);

#endif
