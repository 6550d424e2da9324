/* mastodon_act.c — a Mastodon account: signing in (once, for all its
 * columns), and what it does on its worker thread: reply, boost, favourite,
 * bookmark, thread context, read markers. Replies carry an Idempotency-Key,
 * so a retry after a lost answer never posts twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/account.h"
#include "starling/http.h"
#include "starling/mastodon.h"
#include "starling/mastodon_parse.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/xmalloc.h"

static void
mastodon_session_free(void *data)
{
	struct mastodon_session	*ms = data;

	if (ms == NULL)
		return;
	free(ms->streaming_url);
	free(ms);
}

static int
mastodon_act_get(struct account *acct, struct http_client *http,
    const char *path, struct http_response *r)
{
	struct http_request	 req = { 0 };
	char			*url;
	int			 rc;

	xasprintf(&url, "%s%s", account_base_url(acct), path);
	req.url = url;
	req.bearer = account_token(acct);
	req.retries = -1;
	rc = http_do(http, &req, r);
	free(url);
	return rc;
}

/* Signing in: who the token is (a 401 here is a bad token), then the
 * server's limits and streaming host, once for every column. A failed
 * request leaves *r as it came; an answer that cannot be read says so in
 * r->error with status 0. */
static int
mastodon_act_open(struct account *acct, struct http_client *http,
    struct http_response *r)
{
	struct mastodon_account		 me = { 0 };
	struct mastodon_instance	 inst = { 0 };
	struct mastodon_session		*ms;
	struct network_limits		 lim = { 0 };
	char				 err[200];

	if (mastodon_act_get(acct, http, "/api/v1/accounts/verify_credentials",
	    r) != 0 || r->status != 200)
		return -1;
	if (mastodon_parse_account(r->body, r->len, &me, err,
	    sizeof err) != 0) {
		http_response_free(r);
		memset(r, 0, sizeof *r);
		snprintf(r->error, sizeof r->error, "signing in: %s", err);
		mastodon_account_free(&me);
		return -1;
	}
	account_set_me(acct, me.acct);
	mastodon_account_free(&me);
	http_response_free(r);

	if (mastodon_act_get(acct, http, "/api/v2/instance", r) == 0 &&
	    r->status == 404) {
		http_response_free(r);
		mastodon_act_get(acct, http, "/api/v1/instance", r);
	}
	if (r->status != 200)
		return -1;
	/* An instance document it cannot read leaves the defaults. */
	if (mastodon_parse_instance(r->body, r->len, &inst, err,
	    sizeof err) == 0) {
		lim.max_chars = inst.max_characters;
		lim.url_chars = inst.url_chars;
		account_set_limits(acct, &lim);
		ms = xcalloc(1, sizeof *ms);
		if (inst.streaming_url != NULL)
			ms->streaming_url = xstrdup(inst.streaming_url);
		mastodon_session_free(account_data(acct));
		account_set_data(acct, ms);
	}
	mastodon_instance_free(&inst);
	http_response_free(r);
	memset(r, 0, sizeof *r);
	return 0;
}

/* Posts of the account's own server: "mastodon@HOST". */
static bool
mastodon_act_owns(const struct account *acct, const struct post *p)
{
	const char	*at = strchr(p->network, '@');

	return at != NULL && strcmp(at + 1, account_host(acct)) == 0;
}

static void
mastodon_act_fail(struct action *a, const char *what,
    const struct http_response *r)
{
	char	*msg = r->body ? mastodon_parse_error(r->body, r->len) : NULL;

	a->status = -1;
	a->transient = r->status == 0 || r->status == 429 || r->status >= 500;
	a->unknown = r->status == 0 || r->status >= 500;
	if (r->status == 0)
		snprintf(a->message, sizeof a->message, "%s failed: %.200s", what,
		    *r->error ? r->error : "no response");
	else if (r->status == 429)
		snprintf(a->message, sizeof a->message, "%s failed: rate "
		    "limited, try again shortly", what);
	else
		snprintf(a->message, sizeof a->message, "%s failed: HTTP %ld%s%s",
		    what, r->status, msg ? ": " : "", msg ? msg : "");
	free(msg);
}

/* A form body: key=value pairs escaped; NULL values skipped. */
static char *
mastodon_form(const char *const *kv)
{
	char	*out = xstrdup(""), *k, *v, *next;

	for (; kv[0] != NULL; kv += 2) {
		if (kv[1] == NULL)
			continue;
		k = http_escape(kv[0]);
		v = http_escape(kv[1]);
		xasprintf(&next, "%s%s%s=%s", out, *out ? "&" : "", k, v);
		free(k);
		free(v);
		free(out);
		out = next;
	}
	return out;
}

static const struct {
	enum action_kind	 kind;
	const char		*verb, *what, *done;
} mastodon_toggles[] = {
	{ ACTION_REPOST, "reblog", "boost", "boosted" },
	{ ACTION_UNREPOST, "unreblog", "unboost", "unboosted" },
	{ ACTION_LIKE, "favourite", "favourite", "favourited" },
	{ ACTION_UNLIKE, "unfavourite", "unfavourite", "unfavourited" },
	{ ACTION_BOOKMARK, "bookmark", "bookmark", "bookmarked" },
	{ ACTION_UNBOOKMARK, "unbookmark", "unbookmark", "bookmark removed" },
};

static void
mastodon_act(struct account *acct, struct http_client *http, struct action *a)
{
	struct http_request	 req = { 0 };
	struct http_response	 r = { 0 };
	const char		*what = "request", *done = "done";
	char			*url = NULL, *body = NULL, *esc, err[200];
	size_t			 i;

	req.bearer = account_token(acct);
	req.interactive = true;
	esc = http_escape(a->target ? a->target : "");
	switch (a->kind) {
	case ACTION_REPLY:
	case ACTION_POST:
	case ACTION_QUOTE: {
		/* Mastodon 4.5 quotes with quoted_status_id. */
		const char *kv[] = { "status", a->text,
		    "in_reply_to_id", a->kind == ACTION_REPLY ? a->target : NULL,
		    "quoted_status_id", a->kind == ACTION_QUOTE ? a->target :
		    NULL,
		    "visibility", action_option(a, "visibility"),
		    "spoiler_text", action_option(a, "spoiler_text"),
		    NULL };

		what = a->kind == ACTION_REPLY ? "reply" : a->kind ==
		    ACTION_QUOTE ? "quote" : "post";
		done = a->kind == ACTION_REPLY ? "reply sent" : a->kind ==
		    ACTION_QUOTE ? "quote sent" : "post sent";
		xasprintf(&url, "%s/api/v1/statuses", account_base_url(acct));
		body = mastodon_form(kv);
		req.method = "POST";
		req.idempotency_key = a->idempotency_key;
		/* The key makes a POST safe to retry. */
		req.retries = 2;
		break;
	}
	case ACTION_CONTEXT:
		what = "thread";
		xasprintf(&url, "%s/api/v1/statuses/%s/context",
		    account_base_url(acct), esc);
		break;
	case ACTION_MARKER: {
		char	key[64];
		const char *kv[] = { key, a->target, NULL };

		what = "read marker";
		snprintf(key, sizeof key, "%s[last_read_id]", a->timeline ?
		    a->timeline : "home");
		xasprintf(&url, "%s/api/v1/markers", account_base_url(acct));
		body = mastodon_form(kv);
		req.method = "POST";
		req.interactive = false;
		break;
	}
	default:
		for (i = 0; i < sizeof mastodon_toggles /
		    sizeof *mastodon_toggles; i++)
			if (mastodon_toggles[i].kind == a->kind)
				break;
		if (i == sizeof mastodon_toggles / sizeof *mastodon_toggles)
			break;
		what = mastodon_toggles[i].what;
		done = mastodon_toggles[i].done;
		xasprintf(&url, "%s/api/v1/statuses/%s/%s",
		    account_base_url(acct), esc, mastodon_toggles[i].verb);
		req.method = "POST";
		req.idempotent = true;	/* favouriting twice is favouriting */
		req.retries = 2;
		break;
	}
	free(esc);
	if (url == NULL) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "not supported here");
		return;
	}
	req.url = url;
	if (body != NULL) {
		req.body = body;
		req.body_len = strlen(body);
		req.content_type = "application/x-www-form-urlencoded";
	}
	if (http_do(http, &req, &r) != 0 || r.status < 200 || r.status >= 300) {
		mastodon_act_fail(a, what, &r);
		goto out;
	}
	a->status = 0;
	snprintf(a->message, sizeof a->message, "%s", done);
	if (a->kind == ACTION_CONTEXT) {
		if (mastodon_parse_body(r.body, r.len, MASTODON_CONTEXT, "",
		    account_host(acct), &a->posts, &a->nposts, err,
		    sizeof err) != 0) {
			a->status = -1;
			snprintf(a->message, sizeof a->message, "thread: %s", err);
		}
	} else if (a->kind != ACTION_MARKER) {
		struct post	**posts;
		size_t		  n;

		/* The status as the server has it now: counts and flags. */
		if (mastodon_parse_body(r.body, r.len, MASTODON_STATUS, "",
		    account_host(acct), &posts, &n, err, sizeof err) == 0) {
			if (n > 0)
				a->post = posts[0];
			for (i = 1; i < n; i++)
				post_unref(posts[i]);
			free(posts);
		}
	}
out:
	http_response_free(&r);
	free(url);
	free(body);
}

const struct account_ops mastodon_account_ops = {
	mastodon_act_open, mastodon_act, mastodon_act_owns,
	mastodon_session_free
};
