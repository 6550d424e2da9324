/* test_x_parse.c — X API v2 JSON to posts over the recorded responses in
 * tests/fixtures/x/: timelines, mentions and search with their includes
 * (authors and followers, reposts, quotes, replies, media), t.co links as
 * their addresses, entities decoded, errors and partial errors in words,
 * the small bodies (users, tokens), and hostile input (truncation, wrong
 * types), which must never crash. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "starling/post.h"
#include "starling/x.h"
#include "starling/x_parse.h"

#define FIXTURES	"tests/fixtures/x/"
#define LIT(s)		s, sizeof (s) - 1

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
	rewind(f);
	buf = malloc((size_t)n + 1);
	*len = fread(buf, 1, (size_t)n, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static int
page(const char *name, struct x_page *pg)
{
	size_t	len;
	char	*body = fixture(name, &len), err[200] = "";
	int	rc;

	if (body == NULL) {
		memset(pg, 0, sizeof *pg);
		return -1;
	}
	rc = x_parse_page(body, len, "col", pg, err, sizeof err);
	if (rc != 0)
		printf("  %s: %s\n", name, err);
	free(body);
	return rc;
}

/* The span of kind whose text is s in p, or NULL. */
static const struct post_span *
span(const struct post *p, enum post_span_kind kind, const char *s)
{
	size_t	i;

	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].kind == kind &&
		    p->spans[i].end - p->spans[i].start == strlen(s) &&
		    memcmp(p->text + p->spans[i].start, s, strlen(s)) == 0)
			return &p->spans[i];
	return NULL;
}

TEST(timeline)
{
	struct x_page	 pg;
	const struct post *p;

	CHECK(page("timeline-reverse-chronological.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 5);
	CHECK_STR_EQ(pg.newest_id, "1524796546306478083");
	CHECK_STR_EQ(pg.next_token, "7140dibdnow9c7btw421dyz6jism75z99gyxd8egarsc4");
	CHECK(pg.errors == NULL);
	if (pg.nposts > 0) {
		p = pg.posts[0];
		CHECK_STR_EQ(p->network, "x");
		CHECK_STR_EQ(p->id, "1524796546306478083");
		CHECK_STR_EQ(p->action_ref, "1524796546306478083");
		CHECK_STR_EQ(p->author_handle, "TwitterDev");
		CHECK_STR_EQ(p->author_name, "Twitter Dev");
		CHECK_STR_EQ(p->url,
		    "https://x.com/TwitterDev/status/1524796546306478083");
		CHECK(p->created == 1652374800);
		CHECK(strstr(p->text, "Devs in the Details") != NULL);
	}
	x_page_free(&pg);
}

TEST(mentions_and_search)
{
	struct x_page	 pg;

	CHECK(page("mentions.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 5);
	x_page_free(&pg);
	CHECK(page("mentions-recorded.json", &pg) == 0);
	CHECK(pg.nposts > 0);
	x_page_free(&pg);
	CHECK(page("search-recent.json", &pg) == 0);
	CHECK(pg.nposts > 0);
	x_page_free(&pg);
	CHECK(page("search-recent-recorded.json", &pg) == 0);
	x_page_free(&pg);
	CHECK(page("search-recent-places.json", &pg) == 0);
	CHECK(pg.nposts > 0);
	x_page_free(&pg);
	CHECK(page("timeline-reverse-chronological-recorded.json", &pg) == 0);
	CHECK(pg.nposts > 0);
	x_page_free(&pg);
}

TEST(links_and_media)
{
	struct x_page		 pg;
	const struct post	*p;
	const struct post_span	*s;

	CHECK(page("search-recent-media.json", &pg) == 0);
	CHECK(pg.nposts > 0);
	if (pg.nposts == 0)
		return;
	p = pg.posts[0];
	/* The t.co link shows as its display address, and opens the
	 * expanded one. */
	CHECK(strstr(p->text, "t.co/") == NULL);
	CHECK((s = span(p, POST_SPAN_LINK, "pic.twitter.com/IZjikKfxUW")) !=
	    NULL);
	if (s != NULL)
		CHECK_STR_EQ(s->url, "https://twitter.com/CritterOfHabit/"
		    "status/1277606174284632065/photo/1");
	CHECK(span(p, POST_SPAN_HASHTAG, "#TLOU2") != NULL);
	CHECK(span(p, POST_SPAN_MENTION, "@CritterOfHabit") != NULL);
	CHECK_INT_EQ(p->nmedia, 1);
	if (p->nmedia == 1) {
		CHECK(p->media[0].kind == POST_MEDIA_IMAGE);
		CHECK_STR_EQ(p->media[0].url,
		    "https://pbs.twimg.com/media/Ebr28bjU0AEasL0.jpg");
	}
	x_page_free(&pg);

	CHECK(page("tweet-lookup-media.json", &pg) == 0);
	CHECK(pg.nposts == 1 && pg.posts[0]->nmedia == 1);
	if (pg.nposts == 1 && pg.posts[0]->nmedia == 1)
		CHECK(pg.posts[0]->media[0].kind == POST_MEDIA_VIDEO);
	x_page_free(&pg);
}

TEST(repost)
{
	struct x_page		 pg;
	const struct post	*p;

	CHECK(page("tweet-lookup-retweet.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	if (pg.nposts != 1)
		return;
	p = pg.posts[0];
	/* The reposted post, by its author, reposted by the account. */
	CHECK_STR_EQ(p->id, "1229851574555508737");
	CHECK_STR_EQ(p->action_ref, "1229843515603144704");
	CHECK_STR_EQ(p->author_handle, "suhemparack");
	CHECK_STR_EQ(p->reposted_by_handle, "TwitterDev");
	CHECK_STR_EQ(p->reposted_by_name, "Twitter Dev");
	CHECK(strncmp(p->text, "RT @", 4) != 0);
	CHECK(strstr(p->text, "Check it out here") != NULL);	/* not cut */
	CHECK_INT_EQ(p->likes, 71);
	x_page_free(&pg);
}

TEST(quote_and_reply)
{
	struct x_page		 pg;
	const struct post	*p;

	CHECK(page("tweet-lookup-quote.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	if (pg.nposts == 1) {
		p = pg.posts[0];
		CHECK_STR_EQ(p->quote_author, "TwitterDev");
		CHECK(p->quote_text != NULL &&
		    strstr(p->quote_text, "Friendly reminder") != NULL);
		CHECK(span(p, POST_SPAN_LINK,
		    "twitter.com/TwitterDev/sta\xe2\x80\xa6") != NULL);
	}
	x_page_free(&pg);

	CHECK(page("tweet-lookup-reply.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	if (pg.nposts == 1) {
		p = pg.posts[0];
		CHECK_STR_EQ(p->reply_to_id, "1296887091901718529");
		CHECK_STR_EQ(p->reply_parent_ref, "1296887091901718529");
		CHECK_STR_EQ(p->reply_root_ref, "1296887091901718529");
		CHECK_STR_EQ(p->reply_to_author, "TwitterDev");
	}
	x_page_free(&pg);
	CHECK(page("tweet-lookup-retweeted-quote.json", &pg) == 0);
	x_page_free(&pg);
	CHECK(page("tweet-lookup-all-fields.json", &pg) == 0);
	x_page_free(&pg);
	CHECK(page("tweet-lookup-extended.json", &pg) == 0);
	x_page_free(&pg);
	CHECK(page("tweet-single.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	x_page_free(&pg);
	CHECK(page("tweet-single-media.json", &pg) == 0);
	x_page_free(&pg);
	CHECK(page("tweet-create.json", &pg) == 0);
	CHECK(pg.nposts == 1 && strcmp(pg.posts[0]->id,
	    "1456012973835788293") == 0);
	x_page_free(&pg);
}

TEST(followers)
{
	const char	 body[] = "{\"data\":[{\"id\":\"7\",\"text\":\"hi\","
			    "\"author_id\":\"1\"}],\"includes\":{\"users\":[{"
			    "\"id\":\"1\",\"username\":\"ana\",\"name\":\"Ana\","
			    "\"public_metrics\":{\"followers_count\":583423}}]}}";
	struct x_page	 pg;
	char		 err[200];

	CHECK(x_parse_page(LIT(body), "c", &pg, err, sizeof err) == 0);
	CHECK(pg.nposts == 1 && pg.posts[0]->followers == 583423);
	x_page_free(&pg);
}

TEST(entities)
{
	const char	 body[] = "{\"data\":{\"id\":\"9\",\"text\":\"Q&amp;A "
			    "&lt;b&gt; &quot;x&quot; &#39;y&#39; &amp;amp; "
			    "\\u001b[31m red https://t.co/abc\",\"entities\":{"
			    "\"urls\":[{\"start\":0,\"end\":1,\"url\":"
			    "\"https://t.co/abc\",\"expanded_url\":"
			    "\"https://example.com/a?b=1\",\"display_url\":"
			    "\"example.com/a?b=1\"}]}}}";
	struct x_page	 pg;
	char		 err[200];

	CHECK(x_parse_page(LIT(body), "c", &pg, err, sizeof err) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	if (pg.nposts == 1) {
		const struct post_span *s;

		/* Once decoded, never twice; no escape survives. */
		CHECK(strncmp(pg.posts[0]->text, "Q&A <b> \"x\" 'y' &amp; ",
		    22) == 0);
		CHECK(strchr(pg.posts[0]->text, '\x1b') == NULL);
		s = span(pg.posts[0], POST_SPAN_LINK, "example.com/a?b=1");
		CHECK(s != NULL);
		if (s != NULL)
			CHECK_STR_EQ(s->url, "https://example.com/a?b=1");
	}
	x_page_free(&pg);
}

TEST(errors)
{
	struct x_page	 pg;
	size_t		 len;
	char		*body, *msg, err[200] = "";

	/* Partial errors: the data, and the errors in words for the log. */
	CHECK(page("partial-error.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	CHECK_STR_EQ(pg.errors, "Not Found Error: Could not find tweet with "
	    "ids: [1276230436478386177].");
	x_page_free(&pg);
	CHECK(page("partial-error-docs.json", &pg) == 0);
	CHECK_INT_EQ(pg.nposts, 1);
	CHECK(pg.errors != NULL);
	x_page_free(&pg);

	if ((body = fixture("error-401.json", &len)) != NULL) {
		msg = x_parse_error(body, len);
		CHECK_STR_EQ(msg, "Unauthorized");
		free(msg);
		CHECK(x_parse_page(body, len, "c", &pg, err, sizeof err) != 0);
		CHECK_STR_EQ(err, "Unauthorized");
		free(body);
	}
	if ((body = fixture("error-400-invalid-request.json", &len)) != NULL) {
		msg = x_parse_error(body, len);
		CHECK_STR_EQ(msg, "Invalid Request: One or more parameters to "
		    "your request was invalid.");
		free(msg);
		free(body);
	}
	if ((body = fixture("error-429-usage-cap.json", &len)) != NULL) {
		msg = x_parse_error(body, len);
		CHECK(msg != NULL);
		free(msg);
		free(body);
	}
	CHECK(x_parse_error(LIT("Rate limit exceeded")) == NULL);
	CHECK(x_parse_error(LIT("{}")) == NULL);
}

TEST(users_and_tokens)
{
	size_t	 len;
	char	*body, *id, *name, *a, *r, err[200];
	long	 in;
	time_t	 exp;

	if ((body = fixture("users-me-fields.json", &len)) != NULL) {
		CHECK(x_parse_user(body, len, &id, &name, err, sizeof err) == 0);
		CHECK_STR_EQ(id, "2244994945");
		CHECK_STR_EQ(name, "XDevelopers");
		free(id);
		free(name);
		free(body);
	}
	if ((body = fixture("error-user-not-found.json", &len)) != NULL) {
		CHECK(x_parse_user(body, len, &id, &name, err, sizeof err) != 0);
		CHECK(strstr(err, "Not Found") != NULL);
		free(body);
	}
	CHECK(x_parse_token(LIT("{\"token_type\":\"bearer\",\"expires_in\":"
	    "7200,\"access_token\":\"AAA\",\"scope\":\"tweet.read\","
	    "\"refresh_token\":\"RRR\"}"), &a, &r, &in, err, sizeof err) == 0);
	CHECK_STR_EQ(a, "AAA");
	CHECK_STR_EQ(r, "RRR");
	CHECK_INT_EQ(in, 7200);
	free(a);
	free(r);
	CHECK(x_parse_token(LIT("{\"error\":\"invalid_request\"}"), &a, &r,
	    &in, err, sizeof err) != 0);

	body = x_token_file_line("AAA", "RRR", 1800000000);
	CHECK(x_parse_token_file(body, &a, &r, &exp) == 0);
	CHECK_STR_EQ(a, "AAA");
	CHECK_STR_EQ(r, "RRR");
	CHECK(exp == 1800000000);
	free(a);
	free(r);
	free(body);
	CHECK(x_parse_token_file("bare-token", &a, &r, &exp) == 0);
	CHECK_STR_EQ(a, "bare-token");
	CHECK(r == NULL && exp == 0);
	free(a);
	CHECK(x_parse_token_file("", &a, &r, &exp) != 0);
}

TEST(budget_periods)
{
	char	key[16];
	time_t	next;

	/* 2026-12-04 19:00 UTC. */
	x_budget_period(false, 1796410800, key, sizeof key, &next);
	CHECK_STR_EQ(key, "2026-12");
	CHECK(next == 1798761600);	/* 2027-01-01 00:00 UTC */
	x_budget_period(true, 1796410800, key, sizeof key, &next);
	CHECK_STR_EQ(key, "2026-12-04");
	CHECK(next == 1796428800);	/* 2026-12-05 00:00 UTC */
}

/* Every fixture cut at every length, and shapes of the wrong type:
 * errors or fewer posts, never a crash (ASan watches). */
TEST(hostile)
{
	static const char *const bad[] = {
		"", "null", "[]", "\"x\"", "{\"data\":5}", "{\"data\":[5,null]}",
		"{\"data\":[{\"id\":\"../../etc\",\"text\":\"x\"}]}",
		"{\"data\":[{\"id\":\"1\",\"text\":5,\"entities\":{\"urls\":7}}]}",
		"{\"data\":[{\"id\":\"1\",\"text\":\"https://t.co/a\","
		"\"entities\":{\"urls\":[{\"url\":\"https://t.co/a\"}]}}]}",
		"{\"data\":[{\"id\":\"1\",\"referenced_tweets\":[{\"type\":"
		"\"retweeted\",\"id\":\"2\"}]}],\"includes\":{\"tweets\":[{"
		"\"id\":\"2\",\"author_id\":5}],\"users\":\"x\"}}",
		"{\"data\":[{\"id\":\"1\",\"attachments\":{\"media_keys\":[1,"
		"\"k\"]}}],\"includes\":{\"media\":[{\"media_key\":\"k\"}]}}",
		"{\"errors\":[{}],\"title\":5}",
	};
	static const char *const names[] = {
		"timeline-reverse-chronological-recorded.json",
		"tweet-lookup-retweeted-quote.json", "search-recent-media.json",
		"partial-error.json",
	};
	struct x_page	 pg;
	size_t		 i, len, cut;
	char		*body, err[200];

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		x_parse_page(bad[i], strlen(bad[i]), "c", &pg, err, sizeof err);
		x_page_free(&pg);
		free(x_parse_error(bad[i], strlen(bad[i])));
	}
	CHECK(x_parse_page(LIT("{\"data\":[{\"id\":\"../../etc\","
	    "\"text\":\"x\"}]}"), "c", &pg, err, sizeof err) == 0);
	CHECK_INT_EQ(pg.nposts, 0);	/* an id that is no number is no post */
	x_page_free(&pg);
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		if ((body = fixture(names[i], &len)) == NULL)
			continue;
		for (cut = 0; cut < len; cut += 7) {
			if (x_parse_page(body, cut, "c", &pg, err,
			    sizeof err) == 0)
				x_page_free(&pg);
		}
		free(body);
	}
}

int
main(void)
{
	RUN(timeline);
	RUN(mentions_and_search);
	RUN(links_and_media);
	RUN(repost);
	RUN(quote_and_reply);
	RUN(followers);
	RUN(entities);
	RUN(errors);
	RUN(users_and_tokens);
	RUN(budget_periods);
	RUN(hostile);
	return harness_done();
}
