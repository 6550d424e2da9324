/* test_post.c — one-allocation posts: copies, sanitising, spans, refs. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/post.h"

TEST(copies_everything_into_one_block)
{
	char			 text[] = "hello @bob see https://x.example";
	struct post_span	 spans[] = {
		{ POST_SPAN_MENTION, 6, 10, "https://m.example/@bob" },
		{ POST_SPAN_LINK, 15, 32, "https://x.example" },
	};
	struct post_media	 media[] = { { POST_MEDIA_IMAGE, "a cat", NULL } };
	struct post		 t = { 0 }, *p;
	char			 name[] = "Zoë";

	t.network = "demo";
	t.id = "42";
	t.author_name = name;
	t.author_handle = "zoe";
	t.text = text;
	t.spans = spans;
	t.nspans = 2;
	t.media = media;
	t.nmedia = 1;
	t.likes = 7;
	p = post_new(&t);
	/* The caller's buffers may change: the post has its own copies. */
	text[0] = 'X';
	name[0] = 'Y';
	CHECK_STR_EQ(p->text, "hello @bob see https://x.example");
	CHECK_STR_EQ(p->author_name, "Zoë");
	CHECK_INT_EQ(p->nspans, 2);
	CHECK_INT_EQ(p->spans[1].start, 15);
	CHECK_STR_EQ(p->spans[1].url, "https://x.example");
	CHECK_STR_EQ(p->media[0].alt, "a cat");
	CHECK(p->media[0].url == NULL);
	CHECK(p->reply_to_id == NULL);
	CHECK(p->reply_root_ref == NULL && p->reply_parent_ref == NULL);
	CHECK(p->cid == NULL);
	CHECK_INT_EQ(p->likes, 7);
	/* Every string lies inside the one allocation. */
	CHECK((const char *)p->text > (const char *)p &&
	    (const char *)p->text < (const char *)p + post_size(p));
	CHECK((const char *)p->author_name < (const char *)p + post_size(p));
	post_unref(p);
}

TEST(sanitises_strings_and_moves_spans)
{
	struct post_span	 spans[] = {
		{ POST_SPAN_HASHTAG, 10, 14, NULL },	/* "#tag" after the escape */
		{ POST_SPAN_LINK, 2, 200, NULL },	/* out of range: dropped */
	};
	struct post		 t = { 0 }, *p;

	t.network = "demo";
	t.id = "1";
	t.author_name = "Evil\x1b[2J\nName";
	t.text = "a\x1b[31mred #tag";
	t.spans = spans;
	t.nspans = 2;
	p = post_new(&t);
	CHECK_STR_EQ(p->author_name, "Evil Name");
	CHECK_STR_EQ(p->text, "ared #tag");
	CHECK_INT_EQ(p->nspans, 1);
	CHECK_INT_EQ(p->spans[0].start, 5);
	CHECK_INT_EQ(p->spans[0].end, 9);
	CHECK(strncmp(p->text + p->spans[0].start, "#tag", 4) == 0);
	post_unref(p);
}

/* Found by fuzz_post_json: a span ending inside a character that
 * sanitising removes must not reach past the text. */
TEST(span_inside_removed_character_is_clamped)
{
	struct post_span	 spans[] = { { POST_SPAN_LINK, 0, 3, NULL } };
	struct post		 t = { 0 }, *p;

	t.id = "1";
	t.text = "ab\xc2\x9b";
	t.spans = spans;
	t.nspans = 1;
	p = post_new(&t);
	CHECK_STR_EQ(p->text, "ab");
	CHECK(p->nspans == 0 || p->spans[0].end <= strlen(p->text));
	post_unref(p);
}

/* The references a reply in a thread needs (Bluesky: AT-URI and CID) are
 * copied and sanitised like every other string. */
TEST(reply_refs_and_cid)
{
	char		 root[] = "at://did:plc:a/app.bsky.feed.post/1 bafyroot";
	struct post	 t = { 0 }, *p;

	t.network = "demo";
	t.id = "2";
	t.cid = "bafy\x1b[2Jcid";
	t.reply_root_ref = root;
	t.reply_parent_ref = "at://did:plc:a/app.bsky.feed.post/2\nbafyparent";
	p = post_new(&t);
	root[0] = 'X';
	CHECK_STR_EQ(p->reply_root_ref,
	    "at://did:plc:a/app.bsky.feed.post/1 bafyroot");
	CHECK_STR_EQ(p->reply_parent_ref,
	    "at://did:plc:a/app.bsky.feed.post/2 bafyparent");
	CHECK_STR_EQ(p->cid, "bafycid");
	CHECK((const char *)p->cid < (const char *)p + post_size(p));
	post_unref(p);
}

TEST(refcount)
{
	struct post	t = { 0 }, *p;

	t.id = "x";
	p = post_new(&t);
	CHECK_STR_EQ(p->network, "");
	CHECK_STR_EQ(p->text, "");
	post_ref(p);
	post_unref(p);
	CHECK_STR_EQ(p->id, "x");	/* still alive: ASan would catch it */
	post_unref(p);
}

TEST(links_are_the_text_then_the_cards)
{
	static const char text[] = "see https://a.example and acme.example";
	struct post_span	 spans[] = {
		{ POST_SPAN_LINK, 4, 21, "https://a.example" },
		{ POST_SPAN_HASHTAG, 0, 3, NULL },
		{ POST_SPAN_LINK, 26, 38, NULL },
	};
	struct post_media	 media[] = {
		{ POST_MEDIA_IMAGE, "a cat", "https://img.example/1" },
		{ POST_MEDIA_LINK, "Same", "https://a.example" },
		{ POST_MEDIA_LINK, "Card", "https://card.example/x" },
	};
	struct post	*p = post_new(&(struct post){ .network = "d",
			    .id = "1", .text = text, .spans = spans, .nspans = 3,
			    .media = media, .nmedia = 3 });
	char		 buf[64];

	CHECK_STR_EQ(post_link(p, 1, buf, sizeof buf), "https://a.example");
	CHECK_STR_EQ(post_link(p, 2, buf, sizeof buf), "acme.example");
	/* The card that repeats a text link is not a third. */
	CHECK_STR_EQ(post_link(p, 3, buf, sizeof buf),
	    "https://card.example/x");
	CHECK(post_link(p, 4, buf, sizeof buf) == NULL);
	post_unref(p);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(copies_everything_into_one_block);
	RUN(sanitises_strings_and_moves_spans);
	RUN(span_inside_removed_character_is_clamped);
	RUN(reply_refs_and_cid);
	RUN(refcount);
	RUN(links_are_the_text_then_the_cards);
	return harness_done();
}
