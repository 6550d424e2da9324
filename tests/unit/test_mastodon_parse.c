/* test_mastodon_parse.c — Mastodon JSON to posts: every fixture under
 * tests/fixtures/mastodon/, streaming events, the small bodies, and
 * hostile input (wrong types, truncation, nesting, huge strings). */
#include <dirent.h>
#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "starling/mastodon.h"
#include "starling/mastodon_parse.h"
#include "starling/post.h"

#define FIXTURES	"tests/fixtures/mastodon/"
#define HOST		"mastodon.social"
/* A literal and its length, for (bytes, len) arguments. */
#define LIT(s)		s, sizeof (s) - 1

static int	fixtures_missing;

/* The fixture's bytes (NUL-terminated), or NULL with a note once. */
static char *
fixture(const char *name, size_t *len)
{
	char	 path[512], *buf;
	FILE	*f;
	long	 n;

	snprintf(path, sizeof path, FIXTURES "%s", name);
	if ((f = fopen(path, "rb")) == NULL) {
		fixtures_missing++;
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
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

/* Parses a fixture as kind; NULL posts (and a failed check) on error. */
static struct post **
parse_fixture(const char *name, enum mastodon_body kind, size_t *n)
{
	struct post	**posts = NULL;
	char		 *body, err[256];
	size_t		  len;

	*n = 0;
	if ((body = fixture(name, &len)) == NULL)
		return NULL;
	if (mastodon_parse_body(body, len, kind, "Home", HOST, &posts, n, err,
	    sizeof err) != 0) {
		printf("  %s: %s\n", name, err);
		CHECK(!"fixture parses");
	}
	free(body);
	return posts;
}

/* The one post of a fixture parsed as a status (NULL when missing). */
static struct post *
status_fixture(const char *name)
{
	struct post	**posts, *p = NULL;
	size_t		  n;

	if ((posts = parse_fixture(name, MASTODON_STATUS, &n)) == NULL)
		return NULL;
	CHECK_INT_EQ(n, 1);
	if (n == 1)
		p = post_ref(posts[0]);
	mastodon_posts_free(posts, n);
	return p;
}

static struct post *
status_json(const char *json)
{
	struct post	**posts, *p = NULL;
	size_t		  n;
	char		  err[256];

	if (mastodon_parse_body(json, strlen(json), MASTODON_STATUS, "Home",
	    HOST, &posts, &n, err, sizeof err) != 0) {
		printf("  %s\n", err);
		return NULL;
	}
	if (n == 1)
		p = post_ref(posts[0]);
	mastodon_posts_free(posts, n);
	return p;
}

static struct post *
notification_json(const char *json)
{
	json_t		*root = json_loads(json, 0, NULL);
	struct post	*p;

	CHECK(root != NULL);
	p = mastodon_parse_notification(root, "Notifications", HOST);
	json_decref(root);
	return p;
}

/* The span of kind covering exactly the text needle, or NULL. */
static const struct post_span *
find_span(const struct post *p, enum post_span_kind kind, const char *needle)
{
	const char	*at = strstr(p->text, needle);
	size_t		 i, start;

	if (at == NULL)
		return NULL;
	start = (size_t)(at - p->text);
	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].kind == kind && p->spans[i].start == start &&
		    p->spans[i].end == start + strlen(needle))
			return &p->spans[i];
	return NULL;
}

static int
spans_in_bounds(const struct post *p)
{
	size_t	i, len = strlen(p->text);

	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].start >= p->spans[i].end ||
		    p->spans[i].end > len)
			return 0;
	return 1;
}

TEST(status_plain)
{
	struct post		*p = status_fixture("status.json");
	const struct post_span	*s;

	if (p == NULL)
		return;
	CHECK_STR_EQ(p->network, "mastodon@mastodon.social");
	CHECK_STR_EQ(p->column, "Home");
	CHECK_STR_EQ(p->id, "103270115826048975");
	CHECK_STR_EQ(p->action_ref, "103270115826048975");
	CHECK_STR_EQ(p->url,
	    "https://mastodon.social/@Gargron/103270115826048975");
	CHECK_STR_EQ(p->author_name, "Eugen");
	CHECK_STR_EQ(p->author_handle, "Gargron");
	CHECK_STR_EQ(p->author_id, "1");
	CHECK_STR_EQ(p->avatar_url, "https://files.mastodon.social/accounts/"
	    "avatars/000/000/001/original/d96d39a0abb45b92.jpg");
	CHECK_INT_EQ(p->followers, 322930);
	CHECK_INT_EQ(p->created, 1575776913);	/* 2019-12-08T03:48:33.901Z */
	CHECK_INT_EQ(p->edited, 0);
	CHECK_STR_EQ(p->text, "\"I lost my inheritance with one wrong digit on "
	    "my sort code\"\n\ntheguardian.com/money/2019/dec\xe2\x80\xa6");
	s = find_span(p, POST_SPAN_LINK,
	    "theguardian.com/money/2019/dec\xe2\x80\xa6");
	CHECK(s != NULL);
	if (s != NULL)
		CHECK_STR_EQ(s->url, "https://www.theguardian.com/money/2019/"
		    "dec/07/i-lost-my-193000-inheritance-with-one-wrong-digit-"
		    "on-my-sort-code");
	CHECK_INT_EQ(p->replies, 5);
	CHECK_INT_EQ(p->reposts, 6);
	CHECK_INT_EQ(p->likes, 11);
	CHECK_INT_EQ(p->flags, 0);
	CHECK_STR_EQ(p->lang, "en");
	CHECK_STR_EQ(p->visibility, "public");
	CHECK(p->reply_to_id == NULL && p->reply_to_author == NULL);
	CHECK(p->reply_parent_ref == NULL && p->reply_root_ref == NULL);
	CHECK(p->reposted_by_name == NULL && p->reposted_by_handle == NULL);
	CHECK(p->quote_text == NULL && p->quote_author == NULL);
	CHECK(p->content_warning == NULL && p->poll == NULL);
	CHECK_INT_EQ(p->nmedia, 0);
	CHECK_INT_EQ(p->notify, POST_NOTIFY_NONE);
	post_unref(p);
}

TEST(status_get_edited_create_favourite)
{
	struct post	*p;

	if ((p = status_fixture("status-get.json")) != NULL) {
		CHECK(p->id[0] != '\0');
		CHECK(spans_in_bounds(p));
		post_unref(p);
	}
	if ((p = status_fixture("status-edited.json")) != NULL) {
		CHECK_STR_EQ(p->id, "108942703571991143");
		CHECK(p->edited > p->created && p->created > 0);
		CHECK_STR_EQ(p->author_name, "infinite love \xe2\xb4\xb3");
		CHECK_INT_EQ(p->likes, 6);
		post_unref(p);
	}
	if ((p = status_fixture("status-create.json")) != NULL) {
		CHECK_STR_EQ(p->text, "test content");
		CHECK(p->author_handle == NULL);
		post_unref(p);
	}
	if ((p = status_fixture("status-favourite.json")) != NULL) {
		CHECK_STR_EQ(p->id, "99734435964706331");
		CHECK_INT_EQ(p->flags, POST_LIKED);
		CHECK_STR_EQ(p->text, "");
		post_unref(p);
	}
	/* A ScheduledStatus: its id and the text it will post. */
	if ((p = status_fixture("status-scheduled.json")) != NULL) {
		CHECK_STR_EQ(p->id, "3221");
		CHECK_STR_EQ(p->text, "test content");
		post_unref(p);
	}
}

TEST(status_reblog)
{
	struct post	*p;

	if ((p = status_fixture("status-reblog.json")) != NULL) {
		CHECK_STR_EQ(p->id, "103254401326800919");
		CHECK_STR_EQ(p->action_ref, "99734435964706331");
		CHECK(p->flags & POST_REPOSTED);
		/* Sorted by when it was boosted. */
		CHECK_INT_EQ(p->created, 1575537129);
		CHECK(p->reposted_by_name != NULL);
		post_unref(p);
	}
	if ((p = status_fixture("status-reblog-full.json")) == NULL)
		return;
	CHECK_STR_EQ(p->id, "117020586027094262");
	CHECK_STR_EQ(p->action_ref, "117020586019094258");
	CHECK_STR_EQ(p->reposted_by_name, "John Lennon");
	CHECK_STR_EQ(p->reposted_by_handle, "mastodonpy_test");
	CHECK_STR_EQ(p->author_handle, "mastodonpy_test");
	CHECK_STR_EQ(p->text, "Toot!");
	CHECK_STR_EQ(p->url, "http://localhost:3000/@mastodonpy_test/"
	    "117020586019094258");
	CHECK_INT_EQ(p->created, 1785592438);	/* the wrapper's */
	CHECK_INT_EQ(p->reposts, 1);
	CHECK_INT_EQ(p->flags, POST_REPOSTED | POST_SENSITIVE);
	CHECK_STR_EQ(p->lang, "en");
	CHECK_STR_EQ(p->visibility, "unlisted");
	post_unref(p);
}

TEST(status_reply_and_mention)
{
	struct post		*p = status_fixture("status-reply.json");
	const struct post_span	*s;

	if (p == NULL)
		return;
	CHECK_STR_EQ(p->id, "108914327388663283");
	CHECK_STR_EQ(p->reply_to_id, "108914298452377720");
	CHECK_STR_EQ(p->reply_to_author, "disarray@pl.nulled.red");
	CHECK_STR_EQ(p->author_handle, "freon@letsalllovela.in");
	CHECK_STR_EQ(p->text, "@disarray glad i was able to help");
	s = find_span(p, POST_SPAN_MENTION, "@disarray");
	CHECK(s != NULL);
	if (s != NULL)
		CHECK_STR_EQ(s->url, "https://pl.nulled.red/users/disarray");
	CHECK(p->lang == NULL);
	CHECK_INT_EQ(p->followers, 37);
	post_unref(p);
}

TEST(status_self_reply_and_unknown_parent)
{
	struct post	*p;

	p = status_json("{\"id\":\"2\",\"in_reply_to_id\":\"1\","
	    "\"in_reply_to_account_id\":\"9\",\"account\":{\"id\":\"9\","
	    "\"acct\":\"me\"},\"mentions\":[]}");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->reply_to_id, "1");
		CHECK_STR_EQ(p->reply_to_author, "me");
		/* A reply names its parent; Mastodon has no thread root. */
		CHECK_STR_EQ(p->reply_parent_ref, "1");
		CHECK(p->reply_root_ref == NULL);
		post_unref(p);
	}
	p = status_json("{\"id\":\"2\",\"in_reply_to_id\":\"1\","
	    "\"in_reply_to_account_id\":\"8\",\"account\":{\"id\":\"9\"},"
	    "\"mentions\":[{\"id\":\"7\",\"acct\":\"x\"}]}");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->reply_to_id, "1");
		CHECK(p->reply_to_author == NULL);
		post_unref(p);
	}
}

TEST(status_spoiler)
{
	struct post	*p = status_fixture("status-spoiler.json");

	if (p == NULL)
		return;
	CHECK_STR_EQ(p->content_warning, "Content warning");
	CHECK(p->flags & POST_SENSITIVE);
	CHECK_STR_EQ(p->text, "Toot!");
	CHECK_STR_EQ(p->author_name, "John Lennon");
	post_unref(p);
}

TEST(status_media)
{
	struct post	*p;

	if ((p = status_fixture("status-media.json")) != NULL) {
		CHECK_INT_EQ(p->nmedia, 1);
		if (p->nmedia == 1) {
			CHECK_INT_EQ(p->media[0].kind, POST_MEDIA_VIDEO);
			CHECK_STR_EQ(p->media[0].alt, "me when a cat");
			CHECK(p->media[0].url != NULL &&
			    strstr(p->media[0].url, ".mp4") != NULL);
		}
		CHECK_STR_EQ(p->text, "LOL check this out");
		post_unref(p);
	}
	/* Pleroma through the Mastodon API: image, CW, emoji, hashtags. */
	if ((p = status_fixture("status-pleroma-emoji-media-spoiler.json")) ==
	    NULL)
		return;
	CHECK_INT_EQ(p->nmedia, 1);
	if (p->nmedia == 1) {
		CHECK_INT_EQ(p->media[0].kind, POST_MEDIA_IMAGE);
		CHECK(strncmp(p->media[0].alt,
		    LIT("Cartoon poster of Captain Janeway")) == 0);
	}
	CHECK_STR_EQ(p->content_warning, "Coffee, Star Trek");
	CHECK(strstr(p->text, ":heart_cup:") != NULL);
	CHECK(find_span(p, POST_SPAN_HASHTAG, "#coffee") != NULL);
	CHECK(strstr(p->author_name, ":veripawed:") != NULL);
	post_unref(p);
}

TEST(media_attachment_kinds)
{
	static const struct {
		const char		*file;
		enum post_media_kind	 kind;
	} want[] = {
		{ "media-attachment-image.json", POST_MEDIA_IMAGE },
		{ "media-attachment-video.json", POST_MEDIA_VIDEO },
		{ "media-attachment-gifv.json", POST_MEDIA_GIFV },
		{ "media-attachment-audio.json", POST_MEDIA_AUDIO },
	};
	struct post	*p;
	char		*m, *json;
	size_t		 i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		if ((m = fixture(want[i].file, NULL)) == NULL)
			return;
		json = malloc(strlen(m) + 64);
		sprintf(json, "{\"id\":\"1\",\"media_attachments\":[%s]}", m);
		p = status_json(json);
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_INT_EQ(p->nmedia, 1);
			if (p->nmedia == 1) {
				CHECK_INT_EQ(p->media[0].kind, want[i].kind);
				CHECK(p->media[0].url != NULL);
			}
			post_unref(p);
		}
		free(json);
		free(m);
	}
	p = status_json("{\"id\":\"1\",\"media_attachments\":[{\"type\":"
	    "\"unknown\",\"remote_url\":\"https://r.example/a\"},7,null,"
	    "{\"type\":3,\"description\":\"\"}]}");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_INT_EQ(p->nmedia, 2);
		CHECK_INT_EQ(p->media[0].kind, POST_MEDIA_OTHER);
		CHECK_STR_EQ(p->media[0].url, "https://r.example/a");
		CHECK(p->media[1].alt == NULL && p->media[1].url == NULL);
		post_unref(p);
	}
}

TEST(status_poll)
{
	struct post	*p;
	char		*poll, *json;

	if ((p = status_fixture("status-poll.json")) != NULL) {
		CHECK_STR_EQ(p->poll, "2 options, 0 votes, ends 2026-08-01 "
		    "13:58 UTC");
		CHECK_STR_EQ(p->text, "nice");
		post_unref(p);
	}
	if ((poll = fixture("poll.json", NULL)) == NULL)
		return;
	json = malloc(strlen(poll) + 64);
	sprintf(json, "{\"id\":\"1\",\"poll\":%s}", poll);
	if ((p = status_json(json)) != NULL) {
		CHECK_STR_EQ(p->poll, "2 options, 10 votes, closed");
		post_unref(p);
	}
	free(json);
	free(poll);
	p = status_json("{\"id\":\"1\",\"poll\":{\"options\":[{}],"
	    "\"votes_count\":1,\"expires_at\":null}}");
	if (p != NULL) {
		CHECK_STR_EQ(p->poll, "1 option, 1 vote");
		post_unref(p);
	}
}

TEST(status_custom_emoji_kept_as_text)
{
	struct post	*p = status_fixture("status-custom-emoji.json");

	if (p == NULL)
		return;
	CHECK(strstr(p->author_name, ":icosahedron:") != NULL);
	CHECK(strstr(p->text, ":trans_heart:") != NULL);
	CHECK(find_span(p, POST_SPAN_MENTION, "@halcy") != NULL);
	CHECK(find_span(p, POST_SPAN_HASHTAG, "#ThisIsAHashtag") != NULL);
	CHECK_STR_EQ(p->content_warning, "test post for mastodon.py stuff");
	CHECK(p->flags & POST_SENSITIVE);
	CHECK(p->nmedia >= 1 && p->media[0].kind == POST_MEDIA_GIFV);
	post_unref(p);
}

TEST(entities_decoded)
{
	struct post	*p = status_json("{\"id\":\"1\",\"content\":"
	    "\"<p>&lt; 6 &amp;&amp; 7 &gt;</p>\"}");

	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "< 6 && 7 >");
		post_unref(p);
	}
}

TEST(text_fallback_for_redraft)
{
	struct post	*p = status_json("{\"id\":\"1\",\"content\":\"\","
	    "\"text\":\"source <b>text</b>\"}");

	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "source <b>text</b>");
		CHECK_INT_EQ(p->nspans, 0);
		post_unref(p);
	}
}

TEST(quote_entity)
{
	struct post	*p;
	char		*q, *json, big[1200];
	size_t		 i;

	if ((q = fixture("status-quote.json", NULL)) != NULL) {
		json = malloc(strlen(q) + 64);
		sprintf(json, "{\"id\":\"5\",\"content\":\"<p>this</p>\","
		    "\"quote\":%s}", q);
		if ((p = status_json(json)) != NULL) {
			CHECK_STR_EQ(p->quote_author, "Gargron");
			CHECK_STR_EQ(p->quote_text, "\"I lost my inheritance "
			    "with one wrong digit on my sort code\" "
			    "theguardian.com/money/2019/dec\xe2\x80\xa6");
			CHECK_STR_EQ(p->text, "this");
			post_unref(p);
		}
		free(json);
		free(q);
	}
	/* A long quote is cut (on a codepoint) with an ellipsis. */
	strcpy(big, "{\"id\":\"5\",\"quote\":{\"state\":\"accepted\","
	    "\"quoted_status\":{\"id\":\"6\",\"account\":{\"acct\":\"@a@b\"},"
	    "\"content\":\"<p>");
	for (i = 0; i < 150; i++)
		strcat(big, "\xc3\xa9 ");
	strcat(big, "</p>\"}}}");
	if ((p = status_json(big)) != NULL) {
		CHECK_STR_EQ(p->quote_author, "a@b");
		CHECK(strlen(p->quote_text) <= 203);
		CHECK(strcmp(p->quote_text + strlen(p->quote_text) - 3,
		    "\xe2\x80\xa6") == 0);
		post_unref(p);
	}
	/* A quote with a content warning shows the warning only. */
	p = status_json("{\"id\":\"5\",\"quote\":{\"state\":\"accepted\","
	    "\"quoted_status\":{\"id\":\"6\",\"spoiler_text\":\"spoilers\","
	    "\"content\":\"<p>the end</p>\"}}}");
	if (p != NULL) {
		CHECK_STR_EQ(p->quote_text, "CW: spoilers");
		post_unref(p);
	}
	/* Shallow and unavailable quotes; a fork's bare quoted Status. */
	p = status_json("{\"id\":\"5\",\"quote\":{\"state\":\"deleted\","
	    "\"quoted_status\":null}}");
	if (p != NULL) {
		CHECK_STR_EQ(p->quote_text, "quoted post deleted");
		CHECK(p->quote_author == NULL);
		post_unref(p);
	}
	p = status_json("{\"id\":\"5\",\"quote\":{\"state\":\"accepted\","
	    "\"quoted_status_id\":\"6\"}}");
	if (p != NULL) {
		CHECK_STR_EQ(p->quote_text, "quoted post");
		post_unref(p);
	}
	p = status_json("{\"id\":\"5\",\"quote\":{\"id\":\"6\",\"content\":"
	    "\"<p>hi</p>\",\"account\":{\"acct\":\"q\"}}}");
	if (p != NULL) {
		CHECK_STR_EQ(p->quote_author, "q");
		CHECK_STR_EQ(p->quote_text, "hi");
		post_unref(p);
	}
}

TEST(notifications_list)
{
	struct post	**v;
	size_t		  n;

	if ((v = parse_fixture("notifications.json", MASTODON_NOTIFICATIONS,
	    &n)) == NULL)
		return;
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_STR_EQ(v[0]->id, "34975861");
		CHECK_STR_EQ(v[0]->action_ref, "103186126728896492");
		CHECK_INT_EQ(v[0]->notify, POST_NOTIFY_REPLY);
		CHECK_STR_EQ(v[0]->notify_by, "zsc");
		CHECK_STR_EQ(v[0]->author_handle, "zsc");
		CHECK_INT_EQ(v[0]->created, 1574495342);
		CHECK_STR_EQ(v[0]->reply_to_author, "trwnh");
		CHECK_STR_EQ(v[0]->text, "@trwnh sup!");
		CHECK_STR_EQ(v[0]->column, "Home");

		CHECK_STR_EQ(v[1]->id, "34975535");
		CHECK_INT_EQ(v[1]->notify, POST_NOTIFY_LIKE);
		CHECK_STR_EQ(v[1]->notify_by, "haskal");
		CHECK_STR_EQ(v[1]->author_handle, "trwnh");
		CHECK_STR_EQ(v[1]->action_ref, "103186046267791694");
	}
	mastodon_posts_free(v, n);
}

TEST(notification_fixtures)
{
	static const struct {
		const char		*file, *id, *by;
		enum post_notify	 notify;
	} want[] = {
		{ "notification-mention.json", "34975861", "zsc",
		    POST_NOTIFY_REPLY },
		{ "notification-favourite.json", "34975535", "haskal",
		    POST_NOTIFY_LIKE },
		{ "notification-mention-full.json", "68739215", "a",
		    POST_NOTIFY_MENTION },
		{ "notification-status.json", "9", "admin", POST_NOTIFY_NONE },
	};
	struct post	*p;
	char		*body;
	size_t		 i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		if ((body = fixture(want[i].file, NULL)) == NULL)
			return;
		p = notification_json(body);
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR_EQ(p->id, want[i].id);
			CHECK_STR_EQ(p->notify_by, want[i].by);
			CHECK_INT_EQ(p->notify, want[i].notify);
			CHECK_STR_EQ(p->network, "mastodon@mastodon.social");
			post_unref(p);
		}
		free(body);
	}
	if ((body = fixture("notification-mention-full.json", NULL)) != NULL) {
		p = notification_json(body);
		if (p != NULL) {
			CHECK_STR_EQ(p->text, "@trwnh test");
			CHECK_STR_EQ(p->action_ref, "108914343542683797");
			CHECK_INT_EQ(p->created, 1661900994);
			post_unref(p);
		}
		free(body);
	}
}

TEST(notification_kinds)
{
	static const struct {
		const char		*type;
		enum post_notify	 notify;
	} want[] = {
		{ "reblog", POST_NOTIFY_REPOST },
		{ "favourite", POST_NOTIFY_LIKE },
		{ "poll", POST_NOTIFY_POLL }, { "update", POST_NOTIFY_UPDATE },
		{ "quote", POST_NOTIFY_QUOTE }, { "status", POST_NOTIFY_NONE },
		{ "mention", POST_NOTIFY_MENTION },
		{ "quoted_update", POST_NOTIFY_UPDATE },
	};
	struct post	*p;
	char		 json[512];
	size_t		 i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		snprintf(json, sizeof json, "{\"id\":\"n%zu\",\"type\":\"%s\","
		    "\"account\":{\"id\":\"2\",\"acct\":\"bob@x.example\","
		    "\"display_name\":\"Bob\"},\"status\":{\"id\":\"s1\","
		    "\"content\":\"<p>mine</p>\",\"account\":{\"acct\":"
		    "\"me\"}}}",
		    i, want[i].type);
		p = notification_json(json);
		CHECK(p != NULL);
		if (p == NULL)
			continue;
		CHECK_INT_EQ(p->notify, want[i].notify);
		CHECK_STR_EQ(p->notify_by, "Bob");
		CHECK_STR_EQ(p->author_handle, "me");
		CHECK_STR_EQ(p->text, "mine");
		CHECK_STR_EQ(p->action_ref, "s1");
		post_unref(p);
	}
}

TEST(notification_account_kinds)
{
	struct post	*p;

	p = notification_json("{\"id\":\"1\",\"type\":\"follow\","
	    "\"created_at\":\"2019-11-23T07:49:02Z\",\"account\":{\"id\":\"5\","
	    "\"acct\":\"bob@x.example\",\"display_name\":\"Bob\",\"url\":"
	    "\"https://x.example/@bob\",\"note\":\"<p>hi &amp; bye</p>\","
	    "\"followers_count\":3}}");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_INT_EQ(p->notify, POST_NOTIFY_FOLLOW);
		CHECK_STR_EQ(p->notify_by, "Bob");
		CHECK_STR_EQ(p->author_name, "Bob");
		CHECK_STR_EQ(p->author_handle, "bob@x.example");
		CHECK_STR_EQ(p->text, "hi & bye");
		CHECK_STR_EQ(p->url, "https://x.example/@bob");
		CHECK(p->action_ref == NULL);
		CHECK_INT_EQ(p->followers, 3);
		CHECK_INT_EQ(p->created, 1574495342);
		post_unref(p);
	}
	p = notification_json("{\"id\":\"2\",\"type\":\"follow_request\","
	    "\"account\":{\"id\":\"5\",\"username\":\"bob\"}}");
	if (p != NULL) {
		CHECK_INT_EQ(p->notify, POST_NOTIFY_NONE);
		CHECK_STR_EQ(p->notify_by, "bob");
		CHECK_STR_EQ(p->text, "requested to follow you");
		post_unref(p);
	}
	p = notification_json("{\"id\":\"3\",\"type\":\"admin.report\","
	    "\"account\":{\"id\":\"5\",\"acct\":\"r\"},\"report\":{\"comment\":"
	    "\"spam\"}}");
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "filed a report: spam");
		post_unref(p);
	}
	p = notification_json("{\"id\":\"4\",\"type\":\"annual_report\","
	    "\"account\":{\"id\":\"5\",\"acct\":\"r\"}}");
	if (p != NULL) {
		CHECK_INT_EQ(p->notify, POST_NOTIFY_NONE);
		CHECK_STR_EQ(p->text, "notification: annual_report");
		post_unref(p);
	}
	/* A favourite of a status that is gone; a type that is not a
	 * string; no id at all. */
	p = notification_json("{\"id\":\"5\",\"type\":\"favourite\","
	    "\"account\":{\"acct\":\"r\"},\"status\":null}");
	if (p != NULL) {
		CHECK_INT_EQ(p->notify, POST_NOTIFY_LIKE);
		CHECK_STR_EQ(p->text, "post no longer available");
		CHECK(p->action_ref == NULL);
		post_unref(p);
	}
	p = notification_json("{\"id\":6,\"type\":[],\"account\":7}");
	if (p != NULL) {
		CHECK_STR_EQ(p->id, "6");
		CHECK_STR_EQ(p->text, "notification: ");
		CHECK(p->notify_by == NULL);
		post_unref(p);
	}
	CHECK(notification_json("{\"type\":\"follow\"}") == NULL);
}

TEST(bodies_of_every_list_kind)
{
	struct post	**v;
	size_t		  n, i, polls = 0;

	if ((v = parse_fixture("timeline-home-full.json", MASTODON_STATUSES,
	    &n)) != NULL) {
		CHECK_INT_EQ(n, 13);
		for (i = 0; i < n; i++) {
			CHECK(spans_in_bounds(v[i]));
			polls += v[i]->poll != NULL;
		}
		CHECK_INT_EQ(polls, 1);
		if (n == 13)
			CHECK_STR_EQ(v[0]->id, "117020593473214477");
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("search-v2.json", MASTODON_SEARCH,
	    &n)) != NULL) {
		CHECK_INT_EQ(n, 2);
		if (n == 2) {
			CHECK_STR_EQ(v[0]->id, "103085519055545958");
			CHECK_STR_EQ(v[0]->text, "cats\ncats never change");
			CHECK_STR_EQ(v[1]->content_warning, "Cats");
			CHECK(find_span(v[1], POST_SPAN_HASHTAG,
			    "#cats") != NULL);
		}
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("context.json", MASTODON_CONTEXT, &n)) != NULL) {
		CHECK_INT_EQ(n, 4);
		if (n == 4) {
			CHECK_STR_EQ(v[0]->id, "103188938570975982");
			CHECK_STR_EQ(v[2]->id, "103188982235527758");
			CHECK_STR_EQ(v[3]->id, "103189026958574542");
			CHECK_STR_EQ(v[3]->reply_to_id, "103189005915505698");
		}
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("timeline-tag.json", MASTODON_STATUSES,
	    &n)) != NULL) {
		CHECK(n >= 2);
		if (n >= 1)
			CHECK(find_span(v[0], POST_SPAN_HASHTAG,
			    "#cats") != NULL);
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("statuses-multiple.json", MASTODON_STATUSES,
	    &n)) != NULL) {
		CHECK(n >= 1);
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("favourites.json", MASTODON_STATUSES,
	    &n)) != NULL) {
		CHECK_INT_EQ(n, 2);
		if (n == 2)
			CHECK_STR_EQ(v[0]->text, "the pirate gay");
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("timeline-public.json", MASTODON_STATUSES,
	    &n)) != NULL) {
		CHECK_INT_EQ(n, 2);
		mastodon_posts_free(v, n);
	}
	if ((v = parse_fixture("timeline-home.json", MASTODON_STATUSES,
	    &n)) != NULL) {
		CHECK_INT_EQ(n, 1);
		mastodon_posts_free(v, n);
	}
	/* Empty lists are a non-NULL array of none. */
	CHECK(mastodon_parse_body(LIT("[]"), MASTODON_STATUSES, "c", HOST, &v,
	    &n, NULL, 0) == 0);
	CHECK(v != NULL && n == 0);
	mastodon_posts_free(v, n);
	CHECK(mastodon_parse_body(LIT("{}"), MASTODON_CONTEXT, "c", HOST, &v,
	    &n, NULL, 0) == 0);
	CHECK(v != NULL && n == 0);
	mastodon_posts_free(v, n);
}

/* Splits streaming-events.txt into events and parses each. */
TEST(streaming_events_file)
{
	char		*txt, *line, *save = NULL, event[64] = "";
	char		 err[256];
	struct post	*p;
	int		 updates = 0, edits = 0, deletes = 0, notes = 0;
	int		 ignored = 0, edited = 0;

	if ((txt = fixture("streaming-events.txt", NULL)) == NULL)
		return;
	for (line = strtok_r(txt, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, LIT("event: ")) == 0) {
			snprintf(event, sizeof event, "%s", line + 7);
			continue;
		}
		if (strncmp(line, LIT("data: ")) != 0)
			continue;
		strcpy(err, "x");
		p = mastodon_parse_event(event, line + 6, strlen(line + 6),
		    "Home", HOST, err, sizeof err);
		if (p == NULL) {
			if (err[0] != '\0')
				printf("  %s: %s\n", event, err);
			CHECK_STR_EQ(err, "");
			ignored++;
			continue;
		}
		CHECK(spans_in_bounds(p));
		if (strcmp(event, "update") == 0)
			updates++;
		else if (strcmp(event, "status.update") == 0) {
			edits++;
			/* Two of the docs' samples carry edited_at: null. */
			edited += p->edited != 0;
		} else if (strcmp(event, "delete") == 0) {
			deletes++;
			CHECK_INT_EQ(p->flags, POST_DELETED);
			CHECK(p->id[0] >= '1' && p->id[0] <= '9');
		} else if (strcmp(event, "notification") == 0) {
			notes++;
			CHECK_INT_EQ(p->notify, POST_NOTIFY_MENTION);
			CHECK_STR_EQ(p->id, "68739215");
		} else
			CHECK(!"an ignored event gave a post");
		post_unref(p);
	}
	CHECK_INT_EQ(updates, 4);
	CHECK_INT_EQ(edits, 4);
	CHECK_INT_EQ(edited, 2);
	CHECK_INT_EQ(deletes, 3);
	CHECK_INT_EQ(notes, 1);
	CHECK_INT_EQ(ignored, 5);
	free(txt);
}

TEST(streaming_fixtures)
{
	static const char	*ignore[][2] = {
		{ "announcement", "streaming-announcement.json" },
		{ "announcement.reaction",
		    "streaming-announcement-reaction.json" },
		{ "conversation", "streaming-conversation.json" },
		{ "filters_changed", NULL },
		{ "encrypted_message", NULL },
	};
	struct post	*p;
	json_t		*ws;
	char		*body, err[256];
	size_t		 len, i;

	for (i = 0; i < sizeof ignore / sizeof ignore[0]; i++) {
		body = ignore[i][1] ? fixture(ignore[i][1], &len) : NULL;
		strcpy(err, "x");
		p = mastodon_parse_event(ignore[i][0],
		    body ? body : "undefined", body ? len : 9, "Home", HOST,
		    err, sizeof err);
		CHECK(p == NULL);
		CHECK_STR_EQ(err, "");
		free(body);
	}
	if ((body = fixture("streaming-status-update.json", &len)) != NULL) {
		p = mastodon_parse_event("status.update", body, len, "Home",
		    HOST, err, sizeof err);
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR_EQ(p->id, "109348677773283527");
			CHECK_INT_EQ(p->edited, 1668528449);
			CHECK_STR_EQ(p->text, "edited");
			CHECK_STR_EQ(p->author_name, "admin");
			post_unref(p);
		}
		free(body);
	}
	/* WebSocket messages carry the same payload as a string. */
	if ((body = fixture("streaming-ws-update.json", NULL)) != NULL) {
		ws = json_loads(body, 0, NULL);
		const json_t	*pl = json_object_get(ws, "payload");

		p = mastodon_parse_event(json_string_value(json_object_get(ws,
		    "event")), json_string_value(pl), json_string_length(pl),
		    "Home", HOST, err, sizeof err);
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR_EQ(p->id, "108913983692647032");
			CHECK_STR_EQ(p->reply_to_id, "108913981098896721");
			post_unref(p);
		}
		json_decref(ws);
		free(body);
	}
	if ((body = fixture("streaming-ws-delete.json", NULL)) != NULL) {
		ws = json_loads(body, 0, NULL);
		p = mastodon_parse_event("delete", json_string_value(
		    json_object_get(ws, "payload")), 18, "Home", HOST, err,
		    sizeof err);
		CHECK(p != NULL);
		if (p != NULL) {
			CHECK_STR_EQ(p->id, "106692867363994015");
			CHECK_STR_EQ(p->network, "mastodon@mastodon.social");
			CHECK_STR_EQ(p->column, "Home");
			CHECK_INT_EQ(p->flags, POST_DELETED);
			post_unref(p);
		}
		json_decref(ws);
		free(body);
	}
	if ((body = fixture("streaming-ws-filters-changed.json",
	    &len)) != NULL) {
		p = mastodon_parse_event("filters_changed", body, len, "Home",
		    HOST, err, sizeof err);
		CHECK(p == NULL && err[0] == '\0');
		free(body);
	}
}

TEST(streaming_bad_data)
{
	struct post	*p;
	char		 err[256];

	p = mastodon_parse_event("delete", LIT(" \"12345\"\r\n"), "c", NULL,
	    err, sizeof err);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->id, "12345");
		CHECK_STR_EQ(p->network, "mastodon");
		post_unref(p);
	}
	CHECK(mastodon_parse_event("delete", LIT("12 3"), "c", HOST, err,
	    sizeof err) == NULL);
	CHECK(err[0] != '\0');
	CHECK(mastodon_parse_event("delete", LIT(""), "c", HOST, err,
	    sizeof err) == NULL);
	CHECK_STR_EQ(err, "delete event without a valid id");
	CHECK(mastodon_parse_event("delete", LIT("../../x"), "c", HOST, err,
	    sizeof err) == NULL);
	CHECK(mastodon_parse_event("delete", LIT("1\0002"), "c", HOST, err,
	    sizeof err) == NULL);
	CHECK(mastodon_parse_event("update", LIT("{\"id\":\"1\","), "c", HOST,
	    err, sizeof err) == NULL);
	CHECK(strncmp(err, LIT("malformed JSON at line 1 column ")) == 0);
	CHECK(mastodon_parse_event("update", LIT("[1]"), "c", HOST, err,
	    sizeof err) == NULL);
	CHECK_STR_EQ(err, "expected a JSON object, got an array");
	CHECK(mastodon_parse_event("update", LIT("{\"content\":\"x\"}"), "c",
	    HOST, err, sizeof err) == NULL);
	CHECK_STR_EQ(err, "update event without a usable status (missing id)");
	CHECK(mastodon_parse_event("notification", NULL, 0, "c", HOST, err,
	    sizeof err) == NULL);
	CHECK(err[0] != '\0');
	CHECK(mastodon_parse_event(NULL, LIT("x"), "c", HOST, err,
	    sizeof err) == NULL);
	/* A NULL or empty err buffer is fine. */
	CHECK(mastodon_parse_event("update", LIT("x"), "c", HOST, NULL, 0) ==
	    NULL);
}

TEST(instance)
{
	struct mastodon_instance	 in;
	char				*body, err[256];
	size_t				 len;

	if ((body = fixture("instance-v2.json", &len)) != NULL) {
		CHECK(mastodon_parse_instance(body, len, &in, err,
		    sizeof err) == 0);
		CHECK_INT_EQ(in.max_characters, 500);
		CHECK_INT_EQ(in.url_chars, 23);
		CHECK_STR_EQ(in.streaming_url,
		    "wss://streaming.mastodon.social");
		CHECK_STR_EQ(in.version, "4.5.0-nightly.2025-07-11");
		mastodon_instance_free(&in);
		free(body);
	}
	if ((body = fixture("instance-v1.json", &len)) != NULL) {
		CHECK(mastodon_parse_instance(body, len, &in, err,
		    sizeof err) == 0);
		CHECK_INT_EQ(in.max_characters, 500);
		CHECK_INT_EQ(in.url_chars, 23);
		CHECK_STR_EQ(in.streaming_url, "wss://mastodon.social");
		CHECK_STR_EQ(in.version, "3.5.3");
		mastodon_instance_free(&in);
		free(body);
	}
	CHECK(mastodon_parse_instance(LIT("{\"max_toot_chars\":5000,\"urls\":"
	    "{\"streaming_api\":\"javascript:alert(1)\"}}"), &in, err,
	    sizeof err) == 0);
	CHECK_INT_EQ(in.max_characters, 5000);
	CHECK(in.streaming_url == NULL && in.version == NULL);
	mastodon_instance_free(&in);
	CHECK(mastodon_parse_instance(LIT("{\"configuration\":{\"statuses\":"
	    "{\"max_characters\":\"lots\",\"characters_reserved_per_url\":-1}},"
	    "\"version\":7}"), &in, err, sizeof err) == 0);
	CHECK_INT_EQ(in.max_characters, 500);
	CHECK_INT_EQ(in.url_chars, 23);
	mastodon_instance_free(&in);
	CHECK(mastodon_parse_instance(LIT("[]"), &in, err, sizeof err) == -1);
	CHECK_STR_EQ(err, "expected a JSON object, got an array");
	CHECK_INT_EQ(in.max_characters, 500);
	mastodon_instance_free(&in);
}

TEST(markers)
{
	/* GET /api/v1/markers?timeline[]=home&timeline[]=notifications, as
	 * in the Mastodon docs (methods/markers). */
	static const char	 body[] = "{\"notifications\":{"
	    "\"last_read_id\":\"35098814\",\"version\":361,\"updated_at\":"
	    "\"2019-11-24T19:39:39.337Z\"},\"home\":{\"last_read_id\":"
	    "\"103206604258487607\",\"version\":468,\"updated_at\":"
	    "\"2019-11-24T19:39:39.346Z\"}}";
	char			*home, *notes, err[256];

	CHECK(mastodon_parse_markers(body, sizeof body - 1, &home, &notes, err,
	    sizeof err) == 0);
	CHECK_STR_EQ(home, "103206604258487607");
	CHECK_STR_EQ(notes, "35098814");
	free(home);
	free(notes);
	CHECK(mastodon_parse_markers(LIT("{\"home\":{\"last_read_id\":5},"
	    "\"notifications\":{\"last_read_id\":\"../x\"}}"), &home,
	    &notes, err, sizeof err) == 0);
	CHECK_STR_EQ(home, "5");
	CHECK(notes == NULL);
	free(home);
	CHECK(mastodon_parse_markers(LIT("{}"), &home, &notes, err,
	    sizeof err) == 0);
	CHECK(home == NULL && notes == NULL);
	CHECK(mastodon_parse_markers(LIT("{"), &home, &notes, err,
	    sizeof err) == -1);
	CHECK(home == NULL && notes == NULL);
}

TEST(app_and_token)
{
	char	*body, *id, *secret, *token, err[256];
	size_t	 len;

	if ((body = fixture("app-create.json", &len)) != NULL) {
		CHECK(mastodon_parse_app(body, len, &id, &secret, err,
		    sizeof err) == 0);
		CHECK_STR_EQ(id, "TWhM-tNSuncnqN7DBJmoyeLnk6K3iJJ71KKXxgL1hPM");
		CHECK_STR_EQ(secret,
		    "ZEaFUFmF0umgBX1qKJDjaU99Q31lDkOU8NutzTOoliw");
		free(id);
		free(secret);
		free(body);
	}
	if ((body = fixture("app-create-multiple-redirect-uris.json",
	    &len)) != NULL) {
		CHECK(mastodon_parse_app(body, len, &id, &secret, err,
		    sizeof err) == 0);
		free(id);
		free(secret);
		free(body);
	}
	if ((body = fixture("app-create-error.json", &len)) != NULL) {
		CHECK(mastodon_parse_app(body, len, &id, &secret, err,
		    sizeof err) == -1);
		CHECK_STR_EQ(err, "server error: Validation failed: Redirect "
		    "URI must be an absolute URI.");
		CHECK(id == NULL && secret == NULL);
		free(body);
	}
	if ((body = fixture("application.json", &len)) != NULL) {
		CHECK(mastodon_parse_app(body, len, &id, &secret, err,
		    sizeof err) == -1);
		CHECK(id == NULL && secret == NULL);
		free(body);
	}
	if ((body = fixture("oauth-token.json", &len)) != NULL) {
		CHECK(mastodon_parse_token(body, len, &token, err,
		    sizeof err) == 0);
		CHECK_STR_EQ(token,
		    "ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0");
		free(token);
		free(body);
	}
	if ((body = fixture("token.json", &len)) != NULL) {
		CHECK(mastodon_parse_token(body, len, &token, err,
		    sizeof err) == 0);
		free(token);
		free(body);
	}
	if ((body = fixture("oauth-token-error-invalid-client.json",
	    &len)) != NULL) {
		CHECK(mastodon_parse_token(body, len, &token, err,
		    sizeof err) == -1);
		CHECK(strncmp(err, LIT("server error: invalid_client: Client "
		    "authentication failed")) == 0);
		CHECK(token == NULL);
		free(body);
	}
	if ((body = fixture("oauth-token-error-invalid-scope.json",
	    &len)) != NULL) {
		CHECK(mastodon_parse_token(body, len, &token, err,
		    sizeof err) == -1);
		CHECK_STR_EQ(err, "server error: invalid_scope: The requested "
		    "scope is invalid, unknown, or malformed.");
		free(body);
	}
	/* A token that would break the Authorization header. */
	CHECK(mastodon_parse_token(LIT("{\"access_token\":\"a\\r\\nX: y\"}"),
	    &token, err, sizeof err) == -1);
	CHECK(token == NULL);
	CHECK(mastodon_parse_token(LIT("{\"access_token\":5}"), &token, err,
	    sizeof err) == -1);
}

TEST(error_bodies)
{
	static const struct {
		const char	*file, *want;
	} want[] = {
		{ "error.json", "invalid_grant: The provided authorization "
		    "grant is invalid, expired, revoked, does not match the "
		    "redirection URI used in the authorization request, or was "
		    "issued to another client." },
		{ "error-not-found.json", "Record not found" },
		{ "error-unauthorized.json", "The access token is invalid" },
		{ "error-validation.json", "Validation failed: Text can't be "
		    "blank" },
		{ "streaming-error-unknown-channel.json",
		    "Unknown channel requested" },
		{ "streaming-error-unknown-stream.json",
		    "Unknown stream type" },
		{ "status.json", NULL },
	};
	struct post	**v;
	char		 *body, *msg, err[256];
	size_t		  i, len, n;

	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		if ((body = fixture(want[i].file, &len)) == NULL)
			return;
		msg = mastodon_parse_error(body, len);
		CHECK_STR_EQ(msg, want[i].want);
		free(msg);
		free(body);
	}
	/* A list body that is an Error says so. */
	if ((body = fixture("error-not-found.json", &len)) != NULL) {
		CHECK(mastodon_parse_body(body, len, MASTODON_STATUSES, "c",
		    HOST, &v, &n, err, sizeof err) == -1);
		CHECK_STR_EQ(err, "server error: Record not found");
		CHECK(v == NULL && n == 0);
		free(body);
	}
	msg = mastodon_parse_error(LIT("{\"error\":\"a\\u001b[31mb\\nc\"}"));
	CHECK_STR_EQ(msg, "ab c");
	free(msg);
	CHECK(mastodon_parse_error(LIT("[]")) == NULL);
	CHECK(mastodon_parse_error(LIT("{\"error\":1}")) == NULL);
	CHECK(mastodon_parse_error(LIT("nope")) == NULL);
	CHECK(mastodon_parse_error(NULL, 0) == NULL);
}

TEST(accounts)
{
	struct mastodon_account	 a;
	char			*body, err[256];
	size_t			 len;

	if ((body = fixture("account-credential.json", &len)) != NULL) {
		CHECK(mastodon_parse_account(body, len, &a, err,
		    sizeof err) == 0);
		CHECK_STR_EQ(a.id, "14715");
		CHECK_STR_EQ(a.acct, "trwnh");
		CHECK_STR_EQ(a.username, "trwnh");
		CHECK_STR_EQ(a.display_name, "infinite love \xe2\xb4\xb3");
		mastodon_account_free(&a);
		free(body);
	}
	if ((body = fixture("account-remote.json", &len)) != NULL) {
		CHECK(mastodon_parse_account(body, len, &a, err,
		    sizeof err) == 0);
		CHECK_STR_EQ(a.acct, "noiob@awoo.space");
		mastodon_account_free(&a);
		free(body);
	}
	if ((body = fixture("account-suspended.json", &len)) != NULL) {
		CHECK(mastodon_parse_account(body, len, &a, err,
		    sizeof err) == 0);
		CHECK_STR_EQ(a.id, "14");
		CHECK_STR_EQ(a.display_name, "");
		mastodon_account_free(&a);
		free(body);
	}
	CHECK(mastodon_parse_account(LIT("{\"acct\":\"x\"}"), &a, err,
	    sizeof err) == -1);
	CHECK_STR_EQ(err, "account without a valid id");
	CHECK(a.id == NULL && a.acct == NULL);
	mastodon_account_free(&a);
	CHECK(mastodon_parse_account(LIT("{\"id\":\"1\",\"display_name\":"
	    "\"\\u001b]0;pwned\\u0007Eve\"}"), &a, err, sizeof err) == 0);
	CHECK_STR_EQ(a.display_name, "Eve");
	mastodon_account_free(&a);
}

TEST(list_ids)
{
	char	*body, *id;
	size_t	 len;

	if ((body = fixture("lists.json", &len)) != NULL) {
		id = mastodon_parse_list_id(body, len, "Friends");
		CHECK_STR_EQ(id, "12249");
		free(id);
		id = mastodon_parse_list_id(body, len, "TEST");
		CHECK_STR_EQ(id, "13585");
		free(id);
		CHECK(mastodon_parse_list_id(body, len, "nope") == NULL);
		free(body);
	}
	if ((body = fixture("list.json", &len)) != NULL) {
		CHECK(mastodon_parse_list_id(body, len, "Friends") == NULL);
		free(body);
	}
	id = mastodon_parse_list_id(LIT("[{\"id\":\"1\",\"title\":\"Work\"},"
	    "{\"id\":\"2\",\"title\":\"work\"}]"), "work");
	CHECK_STR_EQ(id, "2");
	free(id);
	id = mastodon_parse_list_id(LIT("[{\"id\":\"1\",\"title\":"
	    "\"Stra\xc3\x9f" "e\"}]"), "STRASSE");
	CHECK_STR_EQ(id, "1");
	free(id);
	CHECK(mastodon_parse_list_id(LIT("[{\"id\":\"../1\","
	    "\"title\":\"a\"}]"), "a") == NULL);
	CHECK(mastodon_parse_list_id(LIT("["), "a") == NULL);
	CHECK(mastodon_parse_list_id(LIT("[]"), NULL) == NULL);
}

TEST(times)
{
	CHECK_INT_EQ(mastodon_parse_time("2019-12-08T03:48:33.901Z"),
	    1575776913);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15T18:29:57.191+00:00"),
	    1563215397);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15T20:29:57+02:00"),
	    1563215397);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15T12:59:57-0530"),
	    1563215397);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15T19:29:57+01"),
	    1563215397);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15t18:29:57z"), 1563215397);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15 18:29:57"), 1563215397);
	CHECK_INT_EQ(mastodon_parse_time("2019-07-15T18:29Z"), 1563215340);
	CHECK_INT_EQ(mastodon_parse_time("2022-08-30"), 1661817600);
	CHECK_INT_EQ(mastodon_parse_time("2020-02-29T00:00:00Z"), 1582934400);
	CHECK_INT_EQ(mastodon_parse_time("2016-12-31T23:59:60Z"), 1483228799);
	CHECK_INT_EQ(mastodon_parse_time("2019-02-29T00:00:00Z"), 0);
	CHECK_INT_EQ(mastodon_parse_time("2019-13-01T00:00:00Z"), 0);
	CHECK_INT_EQ(mastodon_parse_time("2019-12-08T24:00:00Z"), 0);
	CHECK_INT_EQ(mastodon_parse_time("2019-12-08T03:48:33.Z"), 0);
	CHECK_INT_EQ(mastodon_parse_time("2019-12-08T03:48:33Zjunk"), 0);
	CHECK_INT_EQ(mastodon_parse_time("2019-12-08T03:48:33+"), 0);
	CHECK_INT_EQ(mastodon_parse_time("19-12-08"), 0);
	CHECK_INT_EQ(mastodon_parse_time(""), 0);
	CHECK_INT_EQ(mastodon_parse_time(NULL), 0);
}

TEST(malformed_and_truncated)
{
	struct post	**v;
	char		 *body, err[256];
	size_t		  len, cut, n;

	CHECK(mastodon_parse_body(LIT("{\"id\": \"1\", \"content\": "),
	    MASTODON_STATUS, "c", HOST, &v, &n, err, sizeof err) == -1);
	CHECK(strncmp(err, LIT("malformed JSON at line 1 column ")) == 0);
	CHECK(v == NULL && n == 0);
	CHECK(mastodon_parse_body(LIT(""), MASTODON_STATUSES, "c", HOST, &v, &n,
	    err, sizeof err) == -1);
	CHECK(strncmp(err, LIT("malformed JSON at line 1")) == 0);
	CHECK(mastodon_parse_body(LIT("[] x"), MASTODON_STATUSES, "c", HOST, &v,
	    &n, err, sizeof err) == -1);
	CHECK(mastodon_parse_body(NULL, 0, MASTODON_STATUSES, "c", HOST, &v,
	    &n, err, sizeof err) == -1);
	CHECK(mastodon_parse_body(LIT("{}"), MASTODON_STATUSES, "c", HOST, &v,
	    &n, err, sizeof err) == -1);
	CHECK_STR_EQ(err, "expected a JSON array, got an object");
	CHECK(mastodon_parse_body(LIT("[]"), MASTODON_SEARCH, "c", HOST, &v, &n,
	    err, sizeof err) == -1);
	CHECK_STR_EQ(err, "expected a JSON object, got an array");
	CHECK(mastodon_parse_body(LIT("[]"), (enum mastodon_body)99, "c", HOST,
	    &v, &n, err, sizeof err) == -1);
	/* Every prefix of a real status fails cleanly (ASan: no leaks). */
	if ((body = fixture("status.json", &len)) == NULL)
		return;
	for (cut = 0; cut < len - 2; cut++) {
		if (mastodon_parse_body(body, cut, MASTODON_STATUS, "c", HOST,
		    &v, &n, err, sizeof err) != -1) {
			printf("  prefix %zu parsed\n", cut);
			CHECK(!"a truncated status parses");
			mastodon_posts_free(v, n);
			break;
		}
		if (strncmp(err, LIT("malformed JSON at line ")) != 0) {
			printf("  prefix %zu: %s\n", cut, err);
			CHECK(!"message names the place");
			break;
		}
	}
	free(body);
}

TEST(wrong_types)
{
	struct post	**v;
	struct post	 *p;
	char		  err[256];
	size_t		  n;
	static const char list[] = "[1, \"x\", null, [], {}, {\"id\":null},"
	    "{\"id\":\"../../admin\"}, {\"id\":\"\"}, {\"id\":-4},"
	    "{\"id\":\"1\",\"reblog\":{\"content\":\"no id\"}},"
	    "{\"id\":\"7\"}, {\"id\":8}]";

	p = status_json("{\"id\":\"1\",\"created_at\":5,\"account\":[],"
	    "\"content\":{},\"spoiler_text\":7,\"media_attachments\":{},"
	    "\"mentions\":\"x\",\"poll\":[],\"reblog\":\"x\",\"quote\":5,"
	    "\"replies_count\":\"12\",\"reblogs_count\":-3,"
	    "\"favourites_count\":1e300,\"language\":false,\"url\":null,"
	    "\"sensitive\":\"yes\",\"in_reply_to_id\":{},\"edited_at\":[],"
	    "\"in_reply_to_account_id\":3,\"favourited\":1}");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->id, "1");
		CHECK_STR_EQ(p->text, "");
		CHECK_INT_EQ(p->created, 0);
		CHECK_INT_EQ(p->replies, 12);
		CHECK_INT_EQ(p->reposts, 0);
		CHECK_INT_EQ(p->likes, LONG_MAX);
		CHECK_INT_EQ(p->flags, 0);
		CHECK(p->author_name == NULL && p->author_handle == NULL);
		CHECK(p->reply_to_id == NULL && p->url == NULL);
		CHECK(p->lang == NULL && p->poll == NULL);
		CHECK(p->content_warning == NULL && p->quote_text == NULL);
		CHECK_INT_EQ(p->nmedia, 0);
		post_unref(p);
	}
	/* Accounts and mentions of the wrong shape. */
	p = status_json("{\"id\":\"1\",\"account\":{\"id\":{},\"acct\":9,"
	    "\"display_name\":null,\"username\":\"u\",\"followers_count\":"
	    "\"many\",\"avatar\":7},\"in_reply_to_id\":\"0\","
	    "\"in_reply_to_account_id\":\"2\",\"mentions\":[7,{\"id\":2},"
	    "{\"id\":\"2\",\"acct\":[]},{\"id\":\"2\",\"acct\":\"@m\"}]}");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->author_name, "u");
		CHECK_STR_EQ(p->author_handle, "u");
		CHECK(p->author_id == NULL && p->avatar_url == NULL);
		CHECK_INT_EQ(p->followers, 0);
		CHECK_STR_EQ(p->reply_to_id, "0");
		/* {"id":2} (a number) matches first and has no handle. */
		CHECK(p->reply_to_author == NULL);
		post_unref(p);
	}
	/* Unusable entities are skipped, the rest kept. */
	CHECK(mastodon_parse_body(list, sizeof list - 1, MASTODON_STATUSES,
	    "c", HOST, &v, &n, err, sizeof err) == 0);
	CHECK_INT_EQ(n, 2);
	if (n == 2) {
		CHECK_STR_EQ(v[0]->id, "7");
		CHECK_STR_EQ(v[1]->id, "8");
	}
	mastodon_posts_free(v, n);
	CHECK(mastodon_parse_body(list, sizeof list - 1, MASTODON_NOTIFICATIONS,
	    "c", HOST, &v, &n, err, sizeof err) == 0);
	mastodon_posts_free(v, n);
	CHECK(mastodon_parse_body(LIT("{\"statuses\":{},\"ancestors\":7}"),
	    MASTODON_SEARCH, "c", HOST, &v, &n, err, sizeof err) == 0);
	CHECK_INT_EQ(n, 0);
	mastodon_posts_free(v, n);
	CHECK(mastodon_parse_status(NULL, "c", HOST) == NULL);
	CHECK(mastodon_parse_notification(NULL, "c", HOST) == NULL);
}

TEST(hostile_sizes)
{
	struct post	**v;
	struct post	 *p;
	char		 *json, err[256];
	size_t		  i, n, big = 1 << 20;
	const size_t	  depth = 100000;

	/* Deep nesting: jansson refuses past its depth limit. */
	json = malloc(2 * depth + 1);
	memset(json, '[', depth);
	memset(json + depth, ']', depth);
	CHECK(mastodon_parse_body(json, 2 * depth, MASTODON_STATUSES, "c",
	    HOST, &v, &n, err, sizeof err) == -1);
	CHECK(strncmp(err, LIT("malformed JSON")) == 0);
	free(json);
	/* Nesting it accepts, where a string is expected. */
	json = malloc(2 * 1000 + 64);
	n = (size_t)sprintf(json, "{\"id\":\"1\",\"content\":");
	memset(json + n, '[', 1000);
	memset(json + n + 1000, ']', 1000);
	strcpy(json + n + 2000, "}");
	p = status_json(json);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "");
		post_unref(p);
	}
	free(json);

	/* A megabyte of content, name and alt text. */
	json = malloc(3 * big + 256);
	n = (size_t)sprintf(json, "{\"id\":\"1\",\"content\":\"<p>");
	for (i = 0; i < big; i++)
		json[n++] = i % 7 == 6 ? ' ' : 'a';
	n += (size_t)sprintf(json + n,
	    "</p>\",\"account\":{\"display_name\":\"");
	memset(json + n, 'n', big);
	n += big;
	n += (size_t)sprintf(json + n, "\"},\"media_attachments\":[{\"type\":"
	    "\"image\",\"description\":\"");
	memset(json + n, 'd', big);
	n += big;
	strcpy(json + n, "\"}]}");
	p = status_json(json);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(strlen(p->text) > 100000 &&
		    strlen(p->text) <= 128 * 1024);
		CHECK_INT_EQ(strlen(p->author_name), big);
		CHECK_INT_EQ(strlen(p->media[0].alt), big);
		post_unref(p);
	}
	free(json);

	/* Many attachments and links: capped, never overrun. */
	json = malloc(64 * 2000 + 256);
	n = (size_t)sprintf(json, "{\"id\":\"1\",\"media_attachments\":[");
	for (i = 0; i < 100; i++)
		n += (size_t)sprintf(json + n, "%s{\"type\":\"image\"}",
		    i ? "," : "");
	n += (size_t)sprintf(json + n, "],\"content\":\"");
	for (i = 0; i < 2000; i++)
		n += (size_t)sprintf(json + n, "<a href=\\\"https://x/%zu\\\">"
		    "l</a> ", i);
	strcpy(json + n, "\"}");
	p = status_json(json);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_INT_EQ(p->nmedia, 32);
		CHECK(p->nspans <= 512);
		CHECK(spans_in_bounds(p));
		post_unref(p);
	}
	free(json);
}

/* Every fixture through every parser: nothing crashes or leaks. */
TEST(every_fixture_every_parser)
{
	static const enum mastodon_body	 kinds[] = { MASTODON_STATUSES,
	    MASTODON_NOTIFICATIONS, MASTODON_SEARCH, MASTODON_CONTEXT,
	    MASTODON_STATUS };
	struct mastodon_instance	 in;
	struct mastodon_account		 a;
	struct post			**v;
	struct dirent			*de;
	DIR				*d;
	char				*body, *s1, *s2, err[256];
	size_t				 len, n, k, files = 0;

	if ((d = opendir(FIXTURES)) == NULL) {
		printf("FAIL: " FIXTURES " missing\n");
		CHECK(d != NULL);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    (body = fixture(de->d_name, &len)) == NULL)
			continue;
		files++;
		for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
			if (mastodon_parse_body(body, len, kinds[k], "c", HOST,
			    &v, &n, err, sizeof err) == 0) {
				CHECK(v != NULL);
				mastodon_posts_free(v, n);
			} else
				CHECK(v == NULL && err[0] != '\0');
		}
		post_unref(mastodon_parse_event("update", body, len, "c", HOST,
		    err, sizeof err));
		post_unref(mastodon_parse_event("notification", body, len, "c",
		    HOST, err, sizeof err));
		post_unref(mastodon_parse_event("delete", body, len, "c", HOST,
		    err, sizeof err));
		mastodon_parse_instance(body, len, &in, err, sizeof err);
		mastodon_instance_free(&in);
		mastodon_parse_account(body, len, &a, err, sizeof err);
		mastodon_account_free(&a);
		if (mastodon_parse_markers(body, len, &s1, &s2, err,
		    sizeof err) == 0) {
			free(s1);
			free(s2);
		}
		if (mastodon_parse_app(body, len, &s1, &s2, err,
		    sizeof err) == 0) {
			free(s1);
			free(s2);
		}
		if (mastodon_parse_token(body, len, &s1, err, sizeof err) == 0)
			free(s1);
		free(mastodon_parse_error(body, len));
		free(mastodon_parse_list_id(body, len, "Friends"));
		free(body);
	}
	closedir(d);
	CHECK(files >= 70);
}


static void
check_stream_base(const char *base, const char *streaming, const char *want)
{
	char	*got = mastodon_stream_base(base, streaming);

	CHECK_STR_EQ(got, want);
	free(got);
}

TEST(stream_token_stays_with_the_instance)
{
	/* Its own origin, however spelt. */
	check_stream_base("http://127.0.0.1:18081", "ws://127.0.0.1:18081",
	    "http://127.0.0.1:18081");
	check_stream_base("https://example.social", "wss://example.social",
	    "https://example.social");
	check_stream_base("https://example.social",
	    "wss://streaming.example.social", "https://streaming.example.social");
	check_stream_base("https://mastodon.example.co.uk",
	    "wss://streaming.example.co.uk/", "https://streaming.example.co.uk");
	/* Another port or host: the instance keeps the token. */
	check_stream_base("http://127.0.0.1:18081", "ws://127.0.0.1:18082",
	    "http://127.0.0.1:18081");
	check_stream_base("http://127.0.0.1:18081", "http://127.0.0.2:18081",
	    "http://127.0.0.1:18081");
	check_stream_base("https://example.social", "wss://evil.example",
	    "https://example.social");
	check_stream_base("https://example.social", "wss://example.social.evil",
	    "https://example.social");
	check_stream_base("https://example.social",
	    "wss://user@example.social", "https://example.social");
	check_stream_base("https://a.co.uk", "wss://b.co.uk",
	    "https://a.co.uk");
	/* Never down to cleartext, not even on the same host. */
	check_stream_base("https://example.social", "ws://example.social",
	    "https://example.social");
	check_stream_base("https://example.social",
	    "ws://streaming.example.social", "https://example.social");
	check_stream_base("https://example.social",
	    "http://example.social:443", "https://example.social");
	/* A cleartext instance shares only with itself. */
	check_stream_base("http://example.social",
	    "ws://streaming.example.social", "http://example.social");
	/* Nothing, or nonsense, advertised. */
	check_stream_base("https://example.social", NULL,
	    "https://example.social");
	check_stream_base("https://example.social", "",
	    "https://example.social");
	check_stream_base("https://example.social", "ftp://example.social",
	    "https://example.social");
}

#define TEST_STATUS(id, content) "{\"id\":\"" id "\",\"created_at\":" \
	"\"2026-01-01T00:00:00Z\",\"content\":\"" content "\",\"account\":" \
	"{\"id\":\"9\",\"acct\":\"al\",\"username\":\"al\"," \
	"\"display_name\":\"Al\"}}"

TEST(one_bad_post_never_poisons_a_page)
{
	static const char body[] = "[" TEST_STATUS("3", "<p>before</p>") ","
	    TEST_STATUS("2", "<p>nul \\u0000 here</p>") ","
	    TEST_STATUS("1", "<p>bad \xff\xc3 byte</p>") ","
	    TEST_STATUS("0", "<p>kept \\\\u0000 literal</p>") "]";
	struct post	**posts = NULL;
	size_t		  n = 0, i;
	char		  err[200] = "";

	CHECK_INT_EQ(mastodon_parse_body(body, sizeof body - 1,
	    MASTODON_STATUSES, "Home", "example.social", &posts, &n, err,
	    sizeof err), 0);
	CHECK_STR_EQ(err, "");
	CHECK_INT_EQ(n, 4);
	if (n == 4) {
		CHECK(strstr(posts[0]->text, "before") != NULL);
		CHECK(strstr(posts[1]->text, "nul") != NULL);
		CHECK(strstr(posts[1]->text, "here") != NULL);
		CHECK(strstr(posts[2]->text, "bad") != NULL);
		CHECK(strstr(posts[2]->text, "byte") != NULL);
		CHECK(strstr(posts[3]->text, "\\u0000") != NULL);
	}
	for (i = 0; i < n; i++)
		post_unref(posts[i]);
	free(posts);
}

TEST(one_bad_stream_event_is_mended)
{
	static const char nul[] = TEST_STATUS("5", "<p>a \\u0000 b</p>");
	static const char bad[] = TEST_STATUS("6", "<p>a \x80\x80 b</p>");
	struct post	*p;
	char		 err[200];

	p = mastodon_parse_event("update", nul, sizeof nul - 1, "Home",
	    "example.social", err, sizeof err);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(strstr(p->text, " b") != NULL);
		post_unref(p);
	}
	p = mastodon_parse_event("update", bad, sizeof bad - 1, "Home",
	    "example.social", err, sizeof err);
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK(strstr(p->text, " b") != NULL);
		post_unref(p);
	}
}

TEST(nesting_200000_deep_is_an_error)
{
	struct post	**v = NULL;
	size_t		  n = 0;
	const size_t	  depth = 200000;
	char		 *json = malloc(2 * depth + 1), err[256] = "";

	memset(json, '[', depth);
	memset(json + depth, ']', depth);
	CHECK(mastodon_parse_body(json, 2 * depth, MASTODON_STATUSES, "c",
	    "example.social", &v, &n, err, sizeof err) == -1);
	CHECK(strncmp(err, "malformed JSON", 14) == 0);
	/* The same inside a stream event. */
	memset(json, '{', 1);
	CHECK(mastodon_parse_event("update", json, 2 * depth, "c",
	    "example.social", err, sizeof err) == NULL);
	CHECK(*err != '\0');
	free(json);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(nesting_200000_deep_is_an_error);
	RUN(one_bad_post_never_poisons_a_page);
	RUN(one_bad_stream_event_is_mended);
	RUN(stream_token_stays_with_the_instance);
	RUN(status_plain);
	RUN(status_get_edited_create_favourite);
	RUN(status_reblog);
	RUN(status_reply_and_mention);
	RUN(status_self_reply_and_unknown_parent);
	RUN(status_spoiler);
	RUN(status_media);
	RUN(media_attachment_kinds);
	RUN(status_poll);
	RUN(status_custom_emoji_kept_as_text);
	RUN(entities_decoded);
	RUN(text_fallback_for_redraft);
	RUN(quote_entity);
	RUN(notifications_list);
	RUN(notification_fixtures);
	RUN(notification_kinds);
	RUN(notification_account_kinds);
	RUN(bodies_of_every_list_kind);
	RUN(streaming_events_file);
	RUN(streaming_fixtures);
	RUN(streaming_bad_data);
	RUN(instance);
	RUN(markers);
	RUN(app_and_token);
	RUN(error_bodies);
	RUN(accounts);
	RUN(list_ids);
	RUN(times);
	RUN(malformed_and_truncated);
	RUN(wrong_types);
	RUN(hostile_sizes);
	RUN(every_fixture_every_parser);
	return harness_done();
}
