/* bluesky_network.c — Bluesky's row in the network registry: its columns
 * and their keys, its notification reasons, its words, how a post counts
 * (300 graphemes, 3,000 bytes), how record keys order and what a post's
 * address is. */
#include <stdio.h>
#include <string.h>

#include "starling/account.h"
#include "starling/bluesky.h"
#include "starling/bluesky_parse.h"
#include "starling/network.h"
#include "starling/post.h"

static const char *const bluesky_every_key[] = { "every", NULL };
static const char *const bluesky_notes_keys[] = { "every", "reasons", NULL };

static const struct network_column bluesky_columns[] = {
	{ "timeline", BLUESKY_COL_TIMELINE, NULL, NULL, NULL,
	  bluesky_every_key, NULL },
	{ "notifications", BLUESKY_COL_NOTIFICATIONS, NULL, NULL, NULL,
	  bluesky_notes_keys, "notifications" },
	{ "search", BLUESKY_COL_SEARCH, "query", NULL, NULL, bluesky_every_key,
	  NULL },
	{ "author", BLUESKY_COL_AUTHOR, "query", NULL, NULL, bluesky_every_key,
	  NULL },
	{ "list", BLUESKY_COL_LIST, "list", "query",
	  "an AT-URI or the list's name", bluesky_every_key, NULL },
	{ "feed", BLUESKY_COL_FEED, "query", NULL, NULL, bluesky_every_key,
	  NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

/* listNotifications' reasons, for "reasons:". */
static const char *const bluesky_reasons[] = {
	"like", "repost", "follow", "mention", "reply", "quote",
	"starterpack-joined", "verified", "unverified", "like-via-repost",
	"repost-via-repost", "subscribed-post", NULL
};

static const char *const bluesky_account_needs[] = { "handle", NULL };
static const char *const bluesky_account_takes[] = {
	"service", "password_cmd", "password_env", "password_file", NULL
};

/* The record key (what follows the last '/'). */
static const char *
bluesky_key(const char *id)
{
	const char	*slash = strrchr(id, '/');

	return slash != NULL ? slash + 1 : id;
}

/* Record keys are TIDs, which sort as time: the read marker (the server's
 * seenAt, made a TID) compares with a notification's record key. Keys that
 * are not TIDs order as bytes. */
static int
bluesky_id_cmp(const char *a, const char *b)
{
	const char	*ka = bluesky_key(a), *kb = bluesky_key(b);
	int		 c = strcmp(ka, kb);

	if (c == 0)
		c = strcmp(a, b);
	return c;
}

/* https://bsky.app/profile/HANDLE/post/RKEY. */
static bool
bluesky_web_url(const struct post *p, char *buf, size_t len)
{
	const char	*who = p->author_handle ? p->author_handle :
			    p->author_id;
	int		 n;

	if (who == NULL || p->id == NULL ||
	    strstr(p->id, "/app.bsky.feed.post/") == NULL)
		return false;
	n = snprintf(buf, len, "https://bsky.app/profile/%s/post/%s", who,
	    bluesky_key(p->id));
	return n > 0 && (size_t)n < len;
}

const struct network bluesky_network = {
	.name = "bluesky",
	.account = true,
	.source_ops = &bluesky_source_ops,
	.account_ops = &bluesky_account_ops,
	.account_needs = bluesky_account_needs,
	.account_takes = bluesky_account_takes,
	.default_url = BLUESKY_SERVICE,
	.column_key = "type",
	.columns = bluesky_columns,
	.default_column = "timeline",
	.notification_kinds = bluesky_reasons,
	.notification_key = "reasons",
	.words = { "reposted", "reposting", "undoing the repost", "liking",
	    "unliking" },
	.count = network_count_graphemes,
	.quotes = true,		/* an app.bsky.embed.record */
	.counts = true,
	.limits = { 300, 3000, 0 },
	.reply_options = NULL,
	.id_cmp = bluesky_id_cmp,
	.web_url = bluesky_web_url,
	.login = NULL,
};
