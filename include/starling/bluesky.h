/*
 * bluesky — the Bluesky adapter: columns (timeline, notifications, search,
 * author, list, feed) polled with cursors over XRPC; the account's session
 * (createSession with the app password, refreshSession before the access
 * token expires and when the server says ExpiredToken, cached mode 0600
 * under $XDG_STATE_HOME/starling/bluesky/ so a restart does not spend
 * createSession's small limit); and its actions (reply, repost, like and
 * their undoing, the thread, updateSeen).
 *
 * Bluesky has no per-user push stream: a column polls every `every`
 * seconds (BLUESKY_POLL_INTERVAL by default), pages back with the cursor
 * until it meets a post it has shown (no gap after an outage), shows each
 * post once (again only when its counts change), and loads older pages
 * from the cursor of the oldest page when asked.
 */
#ifndef STARLING_BLUESKY_H
#define STARLING_BLUESKY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct account;
struct account_ops;
struct http_client;
struct http_response;
struct network;
struct source_ops;

extern const struct network bluesky_network;	/* bluesky_network.c */
extern const struct source_ops bluesky_source_ops;
extern const struct account_ops bluesky_account_ops;

enum bluesky_column_kind {
	BLUESKY_COL_TIMELINE, BLUESKY_COL_NOTIFICATIONS, BLUESKY_COL_SEARCH,
	BLUESKY_COL_AUTHOR, BLUESKY_COL_LIST, BLUESKY_COL_FEED
};

#define BLUESKY_POLL_INTERVAL	30	/* seconds, when `every` is not set */
#define BLUESKY_SERVICE		"https://bsky.social"
/* The access token is refreshed this long before it expires. */
#define BLUESKY_REFRESH_AHEAD	300

/* --- the session (bluesky_auth.c) ---------------------------------------- */

/* The account's open op: the cached session if it is still good (else
 * refreshed), else createSession with the app password (the account's
 * token). A refused password ("auth failed") is remembered: later opens
 * fail at once without asking the server again, so nothing loops against
 * createSession's limit. */
int	 bluesky_session_open(struct account *, struct http_client *,
	    struct http_response *r);
void	 bluesky_session_free(void *);
/* The signed-in DID (xmalloc'd), or NULL before sign-in. */
char	*bluesky_session_did(struct account *);

/* One XRPC call: GET or POST BASE/xrpc/NSID?query (query already escaped,
 * or NULL; body JSON or NULL) with the access token. The token is
 * refreshed first when it expires within BLUESKY_REFRESH_AHEAD, and once
 * more (then the call sent again) when the server answers ExpiredToken.
 * Returns http_do's result; *r as http_do leaves it. */
struct bluesky_call {
	const char	*nsid;
	const char	*query;
	const char	*body;		/* POST when set */
	bool		 interactive;	/* uses the rate-limit reserve */
	bool		 idempotent;	/* safe to send twice */
};
int	 bluesky_xrpc(struct account *, struct http_client *,
	    const struct bluesky_call *, struct http_response *r);

/* Where the session of handle at service is cached (xmalloc'd):
 * $XDG_STATE_HOME/starling/bluesky/SERVICE-HANDLE.session, SERVICE's
 * scheme, host and port with anything but [A-Za-z0-9.-] as '_'. */
char	*bluesky_session_path(const char *service, const char *handle);
/* Reads and writes a cached session (mode 0600; a file others can read
 * is refused). */
struct bluesky_tokens;
int	 bluesky_session_load(const char *path, struct bluesky_tokens *,
	    char *err, size_t errlen);
int	 bluesky_session_save(const char *path, const struct bluesky_tokens *,
	    char *err, size_t errlen);

/* The response's trouble in words, for a column header or a message:
 * "HTTP 400: InvalidRequest: ..." (the XRPC error's name and message),
 * the transport's error when nothing came. */
void	 bluesky_http_error(const struct http_response *, char *buf,
	    size_t len);

#endif
