/* test_post_json.c — posts to JSON and back: every field, absent fields,
 * and input that is not a post. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/post.h"
#include "starling/post_json.h"

static struct post *
full_post(void)
{
	static const struct post_span	spans[] = {
		{ POST_SPAN_MENTION, 6, 10, "https://m.example/@bob" },
		{ POST_SPAN_LINK, 15, 32, "https://x.example" },
		{ POST_SPAN_HASHTAG, 33, 37, NULL },
	};
	static const struct post_media	media[] = {
		{ POST_MEDIA_IMAGE, "a cat \"quoted\"", "https://i.example/1.png" },
		{ POST_MEDIA_GIFV, NULL, "https://i.example/2.mp4" },
		{ POST_MEDIA_AUDIO, "sound", NULL },
	};
	struct post	t = { 0 };

	t.network = "mastodon";
	t.column = "me@example.social";
	t.id = "109876543210";
	t.action_ref = "109876543210";
	t.cid = "bafyreib2rxk3rh6kzwq";
	t.url = "https://example.social/@zoe/109876543210";
	t.author_name = "Zoë \\ Ünïcode ✨";
	t.author_handle = "zoe@example.social";
	t.author_id = "42";
	t.avatar_url = "https://example.social/a.png";
	t.followers = 123456789L;
	t.created = 1795356303;
	t.edited = 1795356400;
	t.text = "hello @bob see https://x.example #tag\nsecond line";
	t.spans = spans;
	t.nspans = 3;
	t.reply_to_id = "1";
	t.reply_to_author = "carol";
	t.reply_parent_ref = "at://did:plc:abc/app.bsky.feed.post/3k2 bafyp";
	t.reply_root_ref = "at://did:plc:abc/app.bsky.feed.post/3k1 bafyr";
	t.reposted_by_name = "Dave";
	t.reposted_by_handle = "dave";
	t.quote_author = "erin";
	t.quote_text = "quoted words";
	t.content_warning = "spoilers";
	t.media = media;
	t.nmedia = 3;
	t.poll = "2 options, 14 votes";
	t.lang = "en";
	t.visibility = "unlisted";
	t.replies = 3;
	t.reposts = -1;
	t.likes = 2147483647L;
	t.flags = POST_LIKED | POST_REPOSTED | POST_BOOKMARKED | POST_SENSITIVE;
	t.notify = POST_NOTIFY_QUOTE;
	t.notify_by = "Frank";
	return post_new(&t);
}

#define SAME_STR(f) CHECK_STR_EQ(b->f, a->f)
#define SAME_INT(f) CHECK_INT_EQ(b->f, a->f)

static void
check_same(const struct post *a, const struct post *b)
{
	size_t	i;

	SAME_STR(network); SAME_STR(column); SAME_STR(id); SAME_STR(action_ref);
	SAME_STR(url); SAME_STR(author_name); SAME_STR(author_handle);
	SAME_STR(author_id); SAME_STR(avatar_url); SAME_STR(text);
	SAME_STR(reply_to_id); SAME_STR(reply_to_author); SAME_STR(cid);
	SAME_STR(reply_parent_ref); SAME_STR(reply_root_ref);
	SAME_STR(reposted_by_name); SAME_STR(reposted_by_handle);
	SAME_STR(quote_author); SAME_STR(quote_text); SAME_STR(content_warning);
	SAME_STR(poll); SAME_STR(lang); SAME_STR(visibility); SAME_STR(notify_by);
	SAME_INT(followers); SAME_INT(created); SAME_INT(edited);
	SAME_INT(replies); SAME_INT(reposts); SAME_INT(likes); SAME_INT(flags);
	SAME_INT(notify); SAME_INT(nspans); SAME_INT(nmedia);
	for (i = 0; i < a->nspans && i < b->nspans; i++) {
		SAME_INT(spans[i].kind);
		SAME_INT(spans[i].start);
		SAME_INT(spans[i].end);
		SAME_STR(spans[i].url);
	}
	for (i = 0; i < a->nmedia && i < b->nmedia; i++) {
		SAME_INT(media[i].kind);
		SAME_STR(media[i].alt);
		SAME_STR(media[i].url);
	}
}

TEST(round_trips_every_field)
{
	struct post	*a = full_post(), *b;
	char		*json = post_to_json(a), *again;

	b = post_from_json(json, strlen(json));
	CHECK(b != NULL);
	if (b != NULL) {
		check_same(a, b);
		/* And the second trip writes the same text. */
		again = post_to_json(b);
		CHECK_STR_EQ(again, json);
		free(again);
		post_unref(b);
	}
	free(json);
	post_unref(a);
}

TEST(round_trips_nulls)
{
	struct post	 t = { 0 }, *a, *b;
	char		*json;

	t.network = "demo";
	t.id = "7";
	a = post_new(&t);
	json = post_to_json(a);
	CHECK(strstr(json, "null") == NULL);	/* absent, not null */
	CHECK(strstr(json, "author_name") == NULL);
	b = post_from_json(json, strlen(json));
	CHECK(b != NULL);
	if (b != NULL) {
		check_same(a, b);
		CHECK(b->author_name == NULL);
		CHECK(b->url == NULL);
		CHECK(b->cid == NULL && b->reply_root_ref == NULL &&
		    b->reply_parent_ref == NULL);
		CHECK_STR_EQ(b->text, "");
		CHECK_INT_EQ(b->nspans, 0);
		CHECK_INT_EQ(b->nmedia, 0);
		post_unref(b);
	}
	free(json);
	post_unref(a);
}

TEST(every_enum_value_round_trips)
{
	static const struct post_span	spans[] = {
		{ POST_SPAN_LINK, 0, 1, NULL }, { POST_SPAN_MENTION, 1, 2, NULL },
		{ POST_SPAN_HASHTAG, 2, 3, NULL },
	};
	struct post_media	media[POST_MEDIA_OTHER + 1];
	struct post		t = { 0 }, *a, *b;
	char			*json;
	int			 k;

	for (k = POST_MEDIA_IMAGE; k <= POST_MEDIA_OTHER; k++) {
		media[k].kind = (enum post_media_kind)k;
		media[k].alt = media[k].url = NULL;
	}
	for (k = POST_NOTIFY_NONE; k <= POST_NOTIFY_UPDATE; k++) {
		t.network = "demo";
		t.id = "1";
		t.text = "abc";
		t.spans = spans;
		t.nspans = 3;
		t.media = media;
		t.nmedia = POST_MEDIA_OTHER + 1;
		t.notify = (enum post_notify)k;
		a = post_new(&t);
		json = post_to_json(a);
		b = post_from_json(json, strlen(json));
		CHECK(b != NULL);
		if (b != NULL)
			check_same(a, b);
		post_unref(a);
		post_unref(b);
		free(json);
	}
}

TEST(json_text_is_escaped)
{
	struct post	 t = { 0 }, *a, *b;
	char		*json;

	t.network = "demo";
	t.id = "q\"uote";
	t.text = "tab\tquote\" backslash\\ newline\n end";
	a = post_new(&t);
	json = post_to_json(a);
	CHECK(strchr(json, '\n') == NULL);
	b = post_from_json(json, strlen(json));
	CHECK(b != NULL);
	if (b != NULL)
		check_same(a, b);
	post_unref(a);
	post_unref(b);
	free(json);
}

TEST(garbage_is_null)
{
	static const char	*bad[] = {
		"", "{", "[]", "null", "42", "\"post\"", "{}",
		"{\"network\":\"demo\"}",			/* no id */
		"{\"network\":1,\"id\":\"1\"}",			/* wrong type */
		"{\"network\":\"d\",\"id\":\"1\",\"likes\":\"many\"}",
		"{\"network\":\"d\",\"id\":\"1\",\"likes\":1.5}",
		"{\"network\":\"d\",\"id\":\"1\",\"spans\":{}}",
		"{\"network\":\"d\",\"id\":\"1\",\"spans\":[1]}",
		"{\"network\":\"d\",\"id\":\"1\",\"spans\":[{\"start\":-1}]}",
		"{\"network\":\"d\",\"id\":\"1\",\"media\":[{\"alt\":3}]}",
		"{\"network\":\"d\",\"id\":\"1\",\"flags\":-1}",
		"{\"network\":\"d\",\"id\":\"1\",\"id\":\"2\"}",	/* duplicate */
		"{\"network\":\"d\",\"id\":\"1\"} trailing",
		"\xff\xfe{",
	};
	struct post	*p;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		p = post_from_json(bad[i], strlen(bad[i]));
		if (p != NULL)
			printf("  accepted: %s\n", bad[i]);
		CHECK(p == NULL);
		post_unref(p);
	}
	CHECK(post_from_json(NULL, 0) == NULL);
	/* Length is honoured: a valid prefix of a longer buffer. */
	p = post_from_json("{\"network\":\"d\",\"id\":\"1\"}xyz", 24);
	CHECK(p != NULL);
	post_unref(p);
}

TEST(unknown_kinds_and_keys_are_tolerated)
{
	const char	*json = "{\"network\":\"d\",\"id\":\"1\",\"text\":\"abcdef\","
	    "\"future\":[1,2],\"notify\":\"poke\","
	    "\"spans\":[{\"kind\":\"emoji\",\"start\":0,\"end\":1},"
	    "{\"kind\":\"link\",\"start\":1,\"end\":3}],"
	    "\"media\":[{\"kind\":\"hologram\",\"url\":\"u\"}]}";
	struct post	*p = post_from_json(json, strlen(json));

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_INT_EQ(p->notify, POST_NOTIFY_NONE);
	CHECK_INT_EQ(p->nspans, 1);
	CHECK_INT_EQ(p->spans[0].start, 1);
	CHECK_INT_EQ(p->nmedia, 1);
	CHECK_INT_EQ(p->media[0].kind, POST_MEDIA_OTHER);
	post_unref(p);
}

TEST(hostile_strings_are_sanitised)
{
	const char	*json = "{\"network\":\"d\",\"id\":\"1\","
	    "\"author_name\":\"evil\\u001b[2Jname\",\"text\":\"a\\u0007b\"}";
	struct post	*p = post_from_json(json, strlen(json));

	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK(strchr(p->author_name, '\x1b') == NULL);
	CHECK(strchr(p->text, '\a') == NULL);
	post_unref(p);
}

int
main(void)
{
	RUN(round_trips_every_field);
	RUN(round_trips_nulls);
	RUN(every_enum_value_round_trips);
	RUN(json_text_is_escaped);
	RUN(garbage_is_null);
	RUN(unknown_kinds_and_keys_are_tolerated);
	RUN(hostile_strings_are_sanitised);
	return harness_done();
}
