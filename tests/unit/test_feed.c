/* test_feed.c — the feed parser over real-world-shaped documents in
 * tests/fixtures/feeds/ (RSS 2.0, Atom with html and xhtml, RDF, a Mastodon
 * and a Bluesky profile's RSS, an alerts service's Atom with redirect links
 * and double escaping, broken XML, an HTML page), a 20 MB feed built here,
 * dates, redirect wrappers and the network name. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "starling/feed.h"
#include "starling/post.h"

#define FIXTURES	"tests/fixtures/feeds/"
#define NET		"feed@news.example/x.xml"
#define NOW		1795000000

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

/* Parses a fixture; the rc, with err filled. */
static int
parse(const char *name, struct feed_doc *doc, char *err, size_t errlen)
{
	size_t	 len = 0;
	char	*buf = fixture(name, &len);
	int	 rc;

	rc = feed_parse(buf, len, NET, "News", NOW, doc, err, errlen);
	free(buf);
	return rc;
}

/* The post with id, or NULL. */
static const struct post *
find(const struct feed_doc *doc, const char *id)
{
	size_t	i;

	for (i = 0; i < doc->n; i++)
		if (strcmp(doc->posts[i]->id, id) == 0)
			return doc->posts[i];
	return NULL;
}

/* No markup, no entity, no control character left anywhere. */
static bool
clean(const char *s)
{
	const unsigned char	*p;

	if (s == NULL)
		return true;
	if (strstr(s, "&lt;") || strstr(s, "&gt;") || strstr(s, "&amp;") ||
	    strstr(s, "&quot;") || strstr(s, "&#") || strstr(s, "<b>") ||
	    strstr(s, "<p>") || strstr(s, "</") || strstr(s, "&nbsp;") ||
	    strstr(s, "<script"))
		return false;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
			return false;
	return true;
}

static void
check_all_clean(const struct feed_doc *doc)
{
	size_t	i;

	for (i = 0; i < doc->n; i++) {
		if (!clean(doc->posts[i]->text))
			printf("  unclean: %s\n", doc->posts[i]->text);
		CHECK(clean(doc->posts[i]->text));
		CHECK(clean(doc->posts[i]->author_name));
		CHECK_STR_EQ(doc->posts[i]->network, NET);
		CHECK_STR_EQ(doc->posts[i]->column, "News");
	}
	for (i = 1; i < doc->n; i++)
		CHECK(doc->posts[i - 1]->created >= doc->posts[i]->created);
}

TEST(rss2_with_html_descriptions)
{
	struct feed_doc		 doc;
	const struct post	*p;
	char			 err[160];

	CHECK_INT_EQ(parse("rss2_html.xml", &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.kind, FEED_RSS);
	/* Four items, one a repeat of another's guid. */
	CHECK_INT_EQ(doc.n, 3);
	check_all_clean(&doc);
	p = find(&doc, "acme-blog-1042");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "Outage report: Tuesday\xe2\x80\x99s login "
		    "errors\n\nBetween 08:10 and 08:55 logins failed for some "
		    "users & partners.\n\nRead the status page.");
		CHECK_STR_EQ(p->url, "https://blog.acme.example/2026/11/outage");
		CHECK_STR_EQ(p->author_name, "Ana Lima");
		CHECK_INT_EQ(p->created, 1795509000);	/* 08:30 UTC */
		CHECK_INT_EQ(p->nspans, 1);
		if (p->nspans == 1) {
			CHECK_STR_EQ(p->spans[0].url, "https://status.acme.example/x");
			CHECK(strncmp(p->text + p->spans[0].start, "status page",
			    11) == 0);
		}
	}
	/* content:encoded over description; scripts dropped; the author's
	 * name out of its address. */
	p = find(&doc, "https://blog.acme.example/2026/11/hello");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "Hello & welcome\n\nThe full text: welcome "
		    "to the blog.");
		CHECK_STR_EQ(p->author_name, "Press Team");
	}
	/* No guid: the link is the id. A two-digit year, a US zone. */
	p = find(&doc, "https://blog.acme.example/2026/11/noguid");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "No guid here\n\nPlain text, three < four.");
		CHECK_INT_EQ(p->created, 1795348800);	/* 12:00 UTC */
		/* No author: the feed's title. */
		CHECK_STR_EQ(p->author_name, "Acme Engineering Blog");
	}
	/* Newest first. */
	CHECK_STR_EQ(doc.posts[0]->id, "acme-blog-1042");
	feed_doc_free(&doc);
}

TEST(atom_html_and_xhtml)
{
	struct feed_doc		 doc;
	const struct post	*p;
	char			 err[160];

	CHECK_INT_EQ(parse("atom_html_xhtml.xml", &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.kind, FEED_ATOM);
	CHECK_INT_EQ(doc.n, 3);
	check_all_clean(&doc);
	p = find(&doc, "tag:news.globex.example,2026:v2");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "Globex ships v2\n\nVersion two is out "
		    "\xe2\x80\x94 faster.");
		/* rel="alternate", not the enclosure. */
		CHECK_STR_EQ(p->url, "https://news.globex.example/v2");
		CHECK_STR_EQ(p->author_name, "Bo Chen");
		/* published (08:00 UTC), not updated. */
		CHECK_INT_EQ(p->created, 1795507200);
	}
	p = find(&doc, "tag:news.globex.example,2026:xhtml");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "An xhtml title\n\nBody with a link and & "
		    "sign.\n\n\xe2\x80\xa2 one\n\xe2\x80\xa2 two");
		CHECK_STR_EQ(p->url, "https://news.globex.example/xhtml");
		/* The feed's author for an entry without one. */
		CHECK_STR_EQ(p->author_name, "Globex Newsroom");
		CHECK(p->nspans == 1 && strcmp(p->spans[0].url,
		    "https://globex.example/docs") == 0);
	}
	p = find(&doc, "tag:news.globex.example,2026:plain");
	CHECK(p != NULL && strcmp(p->text, "Plain text title\n\nJust text.") ==
	    0 && p->url == NULL);
	feed_doc_free(&doc);
}

TEST(rdf)
{
	struct feed_doc		 doc;
	const struct post	*p;
	char			 err[160];

	CHECK_INT_EQ(parse("rdf.xml", &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.kind, FEED_RDF);
	CHECK_INT_EQ(doc.n, 2);
	check_all_clean(&doc);
	/* rdf:about is the id. */
	p = find(&doc, "https://slash.example/story/1");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "Story one\n\nThe first story.");
		CHECK_STR_EQ(p->author_name, "timothy");
		CHECK_STR_EQ(p->url, "https://slash.example/story/1?from=rss");
	}
	CHECK_STR_EQ(doc.posts[0]->id, "https://slash.example/story/2");
	feed_doc_free(&doc);
}

TEST(mastodon_profile_rss)
{
	struct feed_doc		 doc;
	const struct post	*p;
	char			 err[160];

	CHECK_INT_EQ(parse("mastodon_profile.rss", &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.n, 2);
	check_all_clean(&doc);
	p = doc.n > 0 ? doc.posts[0] : NULL;
	CHECK(p != NULL);
	if (p != NULL) {
		/* No title: the description alone; &#39; decoded. */
		CHECK_STR_EQ(p->text, "We're looking into reports of slow "
		    "logins. #status");
		CHECK_STR_EQ(p->id,
		    "https://social.example/@support/113512345678901234");
		CHECK_STR_EQ(p->author_name, "Acme Support");
		CHECK(p->nspans == 1 && p->spans[0].kind == POST_SPAN_HASHTAG);
	}
	if (doc.n > 1)
		CHECK_STR_EQ(doc.posts[1]->text, "Good morning! @ana is on call "
		    "today.");
	feed_doc_free(&doc);
}

TEST(bluesky_profile_rss)
{
	struct feed_doc		 doc;
	const struct post	*p;
	char			 err[160];

	CHECK_INT_EQ(parse("bluesky_profile.rss", &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.n, 2);
	check_all_clean(&doc);
	p = doc.n > 0 ? doc.posts[0] : NULL;
	CHECK(p != NULL);
	if (p != NULL) {
		/* Plain text: its line break kept, the entity decoded. */
		CHECK_STR_EQ(p->text, "New release notes are up: "
		    "acme.example/notes & thanks to everyone who tested it!\n"
		    "Second line.");
		CHECK_STR_EQ(p->id, "at://did:plc:abcdefghijklmnop/"
		    "app.bsky.feed.post/3lbxyzabc2k2a");
		CHECK_STR_EQ(p->author_name, "@acme.example - Acme");
		/* A date without a weekday. */
		CHECK_INT_EQ(p->created, 1795516200);
	}
	if (doc.n > 1)
		CHECK_STR_EQ(doc.posts[1]->text, "Quote: \"ship it\" <3");
	feed_doc_free(&doc);
}

TEST(alerts_atom_redirects_and_double_escaping)
{
	struct feed_doc		 doc;
	const struct post	*p;
	char			 err[160];

	CHECK_INT_EQ(parse("alerts.atom", &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.n, 2);
	check_all_clean(&doc);
	p = find(&doc, "tag:google.com,2013:googlealerts/feed:11111111111111111111");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "Acme recalls widgets after \"overheating\" "
		    "reports\n\nCustomers say Acme widgets ran hot & one caught "
		    "fire \xe2\x80\xa6");
		/* The real address, percent-decoded, not the wrapper. */
		CHECK_STR_EQ(p->url,
		    "https://news.example.com/2026/11/acme-recall?src=rss");
		/* An empty author name: the feed's title. */
		CHECK_STR_EQ(p->author_name, "Google Alert - acme");
	}
	p = find(&doc, "tag:google.com,2013:googlealerts/feed:22222222222222222222");
	CHECK(p != NULL);
	if (p != NULL) {
		CHECK_STR_EQ(p->text, "Why Acme's CEO is upbeat\n\nThe Acme chief "
		    "said sales rose.");
		CHECK_STR_EQ(p->url, "https://biz.example.org/acme-ceo");
	}
	feed_doc_free(&doc);
}

TEST(broken_xml_and_html_page_say_why)
{
	struct feed_doc	doc;
	char		err[160];

	CHECK_INT_EQ(parse("broken.xml", &doc, err, sizeof err), -1);
	CHECK(strncmp(err, "not XML: line ", 14) == 0);
	CHECK_INT_EQ(doc.n, 0);
	feed_doc_free(&doc);

	CHECK_INT_EQ(parse("page.html", &doc, err, sizeof err), -1);
	CHECK_STR_EQ(err, "not a feed (an HTML page)");
	feed_doc_free(&doc);

	/* Well-formed XHTML is a page too; other XML is named. */
	CHECK_INT_EQ(feed_parse("<html><body>x</body></html>", 27, NET, "N",
	    NOW, &doc, err, sizeof err), -1);
	CHECK_STR_EQ(err, "not a feed (an HTML page)");
	feed_doc_free(&doc);
	CHECK_INT_EQ(feed_parse("<?xml version=\"1.0\"?>\n<svg/>", 28, NET,
	    "N", NOW, &doc, err, sizeof err), -1);
	CHECK_STR_EQ(err, "not a feed (a <svg> document)");
	feed_doc_free(&doc);
	CHECK_INT_EQ(feed_parse("", 0, NET, "N", NOW, &doc, err, sizeof err),
	    -1);
	CHECK_STR_EQ(err, "not a feed (empty)");
	feed_doc_free(&doc);
	CHECK_INT_EQ(feed_parse("{\"json\": true}", 14, NET, "N", NOW, &doc, err,
	    sizeof err), -1);
	CHECK(strncmp(err, "not XML", 7) == 0);
	feed_doc_free(&doc);
}

TEST(unprintable_guid_gets_a_hash)
{
	static const char doc_text[] = "<rss><channel><item><guid>\x7f</guid>"
	    "<title>t</title></item></channel></rss>";
	struct feed_doc	doc;
	char		err[160];

	CHECK_INT_EQ(feed_parse(doc_text, sizeof doc_text - 1, NET, "N", NOW,
	    &doc, err, sizeof err), 0);
	CHECK_INT_EQ(doc.n, 1);
	if (doc.n == 1)
		CHECK(strncmp(doc.posts[0]->id, "text-", 5) == 0);
	feed_doc_free(&doc);
}

TEST(no_entity_expansion)
{
	static const char doc_text[] =
	    "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	    "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	    "<rss><channel><item><guid>1</guid><title>t &c; &x;</title>"
	    "</item></channel></rss>";
	struct feed_doc	doc;
	char		err[160];

	if (feed_parse(doc_text, sizeof doc_text - 1, NET, "N", NOW, &doc, err,
	    sizeof err) == 0) {
		CHECK_INT_EQ(doc.n, 1);
		if (doc.n == 1) {
			CHECK(strstr(doc.posts[0]->text, "aaaa") == NULL);
			CHECK(strstr(doc.posts[0]->text, "root:") == NULL);
		}
	} else
		CHECK(*err != '\0');
	feed_doc_free(&doc);
}

/* 20 MB of entries: read in bounded time, at most FEED_MAX_ENTRIES kept. */
TEST(twenty_megabytes)
{
	size_t		 cap = 21u << 20, len = 0;
	char		*buf = malloc(cap), err[160];
	struct feed_doc	 doc;
	struct timespec	 a, b;
	double		 secs;
	int		 i = 0;

	len += (size_t)snprintf(buf, cap, "<?xml version=\"1.0\"?>\n<rss "
	    "version=\"2.0\"><channel><title>Big</title>\n");
	while (len < (size_t)20 << 20) {
		len += (size_t)snprintf(buf + len, cap - len, "<item><guid>id-%d"
		    "</guid><title>Entry %d</title><description>&lt;p&gt;Some "
		    "&lt;b&gt;text&lt;/b&gt; for entry %d, padded "
		    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "&lt;/p&gt;</description><pubDate>Tue, 24 Nov 2026 10:00:00 "
		    "GMT</pubDate></item>\n", i, i, i);
		i++;
	}
	len += (size_t)snprintf(buf + len, cap - len, "</channel></rss>\n");
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK_INT_EQ(feed_parse(buf, len, NET, "N", NOW, &doc, err,
	    sizeof err), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	printf("  20 MB feed (%d entries): %.2f s, %zu kept\n", i, secs, doc.n);
	CHECK(len >= (size_t)20 << 20);
	CHECK_INT_EQ(doc.n, FEED_MAX_ENTRIES);
	CHECK(secs < 30);
	if (doc.n > 0)
		CHECK_STR_EQ(doc.posts[0]->text, "Entry 0\n\nSome text for entry "
		    "0, padded xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		    "xxxxxxxx");
	feed_doc_free(&doc);
	free(buf);
}

TEST(dates)
{
	int64_t	t = 0;

	CHECK_INT_EQ(feed_parse_date("Tue, 24 Nov 2026 09:30:00 +0100", &t), 0);
	CHECK_INT_EQ(t, 1795509000);
	CHECK_INT_EQ(feed_parse_date("24 Nov 2026 08:30:00 GMT", &t), 0);
	CHECK_INT_EQ(t, 1795509000);
	CHECK_INT_EQ(feed_parse_date("Tue, 24 Nov 2026 03:30 EST", &t), 0);
	CHECK_INT_EQ(t, 1795509000);
	CHECK_INT_EQ(feed_parse_date("2026-11-24T08:30:00Z", &t), 0);
	CHECK_INT_EQ(t, 1795509000);
	CHECK_INT_EQ(feed_parse_date("2026-11-24T09:30:00.5+01:00", &t), 0);
	CHECK_INT_EQ(t, 1795509000);
	CHECK_INT_EQ(feed_parse_date("Tue, 24 Foo 2026 09:30:00 GMT", &t), -1);
	CHECK_INT_EQ(feed_parse_date("yesterday", &t), -1);
	CHECK_INT_EQ(feed_parse_date("", &t), -1);
	CHECK_INT_EQ(feed_parse_date(NULL, &t), -1);
	CHECK_INT_EQ(feed_parse_date("Tue, 24 Nov 2026 25:30:00 GMT", &t), -1);
}

TEST(unwrap_and_network_name)
{
	char	*s;

	s = feed_unwrap_link("https://www.google.com/url?rct=j&sa=t&url="
	    "https://real.example/x&ct=ga&cd=abc");
	CHECK_STR_EQ(s, "https://real.example/x");
	free(s);
	s = feed_unwrap_link("https://alerts.example/r?u=https%3A%2F%2Freal."
	    "example%2Fa%3Fb%3D1");
	CHECK_STR_EQ(s, "https://real.example/a?b=1");
	free(s);
	/* Not an address, or none: the link as it is. */
	s = feed_unwrap_link("https://search.example/?q=acme+widgets");
	CHECK_STR_EQ(s, "https://search.example/?q=acme+widgets");
	free(s);
	s = feed_unwrap_link("https://a.example/r?url=javascript:alert(1)");
	CHECK_STR_EQ(s, "https://a.example/r?url=javascript:alert(1)");
	free(s);
	s = feed_unwrap_link("https://a.example/r?url=https://x.example/%00y");
	CHECK_STR_EQ(s, "https://a.example/r?url=https://x.example/%00y");
	free(s);
	s = feed_unwrap_link("https://plain.example/post");
	CHECK_STR_EQ(s, "https://plain.example/post");
	free(s);

	s = feed_network_name("https://news.example/brand.atom?q=x#top");
	CHECK_STR_EQ(s, "feed@news.example/brand.atom?q=x");
	free(s);
	s = feed_network_name("http://user:secret@news.example/brand.atom");
	CHECK_STR_EQ(s, "feed@news.example/brand.atom");
	free(s);
}

int
main(void)
{
	RUN(rss2_with_html_descriptions);
	RUN(atom_html_and_xhtml);
	RUN(rdf);
	RUN(mastodon_profile_rss);
	RUN(bluesky_profile_rss);
	RUN(alerts_atom_redirects_and_double_escaping);
	RUN(broken_xml_and_html_page_say_why);
	RUN(unprintable_guid_gets_a_hash);
	RUN(no_entity_expansion);
	RUN(twenty_megabytes);
	RUN(dates);
	RUN(unwrap_and_network_name);
	return harness_done();
}
