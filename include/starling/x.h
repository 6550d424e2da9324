/*
 * x — the X (formerly Twitter) adapter, API v2: columns (home, mentions,
 * search, user, list) polled with since_id and paged back with
 * pagination_token; the account's actions (reply, repost, like, quote);
 * the OAuth 2.0 sign-in with PKCE and the refresh of its token; and the
 * account's budget of posts read, kept across restarts.
 *
 * Tokens: a user-context token (what `starling login x` stores, one JSON
 * line {"access_token","refresh_token","expires_at"}; or a bare token) or,
 * with bearer_cmd / bearer_env, an app bearer token, which reads search,
 * user and list columns and acts on nothing.
 */
#ifndef STARLING_X_H
#define STARLING_X_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct account;
struct account_ops;
struct http_client;
struct http_request;
struct http_response;
struct network;
struct source_ops;

extern const struct network x_network;		/* x_network.c */
extern const struct source_ops x_source_ops;	/* x.c */
extern const struct account_ops x_account_ops;	/* x_act.c */

enum x_column_kind {
	X_COL_HOME, X_COL_MENTIONS, X_COL_SEARCH, X_COL_USER, X_COL_LIST
};

/* Seconds between polls when the column names no "every". */
#define X_POLL_INTERVAL		60
/* Where the API is when the account names no "api". */
#define X_API_URL		"https://api.x.com"
/* What the sign-in asks for. */
#define X_SCOPES	"tweet.read users.read tweet.write like.read " \
			"like.write offline.access"
/* A token this close to its expiry is refreshed before it is used. */
#define X_REFRESH_EARLY		120

/* Status and post ids are numbers: by length, then bytes. */
int	x_id_cmp(const char *a, const char *b);

/* --- the account's session (x_act.c), for its columns ------------------- */

/* Whether the account reads with an app bearer token (acts on nothing). */
bool	x_session_app(struct account *);
/* The signed-in user's id, or NULL (app token, or not signed in). */
const char *x_session_user_id(struct account *);
/* http_do with the account's token: refreshed first when it is about to
 * expire, and once more, with the request sent again, after a 401. */
int	x_session_do(struct account *, struct http_client *,
	    struct http_request *, struct http_response *);

/* The budget: posts the account may still read in this period (LONG_MAX
 * without a budget); when none, *resumes the period's end (UTC). */
long	x_budget_left(struct account *, time_t now, time_t *resumes);
/* Counts n posts read (saved in the state folder at once). */
void	x_budget_spend(struct account *, long n, time_t now);
/* "budget 1,204/3,000 this month", or "" without a budget. */
void	x_budget_text(struct account *, time_t now, char *buf, size_t len);

/* --- the budget's periods (x_act.c) ---------------------------------- */

/* A budget's period key of t in UTC: "2026-12" (month) or "2026-12-04"
 * (day), and the start of the next period. */
void	x_budget_period(bool per_day, time_t t, char *key, size_t len,
	    time_t *next);

/* --- x_count.c ---------------------------------------------------------- */

/* twitter-text v3's weighted length of text (NFC): code points in the
 * light ranges count 1, others 2, an emoji sequence 2, a URL 23; the
 * limit it counts against is 280. */
long	x_count(const char *text);
/* The same, emoji sequences counted by their code points when emoji is
 * false (twitter-text v2, for its conformance cases). */
long	x_count_weighted(const char *text, bool emoji);
#define X_MAX_WEIGHT	280

/* --- x_login.c ---------------------------------------------------------- */

/* `starling login x API_URL`: asks for the app's client id, prints the
 * authorize address (PKCE, S256), reads back the code (or the address the
 * browser landed on), exchanges it and stores the tokens in token_path
 * (0600), or prints them with print. An exit status. */
int	x_login(const char *api, const char *token_path, bool print);
/* The refresh grant: new tokens for refresh at api's token endpoint.
 * 0 with *access, *refresh (xmalloc'd) and *expires (absolute, 0 when
 * not said); -1 with err (no secret in it). */
int	x_token_refresh(struct http_client *, const char *api,
	    const char *client_id, const char *refresh, char **access,
	    char **new_refresh, time_t *expires, long *status, char *err,
	    size_t errlen);

#endif
