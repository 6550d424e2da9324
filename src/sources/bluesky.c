/* bluesky.c — Bluesky columns on their fetch threads.
 *
 * Each poll() asks for the newest page and pages back with its cursor until
 * it meets a post it has shown (at most BLUESKY_BACKFILL_PAGES), so an
 * outage leaves no gap; a post already shown comes again only when its
 * counts or the user's state changed. The cursor of the oldest page read
 * serves requests for older posts. Errors become the column's state: rate
 * limited until T, retrying, auth failed, or stopped with the server's
 * words.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "starling/account.h"
#include "starling/bluesky.h"
#include "starling/bluesky_parse.h"
#include "starling/config.h"
#include "starling/hash.h"
#include "starling/http.h"
#include "starling/log.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/ratelimit.h"
#include "starling/source.h"
#include "starling/xmalloc.h"

#define BLUESKY_PAGE		50	/* items per page (the API allows 100) */
#define BLUESKY_SEARCH_PAGE	25
#define BLUESKY_BACKFILL_PAGES	10	/* at most 500 missed posts */
#define BLUESKY_SEEN		4096	/* posts remembered as shown */
#define BLUESKY_SUBJECTS	25	/* getPosts' most */

struct bluesky_seen {
	uint32_t	id, state;
};

struct bluesky_column {
	struct http_client	*http;
	enum bluesky_column_kind kind;
	enum bluesky_body	 body;
	const char		*nsid;
	char			*params;	/* fixed query, or "" */
	char			*older;		/* the oldest page's cursor */
	bool			 primed;	/* the first page came */
	unsigned		 notify_mask;	/* reasons: 1 << POST_NOTIFY_*,
						   0: all */
	double			 every;
	struct bluesky_seen	 seen[BLUESKY_SEEN];
	size_t			 nseen, next;
	struct source		*src;
};

/* reasons: words to notification kinds (client-side, as well as asked of
 * the server). */
static const struct {
	const char		*reason;
	enum post_notify	 notify;
} bluesky_reason_kinds[] = {
	{ "like", POST_NOTIFY_LIKE }, { "like-via-repost", POST_NOTIFY_LIKE },
	{ "repost", POST_NOTIFY_REPOST },
	{ "repost-via-repost", POST_NOTIFY_REPOST },
	{ "follow", POST_NOTIFY_FOLLOW }, { "mention", POST_NOTIFY_MENTION },
	{ "reply", POST_NOTIFY_REPLY }, { "quote", POST_NOTIFY_QUOTE },
};

static bool
bluesky_stop_check(void *arg)
{
	struct bluesky_column	*bc = arg;

	return source_stopping(bc->src);
}

/* "mention, reply" -> "reasons=mention&reasons=reply", and the mask. */
static char *
bluesky_reasons_param(const char *reasons, unsigned *mask)
{
	char	*out = xstrdup(""), *copy, *word, *save, *esc, *next;
	size_t	 i;

	*mask = 0;
	if (reasons == NULL)
		return out;
	copy = xstrdup(reasons);
	for (word = strtok_r(copy, ", ", &save); word != NULL;
	    word = strtok_r(NULL, ", ", &save)) {
		esc = http_escape(word);
		xasprintf(&next, "%s%sreasons=%s", out, *out ? "&" : "", esc);
		free(esc);
		free(out);
		out = next;
		for (i = 0; i < sizeof bluesky_reason_kinds /
		    sizeof *bluesky_reason_kinds; i++)
			if (strcmp(word, bluesky_reason_kinds[i].reason) == 0)
				*mask |= 1u << bluesky_reason_kinds[i].notify;
		/* A kind without a name here: everything unnamed. */
		if (i == sizeof bluesky_reason_kinds /
		    sizeof *bluesky_reason_kinds)
			*mask |= 1u << POST_NOTIFY_NONE;
	}
	free(copy);
	return out;
}

/* Turns a failed or refused response into the column's state
 * (source_fail()). */
static double
bluesky_fail(struct source *src, struct http_response *r, int rc)
{
	static const struct source_fail_rules how = { { 401, 403 }, 400, false };
	char	why[200];

	bluesky_http_error(r, why, sizeof why);
	return source_fail(src, r, rc, why, &how);
}

static int
bluesky_get(struct source *src, struct bluesky_column *bc, const char *nsid,
    const char *query, struct http_response *r)
{
	struct bluesky_call	call = { 0 };

	call.nsid = nsid;
	call.query = query;
	return bluesky_xrpc(source_account(src), bc->http, &call, r);
}

static void bluesky_close(struct source *);

/* A list named by its title: the signed-in user's lists. */
static char *
bluesky_list_uri(struct source *src, struct bluesky_column *bc,
    const char *want, double *delay)
{
	struct http_response	 r;
	char			*did, *q, *esc, *uri = NULL;
	int			 rc;

	if (strncmp(want, "at://", 5) == 0)
		return xstrdup(want);
	if ((did = bluesky_session_did(source_account(src))) == NULL)
		return NULL;
	esc = http_escape(did);
	xasprintf(&q, "actor=%s&limit=100", esc);
	free(esc);
	free(did);
	rc = bluesky_get(src, bc, "app.bsky.graph.getLists", q, &r);
	free(q);
	if (rc != 0 || r.status != 200) {
		*delay = bluesky_fail(src, &r, rc);
		http_response_free(&r);
		return NULL;
	}
	uri = bluesky_parse_list_uri(r.body, r.len, want);
	http_response_free(&r);
	if (uri == NULL) {
		source_set_status(src, SOURCE_ERROR, 0, "no list \"%s\"", want);
		*delay = -1;
	}
	return uri;
}

static int
bluesky_open(struct source *src)
{
	const struct config_column	*cfg = source_column(src);
	struct account			*acct = source_account(src);
	struct bluesky_column		*bc = xcalloc(1, sizeof *bc);
	const struct network_column	*col;
	struct http_response		 r;
	const char			*type = cfg->type ? cfg->type :
					    bluesky_network.default_column;
	char				*q = NULL, *uri;
	double				 delay;

	if (source_data(src) != NULL)	/* a retry after a failed open */
		bluesky_close(src);
	bc->src = src;
	bc->http = http_client_new(account_ratelimit(acct), bluesky_stop_check,
	    bc);
	http_client_set_wake_fd(bc->http, source_wake_fd(src));
	bc->every = cfg->every > 0 ? cfg->every : BLUESKY_POLL_INTERVAL;
	source_set_data(src, bc);
	if ((col = network_column(&bluesky_network, type)) == NULL) {
		source_set_status(src, SOURCE_ERROR, 0,
		    "bluesky has no \"%s\" column", type);
		return -1;
	}
	bc->kind = (enum bluesky_column_kind)col->kind;

	if (account_open(acct, bc->http, &r) != 0) {
		bluesky_fail(src, &r, r.status == 0 ? -1 : 0);
		http_response_free(&r);
		return -1;
	}
	http_response_free(&r);

	bc->body = BLUESKY_FEED;
	switch (bc->kind) {
	case BLUESKY_COL_TIMELINE:
		bc->nsid = "app.bsky.feed.getTimeline";
		bc->params = xstrdup("");
		break;
	case BLUESKY_COL_NOTIFICATIONS:
		bc->nsid = "app.bsky.notification.listNotifications";
		bc->body = BLUESKY_NOTIFICATIONS;
		bc->params = bluesky_reasons_param(cfg->reasons,
		    &bc->notify_mask);
		break;
	case BLUESKY_COL_SEARCH:
		if (cfg->query == NULL)
			goto needs_query;
		bc->nsid = "app.bsky.feed.searchPosts";
		bc->body = BLUESKY_POSTS;
		q = http_escape(cfg->query);
		xasprintf(&bc->params, "q=%s&sort=latest", q);
		break;
	case BLUESKY_COL_AUTHOR:
		if (cfg->query == NULL)
			goto needs_query;
		bc->nsid = "app.bsky.feed.getAuthorFeed";
		q = http_escape(cfg->query[0] == '@' ? cfg->query + 1 :
		    cfg->query);
		xasprintf(&bc->params, "actor=%s", q);
		break;
	case BLUESKY_COL_LIST:
		if (cfg->list == NULL && cfg->query == NULL)
			goto needs_query;
		bc->nsid = "app.bsky.feed.getListFeed";
		if ((uri = bluesky_list_uri(src, bc, cfg->list ? cfg->list :
		    cfg->query, &delay)) == NULL)
			return -1;
		q = http_escape(uri);
		free(uri);
		xasprintf(&bc->params, "list=%s", q);
		break;
	case BLUESKY_COL_FEED:
		if (cfg->query == NULL)
			goto needs_query;
		if (strncmp(cfg->query, "at://", 5) != 0) {
			source_set_status(src, SOURCE_ERROR, 0, "a feed column's "
			    "query is a feed generator's AT-URI");
			return -1;
		}
		bc->nsid = "app.bsky.feed.getFeed";
		q = http_escape(cfg->query);
		xasprintf(&bc->params, "feed=%s", q);
		break;
	}
	free(q);
	return 0;

needs_query:
	source_set_status(src, SOURCE_ERROR, 0, "a %s column needs a query",
	    type);
	return -1;
}

/* Notifications of likes and reposts show the post liked: getPosts for
 * the page's subjects (NULL when there are none or it fails). */
static char *
bluesky_subjects(struct source *src, struct bluesky_column *bc,
    const struct http_response *page, size_t *len)
{
	struct http_response	 r;
	char			*uris[BLUESKY_SUBJECTS], *q = xstrdup(""), *esc;
	char			*next, *out = NULL;
	size_t			 n, i;

	n = bluesky_parse_subjects(page->body, page->len, uris,
	    BLUESKY_SUBJECTS);
	for (i = 0; i < n; i++) {
		esc = http_escape(uris[i]);
		xasprintf(&next, "%s%suris=%s", q, *q ? "&" : "", esc);
		free(esc);
		free(q);
		q = next;
		free(uris[i]);
	}
	if (n > 0 && bluesky_get(src, bc, "app.bsky.feed.getPosts", q, &r) ==
	    0 && r.status == 200) {
		out = r.body;
		*len = r.len;
		r.body = NULL;
	}
	if (n > 0)
		http_response_free(&r);
	free(q);
	return out;
}

/* One page from cursor (NULL: the newest). 0 with *pg, or -1 (state set,
 * *delay for the loop). */
static int
bluesky_page(struct source *src, struct bluesky_column *bc,
    const char *cursor, struct bluesky_page *pg, double *delay)
{
	struct http_response	 r;
	char			*q, *esc = cursor ? http_escape(cursor) : NULL;
	char			*subj = NULL, err[200];
	size_t			 slen = 0;
	int			 rc;

	xasprintf(&q, "%s%slimit=%d%s%s", bc->params, *bc->params ? "&" : "",
	    bc->kind == BLUESKY_COL_SEARCH ? BLUESKY_SEARCH_PAGE :
	    BLUESKY_PAGE, esc ? "&cursor=" : "", esc ? esc : "");
	free(esc);
	rc = bluesky_get(src, bc, bc->nsid, q, &r);
	free(q);
	if (rc != 0 || r.status != 200) {
		*delay = bluesky_fail(src, &r, rc);
		http_response_free(&r);
		return -1;
	}
	if (bc->body == BLUESKY_NOTIFICATIONS)
		subj = bluesky_subjects(src, bc, &r, &slen);
	rc = bluesky_parse_page(r.body, r.len, bc->body,
	    source_column(src)->title, subj, slen, pg, err, sizeof err);
	free(subj);
	http_response_free(&r);
	if (rc != 0) {
		source_set_status(src, SOURCE_BACKOFF, 0, "%s", err);
		*delay = -1;
		return -1;
	}
	return 0;
}

/* Emits what the column has not shown (or shown with other counts).
 * *met: some post of the page was shown before. The number emitted. */
static int
bluesky_emit(struct source *src, struct bluesky_column *bc,
    struct bluesky_page *pg, bool *met)
{
	size_t		 i, k;
	uint32_t	 id, state;
	int		 n = 0;
	char		 buf[96];

	*met = false;
	for (i = 0; i < pg->n; i++) {
		struct post *p = pg->posts[i];

		id = hash_str(p->id);
		snprintf(buf, sizeof buf, "%ld %ld %ld %u", p->replies,
		    p->reposts, p->likes, p->flags);
		state = hash_str(buf);
		for (k = 0; k < bc->nseen; k++)
			if (bc->seen[k].id == id)
				break;
		if (k < bc->nseen) {
			*met = true;
			if (bc->seen[k].state == state)
				continue;
			bc->seen[k].state = state;
		} else {
			bc->seen[bc->next].id = id;
			bc->seen[bc->next].state = state;
			bc->next = (bc->next + 1) % BLUESKY_SEEN;
			if (bc->nseen < BLUESKY_SEEN)
				bc->nseen++;
		}
		/* Filtered out, but known: the next poll meets it. */
		if (bc->notify_mask != 0 &&
		    !(bc->notify_mask & (1u << p->notify)))
			continue;
		pg->posts[i] = NULL;
		if (!source_emit(src, p))
			break;
		n++;
	}
	return n;
}

static double
bluesky_poll(struct source *src)
{
	struct bluesky_column	*bc = source_data(src);
	struct bluesky_page	 pg;
	double			 delay = -1;
	char			*older, *cursor = NULL, marker[14];
	int			 pages = 0;
	bool			 met;

	if ((older = source_take_older(src)) != NULL) {
		free(older);	/* the cursor says where, not the id */
		if (bc->older == NULL)
			source_older_done(src, 0);
		else if (bluesky_page(src, bc, bc->older, &pg, &delay) != 0) {
			source_older_done(src, -1);
			return delay;
		} else {
			bluesky_emit(src, bc, &pg, &met);
			free(bc->older);
			bc->older = pg.cursor;
			pg.cursor = NULL;
			source_older_done(src, pg.n > 0 ? (int)pg.n : 0);
			bluesky_page_free(&pg);
		}
	}
	for (;;) {
		if (bluesky_page(src, bc, cursor, &pg, &delay) != 0) {
			free(cursor);
			return delay;
		}
		if (pg.seen_at != NULL && cursor == NULL) {
			/* The server's read marker, as a record key. */
			bluesky_tid(bluesky_parse_time(pg.seen_at), marker);
			source_set_marker(src, marker);
		}
		bluesky_emit(src, bc, &pg, &met);
		free(cursor);
		cursor = pg.cursor;
		pg.cursor = NULL;
		if (!bc->primed) {
			bc->primed = true;
			bc->older = cursor;
			cursor = NULL;
		}
		bluesky_page_free(&pg);
		if (met || cursor == NULL || ++pages >= BLUESKY_BACKFILL_PAGES ||
		    source_stopping(src))
			break;
	}
	free(cursor);
	source_set_status(src, SOURCE_POLLING, 0, "polling");
	return bc->every;
}

static void
bluesky_close(struct source *src)
{
	struct bluesky_column	*bc = source_data(src);

	if (bc == NULL)
		return;
	http_client_free(bc->http);
	free(bc->params);
	free(bc->older);
	free(bc);
	source_set_data(src, NULL);
}

const struct source_ops bluesky_source_ops = {
	"bluesky", bluesky_open, bluesky_poll, bluesky_close
};
