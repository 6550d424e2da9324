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

struct source_ops;
struct account_ops;

extern const struct source_ops mastodon_source_ops;
extern const struct account_ops mastodon_account_ops;

/* Seconds between polls of a column that cannot stream. */
#define MASTODON_POLL_INTERVAL	20

/* `starling login mastodon URL`: registers an app, prints the authorize
 * URL, reads the code from stdin, exchanges it, then stores the token in
 * token_path (0600) or, with print, writes it to stdout. Returns an exit
 * status; errors go to stderr. */
int	mastodon_login(const char *instance, const char *token_path, bool print);

#endif
