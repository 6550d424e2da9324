/* test_demo.c — the demo source: deterministic posts, exact spans, every
 * script early on, channel content, the timing arithmetic, and the real fetch
 * thread end to end. */
#include <inttypes.h>
#include <math.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "starling/config.h"
#include "starling/demo.h"
#include "starling/post.h"
#include "starling/source.h"
#include "starling/wake.h"

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

static bool
str_same(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static bool
post_same(const struct post *a, const struct post *b)
{
	size_t	i;

	if (!str_same(a->network, b->network) || !str_same(a->id, b->id) ||
	    !str_same(a->column, b->column) || !str_same(a->url, b->url) ||
	    !str_same(a->author_name, b->author_name) ||
	    !str_same(a->author_handle, b->author_handle) ||
	    !str_same(a->text, b->text) || !str_same(a->lang, b->lang) ||
	    !str_same(a->reply_to_id, b->reply_to_id) ||
	    !str_same(a->reply_to_author, b->reply_to_author) ||
	    !str_same(a->reposted_by_name, b->reposted_by_name) ||
	    !str_same(a->quote_author, b->quote_author) ||
	    !str_same(a->quote_text, b->quote_text) ||
	    !str_same(a->content_warning, b->content_warning) ||
	    !str_same(a->poll, b->poll) || !str_same(a->notify_by, b->notify_by))
		return false;
	if (a->created != b->created || a->followers != b->followers ||
	    a->replies != b->replies || a->reposts != b->reposts ||
	    a->likes != b->likes || a->flags != b->flags ||
	    a->notify != b->notify || a->nspans != b->nspans ||
	    a->nmedia != b->nmedia)
		return false;
	for (i = 0; i < a->nspans; i++)
		if (a->spans[i].kind != b->spans[i].kind ||
		    a->spans[i].start != b->spans[i].start ||
		    a->spans[i].end != b->spans[i].end ||
		    !str_same(a->spans[i].url, b->spans[i].url))
			return false;
	for (i = 0; i < a->nmedia; i++)
		if (a->media[i].kind != b->media[i].kind ||
		    !str_same(a->media[i].alt, b->media[i].alt) ||
		    !str_same(a->media[i].url, b->media[i].url))
			return false;
	return true;
}

/* n from an id "<channel>[-<hash>]-<n>". */
static uint64_t
id_number(const char *id)
{
	const char	*dash = strrchr(id, '-');

	return dash ? strtoull(dash + 1, NULL, 10) : UINT64_MAX;
}

TEST(deterministic)
{
	size_t		 c;
	uint64_t	 n;
	struct post	*a, *b;

	for (c = 0; demo_channels[c] != NULL; c++) {
		for (n = 0; n < 60; n++) {
			a = demo_make_post(1, demo_channels[c], NULL, n, 1000);
			b = demo_make_post(1, demo_channels[c], NULL, n, 1000);
			CHECK(post_same(a, b));
			CHECK(a != b);
			post_unref(a);
			post_unref(b);
		}
	}
	/* Large n, a query and another seed: the same again. */
	a = demo_make_post(7, "search", "rocket OR skates", 5585123, 5);
	b = demo_make_post(7, "search", "rocket OR skates", 5585123, 5);
	CHECK(post_same(a, b));
	post_unref(a);
	post_unref(b);
}

TEST(seed_changes_text)
{
	size_t		 c, differ;
	uint64_t	 n;
	struct post	*a, *b;

	for (c = 0; demo_channels[c] != NULL; c++) {
		differ = 0;
		for (n = 0; n < 40; n++) {
			a = demo_make_post(1, demo_channels[c], NULL, n, 0);
			b = demo_make_post(2, demo_channels[c], NULL, n, 0);
			CHECK_STR_EQ(a->id, b->id);	/* ids name the slot */
			differ += strcmp(a->text, b->text) != 0;
			post_unref(a);
			post_unref(b);
		}
		CHECK(differ >= 30);
	}
}

TEST(identity_fields)
{
	struct post	*p;
	char		 want[256];

	p = demo_make_post(1, "home", NULL, 1234567, 1767225600);
	CHECK_STR_EQ(p->id, "home-1234567");
	CHECK_STR_EQ(p->network, "demo");
	CHECK_STR_EQ(p->column, "home");
	CHECK_INT_EQ(p->created, 1767225600);
	snprintf(want, sizeof want, "https://demo.invalid/@%s/home-1234567",
	    p->author_handle);
	CHECK_STR_EQ(p->url, want);
	CHECK(p->author_name != NULL && *p->author_name != '\0');
	CHECK(p->lang != NULL);
	post_unref(p);

	p = demo_make_column_post(1, "home", NULL, "My Home", 3, 0);
	CHECK_STR_EQ(p->column, "My Home");
	CHECK_STR_EQ(p->id, "home-3");
	post_unref(p);

	/* A given query: its short hash sits in the id. */
	p = demo_make_post(1, "search", "acme", 42, 0);
	CHECK(strncmp(p->id, "search-", 7) == 0);
	CHECK(strlen(p->id) == strlen("search-xxxx-42"));
	CHECK(strcmp(p->id + 11, "-42") == 0);
	CHECK(strstr(p->url, "https://demo.invalid/@") == p->url);
	post_unref(p);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

TEST(ids_unique_within_channel)
{
	const char	*queries[] = { NULL, "acme", "globex OR initech" };
	enum { N = 2000 };
	char		*ids[N];
	size_t		 c, q, i;
	uint64_t	 n;
	struct post	*p, *r;

	for (c = 0; demo_channels[c] != NULL; c++) {
		for (q = 0; q < nitems(queries); q++) {
			for (n = 0; n < N; n++) {
				p = demo_make_post(3, demo_channels[c],
				    queries[q], n, 0);
				CHECK(id_number(p->id) == n);
				CHECK(strncmp(p->id, demo_channels[c],
				    strlen(demo_channels[c])) == 0);
				ids[n] = strdup(p->id);
				post_unref(p);
			}
			qsort(ids, N, sizeof ids[0], cmp_str);
			for (i = 1; i < N; i++)
				CHECK(strcmp(ids[i - 1], ids[i]) != 0);
			for (i = 0; i < N; i++)
				free(ids[i]);
		}
		/* Two different queries never share an id. */
		p = demo_make_post(3, demo_channels[c], "acme", 9, 0);
		r = demo_make_post(3, demo_channels[c], "globex", 9, 0);
		CHECK(strcmp(p->id, r->id) != 0);
		post_unref(p);
		post_unref(r);
	}
}

TEST(spans_cover_their_text)
{
	const char	*queries[] = { NULL, "#RocketSkates", "@acme", "globex OR initech" };
	size_t		 c, q, i, len, links = 0, mentions = 0, tags = 0;
	uint64_t	 n;
	struct post	*p;
	const struct post_span	*s;

	for (c = 0; demo_channels[c] != NULL; c++) {
		for (q = 0; q < nitems(queries); q++) {
			for (n = 0; n < 300; n++) {
				p = demo_make_post(1, demo_channels[c],
				    queries[q], n + 77, 0);
				len = strlen(p->text);
				for (i = 0; i < p->nspans; i++) {
					s = &p->spans[i];
					CHECK(s->start < s->end);
					CHECK(s->end <= len);
					if (i > 0)
						CHECK(s->start >=
						    p->spans[i - 1].end);
					CHECK(s->url != NULL);
					switch (s->kind) {
					case POST_SPAN_LINK:
						links++;
						CHECK(strncmp(p->text +
						    s->start, "https://", 8)
						    == 0);
						CHECK(strlen(s->url) ==
						    s->end - s->start);
						CHECK(strncmp(p->text +
						    s->start, s->url,
						    s->end - s->start) == 0);
						/* Ends where the URL ends. */
						CHECK(p->text[s->end] == '\0' ||
						    p->text[s->end] == ' ' ||
						    p->text[s->end] == '\n');
						break;
					case POST_SPAN_MENTION:
						mentions++;
						CHECK(p->text[s->start] == '@');
						CHECK(s->end - s->start > 1);
						break;
					case POST_SPAN_HASHTAG:
						tags++;
						CHECK(p->text[s->start] == '#');
						CHECK(s->end - s->start > 1);
						break;
					}
				}
				post_unref(p);
			}
		}
	}
	CHECK(links > 100);
	CHECK(mentions > 100);
	CHECK(tags > 100);
}

/* --- scripts -------------------------------------------------------------- */

enum script_class { SC_ACCENT, SC_JA, SC_ZH, SC_KO, SC_AR, SC_HE, SC_N };

static size_t
utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xe0) == 0xc0 && u[1]) {
		*cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f);
		return 2;
	}
	if ((u[0] & 0xf0) == 0xe0 && u[1] && u[2]) {
		*cp = (uint32_t)(u[0] & 0x0f) << 12 |
		    (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f);
		return 3;
	}
	if ((u[0] & 0xf8) == 0xf0 && u[1] && u[2] && u[3]) {
		*cp = (uint32_t)(u[0] & 0x07) << 18 |
		    (uint32_t)(u[1] & 0x3f) << 12 |
		    (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
		return 4;
	}
	*cp = 0xfffd;
	return 1;
}

/* Marks the script classes in s. Han counts as Chinese only without kana
 * in the same string (Japanese mixes both). */
static void
classify(const char *s, bool *found)
{
	bool		 kana = false, han = false;
	uint32_t	 cp;

	if (s == NULL)
		return;
	while (*s != '\0') {
		s += utf8_next(s, &cp);
		if ((cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
		    (cp >= 0x300 && cp <= 0x36f))
			found[SC_ACCENT] = true;
		else if (cp >= 0x3040 && cp <= 0x30ff)
			kana = true;
		else if (cp >= 0x4e00 && cp <= 0x9fff)
			han = true;
		else if (cp >= 0xac00 && cp <= 0xd7af)
			found[SC_KO] = true;
		else if (cp >= 0x600 && cp <= 0x6ff)
			found[SC_AR] = true;
		else if (cp >= 0x590 && cp <= 0x5ff)
			found[SC_HE] = true;
	}
	if (kana)
		found[SC_JA] = true;
	else if (han)
		found[SC_ZH] = true;
}

static bool
window_has_every_script(unsigned long seed, const char *channel,
    const char *query, uint64_t start)
{
	bool		 found[SC_N] = { false };
	uint64_t	 n;
	size_t		 i;
	struct post	*p;

	for (n = start; n < start + 40; n++) {
		p = demo_make_post(seed, channel, query, n, 0);
		classify(p->author_name, found);
		classify(p->text, found);
		classify(p->notify_by, found);
		classify(p->reposted_by_name, found);
		post_unref(p);
	}
	for (i = 0; i < SC_N; i++)
		if (!found[i]) {
			printf("  %s from %" PRIu64 ": script %zu missing\n",
			    channel, start, i);
			return false;
		}
	return true;
}

TEST(every_script_in_first_40)
{
	double		 rates[] = { 0.2, 0.1, 0.15, 1 };
	uint64_t	 due, starts[] = { 0, 1, 13, 19, 20, 1000, 123457 };
	size_t		 c, i, r;

	for (c = 0; demo_channels[c] != NULL; c++) {
		/* rate 0: the backlog is n = 0 .. backlog - 1 */
		for (i = 0; i < nitems(starts); i++)
			CHECK(window_has_every_script(1, demo_channels[c],
			    NULL, starts[i]));
		/* rate > 0: the backlog is the newest due now. */
		for (r = 0; r < nitems(rates); r++) {
			due = demo_due_count((double)time(NULL), rates[r]);
			CHECK(window_has_every_script(1, demo_channels[c],
			    NULL, due > 40 ? due - 40 : 0));
		}
		CHECK(window_has_every_script(1, demo_channels[c], "acme",
		    0));
		CHECK(window_has_every_script(9, demo_channels[c], NULL,
		    31337));
	}
}

TEST(about_one_in_five_non_latin)
{
	bool		 found[SC_N];
	size_t		 nonlatin = 0, i;
	uint64_t	 n;
	struct post	*p;

	for (n = 0; n < 1000; n++) {
		memset(found, 0, sizeof found);
		p = demo_make_post(1, "home", NULL, n, 0);
		classify(p->text, found);
		for (i = SC_JA; i < SC_N; i++)
			if (found[i]) {
				nonlatin++;
				break;
			}
		post_unref(p);
	}
	CHECK(nonlatin >= 150 && nonlatin <= 350);
}

/* --- content ---------------------------------------------------------- */

static bool
has_span(const struct post *p, enum post_span_kind kind, const char *what)
{
	size_t	i, len = strlen(what);

	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].kind == kind &&
		    p->spans[i].end - p->spans[i].start == len &&
		    memcmp(p->text + p->spans[i].start, what, len) == 0)
			return true;
	return false;
}

TEST(channel_content)
{
	uint64_t	 n;
	struct post	*p;
	bool		 kinds[POST_NOTIFY_UPDATE + 1] = { false };
	size_t		 rocket = 0, skates = 0;

	for (n = 0; n < 300; n++) {
		p = demo_make_post(1, "mentions", NULL, n, 0);
		CHECK(has_span(p, POST_SPAN_MENTION, "@acme"));
		CHECK(p->notify == POST_NOTIFY_NONE);
		post_unref(p);

		p = demo_make_post(1, "search", NULL, n, 0);
		CHECK(strstr(p->text, "acme") != NULL);
		post_unref(p);

		p = demo_make_post(1, "search", "rocket OR skates", n, 0);
		rocket += strstr(p->text, "rocket") != NULL;
		skates += strstr(p->text, "skates") != NULL;
		CHECK(strstr(p->text, "rocket") || strstr(p->text, "skates"));
		post_unref(p);

		p = demo_make_post(1, "search", "#acme", n, 0);
		CHECK(has_span(p, POST_SPAN_HASHTAG, "#acme"));
		post_unref(p);

		p = demo_make_post(1, "competitors", NULL, n, 0);
		CHECK(strstr(p->text, "Globex") || strstr(p->text, "Initech"));
		post_unref(p);

		p = demo_make_post(1, "competitors", "globex OR initech", n, 0);
		CHECK(strstr(p->text, "Globex") || strstr(p->text, "Initech"));
		post_unref(p);

		p = demo_make_post(1, "competitors", "Umbrella, Hooli", n, 0);
		CHECK(strstr(p->text, "Umbrella") || strstr(p->text, "Hooli"));
		post_unref(p);

		p = demo_make_post(1, "hashtag", NULL, n, 0);
		CHECK(has_span(p, POST_SPAN_HASHTAG, "#acme"));
		post_unref(p);

		p = demo_make_post(1, "hashtag", "#RocketSkates", n, 0);
		CHECK(has_span(p, POST_SPAN_HASHTAG, "#RocketSkates"));
		post_unref(p);

		p = demo_make_post(1, "notifications", NULL, n, 0);
		CHECK(p->notify != POST_NOTIFY_NONE);
		CHECK(p->notify_by != NULL && *p->notify_by != '\0');
		CHECK(p->text != NULL && *p->text != '\0');
		kinds[p->notify] = true;
		if (p->notify == POST_NOTIFY_LIKE ||
		    p->notify == POST_NOTIFY_REPOST)
			CHECK_STR_EQ(p->author_handle, "acme");
		if (p->notify == POST_NOTIFY_MENTION ||
		    p->notify == POST_NOTIFY_REPLY ||
		    p->notify == POST_NOTIFY_QUOTE)
			CHECK(has_span(p, POST_SPAN_MENTION, "@acme"));
		if (p->notify == POST_NOTIFY_REPLY)
			CHECK_STR_EQ(p->reply_to_author, "acme");
		if (p->notify == POST_NOTIFY_QUOTE)
			CHECK(p->quote_author != NULL && p->quote_text != NULL);
		post_unref(p);
	}
	CHECK(rocket > 50 && skates > 50);
	CHECK(kinds[POST_NOTIFY_MENTION] && kinds[POST_NOTIFY_REPLY] &&
	    kinds[POST_NOTIFY_REPOST] && kinds[POST_NOTIFY_LIKE] &&
	    kinds[POST_NOTIFY_FOLLOW] && kinds[POST_NOTIFY_QUOTE]);
}

static bool
has_cp(const char *s, uint32_t lo, uint32_t hi)
{
	uint32_t	cp;

	while (s != NULL && *s != '\0') {
		s += utf8_next(s, &cp);
		if (cp >= lo && cp <= hi)
			return true;
	}
	return false;
}

TEST(realistic_variety)
{
	const char	*langs[] = { "en", "ja", "zh", "ko", "ar", "he", "fr",
			    "es", "de", "pl" };
	const char	*plain[] = { "Q&A", "R&D", "AT&T", "<3",
			    "5 < 6 && 7 > 3", "\"->\"", "Tom & Jerry" };
	bool		 lang_seen[nitems(langs)] = { false };
	bool		 plain_seen[nitems(plain)] = { false };
	size_t		 c, i, replies = 0, reposts = 0, quotes = 0, cws = 0;
	size_t		 alt = 0, noalt = 0, polls = 0, longs = 0, paras = 0;
	size_t		 shorts = 0, zwj = 0, tone = 0, flag = 0, keycap = 0;
	size_t		 combining = 0, big_n = 0, small_n = 0;
	double		 big_likes = 0, small_likes = 0;
	uint64_t	 n;
	struct post	*p;

	for (c = 0; demo_channels[c] != NULL; c++) {
		for (n = 0; n < 400; n++) {
			p = demo_make_post(1, demo_channels[c], NULL, n, 0);
			CHECK(strstr(p->text, "&amp;") == NULL);
			CHECK(strstr(p->text, "&lt;") == NULL);
			CHECK(strchr(p->text, '{') == NULL);	/* all filled */
			CHECK(strchr(p->text, '}') == NULL);
			for (i = 0; i < nitems(langs); i++)
				if (str_same(p->lang, langs[i]))
					lang_seen[i] = true;
			for (i = 0; i < nitems(plain); i++)
				if (strstr(p->text, plain[i]))
					plain_seen[i] = true;
			if (p->reply_to_id != NULL) {
				replies++;
				CHECK(p->reply_to_author != NULL);
				CHECK(p->text[0] == '@');
				CHECK(strncmp(p->text + 1, p->reply_to_author,
				    strlen(p->reply_to_author)) == 0);
			}
			if (p->reposted_by_name != NULL) {
				reposts++;
				CHECK(p->reposted_by_handle != NULL);
				CHECK(strcmp(p->reposted_by_handle,
				    p->author_handle) != 0);
			}
			quotes += p->quote_author != NULL &&
			    p->quote_text != NULL;
			cws += p->content_warning != NULL;
			for (i = 0; i < p->nmedia; i++) {
				if (p->media[i].alt != NULL)
					alt++;
				else
					noalt++;
			}
			polls += p->poll != NULL;
			longs += strlen(p->text) > 400;
			paras += strstr(p->text, "\n\n") != NULL;
			shorts += strlen(p->text) < 40;
			zwj += has_cp(p->text, 0x200d, 0x200d);
			tone += has_cp(p->text, 0x1f3fb, 0x1f3ff);
			flag += has_cp(p->text, 0x1f1e6, 0x1f1ff);
			keycap += has_cp(p->text, 0x20e3, 0x20e3);
			combining += has_cp(p->text, 0x300, 0x36f) ||
			    has_cp(p->author_name, 0x300, 0x36f);
			if (p->notify == POST_NOTIFY_NONE) {
				if (p->followers > 100000) {
					big_n++;
					big_likes += (double)p->likes;
				} else if (p->followers < 1000) {
					small_n++;
					small_likes += (double)p->likes;
				}
			}
			post_unref(p);
		}
	}
	for (i = 0; i < nitems(langs); i++) {
		if (!lang_seen[i])
			printf("  lang %s never seen\n", langs[i]);
		CHECK(lang_seen[i]);
	}
	for (i = 0; i < nitems(plain); i++) {
		if (!plain_seen[i])
			printf("  \"%s\" never seen\n", plain[i]);
		CHECK(plain_seen[i]);
	}
	CHECK(replies > 50 && reposts > 50 && quotes > 50);
	CHECK(cws > 20 && alt > 50 && noalt > 5 && polls > 20);
	CHECK(longs > 20 && paras > 20 && shorts > 20);
	CHECK(zwj > 20 && tone > 20 && flag > 20 && keycap > 10);
	CHECK(combining > 5);
	CHECK(big_n > 0 && small_n > 0);
	CHECK(big_likes / (double)big_n > 10 * small_likes / (double)small_n);
}

/* --- timing --------------------------------------------------------------- */

TEST(due_times)
{
	double		 rates[] = { 0.1, 0.15, 0.2, 0.5, 3, 7.3, 1000 };
	double		 now;
	uint64_t	 count;
	size_t		 r, k;

	CHECK(demo_due_time(0, 0.2) == (double)DEMO_EPOCH);
	CHECK(demo_due_time(10, 0.5) == (double)DEMO_EPOCH + 20);
	CHECK(demo_due_time(3, 4) == (double)DEMO_EPOCH + 0.75);

	CHECK_INT_EQ(demo_due_count((double)DEMO_EPOCH - 1, 0.5), 0);
	CHECK_INT_EQ(demo_due_count((double)DEMO_EPOCH, 0.5), 1);
	CHECK_INT_EQ(demo_due_count((double)DEMO_EPOCH + 19.99, 0.5), 10);
	CHECK_INT_EQ(demo_due_count((double)DEMO_EPOCH + 20, 0.5), 11);
	CHECK_INT_EQ(demo_due_count((double)DEMO_EPOCH + 86400, 0.2), 17281);

	/* Post count - 1 is due at now, post count is not. */
	for (r = 0; r < nitems(rates); r++) {
		for (k = 0; k < 200; k++) {
			now = (double)DEMO_EPOCH + (double)k * 7919.123 +
			    (double)k / 7;
			count = demo_due_count(now, rates[r]);
			CHECK(count > 0);
			CHECK(demo_due_time(count - 1, rates[r]) <= now);
			CHECK(demo_due_time(count, rates[r]) > now);
			/* Exactly at a due time, that post is due. */
			now = demo_due_time(count + 3, rates[r]);
			CHECK(demo_due_count(now, rates[r]) == count + 4);
		}
	}
}

TEST(waits)
{
	double	due5 = demo_due_time(5, 0.2), w;

	w = demo_next_wait(due5 - 2.5, 0.2, 5);
	CHECK(w >= 2.5 && w < 2.51);
	w = demo_next_wait(due5 - 0.0001, 0.2, 5);
	CHECK(w >= DEMO_WAIT_MIN && w < 0.01);
	CHECK(demo_next_wait(due5 + 100, 0.2, 5) == DEMO_WAIT_MIN);
	/* After the wait, the post is due. */
	for (int k = 0; k < 100; k++) {
		double	now = due5 - 5 + k * 0.0499;
		double	then = now + demo_next_wait(now, 0.2, 5);

		CHECK(demo_due_count(now < due5 ? then : now, 0.2) >= 6 ||
		    then >= due5);
	}
	/* Sleeping the returned wait never means polling more than once per
	 * post: at rate r, waits add up to about 1 / r per post. */
	CHECK(demo_next_wait(demo_due_time(9, 0.2), 0.2, 10) > 4.99);
}

TEST(windows)
{
	CHECK_INT_EQ(demo_window_start(0, 100, 20), 80);	/* backlog */
	CHECK_INT_EQ(demo_window_start(0, 5, 20), 0);
	CHECK_INT_EQ(demo_window_start(0, 0, 20), 0);
	CHECK_INT_EQ(demo_window_start(0, 100, 0), 100);	/* none */
	CHECK_INT_EQ(demo_window_start(95, 100, 1000), 95);	/* new ones */
	CHECK_INT_EQ(demo_window_start(100, 100, 1000), 100);	/* nothing */
	CHECK_INT_EQ(demo_window_start(10, 100000, 1000), 99000); /* resume */
}

TEST(idle_times)
{
	int64_t		now = 497222 * (int64_t)3600 + 1234, t, prev = INT64_MIN;
	uint64_t	n;

	for (n = 0; n < 20; n++) {
		t = demo_idle_time(now, n, 20);
		CHECK(t > prev);
		CHECK(t < now);
		CHECK(t >= now - 6 * 3600);
		/* The same within the hour. */
		CHECK(t == demo_idle_time(now - 1234 + 3599, n, 20));
		prev = t;
	}
	CHECK(demo_idle_time(now, 0, 20) < demo_idle_time(now, 19, 20) -
	    3 * 3600);
	for (n = 0; n + 1 < 50000; n += 97)
		CHECK(demo_idle_time(now, n, 50000) <=
		    demo_idle_time(now, n + 1, 50000));
	(void)demo_idle_time(now, 0, 0);
}

/* --- through the real fetch thread ------------------------------------- */

/* Pops into got until want posts are in and the state is reached, or the
 * deadline passes. */
static size_t
drain(struct source *src, struct wake *w, struct post **got, size_t max,
    size_t want, enum source_state state, int timeout_ms,
    struct source_status *st)
{
	struct pollfd	 pfd = { .fd = wake_fd(w), .events = POLLIN };
	struct timespec	 start, now;
	struct post	*p;
	size_t		 n = 0;
	long		 left;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		wake_drain(w);
		while ((p = source_pop(src)) != NULL) {
			if (n < max)
				got[n++] = p;
			else
				post_unref(p);
		}
		source_get_status(src, st);
		if (n >= want && st->state == state)
			return n;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - ((now.tv_sec - start.tv_sec) * 1000 +
		    (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0)
			return n;
		poll(&pfd, 1, (int)left);
	}
}

static void
unref_all(struct post **v, size_t n)
{
	while (n > 0)
		post_unref(v[--n]);
}

TEST(thread_rate_zero_backlog_then_nothing)
{
	struct config_column	 col = { .title = "Demo home", .channel = "home",
				    .rate = 0, .backlog = 7 };
	struct wake		*w = wake_new();
	struct source		*src;
	struct source_status	 st;
	struct post		*got[32];
	size_t			 n, i;
	char			 want[32];

	src = source_start(&demo_source_ops, &col, 1, w, 256);
	n = drain(src, w, got, nitems(got), 7, SOURCE_IDLE, 5000, &st);
	CHECK_INT_EQ(n, 7);
	CHECK_INT_EQ(st.state, SOURCE_IDLE);
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof want, "home-%zu", i);
		CHECK_STR_EQ(got[i]->id, want);
		CHECK_STR_EQ(got[i]->column, "Demo home");
		CHECK(got[i]->created < (int64_t)time(NULL));
		if (i > 0)
			CHECK(got[i]->created > got[i - 1]->created);
	}
	unref_all(got, n);
	/* Nothing more comes. */
	n = drain(src, w, got, nitems(got), 1, SOURCE_IDLE, 200, &st);
	CHECK_INT_EQ(n, 0);
	source_stop(src);
	wake_free(w);
}

TEST(thread_live_backlog_then_new_posts)
{
	struct config_column	 col = { .title = "Live", .channel = "mentions",
				    .rate = 20, .backlog = 25 };
	struct wake		*w = wake_new();
	struct source		*src;
	struct source_status	 st;
	struct post		*got[256];
	size_t			 n, i;
	uint64_t		 first;
	struct post		*direct;

	src = source_start(&demo_source_ops, &col, 1, w, 256);
	n = drain(src, w, got, nitems(got), 25, SOURCE_LIVE, 5000, &st);
	CHECK(n >= 25);
	CHECK_INT_EQ(st.state, SOURCE_LIVE);
	if (n >= 25) {
		first = id_number(got[0]->id);
		for (i = 0; i < n; i++) {
			CHECK(id_number(got[i]->id) == first + i);
			CHECK(got[i]->created <= (int64_t)time(NULL));
			CHECK(got[i]->created == (int64_t)floor(
			    demo_due_time(first + i, 20)));
		}
		/* What the thread sent is what anyone builds for that n. */
		direct = demo_make_column_post(1, "mentions", NULL, "Live",
		    first + 3, got[3]->created);
		CHECK(post_same(direct, got[3]));
		post_unref(direct);
		first += n;
		unref_all(got, n);
		/* At 20 posts a second, more arrive, in order. */
		n = drain(src, w, got, nitems(got), 3, SOURCE_LIVE, 3000, &st);
		CHECK(n >= 3);
		for (i = 0; i < n; i++)
			CHECK(id_number(got[i]->id) == first + i);
	}
	unref_all(got, n < nitems(got) ? n : nitems(got));
	source_stop(src);
	wake_free(w);
}

TEST(thread_backlog_size_honoured)
{
	struct config_column	 col = { .title = "Slow", .channel = "search",
				    .query = "acme", .rate = 0.001,
				    .backlog = 12 };
	struct wake		*w = wake_new();
	struct source		*src;
	struct source_status	 st;
	struct post		*got[64];
	size_t			 n;

	src = source_start(&demo_source_ops, &col, 5, w, 256);
	n = drain(src, w, got, nitems(got), 12, SOURCE_LIVE, 5000, &st);
	CHECK_INT_EQ(n, 12);
	unref_all(got, n);
	n = drain(src, w, got, nitems(got), 1, SOURCE_LIVE, 100, &st);
	CHECK(n <= 1);	/* one may just have fallen due */
	unref_all(got, n);
	source_stop(src);
	wake_free(w);
}

TEST(thread_unknown_channel_is_an_error)
{
	struct config_column	 col = { .title = "Bad", .channel = "nope",
				    .rate = 1, .backlog = 5 };
	struct wake		*w = wake_new();
	struct source		*src;
	struct source_status	 st;
	struct post		*got[8];
	size_t			 n;

	CHECK(source_find_ops("demo") == &demo_source_ops);
	src = source_start(&demo_source_ops, &col, 1, w, 16);
	n = drain(src, w, got, nitems(got), 0, SOURCE_ERROR, 5000, &st);
	CHECK_INT_EQ(n, 0);
	CHECK_INT_EQ(st.state, SOURCE_ERROR);
	CHECK(strstr(st.text, "nope") != NULL);
	source_stop(src);
	wake_free(w);
}

int
main(void)
{
	RUN(deterministic);
	RUN(seed_changes_text);
	RUN(identity_fields);
	RUN(ids_unique_within_channel);
	RUN(spans_cover_their_text);
	RUN(every_script_in_first_40);
	RUN(about_one_in_five_non_latin);
	RUN(channel_content);
	RUN(realistic_variety);
	RUN(due_times);
	RUN(waits);
	RUN(windows);
	RUN(idle_times);
	RUN(thread_rate_zero_backlog_then_nothing);
	RUN(thread_live_backlog_then_new_posts);
	RUN(thread_backlog_size_honoured);
	RUN(thread_unknown_channel_is_an_error);
	return harness_done();
}
