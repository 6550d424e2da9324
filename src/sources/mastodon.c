/* mastodon.c — Mastodon columns on their fetch threads.
 *
 * Each poll() call first backfills: it pages forward with min_id from the
 * newest post it has seen until it has caught up, so a dropped stream, an
 * outage or a suspended laptop leaves no gap. Then, where the column can
 * stream, it holds the SSE stream until it drops and returns 0 to come
 * straight back (backfill, reconnect); where it cannot, it returns the poll
 * interval. Errors become the column's state: rate limited until T, retrying,
 * auth failed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/mastodon.h"
#include "starling/mastodon_parse.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/ratelimit.h"
#include "starling/source.h"
#include "starling/sse.h"
#include "starling/xmalloc.h"

#define MASTODON_PAGE		40	/* statuses per page (the API's max) */
#define MASTODON_BACKFILL_PAGES	25	/* at most 1,000 missed posts */
#define MASTODON_STREAM_IDLE	(75 * 1000)	/* heartbeats come every ~15 s */
#define MASTODON_STREAM_STEADY	30	/* a stream this old was healthy */

struct mastodon_column {
	struct http_client	*http;
	enum mastodon_column_kind kind;
	enum mastodon_body	 body;
	char			*path;		/* "/api/v1/timelines/home" */
	char			*params;	/* fixed query, "&"-joined, or "" */
	char			*stream;	/* "/api/v1/streaming/user?..." */
	char			*newest;	/* newest id emitted */
	time_t			 no_stream;	/* the server said no: poll until
						 * then, and ask again */
	bool			 streaming;
	struct source		*src;
	size_t			 emitted;	/* this stream's events */
};

/* Transfers stop for a stop, and a stream also for a history request: the
 * fetch thread serves it, then backfills and reconnects. */
static bool
mastodon_stop_check(void *arg)
{
	struct mastodon_column	*mc = arg;

	return source_stopping(mc->src) ||
	    (mc->streaming && source_has_request(mc->src));
}

static void
mastodon_note_newest(struct mastodon_column *mc, const char *id)
{
	if (id == NULL || *id == '\0')
		return;
	if (mc->newest == NULL || mastodon_id_cmp(id, mc->newest) > 0) {
		free(mc->newest);
		mc->newest = xstrdup(id);
	}
}

/* "mention, favourite" -> "&types[]=mention&types[]=favourite". */
static char *
mastodon_types_param(const char *types)
{
	char	*out = xstrdup(""), *copy, *word, *save, *esc, *next;

	if (types == NULL)
		return out;
	copy = xstrdup(types);
	for (word = strtok_r(copy, ", ", &save); word != NULL;
	    word = strtok_r(NULL, ", ", &save)) {
		esc = http_escape(word);
		xasprintf(&next, "%s&types[]=%s", out, esc);
		free(esc);
		free(out);
		out = next;
	}
	free(copy);
	return out;
}

/* Turns a failed or refused response into the column's state
 * (source_fail()). */
static double
mastodon_fail(struct source *src, struct http_response *r, int rc)
{
	static const struct source_fail_rules how = { { 401, 403 }, 0, false };
	char	why[200];

	http_describe(r, mastodon_parse_error, why, sizeof why);
	return source_fail(src, r, rc, why, &how);
}

static void mastodon_close(struct source *);

static int
mastodon_get(struct source *src, struct mastodon_column *mc, const char *url,
    struct http_response *r)
{
	struct account		*acct = source_account(src);
	struct http_request	 req = { 0 };

	req.url = url;
	req.bearer = account_token(acct);
	req.retries = -1;
	memset(r, 0, sizeof *r);
	return http_do(mc->http, &req, r);
}

/* The server's read marker, so the web UI and this column agree. */
static void
mastodon_markers(struct source *src, struct mastodon_column *mc)
{
	struct http_response	 r;
	char			*url, *home = NULL, *notes = NULL, err[200];

	xasprintf(&url, "%s/api/v1/markers?timeline[]=home&"
	    "timeline[]=notifications", account_base_url(source_account(src)));
	if (mastodon_get(src, mc, url, &r) == 0 && r.status == 200 &&
	    mastodon_parse_markers(r.body, r.len, &home, &notes, err,
	    sizeof err) == 0) {
		const char *id = mc->kind == MASTODON_COL_HOME ? home : notes;

		if (id != NULL)
			source_set_marker(src, id);
	}
	http_response_free(&r);
	free(url);
	free(home);
	free(notes);
}

/* Signs the account in (once for all its columns: the limits and the
 * streaming host), then resolves list titles and user handles to ids. */
static int
mastodon_open(struct source *src)
{
	const struct config_column	*cfg = source_column(src);
	struct account			*acct = source_account(src);
	struct mastodon_column		*mc = xcalloc(1, sizeof *mc);
	const struct network_column	*col;
	struct http_response		 r;
	const char			*type = cfg->type ? cfg->type :
					    mastodon_network.default_column;
	char				*url, *q = NULL, err[200];
	int				 rc;

	if (source_data(src) != NULL)	/* a retry after a failed open */
		mastodon_close(src);
	mc->src = src;
	mc->http = http_client_new(account_ratelimit(acct), mastodon_stop_check,
	    mc);
	http_client_set_wake_fd(mc->http, source_wake_fd(src));
	source_set_data(src, mc);
	if ((col = network_column(&mastodon_network, type)) == NULL) {
		source_set_status(src, SOURCE_ERROR, 0,
		    "mastodon has no \"%s\" column", type);
		return -1;
	}
	mc->kind = (enum mastodon_column_kind)col->kind;

	if (account_open(acct, mc->http, &r) != 0) {
		/* rc as http_do gave it: -1 only when no answer came. */
		mastodon_fail(src, &r, r.status == 0 ? -1 : 0);
		http_response_free(&r);
		return -1;
	}
	http_response_free(&r);

	if (cfg->query)
		q = http_escape(cfg->query);
	mc->body = MASTODON_STATUSES;
	switch (mc->kind) {
	case MASTODON_COL_HOME:
		mc->path = xstrdup("/api/v1/timelines/home");
		mc->stream = xstrdup("/api/v1/streaming/user");
		break;
	case MASTODON_COL_NOTIFICATIONS:
		mc->body = MASTODON_NOTIFICATIONS;
		mc->path = xstrdup("/api/v1/notifications");
		mc->params = mastodon_types_param(cfg->types ? cfg->types :
		    strcmp(type, "mentions") == 0 ? "mention" : NULL);
		mc->stream = xstrdup("/api/v1/streaming/user/notification");
		break;
	case MASTODON_COL_LOCAL:
		mc->path = xstrdup("/api/v1/timelines/public");
		mc->params = xstrdup("&local=true");
		mc->stream = xstrdup("/api/v1/streaming/public/local");
		break;
	case MASTODON_COL_PUBLIC:
		mc->path = xstrdup("/api/v1/timelines/public");
		mc->stream = xstrdup("/api/v1/streaming/public");
		break;
	case MASTODON_COL_HASHTAG:
		if (q == NULL)
			goto needs_query;
		/* "#acme" and "acme" name the same tag. */
		free(q);
		q = http_escape(cfg->query[0] == '#' ? cfg->query + 1 :
		    cfg->query);
		xasprintf(&mc->path, "/api/v1/timelines/tag/%s", q);
		xasprintf(&mc->stream, "/api/v1/streaming/hashtag?tag=%s", q);
		break;
	case MASTODON_COL_SEARCH:
		if (q == NULL)
			goto needs_query;
		mc->body = MASTODON_SEARCH;
		mc->path = xstrdup("/api/v2/search");
		xasprintf(&mc->params, "&type=statuses&resolve=false&q=%s", q);
		break;
	case MASTODON_COL_LIST:
	case MASTODON_COL_USER: {
		const char	*want = mc->kind == MASTODON_COL_LIST ?
				    (cfg->list ? cfg->list : cfg->query) :
				    cfg->query;
		char		*id = NULL, *esc;

		if (want == NULL)
			goto needs_query;
		esc = http_escape(want);
		if (mc->kind == MASTODON_COL_LIST)
			xasprintf(&url, "%s/api/v1/lists", account_base_url(acct));
		else
			xasprintf(&url, "%s/api/v1/accounts/lookup?acct=%s",
			    account_base_url(acct), esc[0] == '%' &&
			    strncmp(esc, "%40", 3) == 0 ? esc + 3 : esc);
		free(esc);
		rc = mastodon_get(src, mc, url, &r);
		free(url);
		if (rc != 0 || r.status != 200) {
			if (rc == 0 && r.status == 404) {
				source_set_status(src, SOURCE_ERROR, 0,
				    "no such account \"%s\"", want);
				http_response_free(&r);
				free(q);
				return -1;
			}
			mastodon_fail(src, &r, rc);
			http_response_free(&r);
			free(q);
			return -1;
		}
		if (mc->kind == MASTODON_COL_LIST) {
			id = mastodon_parse_list_id(r.body, r.len, want);
			/* Not a title: an id is fine as it is. */
			if (id == NULL && want[strspn(want, "0123456789")] == '\0')
				id = xstrdup(want);
		}
		else {
			struct mastodon_account	a = { 0 };

			if (mastodon_parse_account(r.body, r.len, &a, err,
			    sizeof err) == 0 && a.id != NULL)
				id = xstrdup(a.id);
			mastodon_account_free(&a);
		}
		http_response_free(&r);
		if (id == NULL) {
			source_set_status(src, SOURCE_ERROR, 0, "no %s \"%s\"",
			    mc->kind == MASTODON_COL_LIST ? "list" : "account", want);
			free(q);
			return -1;
		}
		if (mc->kind == MASTODON_COL_LIST) {
			xasprintf(&mc->path, "/api/v1/timelines/list/%s", id);
			xasprintf(&mc->stream, "/api/v1/streaming/list?list=%s",
			    id);
		} else
			xasprintf(&mc->path, "/api/v1/accounts/%s/statuses", id);
		free(id);
		break;
	}
	}
	free(q);
	if (mc->params == NULL)
		mc->params = xstrdup("");
	if (mc->kind == MASTODON_COL_HOME ||
	    (mc->kind == MASTODON_COL_NOTIFICATIONS &&
	    strcmp(type, "notifications") == 0))
		mastodon_markers(src, mc);
	return 0;

needs_query:
	free(q);
	source_set_status(src, SOURCE_ERROR, 0, "a %s column needs a query",
	    type);
	return -1;
}

/* One page: GET path?limit&params[&min_id|&max_id]. Emits its posts and
 * returns how many there were, or -1 (state set). */
static int
mastodon_page(struct source *src, struct mastodon_column *mc,
    const char *min_id, const char *max_id, double *delay)
{
	struct account	*acct = source_account(src);
	struct http_response r;
	struct post	**posts;
	size_t		 n, i;
	char		*url, err[200];
	int		 rc;

	xasprintf(&url, "%s%s?limit=%d%s%s%s%s%s", account_base_url(acct),
	    mc->path, mc->body == MASTODON_SEARCH ? 20 : MASTODON_PAGE,
	    mc->params, min_id ? "&min_id=" : "", min_id ? min_id : "",
	    max_id ? "&max_id=" : "", max_id ? max_id : "");
	rc = mastodon_get(src, mc, url, &r);
	free(url);
	if (rc != 0 || r.status != 200) {
		*delay = mastodon_fail(src, &r, rc);
		http_response_free(&r);
		return -1;
	}
	if (mastodon_parse_body(r.body, r.len, mc->body,
	    source_column(src)->title, account_host(acct), &posts, &n, err,
	    sizeof err) != 0) {
		source_set_status(src, SOURCE_BACKOFF, 0, "%s", err);
		http_response_free(&r);
		*delay = -1;
		return -1;
	}
	http_response_free(&r);
	for (i = 0; i < n; i++) {
		if (max_id == NULL)
			mastodon_note_newest(mc, posts[i]->id);
		if (!source_emit(src, posts[i])) {
			while (++i < n)
				post_unref(posts[i]);
			break;
		}
	}
	free(posts);
	return (int)n;
}

/* Catches up from the newest post seen; the first time, one page. */
static int
mastodon_backfill(struct source *src, struct mastodon_column *mc,
    double *delay)
{
	int	n, pages = 0;
	char	*from;

	if (mc->newest == NULL)
		return mastodon_page(src, mc, NULL, NULL, delay) < 0 ? -1 : 0;
	do {
		from = xstrdup(mc->newest);
		n = mastodon_page(src, mc, from, NULL, delay);
		/* No progress (the server ignored min_id): stop paging. */
		if (n > 0 && strcmp(from, mc->newest) == 0)
			n = 0;
		free(from);
		if (n < 0)
			return -1;
	} while (n >= MASTODON_PAGE && ++pages < MASTODON_BACKFILL_PAGES &&
	    !source_stopping(src));
	return 0;
}

/* Which stream events belong in this column. */
static bool
mastodon_event_wanted(const struct mastodon_column *mc, const char *event)
{
	if (mc->kind == MASTODON_COL_NOTIFICATIONS)
		return strcmp(event, "notification") == 0;
	return strcmp(event, "update") == 0 || strcmp(event, "delete") == 0 ||
	    strcmp(event, "status.update") == 0;
}

static void
mastodon_on_event(const char *event, const char *data, size_t len,
    const char *id, void *arg)
{
	struct mastodon_column	*mc = arg;
	const struct config_column *cfg = source_column(mc->src);
	struct post		*p;
	char			 err[200] = "";

	if (!mastodon_event_wanted(mc, event))
		return;
	p = mastodon_parse_event(event, data, len, cfg->title,
	    account_host(source_account(mc->src)), err, sizeof err);
	if (p == NULL) {
		if (*err)
			log_msg("column \"%s\": stream event %s: %s", cfg->title,
			    event, err);
		return;
	}
	/* Notifications filtered by type: the stream sends all of them. */
	if (mc->kind == MASTODON_COL_NOTIFICATIONS && *mc->params != '\0' &&
	    p->notify == POST_NOTIFY_NONE) {
		/* A kind with no name here cannot be one the filter asks for. */
		post_unref(p);
		return;
	}
	if (mc->kind == MASTODON_COL_NOTIFICATIONS && *mc->params != '\0') {
		static const char *const names[] = {
			[POST_NOTIFY_MENTION] = "mention",
			[POST_NOTIFY_REPLY] = "mention",
			[POST_NOTIFY_REPOST] = "reblog",
			[POST_NOTIFY_LIKE] = "favourite",
			[POST_NOTIFY_FOLLOW] = "follow",
			[POST_NOTIFY_QUOTE] = "quote",
			[POST_NOTIFY_POLL] = "poll",
			[POST_NOTIFY_UPDATE] = "update",
		};
		char	want[64];

		snprintf(want, sizeof want, "types[]=%s", names[p->notify]);
		if (strstr(mc->params, want) == NULL) {
			post_unref(p);
			return;
		}
	}
	if (!(p->flags & POST_DELETED) && strcmp(event, "status.update") != 0)
		mastodon_note_newest(mc, p->id);
	mc->emitted++;
	source_emit(mc->src, p);
}

static bool
mastodon_on_data(const char *buf, size_t len, void *arg)
{
	struct sse	*sse = arg;

	sse_feed(sse, buf, len);
	return true;
}

/* A URL's origin: scheme (ws/wss read as http/https), lowercase host
 * and port (the scheme's default when none). false when it has none. */
static bool
mastodon_origin(const char *url, char *scheme, size_t slen, char *host,
    size_t hlen, long *port)
{
	const char	*h, *end, *p;
	size_t		 n, i;

	if (url == NULL || (h = strstr(url, "://")) == NULL)
		return false;
	n = (size_t)(h - url);
	if (n == 2 && strncasecmp(url, "ws", 2) == 0)
		snprintf(scheme, slen, "http");
	else if (n == 3 && strncasecmp(url, "wss", 3) == 0)
		snprintf(scheme, slen, "https");
	else if ((n == 4 && strncasecmp(url, "http", 4) == 0) ||
	    (n == 5 && strncasecmp(url, "https", 5) == 0)) {
		snprintf(scheme, slen, "%.*s", (int)n, url);
		for (i = 0; scheme[i] != '\0'; i++)
			scheme[i] = (char)tolower((unsigned char)scheme[i]);
	} else
		return false;
	h += 3;
	if (*h == '[') {
		if ((end = strchr(h, ']')) == NULL)
			return false;
		end++;
	} else
		end = h + strcspn(h, ":/?#");
	if (end == h || (size_t)(end - h) >= hlen || memchr(h, '@',
	    (size_t)(end - h)) != NULL)
		return false;
	for (i = 0; h + i < end; i++)
		host[i] = (char)tolower((unsigned char)h[i]);
	host[i] = '\0';
	p = end;
	*port = strcmp(scheme, "https") == 0 ? 443 : 80;
	if (*p == ':' && p[1] >= '0' && p[1] <= '9')
		*port = strtol(p + 1, NULL, 10);
	return true;
}

/* The registrable part of a host name: its last two labels, or three when
 * the second-to-last is a short second-level suffix ("co.uk"). No public
 * suffix list: this errs towards refusing. An address is itself. */
static const char *
mastodon_site(const char *host)
{
	const char	*dots[3] = { NULL, NULL, NULL }, *p;
	size_t		 n = 0, sld;

	if (host[0] == '[' || host[strspn(host, "0123456789.")] == '\0')
		return host;
	for (p = host + strlen(host); p > host; p--)
		if (p[-1] == '.' && n < 3)
			dots[n++] = p - 1;
	if (n < 2)
		return host;
	sld = (size_t)(dots[0] - dots[1] - 1);
	if (sld <= 3 && n == 3)
		return dots[2] + 1;
	if (sld <= 3)
		return host;
	return dots[1] + 1;
}

char *
mastodon_stream_base(const char *base_url, const char *streaming)
{
	char	 is[8], ss[8], ih[256], sh[256], *out;
	long	 ip, sp;
	size_t	 len;
	bool	 ok = false;

	if (streaming != NULL && *streaming != '\0' &&
	    mastodon_origin(base_url, is, sizeof is, ih, sizeof ih, &ip) &&
	    mastodon_origin(streaming, ss, sizeof ss, sh, sizeof sh, &sp)) {
		if (strcmp(is, ss) == 0 && strcmp(ih, sh) == 0 && ip == sp)
			ok = true;	/* the instance itself */
		else if (strcmp(is, "https") == 0 && strcmp(ss, "https") == 0 &&
		    strcmp(mastodon_site(ih), mastodon_site(sh)) == 0 &&
		    ih[0] != '[' && ih[strspn(ih, "0123456789.")] != '\0')
			ok = true;	/* its site, over TLS */
	}
	if (!ok)
		return xstrdup(base_url);
	/* The same host serves SSE over HTTP(S); the path is the API's. */
	streaming = strstr(streaming, "://") + 3;
	len = strcspn(streaming, "/?#");
	xasprintf(&out, "%s://%.*s", ss, (int)len, streaming);
	return out;
}

static double
mastodon_stream(struct source *src, struct mastodon_column *mc)
{
	struct account		*acct = source_account(src);
	const struct mastodon_session *ms = account_data(acct);
	struct http_request	 req = { 0 };
	struct http_response	 r = { 0 };
	struct sse		*sse;
	const char		*sbase;
	char			*url, *base;
	time_t			 began;
	int			 rc;

	/* The instance names its streaming host as a WebSocket URL; the same
	 * host serves SSE over HTTP. Learnt at sign-in. The token goes only
	 * where mastodon_stream_base allows; elsewhere, the instance. */
	sbase = ms != NULL ? ms->streaming_url : NULL;
	base = mastodon_stream_base(account_base_url(acct), sbase);
	if (sbase != NULL && *sbase != '\0' &&
	    strcmp(base, account_base_url(acct)) == 0 &&
	    strncmp(sbase, base, strlen(base)) != 0)
		log_msg("column \"%s\": the advertised streaming host %s is "
		    "not the instance's: streaming from %s",
		    source_column(src)->title, sbase, base);
	xasprintf(&url, "%s%s", base, mc->stream);
	free(base);
	req.url = url;
	req.bearer = account_token(acct);
	sse = sse_new(mastodon_on_event, NULL, mc);
	source_set_status(src, SOURCE_LIVE, 0, "streaming");
	began = time(NULL);
	mc->emitted = 0;
	mc->streaming = true;
	rc = http_stream(mc->http, &req, MASTODON_STREAM_IDLE, mastodon_on_data,
	    sse, &r);
	mc->streaming = false;
	sse_free(sse);
	free(url);
	if (source_stopping(src) || source_has_request(src)) {
		http_response_free(&r);
		return 0;
	}
	if (r.status == 404 || r.status == 405 || r.status == 501 ||
	    (r.status >= 300 && r.status < 400)) {
		/* No streaming here: poll from now on. */
		mc->no_stream = time(NULL) + 600;
		log_msg("column \"%s\": streaming unavailable (HTTP %ld), "
		    "polling", source_column(src)->title, r.status);
		http_response_free(&r);
		return 0;
	}
	if (r.status != 200 && r.status != 0) {
		double d = mastodon_fail(src, &r, rc);

		http_response_free(&r);
		return d;
	}
	http_response_free(&r);
	/* A stream that lived was fine: reconnect at once (after backfill).
	 * One that died young backs off. */
	if (time(NULL) - began >= MASTODON_STREAM_STEADY)
		return 0;
	source_set_status(src, SOURCE_BACKOFF, 0, "stream dropped");
	return -1;
}

static double
mastodon_poll(struct source *src)
{
	struct mastodon_column	*mc = source_data(src);
	double			 delay = -1;
	char			*older;

	if ((older = source_take_older(src)) != NULL) {
		/* History: the page before the oldest post shown. */
		int n = mastodon_page(src, mc, NULL, older, &delay);

		free(older);
		source_older_done(src, n);
		if (n < 0)
			return delay;
	}
	if (mastodon_backfill(src, mc, &delay) != 0)
		return delay;
	if (mc->stream != NULL && time(NULL) >= mc->no_stream)
		return mastodon_stream(src, mc);
	source_set_status(src, SOURCE_POLLING, 0, "polling");
	return MASTODON_POLL_INTERVAL;
}

static void
mastodon_close(struct source *src)
{
	struct mastodon_column	*mc = source_data(src);

	if (mc == NULL)
		return;
	http_client_free(mc->http);
	free(mc->path);
	free(mc->params);
	free(mc->stream);
	free(mc->newest);
	free(mc);
	source_set_data(src, NULL);
}

const struct source_ops mastodon_source_ops = {
	"mastodon", mastodon_open, mastodon_poll, mastodon_close
};
