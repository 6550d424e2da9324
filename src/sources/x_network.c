/* x_network.c — X's row in the network registry: its columns and their
 * keys, its account keys, its words, its weighted count and limits, its
 * ids and a post's address. */
#include <stdio.h>
#include <string.h>

#include "starling/network.h"
#include "starling/post.h"
#include "starling/x.h"

static const char *const x_every_key[] = { "every", NULL };

static const struct network_column x_columns[] = {
	{ "home", X_COL_HOME, NULL, NULL, NULL, x_every_key, NULL },
	{ "mentions", X_COL_MENTIONS, NULL, NULL, NULL, x_every_key, NULL },
	{ "search", X_COL_SEARCH, "query", NULL, NULL, x_every_key, NULL },
	{ "user", X_COL_USER, "query", NULL, NULL, x_every_key, NULL },
	{ "list", X_COL_LIST, "list", "query", "its id", x_every_key, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

static const char *const x_account_takes[] = {
	"api", "client_id", "bearer_cmd", "bearer_env", "budget",
	"token_cmd", "token_env", "token_file", NULL
};

int
x_id_cmp(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la != lb)
		return la < lb ? -1 : 1;
	return strcmp(a, b);
}

static long
x_network_count(const char *text, const struct network_limits *lim)
{
	(void)lim;
	return x_count(text);
}

/* https://x.com/USERNAME/status/ID */
static bool
x_web_url(const struct post *p, char *buf, size_t len)
{
	int	n;

	if (p->author_handle == NULL || (p->action_ref == NULL &&
	    p->id == NULL))
		return false;
	n = snprintf(buf, len, "https://x.com/%s/status/%s", p->author_handle,
	    p->action_ref ? p->action_ref : p->id);
	return n > 0 && (size_t)n < len;
}

const struct network x_network = {
	.name = "x",
	.account = true,
	.source_ops = &x_source_ops,
	.account_ops = &x_account_ops,
	.account_takes = x_account_takes,
	.default_url = X_API_URL,
	.column_key = "type",
	.columns = x_columns,
	.default_column = "home",
	.words = { "reposted", "reposting", "unreposting", "liking",
	    "unliking" },
	.count = x_network_count,
	.quotes = true,		/* quote_tweet_id */
	.counts = true,
	.limits = { X_MAX_WEIGHT, 0, 23 },
	.id_cmp = x_id_cmp,
	.web_url = x_web_url,
	.login = x_login,
};
