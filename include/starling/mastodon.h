/*
 * mastodon — the Mastodon adapter: columns (home, notifications, local,
 * public, hashtag, list, search, user) streamed over SSE with polling where
 * streaming is unavailable, backfilled with min_id after every gap; the
 * account's actions (reply, boost, favourite, bookmark, thread, older pages,
 * read markers); and the out-of-band OAuth login with PKCE.
 */
#ifndef STARLING_MASTODON_H
#define STARLING_MASTODON_H

#include <stdbool.h>

struct account_ops;
struct network;
struct source_ops;

extern const struct network mastodon_network;	/* mastodon_network.c */
extern const struct source_ops mastodon_source_ops;
extern const struct account_ops mastodon_account_ops;

/* The column kinds (network_column.kind of mastodon_network's columns). */
enum mastodon_column_kind {
	MASTODON_COL_HOME, MASTODON_COL_NOTIFICATIONS, MASTODON_COL_LOCAL,
	MASTODON_COL_PUBLIC, MASTODON_COL_HASHTAG, MASTODON_COL_LIST,
	MASTODON_COL_SEARCH, MASTODON_COL_USER
};

/* What an account learns at sign-in besides its limits: its account_data
 * once account_open has returned 0. */
struct mastodon_session {
	char	*streaming_url;		/* the instance's, or NULL */
};

/* Status and notification ids are numbers: by length, then bytes. */
int	mastodon_id_cmp(const char *a, const char *b);

/* Where a column streams from (xmalloc'd, no '/' at the end): the
 * streaming URL the instance advertised (ws:// read as http://, wss:// as
 * https://) only when it is the instance's own origin (scheme, host and
 * port) or, when the instance is https, an https host of the same site
 * (registrable domain: "streaming.example.social" for "example.social");
 * else base_url itself. The token goes with the stream: never to another
 * host, never from https to cleartext. */
char	*mastodon_stream_base(const char *base_url, const char *streaming);

/* Seconds between polls of a column that cannot stream. */
#define MASTODON_POLL_INTERVAL	20

/* `starling login mastodon URL`: registers an app, prints the authorize
 * URL, reads the code from stdin, exchanges it, then stores the token in
 * token_path (0600) or, with print, writes it to stdout. Returns an exit
 * status; errors go to stderr. */
int	mastodon_login(const char *instance, const char *token_path, bool print);

#endif
