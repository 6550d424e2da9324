/* mastodon_network.c — Mastodon's row in the network registry: its columns
 * and their keys, its notification kinds, its words, how a reply counts,
 * how its ids order and what a post's address is. */
#include <stdio.h>
#include <string.h>

#include "starling/account.h"
#include "starling/mastodon.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/text.h"

static const char *const mastodon_types_key[] = { "types", NULL };

static const struct network_column mastodon_columns[] = {
	{ "home", MASTODON_COL_HOME, NULL, NULL, NULL, NULL, "home" },
	{ "notifications", MASTODON_COL_NOTIFICATIONS, NULL, NULL, NULL,
	  mastodon_types_key, "notifications" },
	{ "mentions", MASTODON_COL_NOTIFICATIONS, NULL, NULL, NULL,
	  mastodon_types_key, NULL },
	{ "local", MASTODON_COL_LOCAL, NULL, NULL, NULL, NULL, NULL },
	{ "public", MASTODON_COL_PUBLIC, NULL, NULL, NULL, NULL, NULL },
	{ "hashtag", MASTODON_COL_HASHTAG, "query", NULL, NULL, NULL, NULL },
	{ "list", MASTODON_COL_LIST, "list", "query", "its title or id", NULL,
	  NULL },
	{ "search", MASTODON_COL_SEARCH, "query", NULL, NULL, NULL, NULL },
	{ "user", MASTODON_COL_USER, "query", NULL, NULL, NULL, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

/* The kinds of Mastodon's notifications, for "types:". */
static const char *const mastodon_notification_kinds[] = {
	"mention", "status", "reblog", "follow", "follow_request", "favourite",
	"poll", "update", "quote", "admin.sign_up", "admin.report", NULL
};

static const char *const mastodon_account_needs[] = { "instance", NULL };
static const char *const mastodon_account_takes[] = {
	"token_cmd", "token_env", "token_file", NULL
};

int
mastodon_id_cmp(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

/* Mastodon's count: grapheme clusters, every URL as url_chars, and a
 * mention of a remote account by its local part only. */
static long
mastodon_count(const char *text, const struct network_limits *lim)
{
	struct text_cluster	c;
	size_t			len = strlen(text), off = 0, w;
	long			n = 0;

	while (off < len) {
		const char *s = text + off;

		if ((strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) ==
		    0) && (off == 0 || text[off - 1] == ' ' ||
		    text[off - 1] == '\n' || text[off - 1] == '(')) {
			w = strcspn(s, " \n\t");
			n += lim->url_chars > 0 ? lim->url_chars : (long)w;
			off += w;
			continue;
		}
		if (*s == '@' && (off == 0 || text[off - 1] == ' ' ||
		    text[off - 1] == '\n')) {
			size_t user = 1 + strcspn(s + 1, "@ \n\t");

			if (s[user] == '@') {
				n += (long)user;
				off += user + strcspn(s + user, " \n\t");
				continue;
			}
		}
		off += text_cluster_next(s, len - off, &c);
		n++;
	}
	return n;
}

/* A reply is seen by whom the post it answers was. */
static void
mastodon_reply_options(const struct post *parent, struct action *reply)
{
	action_set_option(reply, "visibility", parent->visibility ?
	    parent->visibility : "public");
}

static const char *const mastodon_visibilities[] = {
	"public", "unlisted", "private", "direct", NULL
};

/* The status on the server it came from: https://HOST/@handle/ID. */
static bool
mastodon_web_url(const struct post *p, char *buf, size_t len)
{
	const char	*host = strchr(p->network, '@');
	int		 n;

	if (host == NULL || host[1] == '\0' || p->author_handle == NULL ||
	    p->id == NULL)
		return false;
	n = snprintf(buf, len, "https://%s/@%s/%s", host + 1, p->author_handle,
	    p->id);
	return n > 0 && (size_t)n < len;
}

const struct network mastodon_network = {
	.name = "mastodon",
	.account = true,
	.source_ops = &mastodon_source_ops,
	.account_ops = &mastodon_account_ops,
	.account_needs = mastodon_account_needs,
	.account_takes = mastodon_account_takes,
	.column_key = "type",
	.columns = mastodon_columns,
	.default_column = "home",
	.notification_kinds = mastodon_notification_kinds,
	.words = { "boosted", "boosting", "unboosting", "liking", "unliking" },
	.count = mastodon_count,
	.limits = { 500, 0, 23 },
	.reply_options = mastodon_reply_options,
	.visibility = "visibility",
	.visibilities = mastodon_visibilities,
	.content_warning = "spoiler_text",
	.quotes = true,		/* Mastodon 4.5: quoted_status_id */
	.idempotent = true,	/* the Idempotency-Key header */
	.reply_mentions = true,
	.counts = true,
	.id_cmp = mastodon_id_cmp,
	.web_url = mastodon_web_url,
	.login = mastodon_login,
};
