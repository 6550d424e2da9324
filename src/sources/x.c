/* x.c — X columns on their fetch threads: each poll asks for what is newer
 * than the newest post seen (since_id), one page, within the account's
 * budget of posts read (max_results never asks for more than is left; an
 * account whose budget is spent makes no request until the next period);
 * older pages come with the pagination_token of the oldest page. Errors
 * become the column's state: rate limited until T (x-rate-limit-* and 429),
 * X's problem+json in words, auth failed. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/ratelimit.h"
#include "starling/source.h"
#include "starling/x.h"
#include "starling/x_parse.h"
#include "starling/xmalloc.h"

#define X_PAGE_MAX	100	/* max_results's ceiling on every endpoint */

/* What every timeline request asks to be told. */
#define X_FIELDS							\
	"tweet.fields=created_at,author_id,conversation_id,"		\
	"in_reply_to_user_id,referenced_tweets,entities,attachments,"	\
	"public_metrics,lang,possibly_sensitive,note_tweet"		\
	"&expansions=author_id,referenced_tweets.id,"			\
	"referenced_tweets.id.author_id,attachments.media_keys,"	\
	"in_reply_to_user_id"						\
	"&user.fields=username,name,profile_image_url,public_metrics"	\
	"&media.fields=type,url,preview_image_url,alt_text"

struct x_column {
	struct http_client	*http;
	struct ratelimit	*rl;		/* this endpoint's window */
	enum x_column_kind	 kind;
	char			*path;		/* "/2/tweets/search/recent" */
	char			*params;	/* "&query=..." or "" */
	int			 min_results;	/* the endpoint's floor */
	char			*newest;	/* newest id emitted */
	char			*older;		/* next_token of the oldest page */
	bool			 started;	/* the first page came */
	struct source		*src;
};

static bool
x_stop_check(void *arg)
{
	struct x_column	*xc = arg;

	return source_stopping(xc->src);
}

/* Turns a failed or refused response into the column's state
 * (source_fail()). */
static double
x_fail(struct source *src, struct http_response *r, int rc)
{
	static const struct source_fail_rules how = { { 401, 0 }, 0, true };
	char	why[200];

	http_describe(r, x_parse_error, why, sizeof why);
	return source_fail(src, r, rc, why, &how);
}

static int
x_get(struct source *src, struct x_column *xc, const char *url,
    struct http_response *r)
{
	struct http_request	req = { 0 };

	req.url = url;
	req.retries = -1;
	return x_session_do(source_account(src), xc->http, &req, r);
}

static void x_close(struct source *);

/* A user's id from their username (with or without '@'), or NULL with
 * the column's state set. */
static char *
x_user_id(struct source *src, struct x_column *xc, const char *name)
{
	struct http_response	 r;
	char			*url, *esc, *id = NULL, *user = NULL, err[200];
	int			 rc;

	esc = http_escape(name[0] == '@' ? name + 1 : name);
	xasprintf(&url, "%s/2/users/by/username/%s",
	    account_base_url(source_account(src)), esc);
	free(esc);
	rc = x_get(src, xc, url, &r);
	free(url);
	if (rc != 0 || r.status != 200) {
		x_fail(src, &r, rc);
		http_response_free(&r);
		return NULL;
	}
	if (x_parse_user(r.body, r.len, &id, &user, err, sizeof err) != 0)
		source_set_status(src, SOURCE_ERROR, 0, "no user \"%s\": %s",
		    name, err);
	free(user);
	http_response_free(&r);
	return id;
}

static int
x_open(struct source *src)
{
	const struct config_column	*cfg = source_column(src);
	struct account			*acct = source_account(src);
	struct x_column			*xc = xcalloc(1, sizeof *xc);
	const struct network_column	*col;
	struct http_response		 r;
	const char			*type = cfg->type ? cfg->type :
					    x_network.default_column;
	const char			*me;
	char				*id, *esc;

	if (source_data(src) != NULL)
		x_close(src);
	xc->src = src;
	/* X limits each endpoint in its own window: a search that met
	 * its limit does not hold up the home timeline. */
	xc->rl = ratelimit_new();
	xc->http = http_client_new(xc->rl, x_stop_check, xc);
	http_client_set_wake_fd(xc->http, source_wake_fd(src));
	source_set_data(src, xc);
	if ((col = network_column(&x_network, type)) == NULL) {
		source_set_status(src, SOURCE_ERROR, 0,
		    "x has no \"%s\" column", type);
		return -1;
	}
	xc->kind = (enum x_column_kind)col->kind;
	if (account_open(acct, xc->http, &r) != 0) {
		x_fail(src, &r, r.status == 0 ? -1 : 0);
		http_response_free(&r);
		return -1;
	}
	http_response_free(&r);
	me = x_session_user_id(acct);
	xc->min_results = 5;
	switch (xc->kind) {
	case X_COL_HOME:
	case X_COL_MENTIONS:
		if (me == NULL) {
			source_set_status(src, SOURCE_ERROR, 0, "a %s column "
			    "needs a signed-in user (an app bearer token reads "
			    "search, user and list columns)", type);
			return -1;
		}
		xc->min_results = xc->kind == X_COL_HOME ? 1 : 5;
		xasprintf(&xc->path, "/2/users/%s/%s", me, xc->kind ==
		    X_COL_HOME ? "timelines/reverse_chronological" :
		    "mentions");
		break;
	case X_COL_SEARCH:
		if (cfg->query == NULL)
			goto needs_query;
		xc->min_results = 10;
		xc->path = xstrdup("/2/tweets/search/recent");
		esc = http_escape(cfg->query);
		xasprintf(&xc->params, "&query=%s", esc);
		free(esc);
		break;
	case X_COL_USER:
		if (cfg->query == NULL)
			goto needs_query;
		if ((id = x_user_id(src, xc, cfg->query)) == NULL)
			return -1;
		xasprintf(&xc->path, "/2/users/%s/tweets", id);
		free(id);
		break;
	case X_COL_LIST: {
		const char *list = cfg->list ? cfg->list : cfg->query;

		if (list == NULL)
			goto needs_query;
		if (*list == '\0' || list[strspn(list, "0123456789")] != '\0') {
			source_set_status(src, SOURCE_ERROR, 0, "a list is "
			    "named by its id (digits), not \"%s\"", list);
			return -1;
		}
		xc->min_results = 1;
		xasprintf(&xc->path, "/2/lists/%s/tweets", list);
		break;
	}
	}
	if (xc->params == NULL)
		xc->params = xstrdup("");
	return 0;

needs_query:
	source_set_status(src, SOURCE_ERROR, 0, "a %s column needs a query",
	    type);
	return -1;
}

/* The column's budget state when the budget cannot pay for a page:
 * true (and *delay) when no request may be made. */
static bool
x_spent(struct source *src, struct x_column *xc, long *max, double *delay)
{
	time_t	now = time(NULL), resumes;
	long	left = x_budget_left(source_account(src), now, &resumes);
	char	day[16];
	struct tm tm;

	*max = left < X_PAGE_MAX ? left : X_PAGE_MAX;
	if (left >= xc->min_results)
		return false;
	gmtime_r(&resumes, &tm);
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	source_set_status(src, SOURCE_IDLE, 0, "budget spent \xc2\xb7 "
	    "resumes %s", day);
	*delay = resumes > now ? (double)(resumes - now) + 1 : 60;
	return true;
}

/* One page: newer than since_id, or older from token. Emits its posts
 * and returns how many there were, or -1 (state set, *delay). */
static int
x_page(struct source *src, struct x_column *xc, const char *since_id,
    const char *token, long max, double *delay)
{
	struct account		*acct = source_account(src);
	struct http_response	 r;
	struct x_page		 pg;
	size_t			 i;
	char			*url, err[200];
	int			 rc;

	xasprintf(&url, "%s%s?max_results=%ld%s&%s%s%s%s%s",
	    account_base_url(acct), xc->path, max, xc->params, X_FIELDS,
	    since_id ? "&since_id=" : "", since_id ? since_id : "",
	    token ? "&pagination_token=" : "", token ? token : "");
	rc = x_get(src, xc, url, &r);
	free(url);
	if (rc != 0 || r.status != 200) {
		*delay = x_fail(src, &r, rc);
		http_response_free(&r);
		return -1;
	}
	if (x_parse_page(r.body, r.len, source_column(src)->title, &pg, err,
	    sizeof err) != 0) {
		source_set_status(src, SOURCE_BACKOFF, 0, "%s", err);
		http_response_free(&r);
		*delay = -1;
		return -1;
	}
	http_response_free(&r);
	/* Every post that came is paid for. */
	x_budget_spend(acct, (long)pg.nposts, time(NULL));
	if (pg.errors != NULL)
		log_msg("column \"%s\": X said: %s", source_column(src)->title,
		    pg.errors);
	if (token != NULL || !xc->started) {
		free(xc->older);
		xc->older = pg.next_token;
		pg.next_token = NULL;
	}
	xc->started = true;
	for (i = 0; i < pg.nposts; i++) {
		if (token == NULL && (xc->newest == NULL ||
		    x_id_cmp(pg.posts[i]->id, xc->newest) > 0)) {
			free(xc->newest);
			xc->newest = xstrdup(pg.posts[i]->id);
		}
		if (!source_emit(src, pg.posts[i])) {
			pg.posts[i] = NULL;
			while (++i < pg.nposts) {
				post_unref(pg.posts[i]);
				pg.posts[i] = NULL;
			}
			break;
		}
		pg.posts[i] = NULL;
	}
	rc = (int)pg.nposts;
	pg.nposts = 0;
	x_page_free(&pg);
	return rc;
}

static double
x_poll(struct source *src)
{
	struct x_column			*xc = source_data(src);
	const struct config_column	*cfg = source_column(src);
	double				 delay = -1;
	long				 max;
	char				*older, text[96];
	int				 n;

	if ((older = source_take_older(src)) != NULL) {
		free(older);
		if (xc->older == NULL)
			source_older_done(src, 0);
		else if (x_spent(src, xc, &max, &delay))
			source_older_done(src, 0);
		else {
			char *token = xstrdup(xc->older);

			n = x_page(src, xc, NULL, token, max, &delay);
			free(token);
			source_older_done(src, n);
			if (n < 0)
				return delay;
		}
	}
	if (x_spent(src, xc, &max, &delay))
		return delay;
	if (x_page(src, xc, xc->newest, NULL, max, &delay) < 0)
		return delay;
	x_budget_text(source_account(src), time(NULL), text, sizeof text);
	source_set_status(src, SOURCE_POLLING, 0, "%s", *text ? text :
	    "polling");
	return cfg->every > 0 ? cfg->every : X_POLL_INTERVAL;
}

static void
x_close(struct source *src)
{
	struct x_column	*xc = source_data(src);

	if (xc == NULL)
		return;
	http_client_free(xc->http);
	ratelimit_free(xc->rl);
	free(xc->path);
	free(xc->params);
	free(xc->newest);
	free(xc->older);
	free(xc);
	source_set_data(src, NULL);
}

const struct source_ops x_source_ops = {
	"x", x_open, x_poll, x_close
};
