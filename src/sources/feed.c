/* feed.c — the feed source behind the common source interface, and its row
 * in the network registry. Each poll is one conditional GET of the
 * configured URL on the column's fetch thread; a changed document is parsed
 * there (feed_parse.c) and what was not emitted before is emitted. A failed
 * fetch, or a document that is not a feed, says why in the column's state
 * and is tried again after `every`. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/config.h"
#include "starling/feed.h"
#include "starling/http.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/xmalloc.h"

struct feed_state {
	struct http_client	*http;
	const char		*url;
	char			*network;
	const char		*column;
	double			 every;
	char			*etag, *last_modified;
	/* What the last document held (feed_doc keys), sorted: what is
	 * not among them is news. */
	char			**seen;
	size_t			 nseen;
};

static bool
feed_stop_check(void *arg)
{
	return source_stopping(arg);
}

static int
feed_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
feed_open(struct source *src)
{
	const struct config_column	*col = source_column(src);
	struct feed_state		*st;

	if (col->url == NULL || *col->url == '\0') {
		source_set_status(src, SOURCE_ERROR, 0, "no url");
		return -1;
	}
	st = xcalloc(1, sizeof *st);
	st->url = col->url;
	st->network = feed_network_name(col->url);
	st->column = col->title;
	st->every = col->every > 0 ? col->every : FEED_EVERY_DEFAULT;
	if (st->every < FEED_EVERY_MIN)
		st->every = FEED_EVERY_MIN;
	st->http = http_client_new(NULL, feed_stop_check, src);
	http_client_set_wake_fd(st->http, source_wake_fd(src));
	source_set_data(src, st);
	return 0;
}

static void
feed_forget(struct feed_state *st)
{
	size_t	i;

	for (i = 0; i < st->nseen; i++)
		free(st->seen[i]);
	free(st->seen);
	st->seen = NULL;
	st->nseen = 0;
}

/* A failure: said in the header, tried again at the next poll. */
static double
feed_failed(struct source *src, struct feed_state *st, const char *why)
{
	source_set_status(src, SOURCE_BACKOFF, time(NULL) +
	    (time_t)st->every, "%s", why);
	return st->every;
}

static void
feed_keep(char **slot, const char *value)
{
	if (value == NULL)
		return;
	free(*slot);
	*slot = xstrdup(value);
}

/* Emits what the document holds that the last one did not (new entries,
 * and entries whose times changed); remembers this one. False when
 * stopping. */
static bool
feed_emit_news(struct source *src, struct feed_state *st,
    struct feed_doc *doc)
{
	size_t	i;
	char	**keys;

	for (i = 0; i < doc->n; i++) {
		if (st->seen != NULL && bsearch(&doc->keys[i], st->seen,
		    st->nseen, sizeof *st->seen, feed_strcmp) != NULL)
			continue;
		if (!source_emit(src, post_ref(doc->posts[i])))
			return false;
	}
	keys = xcalloc(doc->n + 1, sizeof *keys);
	for (i = 0; i < doc->n; i++) {
		keys[i] = doc->keys[i];
		doc->keys[i] = NULL;
	}
	feed_forget(st);
	st->seen = keys;
	st->nseen = doc->n;
	qsort(st->seen, st->nseen, sizeof *st->seen, feed_strcmp);
	return true;
}

static double
feed_poll(struct source *src)
{
	struct feed_state	*st = source_data(src);
	struct http_request	 req;
	struct http_response	 resp;
	struct feed_doc		 doc;
	char			 err[160], why[sizeof resp.error];
	double			 next = st->every;

	memset(&req, 0, sizeof req);
	req.url = st->url;
	req.max_body = FEED_MAX_BODY;
	req.retries = -1;
	req.if_none_match = st->etag;
	req.if_modified_since = st->last_modified;
	if (http_do(st->http, &req, &resp) != 0) {
		if (source_stopping(src)) {
			http_response_free(&resp);
			return SOURCE_WAIT_FOREVER;
		}
		next = feed_failed(src, st, resp.error);
		http_response_free(&resp);
		return next;
	}
	if (resp.status == 304) {
		source_set_status(src, SOURCE_POLLING, 0, NULL);
		http_response_free(&resp);
		return next;
	}
	if (resp.status < 200 || resp.status > 299) {
		snprintf(why, sizeof why, "%s", resp.error[0] ? resp.error :
		    "no answer");
		http_response_free(&resp);
		return feed_failed(src, st, why);
	}
	if (feed_parse(resp.body, resp.len, st->network, st->column,
	    (int64_t)time(NULL), &doc, err, sizeof err) != 0) {
		feed_doc_free(&doc);
		http_response_free(&resp);
		/* A broken document is fetched whole next time. */
		free(st->etag);
		free(st->last_modified);
		st->etag = st->last_modified = NULL;
		return feed_failed(src, st, err);
	}
	feed_keep(&st->etag, resp.etag);
	feed_keep(&st->last_modified, resp.last_modified);
	http_response_free(&resp);
	if (!feed_emit_news(src, st, &doc)) {
		feed_doc_free(&doc);
		return SOURCE_WAIT_FOREVER;
	}
	feed_doc_free(&doc);
	source_set_status(src, SOURCE_POLLING, 0, NULL);
	return next;
}

static void
feed_close(struct source *src)
{
	struct feed_state	*st = source_data(src);

	if (st == NULL)
		return;
	http_client_free(st->http);
	feed_forget(st);
	free(st->network);
	free(st->etag);
	free(st->last_modified);
	free(st);
	source_set_data(src, NULL);
}

const struct source_ops feed_source_ops = {
	"feed", feed_open, feed_poll, feed_close
};

static const char *const feed_keys[] = { "every", NULL };
static const struct network_column feed_columns[] = {
	{ "feed", 0, "url", NULL, NULL, feed_keys, NULL },
	{ NULL, 0, NULL, NULL, NULL, NULL, NULL }
};

/* A feed's ids (guids, URLs) say nothing of order: equal is all. */
static int
feed_id_cmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

static bool
feed_web_url(const struct post *p, char *buf, size_t len)
{
	(void)p;
	(void)buf;
	(void)len;
	return false;
}

const struct network feed_network = {
	.name = "feed",
	.account = false,
	.source_ops = &feed_source_ops,
	.column_key = "channel",
	.columns = feed_columns,
	.default_column = "feed",
	.words = { "reposted", "reposting", "unreposting", "liking",
	    "unliking" },
	.count = network_count_graphemes,
	.id_cmp = feed_id_cmp,
	.web_url = feed_web_url,
};
