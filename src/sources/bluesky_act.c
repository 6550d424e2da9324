/* bluesky_act.c — a Bluesky account's actions on its worker thread: reply
 * (createRecord of an app.bsky.feed.post with strong references to the
 * thread's root and the parent, and facets for links, mentions and tags),
 * repost and like (createRecord) and their undoing (deleteRecord of the
 * user's own record), the thread (getPostThread) and the notifications'
 * read state (updateSeen). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/bluesky.h"
#include "starling/bluesky_parse.h"
#include "starling/http.h"
#include "starling/post.h"
#include "starling/xmalloc.h"

#define BLUESKY_FACETS_MAX	64

static void
bluesky_act_fail(struct action *a, const char *what,
    const struct http_response *r)
{
	char	why[200];

	a->status = -1;
	a->unknown = r->status == 0 || r->status >= 500;
	if (r->status == 429) {
		snprintf(a->message, sizeof a->message, "%s failed: rate "
		    "limited, try again shortly", what);
		return;
	}
	bluesky_http_error(r, why, sizeof why);
	snprintf(a->message, sizeof a->message, "%s failed: %s", what, why);
}

/* POST nsid with body (a JSON object, taken). */
static int
bluesky_act_post(struct account *acct, struct http_client *http,
    const char *nsid, json_t *body, bool idempotent, struct http_response *r)
{
	struct bluesky_call	 call = { 0 };
	char			*s = json_dumps(body, JSON_COMPACT);
	int			 rc;

	json_decref(body);
	call.nsid = nsid;
	call.body = s ? s : "{}";
	call.interactive = true;
	call.idempotent = idempotent;
	rc = bluesky_xrpc(acct, http, &call, r);
	free(s);
	return rc;
}

static int
bluesky_act_get(struct account *acct, struct http_client *http,
    const char *nsid, const char *query, struct http_response *r)
{
	struct bluesky_call	call = { 0 };

	call.nsid = nsid;
	call.query = query;
	call.interactive = true;
	return bluesky_xrpc(acct, http, &call, r);
}

static void
bluesky_act_now(char *buf, size_t len, time_t t)
{
	struct tm	tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* The DID a handle names, or NULL (the mention is then left plain). */
static char *
bluesky_act_resolve(struct account *acct, struct http_client *http,
    const char *handle)
{
	struct http_response	 r;
	char			*q, *esc = http_escape(handle), *did = NULL;

	xasprintf(&q, "handle=%s", esc);
	free(esc);
	if (bluesky_act_get(acct, http, "com.atproto.identity.resolveHandle",
	    q, &r) == 0 && r.status == 200)
		did = bluesky_parse_did(r.body, r.len);
	http_response_free(&r);
	free(q);
	return did;
}

/* The post as it is now, from the AppView (getPosts), or NULL. */
static struct post *
bluesky_act_fetch(struct account *acct, struct http_client *http,
    const char *uri)
{
	struct http_response	 r;
	struct bluesky_page	 pg;
	struct post		*p = NULL;
	char			*q, *esc = http_escape(uri), err[200];

	xasprintf(&q, "uris=%s", esc);
	free(esc);
	if (bluesky_act_get(acct, http, "app.bsky.feed.getPosts", q, &r) == 0 &&
	    r.status == 200 && bluesky_parse_page(r.body, r.len, BLUESKY_POSTS,
	    "", NULL, 0, &pg, err, sizeof err) == 0) {
		if (pg.n > 0) {
			p = pg.posts[0];
			pg.posts[0] = NULL;
		}
		bluesky_page_free(&pg);
	}
	http_response_free(&r);
	free(q);
	return p;
}

/* The post's state after a toggle: the AppView's, when it shows the change
 * already (then the user's other toggles are the server's too), else the
 * post as it was with the one change. */
static struct post *
bluesky_act_state(struct account *acct, struct http_client *http,
    const struct action *a, const char *uri, unsigned flag, bool on)
{
	const struct post	*s = a->subject;
	struct post		*fresh = bluesky_act_fetch(acct, http, uri);
	long			 d = on ? 1 : -1;

	if (fresh != NULL && ((fresh->flags & flag) != 0) == on) {
		struct post *p = s != NULL ? post_with_state(s, fresh->flags,
		    fresh->replies, fresh->reposts, fresh->likes) : NULL;

		post_unref(fresh);
		return p;
	}
	post_unref(fresh);
	if (s == NULL)
		return NULL;
	return post_with_state(s, on ? s->flags | flag : s->flags & ~flag,
	    s->replies, s->reposts + (flag == POST_REPOSTED &&
	    (on || s->reposts > 0) ? d : 0), s->likes + (flag == POST_LIKED &&
	    (on || s->likes > 0) ? d : 0));
}

static void
bluesky_act_reply(struct account *acct, struct http_client *http,
    struct action *a, const char *did)
{
	struct bluesky_facet	 f[BLUESKY_FACETS_MAX];
	char			*dids[BLUESKY_FACETS_MAX] = { NULL };
	struct bluesky_ref	 parent = { 0 }, root = { 0 };
	struct http_response	 r;
	struct post		 t = { 0 };
	char			*rec, *uri, *cid, ref[1200];
	const char		*verb = a->kind == ACTION_QUOTE ? "quote" :
				    a->kind == ACTION_POST ? "post" : "reply";
	json_t			*body, *record;
	size_t			 n = 0, i;

	memset(&r, 0, sizeof r);
	/* A reply's parent, or the quoted post; a new post has neither. */
	if (a->kind != ACTION_POST && !bluesky_ref_split(a->target, &parent)) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "%s failed: the post "
		    "has no address", verb);
		return;
	}
	/* The thread's root: the parent's own root, or the parent. */
	if (a->kind == ACTION_REPLY && a->subject != NULL &&
	    a->subject->reply_root_ref != NULL)
		bluesky_ref_split(a->subject->reply_root_ref, &root);
	n = bluesky_facets_find(a->text ? a->text : "", f, BLUESKY_FACETS_MAX);
	for (i = 0; i < n; i++)
		if (f[i].kind == BLUESKY_FACET_MENTION)
			dids[i] = bluesky_act_resolve(acct, http, f[i].value);
	rec = bluesky_post_record(a->text ? a->text : "", (int64_t)time(NULL),
	    f, dids, n, a->kind == ACTION_REPLY ? &parent : NULL,
	    root.uri ? &root : NULL);
	record = rec ? json_loads(rec, 0, NULL) : NULL;
	free(rec);
	/* A quote embeds a strong reference to the quoted post. */
	if (a->kind == ACTION_QUOTE && record != NULL)
		json_object_set_new(record, "embed", json_pack(
		    "{s:s,s:{s:s,s:s}}", "$type", "app.bsky.embed.record",
		    "record", "uri", parent.uri, "cid", parent.cid ?
		    parent.cid : ""));
	body = json_pack("{s:s,s:s,s:o}", "repo", did, "collection",
	    "app.bsky.feed.post", "record", record ? record : json_object());
	/* createRecord is not idempotent: sent once. */
	if (bluesky_act_post(acct, http, "com.atproto.repo.createRecord", body,
	    false, &r) != 0 || r.status != 200) {
		bluesky_act_fail(a, verb, &r);
		goto out;
	}
	a->status = 0;
	snprintf(a->message, sizeof a->message, "%s sent", verb);
	if (bluesky_parse_ref(r.body, r.len, &uri, &cid) == 0) {
		char *me = account_me(acct);

		snprintf(ref, sizeof ref, "%s %s", uri, cid);
		t.network = "bluesky";
		t.column = "";
		t.id = uri;
		t.action_ref = ref;
		t.cid = cid;
		t.author_handle = me;
		t.author_id = did;
		t.text = a->text;
		t.created = (int64_t)time(NULL);
		if (a->kind == ACTION_REPLY) {
			t.reply_to_id = parent.uri;
			t.reply_parent_ref = a->target;
		}
		a->post = post_new(&t);
		free(me);
		free(uri);
		free(cid);
	}
out:
	http_response_free(&r);
	for (i = 0; i < n; i++)
		free(dids[i]);
	bluesky_facets_free(f, n);
	bluesky_ref_free(&parent);
	bluesky_ref_free(&root);
}

/* like, repost: a record whose subject is the post. */
static void
bluesky_act_create(struct account *acct, struct http_client *http,
    struct action *a, const char *did, const char *collection,
    const char *what, const char *done)
{
	struct bluesky_ref	 ref;
	struct http_response	 r;
	char			 when[32];
	json_t			*body;
	bool			 like = a->kind == ACTION_LIKE;

	if (!bluesky_ref_split(a->target, &ref) || ref.cid == NULL) {
		bluesky_ref_free(&ref);
		a->status = -1;
		snprintf(a->message, sizeof a->message, "%s failed: the post "
		    "has no address", what);
		return;
	}
	bluesky_act_now(when, sizeof when, time(NULL));
	body = json_pack("{s:s,s:s,s:{s:s,s:{s:s,s:s},s:s}}", "repo", did,
	    "collection", collection, "record", "$type", collection,
	    "subject", "uri", ref.uri, "cid", ref.cid, "createdAt", when);
	if (bluesky_act_post(acct, http, "com.atproto.repo.createRecord", body,
	    false, &r) != 0 || r.status != 200) {
		bluesky_act_fail(a, what, &r);
	} else {
		a->status = 0;
		snprintf(a->message, sizeof a->message, "%s", done);
		a->post = bluesky_act_state(acct, http, a, ref.uri, like ?
		    POST_LIKED : POST_REPOSTED, true);
	}
	http_response_free(&r);
	bluesky_ref_free(&ref);
}

/* unlike, unrepost: deleteRecord of the user's own record, known from the
 * post's viewer state (else asked of the AppView now). */
static void
bluesky_act_delete(struct account *acct, struct http_client *http,
    struct action *a, const char *did, const char *collection,
    const char *what, const char *done)
{
	struct bluesky_ref	 ref, now;
	struct http_response	 r = { 0 };
	struct post		*fresh;
	const char		*rec, *rkey;
	char			*owned = NULL;
	json_t			*body;
	bool			 like = a->kind == ACTION_UNLIKE;

	if (!bluesky_ref_split(a->target, &ref)) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "%s failed: the post "
		    "has no address", what);
		return;
	}
	rec = like ? ref.like : ref.repost;
	if (rec == NULL && (fresh = bluesky_act_fetch(acct, http, ref.uri)) !=
	    NULL) {
		if (bluesky_ref_split(fresh->action_ref, &now)) {
			owned = like ? now.like : now.repost;
			if (like)
				now.like = NULL;
			else
				now.repost = NULL;
			bluesky_ref_free(&now);
		}
		post_unref(fresh);
		rec = owned;
	}
	if (rec == NULL || strstr(rec, collection) == NULL ||
	    (rkey = strrchr(rec, '/')) == NULL) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "%s failed: the server "
		    "knows no %s of yours on this post", what, like ? "like" :
		    "repost");
		goto out;
	}
	body = json_pack("{s:s,s:s,s:s}", "repo", did, "collection", collection,
	    "rkey", rkey + 1);
	/* Deleting twice is deleting. */
	if (bluesky_act_post(acct, http, "com.atproto.repo.deleteRecord", body,
	    true, &r) != 0 || r.status != 200) {
		bluesky_act_fail(a, what, &r);
	} else {
		a->status = 0;
		snprintf(a->message, sizeof a->message, "%s", done);
		a->post = bluesky_act_state(acct, http, a, ref.uri, like ?
		    POST_LIKED : POST_REPOSTED, false);
	}
	http_response_free(&r);
out:
	free(owned);
	bluesky_ref_free(&ref);
}

static void
bluesky_act_thread(struct account *acct, struct http_client *http,
    struct action *a)
{
	struct bluesky_ref	 ref;
	struct bluesky_page	 pg;
	struct http_response	 r;
	char			*q, *esc, err[200];

	if (!bluesky_ref_split(a->target, &ref)) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "thread failed: the post "
		    "has no address");
		return;
	}
	esc = http_escape(ref.uri);
	xasprintf(&q, "uri=%s&depth=10&parentHeight=50", esc);
	free(esc);
	if (bluesky_act_get(acct, http, "app.bsky.feed.getPostThread", q,
	    &r) != 0 || r.status != 200)
		bluesky_act_fail(a, "thread", &r);
	else if (bluesky_parse_page(r.body, r.len, BLUESKY_THREAD, "", NULL, 0,
	    &pg, err, sizeof err) != 0) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "thread: %s", err);
	} else {
		a->status = 0;
		snprintf(a->message, sizeof a->message, "done");
		a->posts = pg.posts;
		a->nposts = pg.n;
		pg.posts = NULL;
		pg.n = 0;
		bluesky_page_free(&pg);
	}
	http_response_free(&r);
	free(q);
	bluesky_ref_free(&ref);
}

/* updateSeen: everything up to the newest notification read is seen. */
static void
bluesky_act_seen(struct account *acct, struct http_client *http,
    struct action *a)
{
	struct http_response	 r;
	const char		*slash;
	char			 when[32];
	time_t			 now = time(NULL), t = 0;

	if (a->subject != NULL && a->subject->created > 0)
		t = (time_t)a->subject->created + 1;	/* its second, all */
	else if (a->target != NULL && (slash = strrchr(a->target, '/')) !=
	    NULL)
		t = (time_t)bluesky_tid_time(slash + 1) + 1;
	if (t <= 0 || t > now)
		t = now;
	bluesky_act_now(when, sizeof when, t);
	if (bluesky_act_post(acct, http, "app.bsky.notification.updateSeen",
	    json_pack("{s:s}", "seenAt", when), true, &r) != 0 ||
	    r.status != 200)
		bluesky_act_fail(a, "read marker", &r);
	else {
		a->status = 0;
		snprintf(a->message, sizeof a->message, "seen");
	}
	http_response_free(&r);
}

static void
bluesky_act(struct account *acct, struct http_client *http, struct action *a)
{
	char	*did = bluesky_session_did(acct);

	if (did == NULL) {
		a->status = -1;
		snprintf(a->message, sizeof a->message, "not signed in");
		return;
	}
	switch (a->kind) {
	case ACTION_REPLY:
	case ACTION_POST:
	case ACTION_QUOTE:
		bluesky_act_reply(acct, http, a, did);
		break;
	case ACTION_REPOST:
		bluesky_act_create(acct, http, a, did, "app.bsky.feed.repost",
		    "repost", "reposted");
		break;
	case ACTION_LIKE:
		bluesky_act_create(acct, http, a, did, "app.bsky.feed.like",
		    "like", "liked");
		break;
	case ACTION_UNREPOST:
		bluesky_act_delete(acct, http, a, did, "app.bsky.feed.repost",
		    "undo repost", "repost undone");
		break;
	case ACTION_UNLIKE:
		bluesky_act_delete(acct, http, a, did, "app.bsky.feed.like",
		    "unlike", "like undone");
		break;
	case ACTION_CONTEXT:
		bluesky_act_thread(acct, http, a);
		break;
	case ACTION_MARKER:
		bluesky_act_seen(acct, http, a);
		break;
	default:
		a->status = -1;
		snprintf(a->message, sizeof a->message, "not supported on "
		    "Bluesky");
		break;
	}
	free(did);
}

const struct account_ops bluesky_account_ops = {
	bluesky_session_open, bluesky_act, NULL, bluesky_session_free
};
