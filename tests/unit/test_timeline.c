/* test_timeline.c — order, dedupe, replacement, deletion, cap, unread. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "starling/post.h"
#include "starling/timeline.h"

static struct post *
mk(const char *id, int64_t created, const char *text)
{
	struct post	t = { 0 };

	t.network = "demo";
	t.id = id;
	t.created = created;
	t.text = text;
	return post_new(&t);
}

static struct post *
tombstone(const char *id)
{
	struct post	t = { 0 };

	t.network = "demo";
	t.id = id;
	t.flags = POST_DELETED;
	return post_new(&t);
}

static const char *
id_at(struct timeline *tl, size_t i)
{
	struct timeline_entry	*e = timeline_at(tl, i);

	return e ? e->post->id : NULL;
}

TEST(newest_first_then_id)
{
	struct timeline	*tl = timeline_new(10);

	timeline_insert(tl, mk("1", 100, "a"));
	timeline_insert(tl, mk("3", 300, "c"));
	timeline_insert(tl, mk("2", 200, "b"));
	timeline_insert(tl, mk("10", 200, "same time, bigger id"));
	CHECK_INT_EQ(timeline_count(tl), 4);
	CHECK_STR_EQ(id_at(tl, 0), "3");
	CHECK_STR_EQ(id_at(tl, 1), "10");	/* numeric ids: 10 > 2 */
	CHECK_STR_EQ(id_at(tl, 2), "2");
	CHECK_STR_EQ(id_at(tl, 3), "1");
	CHECK(timeline_at(tl, 4) == NULL);
	timeline_free(tl);
}

TEST(dedupe_replaces_and_keeps_read_mark)
{
	struct timeline	*tl = timeline_new(10);

	CHECK_INT_EQ(timeline_insert(tl, mk("a", 100, "v1")), TIMELINE_ADDED);
	CHECK_INT_EQ(timeline_insert(tl, mk("b", 50, "other")), TIMELINE_ADDED);
	CHECK_INT_EQ(timeline_unread(tl), 2);
	timeline_mark_seen(tl, 0);
	CHECK_INT_EQ(timeline_unread(tl), 1);
	CHECK_INT_EQ(timeline_insert(tl, mk("a", 100, "v2")), TIMELINE_REPLACED);
	CHECK_INT_EQ(timeline_count(tl), 2);
	CHECK_STR_EQ(timeline_at(tl, 0)->post->text, "v2");
	CHECK(!timeline_at(tl, 0)->unread);
	CHECK_INT_EQ(timeline_unread(tl), 1);
	CHECK_INT_EQ(timeline_find(tl, "b"), 1);
	CHECK_INT_EQ(timeline_find(tl, "zz"), -1);
	timeline_free(tl);
}

TEST(tombstone_removes)
{
	struct timeline	*tl = timeline_new(10);

	timeline_insert(tl, mk("a", 100, "x"));
	timeline_insert(tl, mk("b", 200, "y"));
	CHECK_INT_EQ(timeline_insert(tl, tombstone("a")), TIMELINE_REMOVED);
	CHECK_INT_EQ(timeline_insert(tl, tombstone("nope")), TIMELINE_NONE);
	CHECK_INT_EQ(timeline_count(tl), 1);
	CHECK_STR_EQ(id_at(tl, 0), "b");
	CHECK_INT_EQ(timeline_find(tl, "a"), -1);
	CHECK_INT_EQ(timeline_unread(tl), 1);
	timeline_free(tl);
}

TEST(cap_drops_oldest)
{
	struct timeline	*tl = timeline_new(3);
	char		 id[16];
	int		 i;

	for (i = 1; i <= 5; i++) {
		snprintf(id, sizeof id, "%d", i);
		timeline_insert(tl, mk(id, i * 10, "t"));
	}
	CHECK_INT_EQ(timeline_count(tl), 3);
	CHECK_STR_EQ(id_at(tl, 0), "5");
	CHECK_STR_EQ(id_at(tl, 2), "3");
	CHECK_INT_EQ(timeline_find(tl, "1"), -1);
	/* Older than everything in a full timeline: not kept. */
	CHECK_INT_EQ(timeline_insert(tl, mk("0", 1, "old")), TIMELINE_NONE);
	CHECK_INT_EQ(timeline_count(tl), 3);
	CHECK_INT_EQ(timeline_unread(tl), 3);
	timeline_free(tl);
}

TEST(churn_keeps_hash_small_and_correct)
{
	struct timeline	*tl = timeline_new(50);
	char		 id[16];
	int		 i;

	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof id, "%d", i);
		timeline_insert(tl, mk(id, i, "t"));
		if (i % 3 == 0)
			timeline_insert(tl, tombstone(id));
	}
	CHECK(timeline_count(tl) <= 50);
	CHECK_INT_EQ(timeline_find(tl, "19999"), 0);
	CHECK_INT_EQ(timeline_find(tl, "19998"), -1);	/* 19998 % 3 == 0 */
	CHECK_INT_EQ(timeline_find(tl, "19997"), 1);
	timeline_free(tl);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	RUN(newest_first_then_id);
	RUN(dedupe_replaces_and_keeps_read_mark);
	RUN(tombstone_removes);
	RUN(cap_drops_oldest);
	RUN(churn_keeps_hash_small_and_correct);
	return harness_done();
}
