/* test_bluesky.c — Bluesky's bodies to posts over recorded responses
 * (tests/fixtures/bluesky/: real PDS answers and the AppView's snapshots),
 * facets both ways (UTF-8 byte offsets with emoji, CJK and combining marks;
 * hostile offsets), grapheme and byte counting, JWT exp, TIDs, the session
 * cache, and the registry row. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "harness.h"
#include "starling/bluesky.h"
#include "starling/bluesky_parse.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/xmalloc.h"

#define FIXTURES	"tests/fixtures/bluesky/"

static char *
fixture(const char *name, size_t *len)
{
	char	 path[512], *buf;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof path, FIXTURES "%s", name);
	if ((f = fopen(path, "rb")) == NULL) {
		printf("FAIL: fixture %s missing\n", path);
		CHECK(f != NULL);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n)
		n = 0;
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* A snapshot that is a bare array, as the body key would hold it. */
static char *
wrapped(const char *name, const char *key, size_t *len)
{
	char	*body = fixture(name, len), *out;

	if (body == NULL)
		return NULL;
	xasprintf(&out, "{\"%s\": %s}", key, body);
	free(body);
	/* The snapshots name records "record(N)": made AT-URIs here. */
	{
		const char	*from = "\"record(", *to =
				    "\"at://did:plc:x/app.bsky.feed.post/record(";
		char		*next, *at;
		size_t		 off = 0;

		while ((at = strstr(out + off, from)) != NULL) {
			off = (size_t)(at - out);
			xasprintf(&next, "%.*s%s%s", (int)off, out, to,
			    at + strlen(from));
			free(out);
			out = next;
			off += strlen(to);
		}
	}
	*len = strlen(out);
	return out;
}

static int
parse(const char *body, size_t len, enum bluesky_body kind,
    struct bluesky_page *pg)
{
	char	err[256];
	int	rc = bluesky_parse_page(body, len, kind, "Col", NULL, 0, pg, err,
		    sizeof err);

	if (rc != 0)
		printf("  parse: %s\n", err);
	return rc;
}

static const struct post *
find_text(const struct bluesky_page *pg, const char *text)
{
	size_t	i;

	for (i = 0; i < pg->n; i++)
		if (strstr(pg->posts[i]->text, text) != NULL)
			return pg->posts[i];
	return NULL;
}

TEST(real_timeline)
{
	struct bluesky_page	 pg;
	const struct post	*p;
	size_t			 len, i, reposts = 0;
	char			*body = fixture("getTimeline.json", &len);

	if (body == NULL)
		return;
	CHECK(parse(body, len, BLUESKY_FEED, &pg) == 0);
	CHECK(pg.n > 3);
	for (i = 0; i < pg.n; i++) {
		p = pg.posts[i];
		CHECK_STR_EQ(p->network, "bluesky");
		CHECK_STR_EQ(p->column, "Col");
		CHECK(strncmp(p->id, "at://", 5) == 0);
		CHECK(p->created > 0);
		CHECK(p->avatar_url == NULL);
		if (p->reposted_by_handle != NULL) {
			reposts++;
			CHECK_STR_EQ(p->reposted_by_handle, "bob.test");
			CHECK_STR_EQ(p->reposted_by_name, "Bob");
			CHECK(strstr(p->id, "app.bsky.feed.repost") != NULL);
		}
	}
	CHECK(reposts == 1);
	p = find_text(&pg, "hello back from bob");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->reply_to_author, "alice.test");
		CHECK(p->reply_parent_ref != NULL && strncmp(p->reply_parent_ref,
		    "at://did:plc:z3d52czxtjfbcwleoyajdsvu/app.bsky.feed.post/"
		    "3n2vmvku2xs2k bafyrei", 77) == 0);
		CHECK(p->reply_root_ref != NULL);
		CHECK_STR_EQ(p->url, "https://bsky.app/profile/bob.test/post/"
		    "3n2vmvkxfg22k");
		CHECK(strchr(p->action_ref, ' ') != NULL);
	}
	p = find_text(&pg, "hello world from alice");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(p->flags & POST_LIKED);
		CHECK(p->flags & POST_REPOSTED);
		CHECK(strstr(p->action_ref, " like=at://") != NULL);
		CHECK(strstr(p->action_ref, " repost=at://") != NULL);
		CHECK_INT_EQ(p->likes, 1);
		CHECK_STR_EQ(p->lang, "en");
	}
	bluesky_page_free(&pg);
	free(body);
}

TEST(snapshot_timeline_embeds_and_labels)
{
	struct bluesky_page	 pg;
	size_t			 len, i, images = 0, quotes = 0, sensitive = 0;
	char			*body = wrapped("snapshot-timeline-feed.json", "feed",
				    &len);

	if (body == NULL)
		return;
	CHECK(parse(body, len, BLUESKY_FEED, &pg) == 0);
	CHECK(pg.n > 5);
	for (i = 0; i < pg.n; i++) {
		const struct post *p = pg.posts[i];
		size_t k;

		for (k = 0; k < p->nmedia; k++) {
			if (p->media[k].kind == POST_MEDIA_IMAGE) {
				images++;
				/* Image addresses are never kept. */
				CHECK(p->media[k].url == NULL);
			}
		}
		if (p->quote_text != NULL)
			quotes++;
		if (p->flags & POST_SENSITIVE) {
			sensitive++;
			CHECK(p->content_warning != NULL);
		}
	}
	CHECK(images > 0);
	CHECK(quotes > 0);
	bluesky_page_free(&pg);
	free(body);
	(void)sensitive;
}

TEST(notifications_say_who_did_what)
{
	struct bluesky_page	 pg;
	const struct post	*p;
	size_t			 len, i;
	int			 seen[16] = { 0 };
	char			*body = fixture("listNotifications.json", &len);

	if (body == NULL)
		return;
	CHECK(parse(body, len, BLUESKY_NOTIFICATIONS, &pg) == 0);
	CHECK_INT_EQ(pg.n, 4);
	CHECK_STR_EQ(pg.seen_at, "2026-11-22T12:35:40.000Z");
	for (i = 0; i < pg.n; i++) {
		p = pg.posts[i];
		seen[p->notify]++;
		CHECK_STR_EQ(p->notify_by, "Bob");
	}
	CHECK(seen[POST_NOTIFY_LIKE] == 1);
	CHECK(seen[POST_NOTIFY_REPOST] == 1);
	CHECK(seen[POST_NOTIFY_REPLY] == 1);
	CHECK(seen[POST_NOTIFY_FOLLOW] == 1);
	p = find_text(&pg, "hello back from bob");
	CHECK(p != NULL && p->notify == POST_NOTIFY_REPLY);
	bluesky_page_free(&pg);

	/* With the liked post: it shows that post, the liker as notify_by. */
	{
		char	*subj, uris[4][600], *u[4];
		size_t	 slen, n, k;

		n = bluesky_parse_subjects(body, len, u, 4);
		CHECK_INT_EQ(n, 1);	/* like and repost of one post */
		for (k = 0; k < n; k++) {
			snprintf(uris[k], sizeof uris[k], "%s", u[k]);
			free(u[k]);
		}
		subj = fixture("searchPosts.json", &slen);
		CHECK(bluesky_parse_page(body, len, BLUESKY_NOTIFICATIONS, "C",
		    subj, slen, &pg, NULL, 0) == 0);
		for (i = 0; i < pg.n; i++)
			if (pg.posts[i]->notify == POST_NOTIFY_LIKE) {
				CHECK(strstr(pg.posts[i]->text, "hello world") !=
				    NULL);
				CHECK_STR_EQ(pg.posts[i]->notify_by, "Bob");
			}
		bluesky_page_free(&pg);
		free(subj);
	}
	free(body);
}

TEST(thread_parents_then_replies)
{
	struct bluesky_page	 pg;
	size_t			 len;
	char			*body = fixture("getPostThread.json", &len);

	if (body == NULL)
		return;
	CHECK(parse(body, len, BLUESKY_THREAD, &pg) == 0);
	CHECK(pg.n >= 1);
	CHECK(find_text(&pg, "hello back from bob") != NULL);
	bluesky_page_free(&pg);
	free(body);
}

TEST(small_bodies)
{
	struct bluesky_tokens	 t;
	size_t			 len;
	char			*body, *msg, name[64], *uri, *cid, err[200];

	if ((body = fixture("createSession.json", &len)) == NULL)
		return;
	CHECK(bluesky_parse_session(body, len, &t, err, sizeof err) == 0);
	CHECK_STR_EQ(t.did, "did:plc:z3d52czxtjfbcwleoyajdsvu");
	CHECK_STR_EQ(t.handle, "alice.test");
	CHECK_INT_EQ(bluesky_jwt_exp(t.access), 1795358139);
	CHECK_INT_EQ(bluesky_jwt_exp(t.refresh), 1803126939);
	bluesky_tokens_free(&t);
	free(body);

	body = fixture("error-badpassword.json", &len);
	msg = bluesky_parse_error(body, len, name, sizeof name);
	CHECK_STR_EQ(msg, "AuthenticationRequired: Invalid identifier or "
	    "password");
	CHECK_STR_EQ(name, "AuthenticationRequired");
	CHECK(bluesky_parse_session(body, len, &t, err, sizeof err) == -1);
	CHECK(strstr(err, "Invalid identifier") != NULL);
	free(msg);
	free(body);

	body = fixture("createRecord-reply.json", &len);
	CHECK(bluesky_parse_ref(body, len, &uri, &cid) == 0);
	CHECK(strncmp(uri, "at://did:plc:", 13) == 0);
	CHECK(strncmp(cid, "bafyrei", 7) == 0);
	free(uri);
	free(cid);
	free(body);

	body = fixture("resolveHandle.json", &len);
	msg = bluesky_parse_did(body, len);
	CHECK_STR_EQ(msg, "did:plc:iicbx74ga6bampkxjnpuf4pf");
	free(msg);
	free(body);

	body = "{\"lists\":[{\"name\":\"Friends\","
	    "\"uri\":\"at://did:plc:a/app.bsky.graph.list/3l\"}]}";
	msg = bluesky_parse_list_uri(body, strlen(body), "friends");
	CHECK_STR_EQ(msg, "at://did:plc:a/app.bsky.graph.list/3l");
	free(msg);
}

TEST(jwt_exp)
{
	/* {"exp": 1700000000} and {"exp": 1.5e9}, padded and not. */
	CHECK_INT_EQ(bluesky_jwt_exp("eyJhbGciOiJIUzI1NiJ9."
	    "eyJleHAiOjE3MDAwMDAwMDB9.sig"), 1700000000);
	CHECK_INT_EQ(bluesky_jwt_exp("x.eyJleHAiOjEuNWU5fQ==.s"), 1500000000);
	CHECK_INT_EQ(bluesky_jwt_exp("x.eyJub3QiOjF9.s"), 0);
	CHECK_INT_EQ(bluesky_jwt_exp("no dots"), 0);
	CHECK_INT_EQ(bluesky_jwt_exp("a.!!!.b"), 0);
	CHECK_INT_EQ(bluesky_jwt_exp(NULL), 0);
}

TEST(tids_and_times)
{
	char	tid[14];

	CHECK_INT_EQ(bluesky_parse_time("2026-11-22T12:35:40.000Z"),
	    1795350940);
	CHECK_INT_EQ(bluesky_parse_time("2026-11-22T13:35:40+01:00"),
	    1795350940);
	CHECK_INT_EQ(bluesky_parse_time("garbage"), 0);
	bluesky_tid(1795350940, tid);
	CHECK_INT_EQ(strlen(tid), 13);
	CHECK_INT_EQ(bluesky_tid_time(tid), 1795350940);
	/* A real record key from the fixtures: late 2026. */
	CHECK(bluesky_tid_time("3n2vmvku2xs2k") > 1790000000);
	CHECK(bluesky_tid_time("3n2vmvku2xs2k") < 1800000000);
	CHECK_INT_EQ(bluesky_tid_time("self"), 0);
}

/* Facets on text with emoji, CJK and combining marks: spans land on the
 * right bytes; hostile facets are dropped. */
TEST(facets_in_at_byte_offsets)
{
	const char	*text = "e\xcc\x81 \xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd "
			    "\xe4\xb8\x96\xe7\x95\x8c site.example #tag";
	char		 json[2048];
	struct bluesky_page pg;
	const struct post *p;
	size_t		 link = strstr(text, "site.example") - text;
	size_t		 tag = strstr(text, "#tag") - text;

	snprintf(json, sizeof json, "{\"posts\":[{\"uri\":\"at://did:plc:a/"
	    "app.bsky.feed.post/3k\",\"cid\":\"bafy\",\"author\":{\"handle\":"
	    "\"a.test\"},\"record\":{\"text\":\"%s\",\"facets\":["
	    "{\"index\":{\"byteStart\":%zu,\"byteEnd\":%zu},\"features\":[{"
	    "\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":"
	    "\"https://site.example/full\"}]},"
	    "{\"index\":{\"byteStart\":%zu,\"byteEnd\":%zu},\"features\":[{"
	    "\"$type\":\"app.bsky.richtext.facet#tag\",\"tag\":\"tag\"}]},"
	    /* overlapping the link */
	    "{\"index\":{\"byteStart\":%zu,\"byteEnd\":%zu},\"features\":[{"
	    "\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":"
	    "\"https://evil.example/\"}]},"
	    /* inside the emoji */
	    "{\"index\":{\"byteStart\":5,\"byteEnd\":9},\"features\":[{"
	    "\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":"
	    "\"https://evil.example/\"}]},"
	    /* out of range, reversed, negative, not a number */
	    "{\"index\":{\"byteStart\":3,\"byteEnd\":99999},\"features\":[]},"
	    "{\"index\":{\"byteStart\":9,\"byteEnd\":3},\"features\":[]},"
	    "{\"index\":{\"byteStart\":-1,\"byteEnd\":3},\"features\":[]},"
	    "{\"index\":{\"byteStart\":\"0\",\"byteEnd\":3},\"features\":[]},"
	    /* a javascript: link */
	    "{\"index\":{\"byteStart\":0,\"byteEnd\":3},\"features\":[{"
	    "\"$type\":\"app.bsky.richtext.facet#link\",\"uri\":"
	    "\"javascript:alert(1)\"}]}"
	    "]}}]}", text, link, link + 12, tag, tag + 4, link + 2,
	    link + 6);
	CHECK(parse(json, strlen(json), BLUESKY_POSTS, &pg) == 0);
	CHECK_INT_EQ(pg.n, 1);
	if (pg.n != 1)
		return;
	p = pg.posts[0];
	CHECK_INT_EQ(p->nspans, 2);
	if (p->nspans == 2) {
		CHECK(p->spans[0].kind == POST_SPAN_LINK);
		CHECK_INT_EQ(p->spans[0].start, link);
		CHECK_INT_EQ(p->spans[0].end, link + 12);
		CHECK_STR_EQ(p->spans[0].url, "https://site.example/full");
		CHECK(strncmp(p->text + p->spans[0].start, "site.example", 12) ==
		    0);
		CHECK(p->spans[1].kind == POST_SPAN_HASHTAG);
		CHECK_STR_EQ(p->spans[1].url, "https://bsky.app/hashtag/tag");
	}
	bluesky_page_free(&pg);
}

TEST(facets_out_at_byte_offsets)
{
	const char		*text = "Thanks \xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd "
				    "\xe4\xb8\x96\xe7\x95\x8c e\xcc\x81 "
				    "(https://ex.example/a_(b)?q=1). "
				    "@bob.test, #caf\xc3\xa9! #123 x#no "
				    "\xef\xbc\x83\xe5\x85\xa8\xe8\xa7\x92 "
				    "@notahandle mail@ex.example";
	struct bluesky_facet	 f[16];
	size_t			 n, i;
	char			*rec, *dids[16] = { NULL };
	json_t			*root;

	n = bluesky_facets_find(text, f, 16);
	CHECK_INT_EQ(n, 4);
	if (n != 4)
		goto out;
	CHECK(f[0].kind == BLUESKY_FACET_LINK);
	CHECK_STR_EQ(f[0].value, "https://ex.example/a_(b)?q=1");
	CHECK_INT_EQ(f[0].start, strstr(text, "https://") - text);
	CHECK_INT_EQ(f[0].end, f[0].start + strlen(f[0].value));
	CHECK(f[1].kind == BLUESKY_FACET_MENTION);
	CHECK_STR_EQ(f[1].value, "bob.test");
	CHECK_INT_EQ(f[1].start, strstr(text, "@bob") - text);
	CHECK_INT_EQ(f[1].end, f[1].start + 9);
	CHECK(f[2].kind == BLUESKY_FACET_TAG);
	CHECK_STR_EQ(f[2].value, "caf\xc3\xa9");
	CHECK_INT_EQ(f[2].end - f[2].start, 6);	/* '#' and 5 bytes */
	CHECK(f[3].kind == BLUESKY_FACET_TAG);
	CHECK_STR_EQ(f[3].value, "\xe5\x85\xa8\xe8\xa7\x92");
	CHECK_INT_EQ(f[3].end - f[3].start, 9);	/* "＃" is 3 bytes */

	dids[1] = xstrdup("did:plc:bob");
	rec = bluesky_post_record(text, 1795350940, f, dids, n, NULL, NULL);
	root = json_loads(rec, 0, NULL);
	CHECK(root != NULL);
	CHECK_STR_EQ(json_string_value(json_object_get(root, "createdAt")),
	    "2026-11-22T12:35:40.000Z");
	CHECK_INT_EQ(json_array_size(json_object_get(root, "facets")), 4);
	CHECK(json_object_get(root, "reply") == NULL);
	json_decref(root);
	free(rec);

	/* A mention that did not resolve is left plain; a reply has both
	 * strong references (root: the parent when it has none). */
	{
		struct bluesky_ref parent = { 0 };

		free(dids[1]);
		dids[1] = NULL;
		CHECK(bluesky_ref_split("at://did:plc:p/app.bsky.feed.post/3k "
		    "bafyp like=at://did:plc:me/app.bsky.feed.like/3l", &parent));
		CHECK_STR_EQ(parent.cid, "bafyp");
		CHECK_STR_EQ(parent.like, "at://did:plc:me/app.bsky.feed.like/3l");
		rec = bluesky_post_record("hi @bob.test", 1, f + 1, dids + 1, 1,
		    &parent, NULL);
		root = json_loads(rec, 0, NULL);
		CHECK(json_object_get(root, "facets") == NULL);
		CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(
		    json_object_get(root, "reply"), "root"), "uri")),
		    "at://did:plc:p/app.bsky.feed.post/3k");
		CHECK_STR_EQ(json_string_value(json_object_get(json_object_get(
		    json_object_get(root, "reply"), "parent"), "cid")), "bafyp");
		json_decref(root);
		free(rec);
		bluesky_ref_free(&parent);
		CHECK(!bluesky_ref_split("not-an-at-uri cid", &parent));
	}
out:
	for (i = 0; i < 16; i++)
		free(dids[i]);
	bluesky_facets_free(f, n);
}

TEST(hostile_bodies)
{
	static const char *const bodies[] = {
		"", "{", "[]", "null", "{\"feed\": 3}", "{\"feed\": [1, null, "
		"{}, {\"post\": []}, {\"post\": {\"uri\": 5}}]}",
		"{\"feed\":[{\"post\":{\"uri\":\"at://x/app.bsky.feed.post/1\","
		"\"record\":{\"text\":\"\\u001b[31mred\\u0000x\",\"facets\":"
		"[{\"index\":{\"byteStart\":0,\"byteEnd\":2}}]},\"embed\":"
		"{\"$type\":\"app.bsky.embed.recordWithMedia#view\"}}}]}",
		"{\"error\":\"ExpiredToken\",\"message\":\"Token has expired\"}",
		"{\"notifications\":[{\"uri\":\"at://x/y/z\",\"reason\":\"like\","
		"\"record\":{\"subject\":7}},{\"uri\":\"at://x/y/z\",\"reason\":"
		"\"frobnicated\"}]}",
		"{\"thread\":{\"parent\":{\"parent\":{\"post\":{}}},\"replies\":"
		"[{\"replies\":[{}]},3]}}",
	};
	struct bluesky_page	 pg;
	size_t			 i, k;
	char			 err[200];
	enum bluesky_body	 kinds[] = { BLUESKY_FEED, BLUESKY_POSTS,
				    BLUESKY_NOTIFICATIONS, BLUESKY_THREAD };

	for (i = 0; i < sizeof bodies / sizeof *bodies; i++)
		for (k = 0; k < 4; k++)
			if (bluesky_parse_page(bodies[i], strlen(bodies[i]),
			    kinds[k], "C", "{", 1, &pg, err, sizeof err) == 0) {
				size_t j;

				for (j = 0; j < pg.n; j++)
					CHECK(strchr(pg.posts[j]->text, '\033') ==
					    NULL);
				bluesky_page_free(&pg);
			}
	CHECK(bluesky_parse_page(bodies[7], strlen(bodies[7]), BLUESKY_FEED,
	    "C", NULL, 0, &pg, err, sizeof err) == -1);
	CHECK_STR_EQ(err, "server error: ExpiredToken: Token has expired");
	CHECK(bluesky_parse_page("{", 1, BLUESKY_FEED, "C", NULL, 0, &pg, err,
	    sizeof err) == -1);
	CHECK(strncmp(err, "malformed JSON", 14) == 0);
}

TEST(session_cache_is_private)
{
	char			 dir[] = "/tmp/test_bluesky.XXXXXX", path[256];
	char			 err[300], *p;
	struct bluesky_tokens	 t = { 0 }, back;
	struct stat		 st;

	if (mkdtemp(dir) == NULL) {
		CHECK(0);
		return;
	}
	setenv("XDG_STATE_HOME", dir, 1);
	p = bluesky_session_path("https://pds.example:8443", "alice.test");
	snprintf(path, sizeof path, "%s/starling/bluesky/"
	    "https-pds.example_8443-alice.test.session", dir);
	CHECK_STR_EQ(p, path);
	t.did = "did:plc:a";
	t.handle = "alice.test";
	t.access = "a.eyJleHAiOjE3MDAwMDAwMDB9.s";
	t.refresh = "r.r.r";
	CHECK(bluesky_session_save(p, &t, err, sizeof err) == 0);
	CHECK(stat(p, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(bluesky_session_load(p, &back, err, sizeof err) == 0);
	CHECK_STR_EQ(back.access, t.access);
	CHECK_STR_EQ(back.refresh, "r.r.r");
	CHECK_STR_EQ(back.did, "did:plc:a");
	bluesky_tokens_free(&back);
	/* Others may read it: refused. */
	chmod(p, 0644);
	CHECK(bluesky_session_load(p, &back, err, sizeof err) == -1);
	CHECK(strstr(err, "chmod 600") != NULL);
	unlink(p);
	free(p);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	CHECK(system(path) == 0);
}

TEST(registry_row)
{
	const struct network	*net = network_find("bluesky");
	struct network_limits	 lim;
	char			 buf[256], text[4000];
	struct post		 t = { 0 }, *p;

	CHECK(net == &bluesky_network);
	if (net == NULL)
		return;
	lim = net->limits;
	CHECK_INT_EQ(lim.max_chars, 300);
	CHECK_INT_EQ(lim.max_bytes, 3000);
	CHECK_STR_EQ(net->default_url, "https://bsky.social");
	/* Graphemes: a skin-toned wave, a flag, e + combining acute. */
	CHECK_INT_EQ(net->count("\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbd"
	    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7" "e\xcc\x81\xe4\xb8\x96", &lim), 4);
	memset(text, 'a', 300);
	text[300] = '\0';
	CHECK_INT_EQ(net->count(text, &lim), 300);
	CHECK(network_column(net, "timeline") != NULL);
	CHECK(network_column(net, "notifications")->read_marker != NULL);
	CHECK(network_column(net, "search") != NULL);
	CHECK(network_column(net, "author") != NULL);
	CHECK(network_column(net, "list") != NULL);
	CHECK(network_column(net, "feed") != NULL);
	CHECK(network_column(net, "home") == NULL);
	t.network = "bluesky";
	t.id = "at://did:plc:a/app.bsky.feed.post/3n2vmvkxfg22k";
	t.author_handle = "bob.test";
	p = post_new(&t);
	CHECK(net->web_url(p, buf, sizeof buf));
	CHECK_STR_EQ(buf, "https://bsky.app/profile/bob.test/post/3n2vmvkxfg22k");
	post_unref(p);
	/* Record keys order as time; the marker is a bare TID. */
	CHECK(net->id_cmp("at://a/app.bsky.feed.like/3n2vmvl2puc2k",
	    "3n2vmvku2xs2k") > 0);
	CHECK(net->id_cmp("at://b/app.bsky.feed.like/3n2vmvku2xs2k",
	    "at://a/app.bsky.feed.like/3n2vmvl2puc2k") < 0);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(real_timeline);
	RUN(snapshot_timeline_embeds_and_labels);
	RUN(notifications_say_who_did_what);
	RUN(thread_parents_then_replies);
	RUN(small_bodies);
	RUN(jwt_exp);
	RUN(tids_and_times);
	RUN(facets_in_at_byte_offsets);
	RUN(facets_out_at_byte_offsets);
	RUN(hostile_bodies);
	RUN(session_cache_is_private);
	RUN(registry_row);
	return harness_done();
}
